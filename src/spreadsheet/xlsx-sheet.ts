/**
 * XLSX sheets: one worksheet of a workbook, read into rows of cell texts. Numbers are written
 * as their shortest decimal text, and numbers in a date format as ISO dates.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { excelSerialToIso, excelSerialToTime } from "./excel-date.js";
import { SheetError } from "./sheet-error.js";
import { fitCells, NoteCollector, readColumns } from "./sheet-rows.js";
import type { Sheet, SheetOptions, SheetRow } from "./types.js";
import {
  parseXml,
  readCellStyles,
  readSharedStrings,
  readWorkbook,
  XlsxArchive,
  type CellStyle,
  type DateKind,
  type Workbook,
  type WorkbookSheet,
} from "./xlsx-package.js";

/** Columns in a worksheet, XFD being the last (Excel 2007 and later). */
const MAX_COLUMNS = 16_384;

/**
 * Opens a worksheet of an XLSX file: the one named by `options.sheet`, else the first.
 * NOTE: the whole file and the worksheet's rows are held in memory, unlike CSV files.
 */
export async function openXlsxSheet(file: string, options: SheetOptions): Promise<Sheet> {
  const zip = await readFile(file);
  const archive = new XlsxArchive(file, zip);
  const workbook = readWorkbook(archive);
  const { sheet: chosen, part } = chooseWorksheet(file, workbook, options.sheet);

  const context: CellContext = {
    file,
    sharedStrings: readSharedStrings(archive, workbook.sharedStringsPart),
    styles: readCellStyles(archive, workbook.stylesPart),
    date1904: workbook.date1904,
  };
  const rows = readWorksheet(archive, chosen.name, part, context);
  const [header, ...data] = rows;
  if (!header) throw new SheetError("no-header", `${file}: worksheet "${chosen.name}" is empty`);

  const columns = readColumns(`${file} (worksheet "${chosen.name}")`, header.cells);
  const sha256 = createHash("sha256").update(zip).digest("hex");
  return new XlsxSheet(file, zip.length, sha256, columns, data);
}

/**
 * Finds the worksheet named `name`, or the first worksheet in tab order, skipping chart and
 * dialog sheets. Throws SheetError when there is none, or when a sheet it would read or skip
 * refers to a relationship the workbook does not define: its kind is then unknown, and
 * reading the next sheet instead would import the wrong data.
 */
function chooseWorksheet(
  file: string,
  workbook: Workbook,
  name: string | undefined,
): { sheet: WorkbookSheet; part: string } {
  const candidates =
    name === undefined ? workbook.sheets : workbook.sheets.filter((sheet) => sheet.name === name);
  for (const sheet of candidates) {
    if (sheet.part === undefined || sheet.type === undefined) {
      const position = workbook.sheets.indexOf(sheet) + 1;
      throw new SheetError(
        "invalid-xlsx",
        `${file}: sheet "${sheet.name}" (sheet ${position} in tab order) refers to relationship ` +
          `"${sheet.relationshipId ?? ""}", which ${workbook.relationshipsPart} does not define, ` +
          "so the sheet cannot be found. Save the workbook again in a spreadsheet program",
      );
    }
    if (sheet.type.endsWith("/worksheet")) return { sheet, part: sheet.part };
  }

  const worksheets = workbook.sheets.filter((sheet) => sheet.type?.endsWith("/worksheet"));
  const names = worksheets.map((sheet) => `"${sheet.name}"`).join(", ") || "none";
  const reason =
    name === undefined
      ? "has no worksheet"
      : `has no worksheet named "${name}"; its worksheets are ${names}`;
  throw new SheetError("sheet-not-found", `${file}: ${reason}`);
}

interface CellContext {
  file: string;
  sharedStrings: string[];
  styles: CellStyle[];
  date1904: boolean;
}

/** The cell being read: its attributes and the text of its <v> or inline string. */
interface CellState {
  reference: string | undefined;
  type: string;
  style: number;
  value: string;
  hasValue: boolean;
}

/** Reads the non-blank rows of a worksheet part, numbered as the worksheet numbers them. */
function readWorksheet(
  archive: XlsxArchive,
  sheetName: string,
  part: string,
  context: CellContext,
): SheetRow[] {
  const bytes = archive.read([part]).get(part);
  if (!bytes) {
    throw new SheetError(
      "invalid-xlsx",
      `${context.file}: worksheet "${sheetName}" is stored in ${part}, which the file does not contain`,
    );
  }
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let numeric = new Set<number>();
  let percent = new Set<number>();
  let rowNumber = 0;
  let nextColumn = 0;
  let cell: CellState | undefined;
  let textTarget: "value" | "inline" | undefined;
  let phoneticDepth = 0;

  parseXml(context.file, part, bytes, {
    open(name, attributes) {
      if (name === "row") {
        rowNumber =
          attributes.r === undefined ? rowNumber + 1 : rowIndex(context.file, attributes.r);
        cells = [];
        numeric = new Set<number>();
        percent = new Set<number>();
        nextColumn = 0;
      } else if (name === "c") {
        cell = {
          reference: attributes.r,
          type: attributes.t ?? "n",
          style: Number(attributes.s ?? 0),
          value: "",
          hasValue: false,
        };
      } else if (name === "rPh") phoneticDepth += 1;
      else if (cell && name === "v") textTarget = "value";
      else if (cell && name === "t" && phoneticDepth === 0) textTarget = "inline";
    },
    text(text) {
      if (!cell || textTarget === undefined) return;
      cell.value += text;
      cell.hasValue = true;
    },
    close(name) {
      if (name === "v" || name === "t") textTarget = undefined;
      else if (name === "rPh") phoneticDepth -= 1;
      else if (name === "c" && cell) {
        const column = cell.reference ? columnIndex(context.file, cell.reference) : nextColumn;
        while (cells.length < column) cells.push("");
        cells[column] = cellText(cell, context, rowNumber);
        if (isPlainNumber(cell, context)) {
          numeric.add(column);
          if (context.styles[cell.style]?.isPercent) percent.add(column);
        }
        nextColumn = column + 1;
        cell = undefined;
      } else if (name === "row" && cells.some((text) => text.trim() !== "")) {
        rows.push({
          row: rowNumber,
          cells,
          numeric: numeric.size > 0 ? numeric : undefined,
          percent: percent.size > 0 ? percent : undefined,
        });
      }
    },
  });
  return rows;
}

/** Reads a row's `r` attribute, its one-based row number in the worksheet. */
function rowIndex(file: string, reference: string): number {
  const row = Number(reference);
  if (!Number.isSafeInteger(row) || row < 1) {
    throw new SheetError("invalid-xlsx", `${file}: invalid row number "${reference}"`);
  }
  return row;
}

/** Returns the zero-based column of a cell reference such as "B7" or "AA12". */
function columnIndex(file: string, reference: string): number {
  const letters = /^\$?([A-Z]{1,3})\$?\d*$/i.exec(reference)?.[1];
  let index = 0;
  for (const letter of letters?.toUpperCase() ?? "") index = index * 26 + letter.charCodeAt(0) - 64;
  if (index < 1 || index > MAX_COLUMNS) {
    throw new SheetError("invalid-xlsx", `${file}: invalid cell reference "${reference}"`);
  }
  return index - 1;
}

function cellText(cell: CellState, context: CellContext, row: number): string {
  if (!cell.hasValue) return "";
  switch (cell.type) {
    case "s": {
      const text = context.sharedStrings[Number(cell.value)];
      if (text === undefined) {
        throw new SheetError(
          "invalid-xlsx",
          `${context.file}: row ${row} refers to shared string ${cell.value}, which does not exist`,
        );
      }
      return text;
    }
    case "b":
      return cell.value === "1" ? "TRUE" : "FALSE";
    case "d":
      return cell.value.replace(/T00:00:00(\.0+)?Z?$/, "");
    case "n":
      return numberText(cell.value, context.styles[cell.style]?.dateKind, context.date1904);
    default:
      // "str" (a formula's text result), "inlineStr" and "e" (an error such as #N/A).
      return cell.value;
  }
}

/** Returns true for a number cell that is not styled as a date or time. */
function isPlainNumber(cell: CellState, context: CellContext): boolean {
  return (
    cell.type === "n" &&
    cell.hasValue &&
    context.styles[cell.style]?.dateKind === undefined &&
    cell.value.trim() !== "" &&
    Number.isFinite(Number(cell.value))
  );
}

function numberText(value: string, kind: DateKind | undefined, date1904: boolean): string {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) return value;

  if (kind === "time" && number >= 0) return excelSerialToTime(number);
  if (kind === "date" || kind === "date-time") {
    const date = excelSerialToIso(number, { date1904, withTime: kind === "date-time" });
    if (date.ok) return date.value;
  }
  return shortestDecimal(number);
}

/**
 * Writes a number as the shortest decimal text that reads back as the same double, without
 * exponent: 0.1 stays "0.1" although Excel may store "0.10000000000000001".
 */
export function shortestDecimal(number: number): string {
  if (Object.is(number, -0)) return "0";
  const text = String(number);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;

  const [, sign = "", first = "", rest = "", exponentText = "0"] = match;
  const digits = first + rest;
  const exponent = Number(exponentText);
  if (exponent >= 0) return sign + digits.padEnd(exponent + 1, "0");
  return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
}

class XlsxSheet implements Sheet {
  readonly format = "xlsx" as const;
  readonly encoding = undefined;
  readonly delimiter = undefined;
  private readonly noteCollector = new NoteCollector();
  private isRead = false;

  constructor(
    readonly source: string,
    readonly bytes: number,
    private readonly digest: string,
    readonly columns: string[],
    private readonly data: SheetRow[],
  ) {}

  sha256(): string {
    return this.digest;
  }

  notes() {
    return this.noteCollector.list(undefined);
  }

  rows(): AsyncIterable<SheetRow> {
    if (this.isRead) {
      throw new SheetError("rows-already-read", `${this.source}: rows can be read only once`);
    }
    this.isRead = true;
    return this.yieldRows();
  }

  // The rows are in memory already; the method is asynchronous because Sheet streams CSV rows.
  // eslint-disable-next-line @typescript-eslint/require-await
  private async *yieldRows(): AsyncGenerator<SheetRow> {
    for (const { row, cells, numeric, percent } of this.data) {
      yield {
        row,
        cells: fitCells(cells, this.columns.length, row, this.noteCollector),
        numeric,
        percent,
      };
    }
  }
}
