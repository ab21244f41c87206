import { readFile } from "node:fs/promises";
import ajvDraft04 from "ajv-draft-04";
import type { ValidateFunction as AjvValidateFunction } from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import type { ImportProblem, InputLocation, JsonObject } from "../import/types.js";
import { describeSchemaError } from "./schema-messages.js";

/** Checks one OC4IDS project against the project schema; returns one problem per error. */
export type ProjectValidator = (project: JsonObject, location: InputLocation) => ImportProblem[];

/** Checks one OC4IDS project package against the package schema. */
export type PackageValidator = (
  projectPackage: JsonObject,
  location: InputLocation,
) => ImportProblem[];

/** Raised when a schema cannot be read, parsed or compiled; the message names its location. */
export class SchemaLoadError extends Error {
  constructor(
    readonly location: string,
    reason: string,
  ) {
    super(`Cannot load the OC4IDS schema from ${location}: ${reason}`);
    this.name = "SchemaLoadError";
  }
}

type ValidateFunction = AjvValidateFunction<unknown>;

/** Longest wait for a schema URL to answer, in milliseconds. */
const SCHEMA_FETCH_TIMEOUT_MS = 30_000;

const projectValidators = new Map<string, Promise<ProjectValidator>>();
const packageValidators = new Map<string, Promise<PackageValidator>>();

/**
 * Loads the OC4IDS project schema (JSON Schema draft-04) from a file path or an http(s) URL
 * and compiles a validator that checks every error (`allErrors`) and the date-time, uri and
 * email formats. Each problem names the project id, the JSON pointer and the reason.
 *
 * The compiled validator is cached per location; a failed load is not cached. Rejects with
 * SchemaLoadError when the schema cannot be loaded.
 */
export function loadProjectValidator(schemaLocation: string): Promise<ProjectValidator> {
  return cached(projectValidators, schemaLocation, async () => {
    const schema = await loadSchema(schemaLocation);
    const validate = compile(schemaLocation, [], schema);
    return (project, location) => check(validate, project, location);
  });
}

/**
 * Loads the OC4IDS project package schema and compiles a validator for whole packages.
 *
 * The package schema refers to the project schema by its absolute URL; the project schema at
 * `projectSchemaLocation` is registered under its own `id`, so no network is needed when that
 * id matches the reference. When the package schema location is omitted, it is taken to be
 * `project-package-schema.json` beside the project schema.
 */
export function loadPackageValidator(
  projectSchemaLocation: string,
  packageSchemaLocation = siblingLocation(projectSchemaLocation, "project-package-schema.json"),
): Promise<PackageValidator> {
  const key = `${packageSchemaLocation}\n${projectSchemaLocation}`;
  return cached(packageValidators, key, async () => {
    const [packageSchema, projectSchema] = await Promise.all([
      loadSchema(packageSchemaLocation),
      loadSchema(projectSchemaLocation),
    ]);
    const validate = compile(packageSchemaLocation, [projectSchema], packageSchema);
    return (projectPackage, location) => check(validate, projectPackage, location);
  });
}

/** Reads and parses a JSON schema from a path or an http(s) URL. */
export async function loadSchema(location: string): Promise<JsonObject> {
  let text: string;
  try {
    text = /^https?:\/\//i.test(location)
      ? await fetchText(location)
      : await readFile(location, "utf8");
  } catch (error) {
    if (error instanceof SchemaLoadError) throw error;
    const code = (error as { code?: string }).code;
    const reason = code === "ENOENT" ? "no file exists at this path" : errorMessage(error);
    throw new SchemaLoadError(location, reason);
  }

  try {
    const schema: unknown = JSON.parse(text);
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
      throw new Error("the schema is not a JSON object");
    }
    return schema as JsonObject;
  } catch (error) {
    throw new SchemaLoadError(location, `the schema is not valid JSON (${errorMessage(error)})`);
  }
}

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(SCHEMA_FETCH_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const reason =
      (error as { name?: string }).name === "TimeoutError"
        ? `no answer within ${SCHEMA_FETCH_TIMEOUT_MS / 1000} s`
        : `could not connect (${cause?.code ?? errorMessage(error)})`;
    throw new SchemaLoadError(url, reason);
  }
  if (!response.ok) {
    throw new SchemaLoadError(url, `the server answered HTTP ${response.status}`);
  }
  return await response.text();
}

function compile(location: string, references: JsonObject[], schema: JsonObject): ValidateFunction {
  // strict: false because the OC4IDS schemas use keywords Ajv does not know (codelist,
  // openCodelist, deprecated, ...); verbose: true keeps the failing value for messages.
  // Both packages are CommonJS; under NodeNext their classes are the `default` property.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, verbose: true });
  ajvFormats.default(ajv);
  try {
    for (const reference of references) ajv.addSchema(reference);
    return ajv.compile<unknown>(schema);
  } catch (error) {
    throw new SchemaLoadError(location, `the schema does not compile (${errorMessage(error)})`);
  }
}

function check(
  validate: ValidateFunction,
  value: JsonObject,
  location: InputLocation,
): ImportProblem[] {
  const data: unknown = value;
  if (validate(data)) return [];

  const projectId = typeof value.id === "string" ? value.id : location.projectId;
  return (validate.errors ?? []).map((error) => {
    const { pointer, message } = describeSchemaError(error);
    return { ...location, projectId, pointer, code: "schema", message };
  });
}

function cached<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const existing = cache.get(key);
  if (existing) return existing;

  const loading = load();
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  return loading;
}

function siblingLocation(location: string, fileName: string): string {
  return location.replace(/[^/\\]*$/, fileName);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
