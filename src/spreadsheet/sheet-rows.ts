/**
 * Row handling shared by CSV and XLSX sheets: checking the header, fitting rows to it, and counting
 * file-level notes.
 */
import { SheetError } from "./sheet-error.js";
import type { SheetNote } from "./types.js";

/**
 * Reads the header cells into column names: trimmed, with empty trailing cells dropped.
 * Throws SheetError for an empty name between others or for names used twice.
 */
export function readColumns(file: string, cells: readonly string[]): string[] {
  const columns = cells.map((cell) => cell.trim());
  while (columns.length > 0 && columns[columns.length - 1] === "") columns.pop();

  const empty = columns.indexOf("");
  if (empty >= 0) {
    throw new SheetError(
      "empty-column-name",
      `${file}: column ${columnLetters(empty)} of the header has no name; give it one`,
    );
  }

  const positions = new Map<string, string[]>();
  columns.forEach((name, index) => {
    positions.set(name, [...(positions.get(name) ?? []), columnLetters(index)]);
  });
  const duplicates = [...positions].filter(([, letters]) => letters.length > 1);
  if (duplicates.length > 0) {
    const list = duplicates.map(([name, letters]) => `"${name}" (${letters.join(", ")})`);
    throw new SheetError(
      "duplicate-columns",
      `${file}: duplicate column names: ${list.join("; ")}`,
    );
  }
  return columns;
}

/** Returns the spreadsheet letters of a zero-based column index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** Counts of one kind of note, with the values its message lists. */
interface NoteCount {
  count: number;
  firstRow: number;
  details: Set<string>;
}

/** Collects file-level notes while rows are read; messages are written when listed. */
export class NoteCollector {
  private readonly counts = new Map<string, NoteCount>();

  add(code: "extra-cells" | "undefined-bytes", row: number, count: number, detail?: string): void {
    const entry = this.counts.get(code) ?? { count: 0, firstRow: row, details: new Set() };
    entry.count += count;
    if (detail !== undefined) entry.details.add(detail);
    this.counts.set(code, entry);
  }

  list(encoding: string | undefined): SheetNote[] {
    return [...this.counts].map(([code, { count, firstRow, details }]) => ({
      code,
      count,
      firstRow,
      message: noteMessage(code, count, [...details].sort(), encoding ?? ""),
    }));
  }
}

function noteMessage(code: string, count: number, details: string[], encoding: string): string {
  if (code === "undefined-bytes") {
    return (
      `${count} byte${count === 1 ? "" : "s"} undefined in ${encoding} ` +
      `(${details.join(", ")}) dropped from the text`
    );
  }
  return `${count} row${count === 1 ? " has" : "s have"} more cells than the header; the extra cells were dropped`;
}

/**
 * Fits a row's cells to the header: pads missing cells with "" and drops extra ones, noting
 * rows whose extra cells are not blank when `notes` is given.
 */
export function fitCells(
  cells: string[],
  columnCount: number,
  row?: number,
  notes?: NoteCollector,
): string[] {
  if (cells.length > columnCount) {
    const extra = cells.slice(columnCount);
    if (notes && row !== undefined && extra.some((cell) => cell.trim() !== "")) {
      notes.add("extra-cells", row, 1);
    }
    return cells.slice(0, columnCount);
  }
  while (cells.length < columnCount) cells.push("");
  return cells;
}

/**
 * Checks a CSV row's cell count against the header's: fewer cells than named columns, or
 * extra cells holding text, mean the row does not line up with the columns. Blank cells past
 * the named columns (a trailing delimiter) are accepted. For a short row, returns the header's
 * cell count as written (`headerCells`) and the row's. For a row with text past the named
 * columns, returns their count and the cells up to the last one with text.
 */
export function csvCellCountMismatch(
  cells: readonly string[],
  columnCount: number,
  headerCells: number,
): { expected: number; found: number } | undefined {
  if (cells.length < columnCount) return { expected: headerCells, found: cells.length };
  const lastWithText = cells.findLastIndex((cell) => cell.trim() !== "");
  return lastWithText >= columnCount
    ? { expected: columnCount, found: lastWithText + 1 }
    : undefined;
}
