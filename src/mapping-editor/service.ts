/**
 * The state the mapping page and its API show for an uploaded file and a mapping document:
 * the file's columns with sample values, the words of each coded column, the mapping's
 * problems and a preview of the first rows as projects. Also runs the import of an upload.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { AppError, type Problem } from "../http/errors.js";
import { importSheet, type SheetImportReport } from "../mapping/import-sheet.js";
import { previewMapping, type MappingPreview } from "../mapping/preview.js";
import type { Mapping } from "../mapping/schema.js";
import { foldForSearch } from "../shared/text.js";
import type { SheetSample } from "../spreadsheet/open-sheet.js";
import { checkDocument, documentValues, formToDocument, type MappingForm } from "./form.js";
import { TARGETS, targetField } from "./targets.js";
import { deleteUpload, readUploadSample, type Upload } from "./uploads.js";

/** Rows read from the file for sample values and for the words of coded columns. */
export const SAMPLE_ROWS = 500;
/** Rows shown as projects in the preview. */
export const PREVIEW_ROWS = 10;
/** Most distinct words listed for translation per coded column. */
export const MAX_WORDS = 40;
/** Sample values shown per column. */
const VALUES_PER_COLUMN = 3;

/** A column of the file with its first non-empty values. */
export interface ColumnSample {
  name: string;
  samples: string[];
}

/** One word of a coded column and the code it translates to ("" for none yet, null for no value). */
export interface Translation {
  word: string;
  code: string | null | undefined;
}

/** Everything the mapping page shows for one file and one mapping document. */
export interface EditorState {
  upload: Upload;
  document: Record<string, unknown>;
  columns: ColumnSample[];
  /** Translations per coded target key: the file's words, then the table's other words. */
  translations: Record<string, Translation[]>;
  /** Problems of the mapping or of reading the file, by form field. */
  problems: Problem[];
  /** The checked mapping when it has no problems. */
  mapping?: Mapping | undefined;
  preview?: MappingPreview | undefined;
}

/** Lists each column with its first non-empty values. */
function sampleColumns(sample: SheetSample): ColumnSample[] {
  return sample.columns.map((name, index) => {
    const samples: string[] = [];
    for (const row of sample.rows) {
      const cell = (row.cells[index] ?? "").trim();
      if (cell !== "" && !samples.includes(cell)) samples.push(cell);
      if (samples.length >= VALUES_PER_COLUMN) break;
    }
    return { name, samples };
  });
}

/** Lists the distinct words of a column, first spelling of each, in order of appearance. */
function distinctWords(sample: SheetSample, column: string): string[] {
  const index = sample.columns.indexOf(column);
  if (index < 0) return [];
  const seen = new Map<string, string>();
  for (const row of sample.rows) {
    const cell = (row.cells[index] ?? "").trim();
    if (cell !== "" && !seen.has(foldForSearch(cell))) seen.set(foldForSearch(cell), cell);
    if (seen.size >= MAX_WORDS) break;
  }
  return [...seen.values()];
}

/** Lists the file's words of each coded field with their codes from the value table. */
function translationsOf(
  sample: SheetSample,
  document: Record<string, unknown>,
): Record<string, Translation[]> {
  const translations: Record<string, Translation[]> = {};
  for (const target of TARGETS) {
    if (!target.coded) continue;
    const table = documentValues(document, target.key);
    const byFolded = new Map(
      Object.entries(table).map(([word, code]) => [foldForSearch(word), code]),
    );
    const column = targetField(document.fields as Record<string, unknown>, target.key)?.column;
    const words = column === undefined ? [] : distinctWords(sample, column);
    const folded = new Set(words.map(foldForSearch));
    const list = words.map((word) => ({ word, code: byFolded.get(foldForSearch(word)) }));
    for (const [word, code] of Object.entries(table)) {
      if (!folded.has(foldForSearch(word))) list.push({ word, code });
    }
    translations[target.key] = list;
  }
  return translations;
}

/** Reads the file with the document's sheet options, or detected ones when those fail. */
async function readWithOptions(
  upload: Upload,
  document: Record<string, unknown>,
  problems: Problem[],
): Promise<SheetSample> {
  const source = (document.source ?? {}) as Record<string, string | undefined>;
  const options = { encoding: source.encoding, delimiter: source.delimiter, sheet: source.sheet };
  try {
    return await readUploadSample(upload, options, SAMPLE_ROWS);
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 400) throw error;
    const field = source.sheet ? "source.sheet" : "source.encoding";
    for (const problem of error.problems) problems.push({ path: field, message: problem.message });
    return readUploadSample(upload, {}, SAMPLE_ROWS);
  }
}

/**
 * Builds the mapping page's state for a document: reads the file's sample, checks the mapping
 * and previews its first rows. Problems (an invalid field, a column the file lacks, a sheet
 * that cannot be read with the given encoding) are returned, not thrown.
 */
export async function editorState(
  upload: Upload,
  document: Record<string, unknown>,
): Promise<EditorState> {
  const problems: Problem[] = [];
  const sample = await readWithOptions(upload, document, problems);
  const state: EditorState = {
    upload,
    document,
    columns: sampleColumns(sample),
    translations: translationsOf(sample, document),
    problems,
  };

  const checked = checkDocument(document);
  if (!checked.ok) {
    problems.push(...checked.problems);
    return state;
  }
  const preview = previewMapping(checked.mapping, sample, PREVIEW_ROWS);
  for (const column of preview.missingColumns) {
    problems.push({ path: missingColumnField(document, column), message: missingColumn(column) });
  }
  if (problems.length === 0) state.mapping = checked.mapping;
  state.preview = preview;
  return state;
}

function missingColumn(column: string): string {
  return `the file has no column "${column}"`;
}

/** Returns the form field that names a column, for a problem about that column. */
function missingColumnField(document: Record<string, unknown>, column: string): string {
  const fields = document.fields as Record<string, unknown>;
  const target = TARGETS.find((each) => targetField(fields, each.key)?.column === column);
  if (target) return `field.${target.key}.column`;
  const id = ((document.project as Record<string, unknown> | undefined)?.id ?? {}) as {
    column?: string;
  };
  return id.column === column ? "project.id.column" : "";
}

/** Builds the page state from a posted form. */
export function editorStateOfForm(upload: Upload, form: MappingForm): Promise<EditorState> {
  return editorState(upload, formToDocument(form));
}

/** Leaves out the keys a checked mapping fills with their defaults, so the YAML stays short. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (!value || typeof value !== "object") return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const isDefault =
      (key === "join" && entry === " ") ||
      (key === "parse" && entry === "text") ||
      (key === "required" && entry === false);
    if (!isDefault) result[key] = compact(entry);
  }
  return result;
}

/** Writes a mapping document as the YAML of a mapping file. */
export function documentToYaml(document: Record<string, unknown>): string {
  const { onProblem, emptyValues, repairMojibake, ...rest } = document;
  const ordered: Record<string, unknown> = {
    version: rest.version ?? 1,
    source: rest.source,
    project: rest.project,
  };
  if (onProblem !== undefined && onProblem !== "warn") ordered.onProblem = onProblem;
  if (Array.isArray(emptyValues) && emptyValues.length > 0) ordered.emptyValues = emptyValues;
  if (repairMojibake === true) ordered.repairMojibake = true;
  ordered.fields = rest.fields;
  return stringifyYaml(compact(ordered), { lineWidth: 0 });
}

/** Reads YAML (or JSON) mapping text; throws invalid_input on the field `yaml`. */
export function yamlToDocument(text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const message = `invalid YAML: ${(error as Error).message}`;
    throw new AppError("invalid_input", 400, `The mapping text is invalid: ${message}`, [
      { path: "yaml", message },
    ]);
  }
  if (!document || typeof document !== "object" || Array.isArray(document)) {
    const message = "expected a mapping document with version, source, project and fields";
    throw new AppError("invalid_input", 400, `The mapping text is invalid: ${message}`, [
      { path: "yaml", message },
    ]);
  }
  return document as Record<string, unknown>;
}

/**
 * Imports an uploaded file with a checked mapping. A dry run stores nothing; a real import
 * that succeeds removes the upload, and one that fails keeps it for another try.
 */
export async function runUploadImport(
  database: Database,
  config: Config,
  upload: Upload,
  mapping: Mapping,
  options: { dryRun: boolean; actorUserId: number },
): Promise<SheetImportReport> {
  const report = await importSheet(database, upload.path, mapping, {
    schema: config.oc4idsSchema,
    dryRun: options.dryRun,
    actor: `user:${options.actorUserId}`,
  });
  if (!options.dryRun && report.status === "succeeded") {
    await deleteUpload(config.dataDir, upload.id);
  }
  return report;
}
