import { z } from "@hono/zod-openapi";
import { invalidParameters } from "../api/problems.js";
import type { Problem } from "../http/errors.js";
import { loadCodelists } from "../mapping/codelists.js";

/** Sort keys of the project list. A leading "-" sorts in descending order. */
export const PROJECT_SORTS = [
  "title",
  "-title",
  "budget",
  "-budget",
  "start",
  "-start",
  "updated",
  "-updated",
] as const;

export type ProjectSort = (typeof PROJECT_SORTS)[number];

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 10_000;
export const MAX_SEARCH_TERMS = 10;
export const DEFAULT_SORT: ProjectSort = "-updated";

/** Codelist codes: letters, digits and dots, as in "transport.road". */
const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9.]*$/;

/** Treats an empty form field ("?q=") as an absent one. */
function emptyToUndefined(value: unknown): unknown {
  return value === "" ? undefined : value;
}

/** Splits repeated and comma-separated values ("a,b" or "a&x=b") into one list of codes. */
function splitCodes(value: unknown): unknown {
  if (value === undefined || value === "") return undefined;
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  const codes = values
    .flatMap((item) => (typeof item === "string" ? item.split(",") : [item]))
    .map((item) => (typeof item === "string" ? item.trim() : item))
    .filter((item) => item !== "");
  return codes.length > 0 ? codes : undefined;
}

function codeList(description: string, example: string) {
  return z
    .preprocess(
      splitCodes,
      z
        .array(
          z.string().regex(CODE_PATTERN, {
            error: "must be a code of letters, digits and dots, such as transport.road",
          }),
        )
        .max(50, { error: "must list at most 50 codes" })
        .optional(),
    )
    .openapi({
      description: `${description} Repeat the parameter or separate codes with commas.`,
      example: [example],
    });
}

function text(maxLength: number, description: string) {
  return z
    .preprocess(
      emptyToUndefined,
      z
        .string({ error: "must be given once, as text" })
        .trim()
        .max(maxLength, { error: `must be at most ${maxLength} characters` })
        .optional(),
    )
    .openapi({ description, type: "string" });
}

function amount(description: string) {
  return z
    .preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: "must be a number, such as 1500000.50" })
        .min(0, { error: "must be zero or more" })
        .refine(Number.isFinite, { error: "must be a finite number" })
        .optional(),
    )
    .openapi({ description, type: "number" });
}

function isoDate(description: string) {
  return z
    .preprocess(
      emptyToUndefined,
      z.iso.date({ error: "must be a date in the form YYYY-MM-DD" }).optional(),
    )
    .openapi({ description, type: "string", format: "date" });
}

function positiveInteger(maximum: number, description: string) {
  const range = `must be a whole number from 1 to ${maximum}`;
  // One problem per parameter: a number too large to be exact fails as out of range alone.
  return z
    .preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: "must be a whole number" })
        .max(maximum, { error: range, abort: true })
        .int({ error: "must be a whole number", abort: true })
        .min(1, { error: range })
        .optional(),
    )
    .openapi({ description, type: "integer", minimum: 1, maximum });
}

/**
 * Query parameters of the project list, shared by the JSON API (validation and OpenAPI) and the
 * portal's search form. Every field is optional, and an empty value counts as absent.
 */
export const projectSearchQuery = z
  .object({
    q: text(
      200,
      "Words to find in the title, description or organisation names, ignoring case and accents.",
    ),
    status: codeList("OC4IDS projectStatus codes.", "implementation"),
    sector: codeList("OC4IDS projectSector codes.", "transport.road"),
    type: codeList("OC4IDS projectType codes.", "construction"),
    district: text(200, "Locality or region of one of the project's locations, ignoring case."),
    agency: text(
      200,
      "Organisation id of the ordering agency (public authority, buyer or procuring entity).",
    ),
    contractor: text(200, "Organisation id of a supplier of one of the project's contracts."),
    budgetMin: amount("Smallest budget, in major units of the project's currency."),
    budgetMax: amount("Largest budget, in major units of the project's currency."),
    from: isoDate("Projects whose period ends on or after this date."),
    to: isoDate("Projects whose period starts on or before this date."),
    sort: z
      .preprocess(
        emptyToUndefined,
        z.enum(PROJECT_SORTS, { error: `must be one of ${PROJECT_SORTS.join(", ")}` }).optional(),
      )
      .openapi({
        description: `Sort order; a leading "-" sorts descending. Default ${DEFAULT_SORT}.`,
        type: "string",
        enum: [...PROJECT_SORTS],
      }),
    page: positiveInteger(MAX_PAGE, "Page number, from 1."),
    pageSize: positiveInteger(MAX_PAGE_SIZE, `Projects per page, default ${DEFAULT_PAGE_SIZE}.`),
  })
  .superRefine((query, context) => {
    if (
      query.budgetMin !== undefined &&
      query.budgetMax !== undefined &&
      query.budgetMin > query.budgetMax
    ) {
      context.addIssue({
        code: "custom",
        path: ["budgetMax"],
        message: "must not be less than budgetMin",
      });
    }
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      context.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
    }
  });

/** A checked project search, in which absent fields do not filter. */
export type ProjectSearchQuery = z.output<typeof projectSearchQuery>;

/**
 * Checks raw query parameters (from `URLSearchParams` or an object of strings) and returns the
 * search. Throws the "invalid_input" AppError naming each bad parameter and the reason.
 */
export function parseProjectSearchQuery(
  parameters: URLSearchParams | Record<string, unknown>,
): ProjectSearchQuery {
  const input = parameters instanceof URLSearchParams ? groupParameters(parameters) : parameters;
  const parsed = projectSearchQuery.safeParse(input);
  if (!parsed.success) throw invalidParameters(parsed.error);
  return parsed.data;
}

function groupParameters(parameters: URLSearchParams): Record<string, string | string[]> {
  const grouped: Record<string, string | string[]> = {};
  for (const key of new Set(parameters.keys())) {
    const values = parameters.getAll(key);
    grouped[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return grouped;
}

/**
 * Names the `status` codes of a search that the OC4IDS projectStatus codelist beside the
 * configured schema does not have. Returns no problem when that codelist is unavailable.
 */
export async function unknownStatusProblems(
  query: ProjectSearchQuery,
  schemaLocation: string,
): Promise<Problem[]> {
  if (!query.status || query.status.length === 0) return [];
  const codes = (await loadCodelists(schemaLocation)).status?.map((entry) => entry.code);
  if (!codes || codes.length === 0) return [];
  const unknown = query.status.filter((code) => !codes.includes(code));
  if (unknown.length === 0) return [];
  const named = unknown.map((code) => `"${code}"`).join(", ");
  return [
    {
      path: "status",
      message: `${named} ${unknown.length === 1 ? "is" : "are"} not in the OC4IDS projectStatus codelist; use ${codes.join(", ")}`,
    },
  ];
}
