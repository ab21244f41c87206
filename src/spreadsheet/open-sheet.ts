/**
 * Opening a spreadsheet file, CSV or XLSX, chosen by its first bytes and its extension.
 */
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { openCsvSheet } from "./csv-sheet.js";
import { DETECTION_BYTES } from "./csv-decode.js";
import { SheetError } from "./sheet-error.js";
import type { Sheet, SheetNote, SheetOptions, SheetRow } from "./types.js";
import { openXlsxSheet } from "./xlsx-sheet.js";

export { SheetError, type SheetErrorCode } from "./sheet-error.js";

/** Largest file accepted when `maxBytes` is not given: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Start of an OLE compound file, the container of the old binary .xls format. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Opens a CSV or XLSX file and reads its header. The file's size is checked before any byte
 * is read. Throws SheetError when the file is missing, empty, too large, or cannot be read.
 */
export async function openSheet(file: string, options: SheetOptions = {}): Promise<Sheet> {
  const bytes = await fileSize(file);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes > maxBytes) {
    throw new SheetError(
      "too-large",
      `${file}: ${bytes} bytes is larger than the limit of ${maxBytes} bytes`,
    );
  }
  if (bytes === 0) throw new SheetError("empty-file", `${file}: the file is empty (0 bytes)`);

  const head = await readHead(file, Math.min(bytes, DETECTION_BYTES));
  const extension = path.extname(file).toLowerCase();
  if (startsWith(head, ZIP_SIGNATURE)) return openXlsxSheet(file, options);
  if (startsWith(head, OLE_SIGNATURE) || extension === ".xls") {
    throw new SheetError(
      "unsupported-format",
      `${file}: the binary Excel 97–2003 format (.xls) is not supported; save it as .xlsx or .csv`,
    );
  }
  if (extension === ".xlsx") {
    throw new SheetError("invalid-xlsx", `${file}: is not an XLSX workbook (not a zip archive)`);
  }
  return openCsvSheet({ path: file, bytes, head }, options);
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new SheetError("not-a-file", `${file}: is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof SheetError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new SheetError("file-missing", `${file}: file not found`);
    throw error;
  }
}

async function readHead(file: string, length: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const head = new Uint8Array(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** The first rows of a sheet, for previewing a mapping. */
export interface SheetSample {
  columns: string[];
  rows: SheetRow[];
  encoding: { name: string; detected: boolean } | undefined;
  delimiter: string | undefined;
  notes: SheetNote[];
}

/** Reads the header and the first `count` data rows of a sheet, and closes the file. */
export async function readSample(
  file: string,
  options: SheetOptions,
  count: number,
): Promise<SheetSample> {
  const sheet = await openSheet(file, options);
  const rows: SheetRow[] = [];
  if (count > 0) {
    for await (const row of sheet.rows()) {
      rows.push(row);
      if (rows.length >= count) break;
    }
  }
  return {
    columns: sheet.columns,
    rows,
    encoding: sheet.encoding,
    delimiter: sheet.delimiter,
    notes: sheet.notes(),
  };
}
