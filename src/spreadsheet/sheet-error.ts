/**
 * The error raised when a spreadsheet file cannot be read. Its message names the file and,
 * where it has one, the row.
 */

/** Stable codes of SheetError, for callers that react to a particular problem. */
export type SheetErrorCode =
  | "file-missing"
  | "not-a-file"
  | "empty-file"
  | "too-large"
  | "binary-content"
  | "unknown-encoding"
  | "invalid-encoding"
  | "unterminated-quote"
  | "no-header"
  | "duplicate-columns"
  | "empty-column-name"
  | "unsupported-format"
  | "invalid-xlsx"
  | "sheet-not-found"
  | "rows-already-read"
  | "file-changed";

/** A spreadsheet file that cannot be read, with a stable code and a message naming the file. */
export class SheetError extends Error {
  readonly code: SheetErrorCode;

  constructor(code: SheetErrorCode, message: string) {
    super(message);
    this.name = "SheetError";
    this.code = code;
  }
}
