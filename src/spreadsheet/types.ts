/**
 * Types shared by the spreadsheet readers (CSV and XLSX) and the parsers of cell values.
 * A mapping turns the rows these readers yield into OC4IDS projects.
 */

/** One data row of a sheet. */
export interface SheetRow {
  /**
   * Row number as a spreadsheet program shows it. In a CSV file the first line is row 1, a blank
   * line is a row, and a quoted cell with line breaks keeps its record in one row. In an XLSX file
   * it is the worksheet's row number.
   */
  row: number;
  /** Cell texts in column order, as decoded; missing trailing cells are "". */
  cells: string[];
  /**
   * Indexes of the cells that an XLSX file stores as numbers, written with "." as the decimal
   * separator and no grouping whatever the cell's display format. Absent for CSV files.
   */
  numeric?: ReadonlySet<number> | undefined;
  /**
   * Indexes of the numeric cells in a percent number format, which store the fraction a
   * spreadsheet shows multiplied by 100: 0.5 is shown as 50%. Absent for CSV files.
   */
  percent?: ReadonlySet<number> | undefined;
  /**
   * Set when a CSV row has fewer cells than the header, or more with text in the extra ones:
   * a row cut short (a truncated file) or with a stray delimiter, whose cells cannot be trusted
   * to sit under their columns. Its `cells` are then fitted to the header but must not be used.
   * `found` is below `expected` for a short row, above it for a row with text past the header.
   */
  cellCount?: { expected: number; found: number } | undefined;
}

/** Settings for opening a sheet; anything left out is detected. */
export interface SheetOptions {
  /** Text encoding of a CSV file: "utf-8", "windows-1252", "utf-16le"... */
  encoding?: string | undefined;
  /** Field delimiter of a CSV file: ",", ";", "\t" or "|". */
  delimiter?: string | undefined;
  /** Name of the XLSX worksheet to read; the first one by default. */
  sheet?: string | undefined;
  /** Largest file accepted, in bytes. */
  maxBytes?: number | undefined;
}

/** An opened sheet: its header, then its rows, read one at a time. */
export interface Sheet {
  /** File path as given. */
  source: string;
  format: "csv" | "xlsx";
  /** Header cells, trimmed; an empty trailing header cell is dropped. */
  columns: string[];
  /** Encoding used to decode a CSV file, and whether it was detected or given. */
  encoding?: { name: string; detected: boolean } | undefined;
  delimiter?: string | undefined;
  /** SHA-256 of the file's bytes, hex, and its size; complete once `rows` has been read. */
  sha256(): string;
  bytes: number;
  /** Data rows in file order. Can be iterated once. */
  rows(): AsyncIterable<SheetRow>;
  /** File-level notes found while reading (e.g. bytes undefined in the encoding). */
  notes(): SheetNote[];
}

/** Something about the file as a whole, reported once with a count. */
export interface SheetNote {
  code: string;
  message: string;
  /** How many times it occurred. */
  count: number;
  /** Row number of the first occurrence, when it has one. */
  firstRow?: number | undefined;
}

/** The outcome of parsing one cell: a value, or the reason it could not be read. */
export type Parsed<T> =
  { ok: true; value: T; repaired?: string | undefined } | { ok: false; reason: string };
