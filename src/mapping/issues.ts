/**
 * Stable codes of the problems found in one row. Each is reported with the row number, the
 * column, the cell's text and a reason; docs/importing.md lists them.
 */
export type RowIssueCode =
  | "wrong-cell-count"
  | "missing-required"
  | "unknown-value"
  | "unparseable-amount"
  | "amount-rounded"
  | "unparseable-number"
  | "other-number-format"
  | "value-out-of-range"
  | "unparseable-date"
  | "date-out-of-range"
  | "end-before-start"
  | "coordinates-missing"
  | "coordinates-unparseable"
  | "coordinates-outside-jurisdiction"
  | "coordinates-swapped"
  | "coordinates-repaired"
  | "not-an-image"
  | "invalid-url"
  | "url-scheme-added"
  | "duplicate-id";

/** One problem with one value of one row. */
export interface RowIssue {
  code: RowIssueCode;
  /** Row number as a person counts it in the file (header = 1). */
  row: number;
  /** Column the value came from; several joined with "+" for a value read from several. */
  column: string;
  /** The cell's text as read. */
  value: string;
  message: string;
  /** "skip-row" when the row is left out because of this problem, "warn" otherwise. */
  action: "warn" | "skip-row";
}
