/**
 * A card-reader export uploaded as a multipart form, shared by the API route and the workspace
 * page: reading the form's fields, and importing the file through a private temporary copy,
 * because the spreadsheet reader streams from a path.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { errors, type Problem } from "../http/errors.js";
import {
  importCardTaps,
  type TapImportOptions,
  type TapImportReport,
} from "./attendance-import.js";
import type { ClaimsDb } from "./tables.js";

/** Largest card-reader export accepted: 20 MiB, an estimated 300,000 taps of 70 bytes each. */
export const MAX_TAP_FILE_BYTES = 20 * 1024 * 1024;

const DELIMITERS: Record<string, string> = { ",": ",", ";": ";", tab: "\t", "\t": "\t", "|": "|" };

/**
 * Imports an uploaded export: writes it to a temporary file readable by this process's user
 * only (card numbers identify workers), imports it, and removes the copy whatever happens.
 */
export async function importUploadedTaps(
  db: ClaimsDb,
  projectId: string,
  file: File,
  options: TapImportOptions,
  maxBytes = MAX_TAP_FILE_BYTES,
): Promise<TapImportReport> {
  const folder = await mkdtemp(path.join(tmpdir(), "ccs-taps-"));
  try {
    const extension = path.extname(file.name).toLowerCase() === ".xlsx" ? ".xlsx" : ".csv";
    const stored = path.join(folder, `taps${extension}`);
    await writeFile(stored, new Uint8Array(await file.arrayBuffer()), { mode: 0o600 });
    return await importCardTaps(
      db,
      projectId,
      { path: stored, name: file.name || "the file" },
      { ...options, sheet: { ...options.sheet, maxBytes } },
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * Reads the upload form's fields: file, dryRun ("true", "false", or "on" from a checkbox),
 * the column names, the entry and exit readers, encoding and delimiter. Raises invalid_input
 * naming each bad field.
 */
export function readTapForm(body: FormBody): { file: File; options: TapImportOptions } {
  const problems: Problem[] = [];
  const text = (name: string): string | undefined => {
    const value = body[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") {
      problems.push({ path: name, message: "must be a single text field" });
      return undefined;
    }
    return value.trim() === "" ? undefined : value.trim();
  };
  const list = (name: string) =>
    text(name)
      ?.split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");

  const file = body.file;
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
    problems.push({ path: "file", message: "is missing" });
  }
  const dryRun = text("dryRun");
  if (dryRun !== undefined && !["true", "false", "on"].includes(dryRun)) {
    problems.push({ path: "dryRun", message: "must be true or false" });
  }
  const delimiterText = body.delimiter === "\t" ? "\t" : text("delimiter");
  const delimiter = delimiterText === undefined ? undefined : DELIMITERS[delimiterText];
  if (delimiterText !== undefined && delimiter === undefined) {
    problems.push({ path: "delimiter", message: "must be one of , ; | or tab" });
  }
  const options: TapImportOptions = {
    dryRun: dryRun === "true" || dryRun === "on",
    columns: {
      card: text("cardColumn"),
      time: text("timeColumn"),
      direction: text("directionColumn"),
      reader: text("readerColumn"),
    },
    entryReaders: list("entryReaders") ?? [],
    exitReaders: list("exitReaders") ?? [],
    sheet: { encoding: text("encoding"), delimiter },
  };
  if (problems.length > 0) throw errors.invalidInput(problems, "The upload is invalid.");
  return { file: file as File, options };
}
