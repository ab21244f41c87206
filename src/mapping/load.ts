import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { mappingSchema, type FieldMapping, type Mapping } from "./schema.js";

/** A mapping file that cannot be read or does not match the mapping format. */
export class MappingError extends Error {
  constructor(
    /** One line per problem: "mapping.yaml: fields.status.values: expected ...". */
    readonly problems: string[],
  ) {
    super(problems.join("\n"));
    this.name = "MappingError";
  }
}

/** Formats zod issues as "<file>: <path>: <reason>" lines. */
function describeIssues(fileName: string, issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const at = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
    return `${fileName}: ${at}: ${issue.message}`;
  });
}

/**
 * Checks a parsed mapping document (from YAML, JSON or a database row) and fills in defaults.
 * Throws MappingError naming each invalid field path; `fileName` prefixes every message.
 */
export function checkMapping(document: unknown, fileName = "mapping"): Mapping {
  const result = mappingSchema.safeParse(document);
  if (!result.success) throw new MappingError(describeIssues(fileName, result.error.issues));
  return result.data;
}

/**
 * Reads a mapping file: YAML for `.yaml` and `.yml`, JSON for `.json`. Throws MappingError
 * when the file is missing, is not well-formed or does not match the mapping format.
 */
export async function loadMapping(file: string): Promise<Mapping> {
  const fileName = path.basename(file);
  const extension = path.extname(file).toLowerCase();
  if (![".yaml", ".yml", ".json"].includes(extension)) {
    throw new MappingError([`${fileName}: expected a .yaml, .yml or .json mapping file`]);
  }

  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new MappingError([`${fileName}: ${reason}`]);
  }

  if (extension !== ".json") return checkMapping(readYaml(text, fileName), fileName);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MappingError([`${fileName}: invalid JSON: ${(error as Error).message}`]);
  }
  return checkMapping(document, fileName);
}

/**
 * Parses a YAML mapping. A warning, such as an unknown tag like `!!js/function`, fails the
 * mapping rather than being printed: the value would otherwise be read as plain text.
 */
function readYaml(text: string, fileName: string): unknown {
  const document = parseDocument(text);
  const [error] = document.errors;
  if (error) throw new MappingError([`${fileName}: invalid YAML: ${error.message}`]);
  if (document.warnings.length > 0) {
    throw new MappingError(
      document.warnings.map((warning) => {
        const line = warning.linePos?.[0].line;
        const at = line === undefined ? "" : ` line ${line}:`;
        if (warning.code !== "TAG_RESOLVE_FAILED") {
          return `${fileName}:${at} invalid YAML: ${warning.message.split("\n")[0]}`;
        }
        const tag = text.slice(warning.pos[0], warning.pos[1]);
        return `${fileName}:${at} unknown YAML tag ${tag}; a mapping contains only plain values`;
      }),
    );
  }
  return document.toJS();
}

/** Lists the columns a field reads. */
export function fieldColumns(field: FieldMapping | undefined): string[] {
  if (!field) return [];
  return field.columns ?? (field.column === undefined ? [] : [field.column]);
}

/** Lists every column the mapping reads, once each, in the order the mapping names them. */
export function mappingColumns(mapping: Mapping): string[] {
  const columns: string[] = [];
  const id = mapping.project.id;
  if ("column" in id) columns.push(id.column);
  else for (const match of id.template.matchAll(/\{([^{}]+)\}/g)) columns.push(match[1] ?? "");

  const fields = mapping.fields;
  const location = fields.location;
  const process = fields.contractingProcess;
  const simple: (FieldMapping | undefined)[] = [
    fields.title,
    fields.description,
    fields.status,
    fields.type,
    fields.sector,
    fields.purpose,
    fields["publicAuthority.name"],
    fields["budget.amount"],
    fields["period.startDate"],
    fields["period.endDate"],
    fields["period.durationInMonths"],
    fields.physicalProgress,
    location?.latitude,
    location?.longitude,
    location?.description,
    location?.streetAddress,
    location?.locality,
    location?.region,
    location?.postalCode,
    process?.id,
    process?.title,
    process?.procurementMethodDetails,
    process?.externalReference,
    process?.tenderYear,
    process?.contractValue,
    process?.supplier?.name,
    process?.supplier?.identifier?.id,
  ];
  for (const field of simple) columns.push(...fieldColumns(field));
  columns.push(...(fields.photos?.columns ?? []));
  for (const document of fields.documents ?? []) columns.push(document.column);
  return [...new Set(columns)];
}
