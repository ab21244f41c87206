import { childPointer, quote } from "./repair-log.js";
import type { RepairLog } from "./repair-log.js";

/** Marks a value that the walk removed from its parent. */
const REMOVED = Symbol("removed");

/** Fields that OC4IDS 0.9.5 or OCDS 1.1.5 define as RFC 3339 date-times. */
const DATE_TIME_KEYS = new Set([
  "approvalDate",
  "date",
  "dateMet",
  "dateModified",
  "datePublished",
  "dateSigned",
  "dueDate",
  "endDate",
  "maxExtentDate",
  "publishedDate",
  "requestDate",
  "startDate",
  "updated",
]);

/** Fields the two schemas type as numbers; integers for those in INTEGER_KEYS. */
const NUMBER_KEYS = new Set(["amount", "margin", "paymentFrequency", "quantity"]);
const INTEGER_KEYS = new Set([
  "durationInDays",
  "numberOfParticipants",
  "numberOfPeople",
  "numberOfTenderers",
]);

/** Fields the two schemas give the `uri` format. */
const URI_KEYS = new Set(["uri", "url", "source"]);

/** Years up to this one are placeholders ("0001-01-01", "1900-01-01"), not real dates. */
const LAST_SENTINEL_YEAR = 1900;

const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DECIMAL_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_PATTERN = /^[+-]?\d+$/;
const URI_UNSAFE = /[\s"<>\\^`{|}]|\P{ASCII}/gu;

/**
 * Repairs the values of a project or release in place, depth first: dates without an offset
 * get "Z", placeholder dates go, numbers given as strings become numbers, unsafe characters in
 * URIs are percent-encoded, and empty strings, objects and arrays are removed, including
 * objects and arrays that become empty. Each repair is logged at its pointer in the input.
 */
export function cleanValues(root: Record<string, unknown>, log: RepairLog): void {
  for (const key of Object.keys(root)) {
    const cleaned = cleanValue(root[key], key, childPointer("", key), log);
    if (cleaned === REMOVED) delete root[key];
    else root[key] = cleaned;
  }
}

function cleanValue(value: unknown, key: string, pointer: string, log: RepairLog): unknown {
  if (typeof value === "string") return cleanString(value, key, pointer, log);
  if (Array.isArray(value)) return cleanArray(value, key, pointer, log);
  if (typeof value === "object" && value !== null) {
    return cleanObject(value as Record<string, unknown>, pointer, log);
  }
  return value;
}

function cleanArray(value: unknown[], key: string, pointer: string, log: RepairLog): unknown {
  const kept: unknown[] = [];
  value.forEach((entry, index) => {
    // Entries of an array take the array's key, so ["1.5"] under "amount" is read as a number.
    const cleaned = cleanValue(entry, key, childPointer(pointer, index), log);
    if (cleaned !== REMOVED) kept.push(cleaned);
  });
  if (kept.length === 0) {
    const what = value.length === 0 ? "empty array" : "array whose entries were all empty";
    log.add("empty-value-removed", pointer, `removed an ${what}`);
    return REMOVED;
  }
  return kept;
}

function cleanObject(value: Record<string, unknown>, pointer: string, log: RepairLog): unknown {
  const wasEmpty = Object.keys(value).length === 0;
  for (const key of Object.keys(value)) {
    const cleaned = cleanValue(value[key], key, childPointer(pointer, key), log);
    if (cleaned === REMOVED) delete value[key];
    else value[key] = cleaned;
  }
  if (Object.keys(value).length === 0) {
    const what = wasEmpty ? "empty object" : "object whose fields were all empty";
    log.add("empty-value-removed", pointer, `removed an ${what}`);
    return REMOVED;
  }
  return value;
}

function cleanString(value: string, key: string, pointer: string, log: RepairLog): unknown {
  if (value.trim() === "") {
    const what = value === "" ? "empty string" : `string of only white space (${quote(value)})`;
    log.add("empty-value-removed", pointer, `removed an ${what}`);
    return REMOVED;
  }
  if (DATE_TIME_KEYS.has(key)) return repairDate(value, pointer, log);
  if (NUMBER_KEYS.has(key) || INTEGER_KEYS.has(key)) return repairNumber(value, key, pointer, log);
  if (URI_KEYS.has(key)) return repairUri(value, pointer, log);
  return value;
}

/** Reads a date without an offset as UTC and removes placeholder dates; leaves other text. */
export function repairDate(value: string, pointer: string, log: RepairLog): unknown {
  const match = DATE_PATTERN.exec(value.trim());
  if (!match) return value;

  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  if (Number(year) <= LAST_SENTINEL_YEAR) {
    log.add("sentinel-date-removed", pointer, `removed the placeholder date ${quote(value)}`);
    return REMOVED;
  }
  if (zone !== undefined && hour !== undefined) return value;

  // A date without an offset is read as UTC, as the data model states for all imported times.
  const time =
    hour === undefined ? "00:00:00" : `${hour}:${minute}:${second ?? "00"}${fraction ?? ""}`;
  const repaired = `${year}-${month}-${day}T${time}Z`;
  log.add(
    "date-without-timezone",
    pointer,
    `changed ${quote(value)} to ${quote(repaired)}: a date-time needs an offset, so it is read as UTC`,
  );
  return repaired;
}

function repairNumber(value: string, key: string, pointer: string, log: RepairLog): unknown {
  const text = value.trim();
  const pattern = INTEGER_KEYS.has(key) ? INTEGER_PATTERN : DECIMAL_PATTERN;
  const number = Number(text);
  if (!pattern.test(text) || !Number.isFinite(number)) return value;

  log.add(
    "number-as-string",
    pointer,
    `changed the string ${quote(value)} to the number ${number}`,
  );
  return number;
}

function repairUri(value: string, pointer: string, log: RepairLog): unknown {
  const trimmed = value.trim();
  const encoded = trimmed.replace(URI_UNSAFE, (character) => encodeURIComponent(character));
  if (encoded === value) return value;

  log.add("uri-encoded", pointer, `changed ${quote(value)} to ${quote(encoded)}`);
  return encoded;
}

/**
 * Returns a copy of `value` without empty strings, objects and arrays, for comparing two
 * values as they will be after cleaning.
 */
export function withoutEmptyValues(value: unknown): unknown {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (Array.isArray(value)) {
    const kept = value.map(withoutEmptyValues).filter((entry) => entry !== undefined);
    return kept.length === 0 ? undefined : kept;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .map(([key, entry]) => [key, withoutEmptyValues(entry)] as const)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value;
}
