/**
 * Dates as publishers write them: "2013-12-01", "22/05/2019", "5/22", Excel day numbers.
 */
import { excelSerialToIso } from "./excel-date.js";
import type { Parsed } from "./types.js";

/**
 * Parses a date into an ISO date "YYYY-MM-DD", trying `formats` in order.
 *
 * A format is built from the tokens YYYY, YY, MM, M, DD and D and literal separators
 * ("DD/MM/YYYY", "YYYYMMDD", "M/YY"). MM and DD take exactly two digits, M and D one or two.
 * A format without a day ("M/YY") gives the first day of the month, and `repaired` reports it.
 * Two special formats exist: "excel-serial" (a day number in Excel's 1900 date system) and
 * "iso" (an ISO 8601 date or date-time, whose date part is returned as written, in the
 * value's own time zone). `range` bounds are inclusive ISO dates.
 */
export function parseDate(
  text: string,
  formats: readonly string[],
  range?: { min?: string; max?: string },
): Parsed<string> {
  const value = text.replace(/[\u00a0\u202f]/g, " ").trim();
  if (value === "") return { ok: false, reason: "empty" };
  if (formats.length === 0) return { ok: false, reason: "no date formats are configured" };

  let calendarError: string | undefined;
  for (const format of formats) {
    const parsed = parseWithFormat(value, format);
    if (parsed === undefined) continue;
    if (!parsed.ok) {
      calendarError ??= parsed.reason;
      continue;
    }
    const outside = checkRange(parsed.value, range);
    return outside ? { ok: false, reason: outside } : parsed;
  }
  return { ok: false, reason: calendarError ?? `${value} does not match ${formats.join(" or ")}` };
}

/** The date formats parseDate reads, for messages that list them. */
export const SUPPORTED_DATE_FORMATS =
  "iso, excel-serial, or YYYY or YY, MM or M and DD or D with separators, in year-month-day, " +
  "day-month-year or month-day-year order (YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, M/YY)";

/**
 * Checks a date format; returns the problem, or undefined when the format can be used.
 * Meant for checking a mapping's settings before any row is read.
 */
export function checkDateFormat(format: string): string | undefined {
  if (format === "iso" || format === "excel-serial") return undefined;
  const compiled = compileFormat(format);
  return typeof compiled === "string" ? compiled : undefined;
}

/** Returns undefined when the text does not have the format's shape. */
function parseWithFormat(value: string, format: string): Parsed<string> | undefined {
  if (format === "iso") return parseIso(value);
  if (format === "excel-serial") {
    if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
    return excelSerialToIso(Number(value));
  }

  const compiled = compileFormat(format);
  if (typeof compiled === "string") return { ok: false, reason: compiled };
  const match = compiled.pattern.exec(value);
  if (!match) return undefined;

  const part = (token: string): number | undefined => {
    const index = compiled.tokens.indexOf(token);
    return index < 0 ? undefined : Number(match[index + 1]);
  };
  const shortYear = part("YY");
  const year = part("YYYY") ?? (shortYear === undefined ? undefined : expandYear(shortYear));
  const month = part("MM") ?? part("M");
  const day = part("DD") ?? part("D");
  if (year === undefined) return { ok: false, reason: `date format ${format} has no year` };

  const date = calendarDate(year, month ?? 1, day ?? 1);
  if (!date) return { ok: false, reason: `${value} is not a calendar date` };
  if (month === undefined)
    return { ok: true, value: date, repaired: "year only: read as 1 January" };
  if (day === undefined) {
    return { ok: true, value: date, repaired: "month only: read as the first day of the month" };
  }
  return { ok: true, value: date };
}

/**
 * Expands a two-digit year as POSIX strptime's %y does: 69–99 are 1969–1999 and 00–68 are
 * 2000–2068.
 */
function expandYear(shortYear: number): number {
  return shortYear >= 69 ? 1900 + shortYear : 2000 + shortYear;
}

interface CompiledFormat {
  pattern: RegExp;
  tokens: string[];
}

const TOKEN_PATTERNS: Record<string, string> = {
  YYYY: "(\\d{4})",
  YY: "(\\d{2})",
  MM: "(\\d{2})",
  M: "(\\d{1,2})",
  DD: "(\\d{2})",
  D: "(\\d{1,2})",
};

const compiledFormats = new Map<string, CompiledFormat | string>();

/**
 * Orders in which dates are written. A format in any other order, such as "MM-YYYY-DD" with the
 * year between the month and the day, is rejected as a typing mistake.
 */
const DATE_PART_ORDERS = new Set([
  "year-month-day",
  "day-month-year",
  "month-day-year",
  "year-month",
  "month-year",
  "year",
]);

const PART_NAMES: Record<string, string> = { Y: "year", M: "month", D: "day" };

/** Names the order of a format's parts: "month-year-day" for MM-YYYY-DD. */
function partOrder(tokens: string[]): string {
  return tokens.map((token) => PART_NAMES[token.charAt(0)]).join("-");
}

/** Compiles a format into a pattern, or returns the reason it is invalid. */
function compileFormat(format: string): CompiledFormat | string {
  const cached = compiledFormats.get(format);
  if (cached !== undefined) return cached;

  const tokens: string[] = [];
  let source = "^";
  for (const piece of format.split(/(YYYY|YY|MM|M|DD|D)/)) {
    const tokenPattern = TOKEN_PATTERNS[piece];
    if (tokenPattern) {
      tokens.push(piece);
      source += tokenPattern;
    } else if (/[A-Za-z0-9]/.test(piece)) {
      source = "";
      break;
    } else {
      source += piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  }

  let compiled: CompiledFormat | string;
  if (source === "")
    compiled = `date format ${format} has letters other than YYYY, YY, M, MM, D, DD`;
  else if (!tokens.some((token) => token.startsWith("Y"))) {
    compiled = `date format ${format} has no year`;
  } else if (new Set(tokens.map((token) => token[0])).size !== tokens.length) {
    compiled = `date format ${format} repeats a part`;
  } else if (
    tokens.some((token) => token.startsWith("D")) &&
    !tokens.some((t) => t.startsWith("M"))
  ) {
    compiled = `date format ${format} has a day but no month`;
  } else if (!DATE_PART_ORDERS.has(partOrder(tokens))) {
    compiled =
      `date format ${format} orders its parts ${partOrder(tokens)}; ` +
      "expected year-month-day, day-month-year or month-day-year";
  } else compiled = { pattern: new RegExp(`${source}$`), tokens };

  compiledFormats.set(format, compiled);
  return compiled;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function parseIso(value: string): Parsed<string> | undefined {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;

  const [, year, month, day, hour, minute, second] = match;
  const date = calendarDate(Number(year), Number(month), Number(day));
  if (!date) return { ok: false, reason: `${value} is not a calendar date` };
  const isTimeValid =
    hour === undefined || (Number(hour) <= 24 && Number(minute) < 60 && Number(second ?? 0) < 61);
  if (!isTimeValid) return { ok: false, reason: `${value} has an invalid time of day` };
  return { ok: true, value: date };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Returns the ISO date for a year, month and day, or undefined when that day does not exist. */
function calendarDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  let daysInMonth = DAYS_IN_MONTH[month - 1];
  if (month === 2 && isLeapYear) daysInMonth = 29;
  if (daysInMonth === undefined || day > daysInMonth) return undefined;
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function checkRange(date: string, range: { min?: string; max?: string } | undefined) {
  if (range?.min !== undefined && date < range.min) return `before ${range.min}`;
  if (range?.max !== undefined && date > range.max) return `after ${range.max}`;
  return undefined;
}
