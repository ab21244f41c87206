import { AmountError, toMinorUnits } from "../shared/money.js";
import { foldForSearch } from "../shared/text.js";
import type { JsonObject } from "../import/types.js";
import type { Row } from "./store-rows.js";

/**
 * Raised when a project or release cannot be stored. `pointer` is the JSON pointer of the
 * value inside the project or release, and `code` the stable problem code ("invalid-value",
 * "publisher-collision").
 */
export class StoreValueError extends Error {
  constructor(
    readonly pointer: string,
    message: string,
    readonly code = "invalid-value",
  ) {
    super(message);
    this.name = "StoreValueError";
  }
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function objectAt(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function arrayAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Returns the objects of an array, each with its index, skipping anything else. */
export function objectsAt(value: unknown): [JsonObject, number][] {
  const result: [JsonObject, number][] = [];
  arrayAt(value).forEach((item, index) => {
    if (isObject(item)) result.push([item, index]);
  });
  return result;
}

/** Returns text for strings and numbers (ids are often numbers), null for anything else. */
export function textAt(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

export function stringsAt(value: unknown): string[] {
  return arrayAt(value).filter((item): item is string => typeof item === "string");
}

/**
 * Converts a date or date-time to ISO 8601 UTC; a time without an offset is read as UTC.
 * Throws StoreValueError naming `pointer` when the text is not a date.
 */
export function timestampAt(value: unknown, pointer: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") {
    throw new StoreValueError(pointer, `expected a date-time text, got ${JSON.stringify(value)}`);
  }
  const hasOffset = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
  const withOffset = /T/.test(value) && !hasOffset ? `${value}Z` : value;
  const time = Date.parse(withOffset);
  if (Number.isNaN(time)) {
    throw new StoreValueError(pointer, `"${value}" is not a valid date-time`);
  }
  return new Date(time).toISOString();
}

/** Returns the "YYYY-MM-DD" UTC day of a date-time, or null. */
export function dayAt(value: unknown, pointer: string): string | null {
  const timestamp = timestampAt(value, pointer);
  return timestamp === null ? null : timestamp.slice(0, 10);
}

/** An OCDS/OC4IDS Value object converted to minor units. */
export interface MinorValue {
  amount: number | null;
  currency: string | null;
}

/**
 * Converts a Value object (`{ amount, currency }`) to integer minor units. A missing currency
 * falls back to `defaultCurrency` for the exponent; the stored currency stays null then.
 */
export function minorValueAt(
  value: unknown,
  pointer: string,
  defaultCurrency?: string | null,
): MinorValue {
  const object = objectAt(value);
  const currency = textAt(object?.currency);
  const amount = object?.amount;
  if (amount === undefined || amount === null) return { amount: null, currency };
  if (typeof amount !== "number" && typeof amount !== "string") {
    throw new StoreValueError(
      `${pointer}/amount`,
      `expected a number, got ${JSON.stringify(amount)}`,
    );
  }
  try {
    return { amount: toMinorUnits(amount, currency ?? defaultCurrency ?? "XXX"), currency };
  } catch (error) {
    if (error instanceof AmountError) throw new StoreValueError(`${pointer}/amount`, error.message);
    throw error;
  }
}

/** Copies the fields of `object` that are not in `known`, for the `extra` column. */
export function extraOf(object: JsonObject, known: readonly string[]): JsonObject {
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (!known.includes(key) && value !== undefined) extra[key] = value;
  }
  return extra;
}

/**
 * Returns the stable id of an organisation: "<identifier scheme>-<identifier id>" when both are given,
 * otherwise "name-" and the folded name. Returns null when there is neither.
 */
export function organisationIdOf(identifier: unknown, name: unknown): string | null {
  const scheme = textAt(objectAt(identifier)?.scheme);
  const id = textAt(objectAt(identifier)?.id);
  if (scheme && id) return `${scheme}-${id}`;
  const text = textAt(name);
  if (!text) return null;
  const folded = foldForSearch(text);
  return folded === "" ? null : `name-${folded}`;
}

/** Builds an `organisations` row from an OC4IDS or OCDS Organization object. */
export function organisationRow(id: string, party: JsonObject): Row {
  const identifier = objectAt(party.identifier);
  const name = textAt(party.name) ?? textAt(identifier?.legalName) ?? id;
  return {
    id,
    name,
    identifier_scheme: textAt(identifier?.scheme),
    identifier_id: textAt(identifier?.id),
    legal_name: textAt(identifier?.legalName),
    address: objectAt(party.address) ?? null,
    contact_point: objectAt(party.contactPoint) ?? null,
    search_text: foldForSearch(name),
    extra: extraOf(party, ["id", "name", "identifier", "address", "contactPoint", "roles"]),
  };
}
