import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import type { DB } from "../db/types.js";
import { AmountError, toMinorUnits } from "../shared/money.js";
import { escapeLikePattern, foldForSearch } from "../shared/text.js";
import { AGENCY_ROLES, textArray } from "./search-facets.js";
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SORT,
  MAX_SEARCH_TERMS,
  type ProjectSearchQuery,
  type ProjectSort,
} from "./search-query.js";
import { summariseProjects, type ProjectSummary } from "./search-summaries.js";

export * from "./search-query.js";
export * from "./search-summaries.js";
export * from "./search-facets.js";

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
    .select("projects.id")
    .where(filter)
    .orderBy(order.column, (modifier) =>
      order.descending ? modifier.desc().nullsLast() : modifier.asc().nullsLast(),
    )
    .orderBy("projects.id")
    .limit(pageSize)
    .offset(offset)
    .execute();
  const items = await summariseProjects(
    db,
    found.map((row) => row.id),
  );
  return { total, items };
}

/** A project's place on a map of search results. */
export interface ProjectMarker {
  id: string;
  title: string;
  latitude: number;
  longitude: number;
}

/** Markers drawn at most on one map; past this a map of the results shows the first ones. */
export const MARKER_LIMIT = 2000;

/**
 * Finds the map position of every public project matching `query`, across all pages: the
 * first location with coordinates of each, ordered by id. Returns at most `limit` markers.
 */
export async function searchProjectMarkers(
  db: Kysely<DB>,
  query: ProjectSearchQuery,
  limit = MARKER_LIMIT,
): Promise<ProjectMarker[]> {
  const budgetBounds = await minorUnitBounds(db, query);
  const rows = await db
    .selectFrom("projects")
    .innerJoin("project_locations as location", "location.project_id", "projects.id")
    .select(["projects.id", "projects.title", "location.latitude", "location.longitude"])
    .distinctOn("projects.id")
    .where((eb) => eb.and(projectConditions(eb, query, budgetBounds)))
    .where("location.latitude", "is not", null)
    .where("location.longitude", "is not", null)
    .orderBy("projects.id")
    .orderBy("location.position")
    .limit(limit)
    .execute();
  return rows.flatMap((row) =>
    row.latitude === null || row.longitude === null
      ? []
      : [{ id: row.id, title: row.title, latitude: row.latitude, longitude: row.longitude }],
  );
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
