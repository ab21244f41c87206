import { z } from "@hono/zod-openapi";
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import { invalidParameters } from "../api/problems.js";
import type { DB } from "../db/types.js";
import { AmountError, fromMinorUnits, toMinorUnits } from "../shared/money.js";
import { escapeLikePattern, foldForSearch } from "../shared/text.js";

/** Party roles that make an organisation the ordering agency of a project (OC4IDS partyRole). */
export const AGENCY_ROLES = ["publicAuthority", "buyer", "procuringEntity"] as const;

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
const MAX_PAGE = 10_000;
const MAX_SEARCH_TERMS = 10;
const DEFAULT_SORT: ProjectSort = "-updated";

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
  return z
    .preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: "must be a whole number" })
        .int({ error: "must be a whole number" })
        .min(1, { error: `must be a whole number from 1 to ${maximum}` })
        .max(maximum, { error: `must be a whole number from 1 to ${maximum}` })
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

/** An amount in major units of its currency, as published in JSON. */
export const moneySchema = z.object({ amount: z.number(), currency: z.string() }).openapi("Money");

/** One project in a list: what a search result, a map marker or a card needs. */
export const projectSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.string().nullable(),
    type: z.string().nullable(),
    sector: z.array(z.string()),
    budget: moneySchema.nullable(),
    period: z
      .object({
        startDate: z.string().nullable().openapi({ format: "date-time" }),
        endDate: z.string().nullable().openapi({ format: "date-time" }),
      })
      .nullable(),
    publicAuthority: z.object({ id: z.string(), name: z.string() }).nullable(),
    location: z
      .object({
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
        locality: z.string().nullable(),
        region: z.string().nullable(),
      })
      .nullable(),
    updated: z.string().nullable().openapi({ format: "date-time" }),
    isDemo: z.boolean(),
  })
  .openapi("ProjectSummary");

export type ProjectSummary = z.infer<typeof projectSummarySchema>;

/** One page of search results and the number of matching projects across all pages. */
export interface ProjectSearchResult {
  total: number;
  items: ProjectSummary[];
}

type ProjectsBuilder = ExpressionBuilder<DB, "projects">;

/**
 * Finds public projects matching `query`, one page at a time.
 *
 * Text terms must all match (each in the project's folded search text or in the folded name of
 * one of its organisations). Code lists match any of their codes. Budgets compare in minor
 * units of each project's own currency, so projects without a budget never match a budget bound.
 */
export async function searchProjects(
  db: Kysely<DB>,
  query: ProjectSearchQuery,
): Promise<ProjectSearchResult> {
  const budgetBounds = await minorUnitBounds(db, query);
  const filter = (eb: ProjectsBuilder) => eb.and(projectConditions(eb, query, budgetBounds));

  const counted = await db
    .selectFrom("projects")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where(filter)
    .executeTakeFirstOrThrow();
  const total = Number(counted.total);

  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = query.page ?? 1;
  const offset = (page - 1) * pageSize;
  if (total === 0 || offset >= total) return { total, items: [] };

  const order = sortOrder(query.sort ?? DEFAULT_SORT);
  const found = await db
    .selectFrom("projects")
    .leftJoin("organisations as authority", "authority.id", "projects.public_authority_id")
    .select([
      "projects.id",
      "projects.title",
      "projects.status",
      "projects.type",
      "projects.sector",
      "projects.budget_amount",
      "projects.budget_currency",
      "projects.period_start",
      "projects.period_end",
      "projects.updated",
      "projects.modified_at",
      "projects.is_demo",
      "projects.public_authority_id",
      "authority.name as authority_name",
    ])
    .where(filter)
    .orderBy(order.column, (modifier) =>
      order.descending ? modifier.desc().nullsLast() : modifier.asc().nullsLast(),
    )
    .orderBy("projects.id")
    .limit(pageSize)
    .offset(offset)
    .execute();

  const locations = await firstLocations(
    db,
    found.map((row) => row.id),
  );
  const items = found.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    type: row.type,
    sector: row.sector,
    budget:
      row.budget_amount !== null && row.budget_currency
        ? {
            amount: fromMinorUnits(row.budget_amount, row.budget_currency),
            currency: row.budget_currency,
          }
        : null,
    period:
      row.period_start || row.period_end
        ? { startDate: isoOrNull(row.period_start), endDate: isoOrNull(row.period_end) }
        : null,
    publicAuthority:
      row.public_authority_id && row.authority_name
        ? { id: row.public_authority_id, name: row.authority_name }
        : null,
    location: locations.get(row.id) ?? null,
    updated: isoOrNull(row.updated),
    isDemo: row.is_demo,
  }));
  return { total, items };
}

/** Minor-unit budget bounds for each currency in use, or undefined without a budget filter. */
type BudgetBounds = { currency: string; min?: number; max?: number }[] | undefined;

async function minorUnitBounds(db: Kysely<DB>, query: ProjectSearchQuery): Promise<BudgetBounds> {
  if (query.budgetMin === undefined && query.budgetMax === undefined) return undefined;

  const currencies = await db
    .selectFrom("projects")
    .select("budget_currency")
    .distinct()
    .where("budget_currency", "is not", null)
    .execute();
  return currencies.map(({ budget_currency }) => {
    const currency = budget_currency ?? "";
    return {
      currency,
      min: query.budgetMin === undefined ? undefined : toMinorOrLimit(query.budgetMin, currency),
      max: query.budgetMax === undefined ? undefined : toMinorOrLimit(query.budgetMax, currency),
    };
  });
}

/** Converts a bound to minor units; a bound too large to hold exactly is above every budget. */
function toMinorOrLimit(amount: number, currency: string): number {
  try {
    return toMinorUnits(amount, currency);
  } catch (error) {
    if (error instanceof AmountError) return Number.MAX_SAFE_INTEGER;
    throw error;
  }
}

function projectConditions(
  eb: ProjectsBuilder,
  query: ProjectSearchQuery,
  budgetBounds: BudgetBounds,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [eb("projects.is_public", "=", true)];

  for (const term of searchTerms(query.q)) {
    conditions.push(textMatches(eb, `%${escapeLikePattern(term)}%`));
  }
  if (query.status) conditions.push(eb("projects.status", "in", query.status));
  if (query.type) conditions.push(eb("projects.type", "in", query.type));
  if (query.sector) conditions.push(sql<SqlBool>`projects.sector && ${textArray(query.sector)}`);
  if (query.district) conditions.push(inDistrict(eb, query.district));
  if (query.agency) conditions.push(hasAgency(eb, query.agency));
  if (query.contractor) conditions.push(hasContractor(eb, query.contractor));
  if (budgetBounds) conditions.push(budgetWithin(eb, budgetBounds));
  if (query.from || query.to) conditions.push(periodOverlaps(eb, query.from, query.to));

  return conditions;
}

/** Folds the text query and splits it into at most MAX_SEARCH_TERMS words. */
function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  return foldForSearch(q).split(" ").filter(Boolean).slice(0, MAX_SEARCH_TERMS);
}

function textArray(values: readonly string[]) {
  return sql`array[${sql.join(values.map((value) => sql.val(value)))}]::text[]`;
}

function textMatches(eb: ProjectsBuilder, pattern: string): Expression<SqlBool> {
  const like = (column: string) => sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
  return eb.or([
    like("projects.search_text"),
    eb.exists(
      eb
        .selectFrom("project_parties")
        .innerJoin("organisations", "organisations.id", "project_parties.organisation_id")
        .select(sql`1`.as("one"))
        .whereRef("project_parties.project_id", "=", "projects.id")
        .where(like("organisations.search_text")),
    ),
    eb.exists(
      eb
        .selectFrom("organisations")
        .select(sql`1`.as("one"))
        .whereRef("organisations.id", "=", "projects.public_authority_id")
        .where(like("organisations.search_text")),
    ),
  ]);
}

function inDistrict(eb: ProjectsBuilder, district: string): Expression<SqlBool> {
  const folded = district.toLowerCase();
  return eb.exists(
    eb
      .selectFrom("project_locations")
      .select(sql`1`.as("one"))
      .whereRef("project_locations.project_id", "=", "projects.id")
      .where((inner) =>
        inner.or([
          inner(sql`lower(project_locations.locality)`, "=", folded),
          inner(sql`lower(project_locations.region)`, "=", folded),
        ]),
      ),
  );
}

function hasAgency(eb: ProjectsBuilder, organisationId: string): Expression<SqlBool> {
  return eb.or([
    eb("projects.public_authority_id", "=", organisationId),
    eb.exists(
      eb
        .selectFrom("project_parties")
        .select(sql`1`.as("one"))
        .whereRef("project_parties.project_id", "=", "projects.id")
        .where("project_parties.organisation_id", "=", organisationId)
        .where(sql<SqlBool>`project_parties.roles && ${textArray(AGENCY_ROLES)}`),
    ),
    eb.exists(
      eb
        .selectFrom("contracting_processes")
        .select(sql`1`.as("one"))
        .whereRef("contracting_processes.project_id", "=", "projects.id")
        .where("contracting_processes.procuring_entity_id", "=", organisationId),
    ),
  ]);
}

function hasContractor(eb: ProjectsBuilder, organisationId: string): Expression<SqlBool> {
  return eb.or([
    eb.exists(
      eb
        .selectFrom("contract_suppliers")
        .select(sql`1`.as("one"))
        .whereRef("contract_suppliers.project_id", "=", "projects.id")
        .where("contract_suppliers.organisation_id", "=", organisationId),
    ),
    eb.exists(
      eb
        .selectFrom("project_parties")
        .select(sql`1`.as("one"))
        .whereRef("project_parties.project_id", "=", "projects.id")
        .where("project_parties.organisation_id", "=", organisationId)
        .where(sql<SqlBool>`'supplier' = any(project_parties.roles)`),
    ),
  ]);
}

function budgetWithin(eb: ProjectsBuilder, bounds: NonNullable<BudgetBounds>): Expression<SqlBool> {
  if (bounds.length === 0) return sql<SqlBool>`false`;
  return eb.or(
    bounds.map(({ currency, min, max }) => {
      const parts: Expression<SqlBool>[] = [eb("projects.budget_currency", "=", currency)];
      if (min !== undefined) parts.push(eb("projects.budget_amount", ">=", min));
      if (max !== undefined) parts.push(eb("projects.budget_amount", "<=", max));
      return eb.and(parts);
    }),
  );
}

/**
 * Keeps projects whose period overlaps [from, to] (whole days, UTC). A project with neither a
 * start nor an end date has no known period and never matches. A missing end means ongoing.
 */
function periodOverlaps(
  eb: ProjectsBuilder,
  from: string | undefined,
  to: string | undefined,
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [
    eb.or([eb("projects.period_start", "is not", null), eb("projects.period_end", "is not", null)]),
  ];
  if (from) {
    parts.push(
      eb.or([
        eb("projects.period_end", "is", null),
        eb("projects.period_end", ">=", new Date(`${from}T00:00:00Z`)),
      ]),
    );
  }
  if (to) {
    const dayAfter = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
    parts.push(
      eb.or([eb("projects.period_start", "is", null), eb("projects.period_start", "<", dayAfter)]),
    );
  }
  return eb.and(parts);
}

/** Maps a sort key to its column expression and direction. */
function sortOrder(sort: ProjectSort) {
  const descending = sort.startsWith("-");
  const key = (descending ? sort.slice(1) : sort) as "title" | "budget" | "start" | "updated";
  const columns = {
    title: sql`lower(projects.title)`,
    budget: sql`projects.budget_amount`,
    start: sql`projects.period_start`,
    updated: sql`coalesce(projects.updated, projects.modified_at)`,
  };
  return { column: columns[key], descending };
}

/** A code or place name and the number of public projects that have it. */
export interface Facet {
  value: string;
  count: number;
}

/** An organisation and the number of public projects it takes part in with that role. */
export interface OrganisationFacet {
  id: string;
  name: string;
  count: number;
}

/** The values the search form offers, each with how many public projects have it. */
export interface ProjectFacets {
  statuses: Facet[];
  sectors: Facet[];
  types: Facet[];
  districts: Facet[];
  agencies: OrganisationFacet[];
  contractors: OrganisationFacet[];
}

/**
 * Lists the distinct statuses, sectors, types, districts (locality or region), agencies and
 * contractors of public projects, each with its project count, most frequent first.
 */
export async function listFacets(db: Kysely<DB>): Promise<ProjectFacets> {
  const [statuses, sectors, types, districts, agencies, contractors] = await Promise.all([
    sql<Facet>`
      select status as value, count(*)::int as count from projects
      where is_public and status is not null
      group by status order by count desc, value`.execute(db),
    sql<Facet>`
      select code as value, count(distinct id)::int as count
      from projects, unnest(sector) as code
      where is_public
      group by code order by count desc, value`.execute(db),
    sql<Facet>`
      select type as value, count(*)::int as count from projects
      where is_public and type is not null
      group by type order by count desc, value`.execute(db),
    sql<Facet>`
      select place as value, count(distinct l.project_id)::int as count
      from project_locations l
      join projects p on p.id = l.project_id and p.is_public
      cross join lateral (values (l.locality), (l.region)) as places(place)
      where place is not null and place <> ''
      group by place order by count desc, value`.execute(db),
    sql<OrganisationFacet>`
      select o.id, o.name, count(distinct roles.project_id)::int as count
      from (
        select id as project_id, public_authority_id as organisation_id from projects
        where is_public and public_authority_id is not null
        union
        select pp.project_id, pp.organisation_id from project_parties pp
        join projects p on p.id = pp.project_id and p.is_public
        where pp.roles && ${textArray(AGENCY_ROLES)}
        union
        select cp.project_id, cp.procuring_entity_id from contracting_processes cp
        join projects p on p.id = cp.project_id and p.is_public
        where cp.procuring_entity_id is not null
      ) as roles
      join organisations o on o.id = roles.organisation_id
      group by o.id, o.name order by count desc, o.name`.execute(db),
    sql<OrganisationFacet>`
      select o.id, o.name, count(distinct roles.project_id)::int as count
      from (
        select cs.project_id, cs.organisation_id from contract_suppliers cs
        join projects p on p.id = cs.project_id and p.is_public
        union
        select pp.project_id, pp.organisation_id from project_parties pp
        join projects p on p.id = pp.project_id and p.is_public
        where 'supplier' = any(pp.roles)
      ) as roles
      join organisations o on o.id = roles.organisation_id
      group by o.id, o.name order by count desc, o.name`.execute(db),
  ]);
  return {
    statuses: statuses.rows,
    sectors: sectors.rows,
    types: types.rows,
    districts: districts.rows,
    agencies: agencies.rows,
    contractors: contractors.rows,
  };
}

/** Loads the location with the lowest position of each project, for markers and cards. */
async function firstLocations(
  db: Kysely<DB>,
  projectIds: string[],
): Promise<Map<string, NonNullable<ProjectSummary["location"]>>> {
  const located = new Map<string, NonNullable<ProjectSummary["location"]>>();
  if (projectIds.length === 0) return located;

  const rows = await db
    .selectFrom("project_locations")
    .select(["project_id", "latitude", "longitude", "locality", "region"])
    .where("project_id", "in", projectIds)
    .orderBy("project_id")
    .orderBy("position")
    .execute();
  for (const row of rows) {
    if (located.has(row.project_id)) continue;
    located.set(row.project_id, {
      latitude: row.latitude,
      longitude: row.longitude,
      locality: row.locality,
      region: row.region,
    });
  }
  return located;
}

function isoOrNull(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
