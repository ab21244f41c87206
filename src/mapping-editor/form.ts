/**
 * The mapping page's form and the mapping document, both ways. The form is a flat record of
 * strings (what a browser posts); the document is what a mapping file holds. A hidden `base`
 * field carries the document the form was built from, so that parts the form does not show
 * (contracting processes, photos, ranges, defaults) survive a round trip.
 */
import type { z } from "zod";
import type { Problem } from "../http/errors.js";
import { mappingSchema } from "../mapping/schema.js";
import { NUMBER_KINDS, setTargetField, TARGETS, targetField, type Target } from "./targets.js";

/** The posted form: field name to value. */
export type MappingForm = Record<string, string>;

/** Select value of a word translated to "no value" (null in the value table). */
export const NO_VALUE = "__none__";
/** Select value of a field that reads several columns, which only the YAML text can change. */
export const KEEP_COLUMNS = "__keep__";

const DELIMITER_NAMES: Record<string, string> = { "\t": "tab" };

type Document = Record<string, unknown>;

function objectOf(value: unknown): Document {
  return value && typeof value === "object" && !Array.isArray(value)
    ? { ...(value as Document) }
    : {};
}

function setOrDelete(target: Document, key: string, value: unknown): void {
  if (value === undefined || value === "") delete target[key];
  else target[key] = value;
}

/** Converts a form value to a number, or keeps the text so that the schema reports it. */
function numberOrText(text: string): number | string {
  const value = Number(text.trim());
  return text.trim() !== "" && Number.isFinite(value) ? value : text;
}

function splitList(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Reads the `base` field: the document the form was built from, or an empty one. */
export function baseDocument(form: MappingForm): Document {
  try {
    return objectOf(JSON.parse(form.base ?? "{}"));
  } catch {
    return {};
  }
}

/** Turns the posted form into a mapping document, not yet checked. */
export function formToDocument(form: MappingForm): Document {
  const base = baseDocument(form);
  const value = (name: string) => (form[name] ?? "").trim();

  const source = objectOf(base.source);
  setOrDelete(source, "key", value("source.key"));
  setOrDelete(source, "asOf", value("source.asOf"));
  setOrDelete(source, "encoding", value("source.encoding"));
  const delimiter = value("source.delimiter") === "tab" ? "\t" : value("source.delimiter");
  setOrDelete(source, "delimiter", delimiter);
  setOrDelete(source, "sheet", value("source.sheet"));

  const project = objectOf(base.project);
  const template = value("project.id.template");
  project.id =
    template !== ""
      ? { template }
      : { prefix: value("project.id.prefix"), column: value("project.id.column") };
  setOrDelete(project, "currency", value("project.currency").toUpperCase());
  const digits = value("project.minorDigits");
  setOrDelete(project, "minorDigits", digits === "" ? undefined : numberOrText(digits));
  setOrDelete(project, "country", value("project.country").toUpperCase());
  setOrDelete(project, "language", value("project.language"));
  const publisher = objectOf(project.publisher);
  setOrDelete(publisher, "name", value("project.publisher.name"));
  setOrDelete(publisher, "uid", value("project.publisher.uid"));
  project.publisher = publisher;
  const sides = ["south", "west", "north", "east"] as const;
  const bounds = sides.map((side) => value(`project.bounds.${side}`));
  if (bounds.every((side) => side === "")) delete project.bounds;
  else
    project.bounds = Object.fromEntries(sides.map((side, i) => [side, numberOrText(bounds[i]!)]));

  const fields = objectOf(base.fields);
  for (const target of TARGETS) {
    setTargetField(fields, target.key, formField(form, target, targetField(fields, target.key)));
  }

  return {
    ...base,
    version: 1,
    source,
    project,
    onProblem: value("onProblem") || "warn",
    emptyValues: splitList(form.emptyValues),
    repairMojibake: form.repairMojibake === "on",
    fields,
  };
}

/** Builds one field from the form, or undefined when no column is chosen. */
function formField(
  form: MappingForm,
  target: Target,
  baseField: Document | undefined,
): Document | undefined {
  const prefix = `field.${target.key}`;
  const column = (form[`${prefix}.column`] ?? "").trim();
  if (column === KEEP_COLUMNS && baseField?.columns) return baseField;
  if (column === "" || column === KEEP_COLUMNS) return undefined;

  const { columns: _columns, ...rest } = baseField ?? {};
  const field: Document = { ...rest, column };
  field.parse = rest.parse ?? target.parse;
  if (target.key === "title" || form[`${prefix}.required`] !== undefined) {
    field.required = form[`${prefix}.required`] === "on";
  }

  if (NUMBER_KINDS.has(String(field.parse))) {
    const decimal = (form[`${prefix}.decimal`] ?? "").trim();
    const thousands = form[`${prefix}.thousands`] ?? "";
    const format: Document = {};
    if (decimal !== "") format.decimal = decimal;
    if (thousands !== "") format.thousands = thousandsSeparator(thousands);
    setOrDelete(field, "format", Object.keys(format).length > 0 ? format : undefined);
  }
  if (field.parse === "date") {
    const formats = splitList(form[`${prefix}.formats`]);
    setOrDelete(field, "formats", formats.length > 0 ? formats : undefined);
  }
  if (target.coded) field.values = valueTable(form, prefix);
  return field;
}

/** Names a thousands separator as the page's select does: "none" for "", "space" for " ". */
function thousandsName(separator: string): string {
  if (separator === "") return "none";
  if (separator === " ") return "space";
  return separator;
}

function thousandsSeparator(name: string): string {
  if (name === "none") return "";
  if (name === "space") return " ";
  return name;
}

/**
 * Collects the translations `<prefix>.word.N` → `<prefix>.code.N`. A word without a code is
 * left out, so that the import reports it as `unknown-value`.
 */
function valueTable(form: MappingForm, prefix: string): Record<string, string | null> {
  const table: Record<string, string | null> = {};
  for (const [name, word] of Object.entries(form)) {
    const match = /^(.*)\.word\.(\d+)$/.exec(name);
    if (!match || match[1] !== prefix || word.trim() === "") continue;
    const code = (form[`${prefix}.code.${match[2]}`] ?? "").trim();
    if (code === NO_VALUE) table[word.trim()] = null;
    else if (code !== "") table[word.trim()] = code;
  }
  return table;
}

/**
 * Turns a mapping document into the form's values. Translation words are not included, because
 * the page lists them with the words found in the file (see `translationsOf` in service.ts).
 */
export function documentToForm(document: Document, name = ""): MappingForm {
  const source = objectOf(document.source);
  const project = objectOf(document.project);
  const id = objectOf(project.id);
  const publisher = objectOf(project.publisher);
  const bounds = objectOf(project.bounds);
  const text = (value: unknown) =>
    typeof value === "string" || typeof value === "number" ? String(value) : "";
  const delimiter = text(source.delimiter);

  const form: MappingForm = {
    name,
    base: JSON.stringify(document),
    "source.key": text(source.key),
    "source.asOf": text(source.asOf),
    "source.encoding": text(source.encoding),
    "source.delimiter": DELIMITER_NAMES[delimiter] ?? delimiter,
    "source.sheet": text(source.sheet),
    "project.id.prefix": text(id.prefix),
    "project.id.column": text(id.column),
    "project.id.template": text(id.template),
    "project.currency": text(project.currency),
    "project.minorDigits": text(project.minorDigits),
    "project.country": text(project.country),
    "project.language": text(project.language),
    "project.publisher.name": text(publisher.name),
    "project.publisher.uid": text(publisher.uid),
    onProblem: text(document.onProblem) || "warn",
    emptyValues: Array.isArray(document.emptyValues) ? document.emptyValues.join(", ") : "",
  };
  if (document.repairMojibake === true) form.repairMojibake = "on";
  for (const side of ["south", "west", "north", "east"]) {
    form[`project.bounds.${side}`] = text(bounds[side]);
  }

  const fields = objectOf(document.fields);
  for (const target of TARGETS) {
    const field = targetField(fields, target.key);
    if (!field) continue;
    const prefix = `field.${target.key}`;
    form[`${prefix}.column`] = field.columns ? KEEP_COLUMNS : text(field.column);
    if (field.required) form[`${prefix}.required`] = "on";
    else if (target.key === "title") form[`${prefix}.required`] = "off";
    if (field.format?.decimal) form[`${prefix}.decimal`] = field.format.decimal;
    const thousands = field.format?.thousands;
    if (thousands !== undefined) form[`${prefix}.thousands`] = thousandsName(thousands);
    if (field.formats) form[`${prefix}.formats`] = field.formats.join(", ");
  }
  return form;
}

/** Returns the value table of a coded target in a mapping document. */
export function documentValues(document: Document, key: string): Record<string, string | null> {
  return targetField(objectOf(document.fields), key)?.values ?? {};
}

/** Returns the form field that shows a problem at a mapping path, e.g. `fields.status.values`. */
function formFieldOfPath(issuePath: readonly PropertyKey[]): string {
  const parts = issuePath.map(String);
  if (parts[0] !== "fields") return parts.join(".");
  const key = parts[1] === "location" ? `location.${parts[2]}` : (parts[1] ?? "");
  return TARGETS.some((target) => target.key === key) ? `field.${key}.column` : parts.join(".");
}

/** Checks a mapping document; returns the problems by form field, or the checked mapping. */
export function checkDocument(
  document: Document,
): { ok: true; mapping: z.infer<typeof mappingSchema> } | { ok: false; problems: Problem[] } {
  const result = mappingSchema.safeParse(document);
  if (result.success) return { ok: true, mapping: result.data };
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.map(String).join(".");
    return { path: formFieldOfPath(issue.path), message: `${where}: ${issue.message}` };
  });
  return { ok: false, problems };
}
