/**
 * OC4IDS codelists of the coded fields a mapping translates (status, type, sector), read from
 * the `codelists/` folder beside the configured project schema.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { readSample } from "../spreadsheet/open-sheet.js";
import type { Mapping } from "./schema.js";

/** One code of a codelist with its English title. */
export interface Code {
  code: string;
  title: string;
}

/** The codelists of the coded mapping fields; a field is absent when its list is unavailable. */
export type Codelists = Partial<Record<CodedField, Code[]>>;

/** Mapping fields whose words translate to codelist codes. */
export type CodedField = "status" | "type" | "sector";

/** Codelist file of each coded field, as named in the OC4IDS 0.9.5 schema's `codelist` keys. */
const CODELIST_FILES: Record<CodedField, string> = {
  status: "projectStatus.csv",
  type: "projectType.csv",
  sector: "projectSector.csv",
};

/** More rows than any OC4IDS 0.9.5 codelist has. */
const MAX_CODES = 1000;

const cache = new Map<string, Codelists>();

/**
 * Reads the codelists beside `schemaLocation`. When the schema is a URL, or the folder lacks a
 * file, that field has no list and the page takes its codes as typed text.
 */
export async function loadCodelists(schemaLocation: string): Promise<Codelists> {
  const cached = cache.get(schemaLocation);
  if (cached) return cached;

  const lists: Codelists = {};
  if (!/^https?:\/\//.test(schemaLocation)) {
    const folder = path.join(path.dirname(schemaLocation), "codelists");
    for (const [field, file] of Object.entries(CODELIST_FILES) as [CodedField, string][]) {
      const location = path.join(folder, file);
      if (!existsSync(location)) continue;
      const sample = await readSample(location, { encoding: "utf-8" }, MAX_CODES);
      const codeIndex = sample.columns.indexOf("Code");
      const titleIndex = sample.columns.indexOf("Title");
      if (codeIndex < 0) continue;
      lists[field] = sample.rows
        .map((row) => ({
          code: row.cells[codeIndex] ?? "",
          title: row.cells[titleIndex] ?? "",
        }))
        .filter((entry) => entry.code !== "");
    }
  }
  cache.set(schemaLocation, lists);
  return lists;
}

/**
 * Checks that every code a mapping's value tables give for status, type and sector is in its
 * OC4IDS codelist. Returns one "<file>: fields.<field>.values.<word>: ..." line per unknown
 * code; a field whose codelist is unavailable is not checked.
 */
export async function checkMappingCodes(
  mapping: Mapping,
  schemaLocation: string,
  fileName: string,
): Promise<string[]> {
  const lists = await loadCodelists(schemaLocation);
  const problems: string[] = [];
  for (const [field, file] of Object.entries(CODELIST_FILES) as [CodedField, string][]) {
    const codes = lists[field];
    const values = mapping.fields[field]?.values;
    if (!codes || !values) continue;
    const known = new Set(codes.map((entry) => entry.code));
    const listName = file.replace(/\.csv$/, "");
    for (const [word, given] of Object.entries(values)) {
      // A sector entry may list several codes separated by commas.
      const codes = given === null ? [] : given.split(",").map((code) => code.trim());
      for (const code of codes.filter((each) => !known.has(each))) {
        problems.push(
          `${fileName}: fields.${field}.values.${word}: "${code}" is not a ${listName} code; ` +
            `use one of ${[...known].join(", ")}`,
        );
      }
    }
  }
  return problems;
}
