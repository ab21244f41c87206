/**
 * The public overview of one organisation: who it is, the public projects it takes part in and
 * its totals, for the API and the portal's organisation page.
 */
import { z } from "@hono/zod-openapi";
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { fromMinorUnits } from "../shared/money.js";
import { AGENCY_ROLES, textArray } from "./search-facets.js";
import { moneySchema, projectSummarySchema, summariseProjects } from "./search-summaries.js";

/** Projects listed in an overview at most; `projectCount` still counts them all. */
export const OVERVIEW_PROJECT_LIMIT = 100;

export const organisationOverviewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    legalName: z.string().nullable(),
    identifier: z.object({ scheme: z.string().nullable(), id: z.string().nullable() }).nullable(),
    projectCount: z.number().int(),
    projects: z.array(
      projectSummarySchema.extend({
        roles: z.array(z.string()).openapi({
          description: "OC4IDS party roles of the organisation in this project.",
        }),
      }),
    ),
    totals: z.object({
      budget: z.array(moneySchema).openapi({
        description:
          "Sum of the budgets of its public projects, one entry per currency; each project counts once.",
      }),
      contractValue: z.array(moneySchema).openapi({
        description:
          "Sum of the values of contracts it supplies, procures or commissions as public authority, one entry per currency.",
      }),
    }),
  })
  .openapi("OrganisationOverview");

/** An organisation with its public projects and totals per currency. */
export type OrganisationOverview = z.infer<typeof organisationOverviewSchema>;

/**
 * Builds the overview of organisation `id`, or returns undefined when there is no such
 * organisation. Only public projects count. The organisation's contact details are left out,
 * because the overview is public and they may name a person.
 */
export async function getOrganisationOverview(
  db: Kysely<DB>,
  id: string,
  options: { projectLimit?: number } = {},
): Promise<OrganisationOverview | undefined> {
  const organisationId = (await organisationExists(db, id))
    ? id
    : await organisationOfPartyId(db, id);
  if (organisationId === undefined) return undefined;
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "name", "legal_name", "identifier_scheme", "identifier_id"])
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();

  const roles = await projectRoles(db, organisation.id);
  const projectIds = [...roles.keys()];
  const listed = await summariseProjects(
    db,
    projectIds.slice(0, options.projectLimit ?? OVERVIEW_PROJECT_LIMIT),
  );

  return {
    id: organisation.id,
    name: organisation.name,
    legalName: organisation.legal_name,
    identifier:
      organisation.identifier_scheme || organisation.identifier_id
        ? { scheme: organisation.identifier_scheme, id: organisation.identifier_id }
        : null,
    projectCount: projectIds.length,
    projects: listed.map((summary) => ({ ...summary, roles: roles.get(summary.id) ?? [] })),
    totals: {
      budget: await budgetTotals(db, projectIds),
      contractValue: await contractValueTotals(db, id),
    },
  };
}

/**
 * Maps each public project of the organisation to its roles there, latest update first. Roles
 * are its party roles, plus publicAuthority, procuringEntity and supplier wherever the project,
 * a contracting process or a contract names it.
 */
async function projectRoles(
  db: Kysely<DB>,
  organisationId: string,
): Promise<Map<string, string[]>> {
  const result = await sql<{ project_id: string; roles: string[] }>`
    select p.id as project_id, array_agg(distinct role order by role) as roles
    from projects p
    join (
      select pp.project_id, unnest(pp.roles) as role from project_parties pp
      where pp.organisation_id = ${organisationId}
      union all
      select id, 'publicAuthority' from projects where public_authority_id = ${organisationId}
      union all
      select project_id, 'procuringEntity' from contracting_processes
      where procuring_entity_id = ${organisationId}
      union all
      select project_id, 'supplier' from contract_suppliers where organisation_id = ${organisationId}
    ) as taken on taken.project_id = p.id
    where p.is_public
    group by p.id, p.updated, p.modified_at
    order by coalesce(p.updated, p.modified_at) desc, p.id`.execute(db);
  return new Map(result.rows.map((row) => [row.project_id, row.roles]));
}

type MinorTotal = { currency: string; total: number | string };

function toMoney(rows: MinorTotal[]): { amount: number; currency: string }[] {
  return rows.map((row) => ({
    amount: fromMinorUnits(Number(row.total), row.currency),
    currency: row.currency,
  }));
}

async function budgetTotals(db: Kysely<DB>, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  const rows = await db
    .selectFrom("projects")
    .select(["budget_currency as currency", sql<string>`sum(budget_amount)`.as("total")])
    .where("id", "in", projectIds)
    .where("budget_amount", "is not", null)
    .where("budget_currency", "is not", null)
    .groupBy("budget_currency")
    .orderBy("budget_currency")
    .execute();
  return toMoney(rows as MinorTotal[]);
}

/** Sums each contract once, whether the organisation supplies it or orders it. */
async function contractValueTotals(db: Kysely<DB>, organisationId: string) {
  const result = await sql<MinorTotal>`
    select c.value_currency as currency, sum(c.value_amount) as total
    from contracts c
    join projects p on p.id = c.project_id and p.is_public
    join contracting_processes cp on cp.project_id = c.project_id and cp.id = c.process_id
    where c.value_amount is not null and c.value_currency is not null
      and (
        exists (
          select 1 from contract_suppliers cs
          where cs.project_id = c.project_id and cs.process_id = c.process_id
            and cs.contract_id = c.id and cs.organisation_id = ${organisationId})
        or cp.procuring_entity_id = ${organisationId}
        or p.public_authority_id = ${organisationId}
        or exists (
          select 1 from project_parties pp
          where pp.project_id = p.id and pp.organisation_id = ${organisationId}
            and pp.roles && ${textArray(AGENCY_ROLES)})
      )
    group by c.value_currency
    order by c.value_currency`.execute(db);
  return toMoney(result.rows);
}

async function organisationExists(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom("organisations")
    .select("id")
    .where("id", "=", id)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Resolves a party id as the exported OC4IDS JSON gives it (`parties[].id`) to the organisation
 * it stands for, when every public project that uses the id means the same organisation.
 */
async function organisationOfPartyId(db: Kysely<DB>, partyId: string): Promise<string | undefined> {
  const rows = await db
    .selectFrom("project_parties")
    .innerJoin("projects", "projects.id", "project_parties.project_id")
    .select("project_parties.organisation_id")
    .distinct()
    .where("project_parties.party_id", "=", partyId)
    .where("projects.is_public", "=", true)
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0]?.organisation_id : undefined;
}
