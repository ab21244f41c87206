/**
 * Spreadsheet files uploaded for an import. Each is kept in `<dataDir>/uploads/<sha256>/` under
 * its original name until the import that uses it ends, so that the preview, the dry run and
 * the import read the same bytes.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError, errors } from "../http/errors.js";
import { readSample, type SheetSample } from "../spreadsheet/open-sheet.js";
import { SheetError } from "../spreadsheet/sheet-error.js";
import type { SheetOptions } from "../spreadsheet/types.js";

/** Largest upload accepted when the caller gives no limit: 50 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 ** 2;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const ACCEPTED_EXTENSIONS = new Set([".csv", ".tsv", ".txt", ".xlsx"]);

/** An uploaded file waiting to be imported. */
export interface Upload {
  /** SHA-256 of the file's bytes, lower-case hex; names the upload in addresses. */
  id: string;
  /** File name as uploaded, with characters unsafe in a path replaced. */
  fileName: string;
  /** Path of the stored file. */
  path: string;
  bytes: number;
}

function uploadsFolder(dataDir: string): string {
  return path.join(dataDir, "uploads");
}

/** Keeps letters, digits, dots, dashes and underscores of a file name, and at most 100 of them. */
function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/"));
  const cleaned = base.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^\.+/, "");
  return cleaned.slice(-100) || "upload.csv";
}

/** Builds the invalid_input error of the form field `file`. */
function fileProblem(message: string, status: 400 | 413 = 400): AppError {
  return new AppError("invalid_input", status, `The uploaded file cannot be used: ${message}`, [
    { path: "file", message },
  ]);
}

/** Replaces the stored path in a spreadsheet error with the name the user uploaded. */
export function describeSheetError(error: SheetError, upload: Upload): string {
  return error.message.split(upload.path).join(upload.fileName);
}

/**
 * Stores an uploaded CSV or XLSX file and checks that its header and first rows can be read.
 * Throws invalid_input on the field `file` when it is empty, too large (status 413), of another
 * type or unreadable. An unreadable file is removed again, so nothing is kept.
 */
export async function saveUpload(
  dataDir: string,
  file: { name: string; bytes: Uint8Array },
  maxBytes = DEFAULT_MAX_UPLOAD_BYTES,
): Promise<{ upload: Upload; sample: SheetSample }> {
  const fileName = safeFileName(file.name);
  if (file.bytes.length === 0) throw fileProblem(`${fileName} is empty (0 bytes)`);
  if (file.bytes.length > maxBytes) {
    throw fileProblem(
      `${fileName} is ${file.bytes.length} bytes, more than the limit of ${maxBytes} bytes`,
      413,
    );
  }
  const extension = path.extname(fileName).toLowerCase();
  if (!ACCEPTED_EXTENSIONS.has(extension)) {
    throw fileProblem(`${fileName} is not a .csv or .xlsx file`);
  }

  const id = createHash("sha256").update(file.bytes).digest("hex");
  const folder = path.join(uploadsFolder(dataDir), id);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const upload: Upload = {
    id,
    fileName,
    path: path.join(folder, fileName),
    bytes: file.bytes.length,
  };
  await writeFile(upload.path, file.bytes);

  try {
    return { upload, sample: await readUploadSample(upload, {}, 1) };
  } catch (error) {
    await deleteUpload(dataDir, id);
    throw error;
  }
}

/** Returns the upload with this id, or undefined when there is none. */
export async function findUpload(dataDir: string, id: string): Promise<Upload | undefined> {
  if (!SHA256_HEX.test(id)) return undefined;
  const folder = path.join(uploadsFolder(dataDir), id);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const fileName = names[0];
  if (fileName === undefined) return undefined;
  const file = path.join(folder, fileName);
  return { id, fileName, path: file, bytes: (await stat(file)).size };
}

/** Returns the upload with this id, or throws not_found naming it. */
export async function getUpload(dataDir: string, id: string): Promise<Upload> {
  const upload = await findUpload(dataDir, id);
  if (!upload) {
    throw errors.notFound(`Uploaded file ${id.slice(0, 64)} (it is removed after its import)`);
  }
  return upload;
}

/** Removes an upload; removing one that is gone does nothing. */
export async function deleteUpload(dataDir: string, id: string): Promise<void> {
  if (!SHA256_HEX.test(id)) return;
  await rm(path.join(uploadsFolder(dataDir), id), { recursive: true, force: true });
}

/**
 * Reads the header and the first `count` rows of an upload. Throws invalid_input on `file`,
 * naming the uploaded file, when the sheet cannot be read with these options.
 */
export async function readUploadSample(
  upload: Upload,
  options: SheetOptions,
  count: number,
): Promise<SheetSample> {
  try {
    return await readSample(upload.path, options, count);
  } catch (error) {
    if (error instanceof SheetError) throw fileProblem(describeSheetError(error, upload));
    throw error;
  }
}
