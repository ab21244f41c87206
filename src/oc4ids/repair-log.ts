import type { ImportWarning, InputLocation, JsonObject } from "../import/types.js";

/**
 * Stable codes of the repairs the normalisers make, one warning per repair:
 * - `release-tag-string`: a comma-joined release `tag` string split into an array.
 * - `retired-status-code`: a code removed from the codelist replaced by its successor.
 * - `code-case`: a closed-codelist code in the wrong letter case corrected.
 * - `invalid-code-removed`: an OCDS status outside its closed codelist removed.
 * - `geometry-type-case`: a GeoJSON geometry type in the wrong case corrected.
 * - `coordinates-swapped`: [latitude, longitude] pairs turned into GeoJSON [longitude, latitude].
 * - `empty-value-removed`: an empty string, object or array removed.
 * - `duplicate-party-merged`: an entry of `parties` identical to an earlier one removed.
 * - `duplicate-entry-removed`: a budget breakdown entry identical to an earlier one removed.
 * - `id-assigned`: a budget breakdown entry without an `id` given its position as the id.
 * - `amount-rounded`: an amount with more decimals than its currency's minor unit, which is
 *   stored rounded to that unit (the value in the project JSON is left as it was).
 * - `date-without-timezone`: a date or date-time without an offset read as UTC.
 * - `sentinel-date-removed`: a placeholder date such as 0001-01-01 removed.
 * - `number-as-string`: a number given as a string converted to a number.
 * - `uri-encoded`: spaces and non-ASCII characters in a URI percent-encoded.
 * - `budget-breakdown-legacy`: a pre-0.9.4 `budget.budgetBreakdown` moved into `budgetBreakdowns`.
 * - `transaction-amount-renamed`, `transaction-provider-renamed`,
 *   `transaction-receiver-renamed`: OCDS 1.0 transaction fields renamed to their 1.1 names.
 * - `publisher-scheme-without-uid`: a publisher `scheme` with no `uid` removed.
 */
export type RepairCode =
  | "release-tag-string"
  | "retired-status-code"
  | "code-case"
  | "invalid-code-removed"
  | "geometry-type-case"
  | "coordinates-swapped"
  | "empty-value-removed"
  | "duplicate-party-merged"
  | "duplicate-entry-removed"
  | "id-assigned"
  | "amount-rounded"
  | "date-without-timezone"
  | "sentinel-date-removed"
  | "number-as-string"
  | "uri-encoded"
  | "budget-breakdown-legacy"
  | "transaction-amount-renamed"
  | "transaction-provider-renamed"
  | "transaction-receiver-renamed"
  | "publisher-scheme-without-uid"
  | "parties-built"
  | "transaction-date-assumed"
  | "transaction-currency-assumed"
  | "milestone-progress-unreadable";

/** Collects the warnings of one normalisation run, all at the same input location. */
export class RepairLog {
  constructor(
    private readonly location: InputLocation,
    private readonly prefix = "",
    readonly warnings: ImportWarning[] = [],
  ) {}

  /** Records one repair at `pointer`, a JSON pointer into the item as it was read. */
  add(code: RepairCode, pointer: string, message: string): void {
    this.warnings.push({ ...this.location, pointer: this.prefix + pointer, code, message });
  }

  /** Returns a log into the same list whose pointers are relative to `prefix`. */
  within(prefix: string): RepairLog {
    return new RepairLog(this.location, this.prefix + prefix, this.warnings);
  }
}

/** Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** Returns the value when it is a plain JSON object, and undefined otherwise. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** Returns the plain objects among the entries of `value`, with their indices. */
export function objectEntries(value: unknown): Array<[number, JsonObject]> {
  if (!Array.isArray(value)) return [];
  const entries: Array<[number, JsonObject]> = [];
  value.forEach((entry, index) => {
    const object = asObject(entry);
    if (object) entries.push([index, object]);
  });
  return entries;
}

/** Formats a value for a warning message, shortened to 80 characters. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
