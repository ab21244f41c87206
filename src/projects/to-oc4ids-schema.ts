/**
 * Validators for exported OC4IDS built from the official JSON Schemas (draft-04), for tests and
 * checks. The project schema is registered under its own `id`, so the package schema's
 * reference to it resolves without a network request.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormatsPlugin from "ajv-formats";
import type { ErrorObject } from "ajv";

/** Checks a value and returns its schema errors, empty when it is valid. */
export type Oc4idsCheck = (value: unknown) => ErrorObject[];

/** Validators of a single project and of a project package. */
export interface Oc4idsValidators {
  project: Oc4idsCheck;
  projectPackage: Oc4idsCheck;
}

// Both packages are CommonJS modules whose `module.exports` also carries the export as
// `default`, which is the only form TypeScript types for an ES module import.
const Ajv = AjvDraft04.default;
const addFormats = addFormatsPlugin.default;

/**
 * Compiles the validators from `project-schema.json` and `project-package-schema.json` in
 * `schemaDir` (an OC4IDS 0.9.5 schema folder).
 */
export async function loadOc4idsValidators(schemaDir: string): Promise<Oc4idsValidators> {
  const readSchema = async (name: string) =>
    JSON.parse(await readFile(path.join(schemaDir, name), "utf8")) as Record<string, unknown>;
  const projectSchema = await readSchema("project-schema.json");
  const packageSchema = await readSchema("project-package-schema.json");

  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(projectSchema);
  const validateProject = ajv.compile(projectSchema);
  const validatePackage = ajv.compile(packageSchema);

  return {
    project: (value) => (validateProject(value) ? [] : [...(validateProject.errors ?? [])]),
    projectPackage: (value) => (validatePackage(value) ? [] : [...(validatePackage.errors ?? [])]),
  };
}
