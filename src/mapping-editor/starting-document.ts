import type { Language } from "../i18n/index.js";
import type { Upload } from "./uploads.js";
import { readUploadSample } from "./uploads.js";

const ID_COLUMN = /^(id|code|c[oó]digo|n[uú]mero|no\.?|number|번호|코드)$/i;
const TITLE_COLUMN = /^(title|name|nombre|t[ií]tulo|obra|proyecto|사업명|공사명|명칭)$/i;

/** Makes a source key from a file name: lower-case letters, digits and dashes. */
function sourceKeyOf(fileName: string): string {
  const stem = fileName.replace(/\.[^.]+$/, "");
  const key = stem
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return key || "spreadsheet";
}

/**
 * Builds the mapping a new file starts from: a source key from its name, today's date, the page's
 * language, and the id and title columns when the header names them in a usual way. The
 * administrator fills in the rest.
 */
export async function startingDocument(
  upload: Upload,
  language: Language,
): Promise<Record<string, unknown>> {
  const sample = await readUploadSample(upload, {}, 0);
  const idColumn = sample.columns.find((column) => ID_COLUMN.test(column)) ?? sample.columns[0];
  const titleColumn = sample.columns.find((column) => TITLE_COLUMN.test(column));
  return {
    version: 1,
    source: { key: sourceKeyOf(upload.fileName), asOf: new Date().toISOString().slice(0, 10) },
    project: {
      id: { prefix: "", column: idColumn ?? "" },
      minorDigits: 2,
      language,
      publisher: {},
    },
    fields: titleColumn ? { title: { column: titleColumn, required: true } } : {},
  };
}
