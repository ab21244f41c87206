import { sql, type Kysely } from "kysely";
import type { DB } from "../db/types.js";

/** A public project an organisation takes part in, with its roles there. */
export interface OrganisationProject {
  id: string;
  title: string;
  status: string | null;
  roles: string[];
  budgetAmount: number | null;
  budgetCurrency: string | null;
  /** Contract value that concerns the organisation in this project, per currency. */
  contractValues: { amount: number; currency: string }[];
  isDemo: boolean;
}

/** An organisation, its public projects and the totals per currency. */
export interface OrganisationView {
  id: string;
  name: string;
  identifierScheme: string | null;
  identifierId: string | null;
  projects: OrganisationProject[];
  totals: { currency: string; budget: number; contractValue: number }[];
}

/**
 * Loads an organisation with every public project where it is the public authority, a party
 * (any role) or a supplier of a contract. The contract value counted for a project is the
 * value of the organisation's own contracts when it is a supplier there, otherwise the
 * contract value of all the project's processes. Returns undefined for an unknown id.
 *
 * TODO: replace with getOrganisationOverview from src/projects/organisations.ts once it exists,
 * so that the portal and the API count totals the same way.
 */
export async function loadOrganisationView(
  db: Kysely<DB>,
  id: string,
): Promise<OrganisationView | undefined> {
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "name", "identifier_scheme", "identifier_id"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!organisation) return undefined;

  const rows = await sql<{
    id: string;
    title: string;
    status: string | null;
    roles: string[];
    budget_amount: number | null;
    budget_currency: string | null;
    is_demo: boolean;
    supplied: { amount: number; currency: string }[];
    processes: { amount: number; currency: string }[];
  }>`
    select p.id, p.title, p.status, p.budget_amount, p.budget_currency, p.is_demo,
      array(
        select distinct role from (
          select unnest(pp.roles) as role from project_parties pp
          where pp.project_id = p.id and pp.organisation_id = ${id}
          union all select 'publicAuthority' where p.public_authority_id = ${id}
          union all select 'supplier' from contract_suppliers cs
          where cs.project_id = p.id and cs.organisation_id = ${id}
        ) as roles order by role
      ) as roles,
      coalesce((
        select jsonb_agg(jsonb_build_object('amount', c.value_amount, 'currency', c.value_currency))
        from contracts c join contract_suppliers cs
          on cs.project_id = c.project_id and cs.process_id = c.process_id and cs.contract_id = c.id
        where c.project_id = p.id and cs.organisation_id = ${id}
          and c.value_amount is not null and c.value_currency is not null
      ), '[]'::jsonb) as supplied,
      coalesce((
        select jsonb_agg(jsonb_build_object(
          'amount', cp.contract_value_amount, 'currency', cp.contract_value_currency))
        from contracting_processes cp
        where cp.project_id = p.id
          and cp.contract_value_amount is not null and cp.contract_value_currency is not null
      ), '[]'::jsonb) as processes
    from projects p
    where p.is_public and (
      p.public_authority_id = ${id}
      or exists (select 1 from project_parties pp
        where pp.project_id = p.id and pp.organisation_id = ${id})
      or exists (select 1 from contract_suppliers cs
        where cs.project_id = p.id and cs.organisation_id = ${id}))
    order by p.period_start desc nulls last, p.title`.execute(db);

  const projects = rows.rows.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    roles: row.roles,
    budgetAmount: row.budget_amount === null ? null : Number(row.budget_amount),
    budgetCurrency: row.budget_currency,
    contractValues: sumByCurrency(row.supplied.length > 0 ? row.supplied : row.processes),
    isDemo: row.is_demo,
  }));

  return {
    id: organisation.id,
    name: organisation.name,
    identifierScheme: organisation.identifier_scheme,
    identifierId: organisation.identifier_id,
    projects,
    totals: totalsOf(projects),
  };
}

function sumByCurrency(values: { amount: number; currency: string }[]) {
  const totals = new Map<string, number>();
  for (const { amount, currency } of values) {
    totals.set(currency, (totals.get(currency) ?? 0) + Number(amount));
  }
  return [...totals].map(([currency, amount]) => ({ amount, currency }));
}

function totalsOf(projects: OrganisationProject[]): OrganisationView["totals"] {
  const totals = new Map<string, { budget: number; contractValue: number }>();
  const entry = (currency: string) => {
    const existing = totals.get(currency) ?? { budget: 0, contractValue: 0 };
    totals.set(currency, existing);
    return existing;
  };
  for (const project of projects) {
    if (project.budgetAmount !== null && project.budgetCurrency) {
      entry(project.budgetCurrency).budget += project.budgetAmount;
    }
    for (const value of project.contractValues) entry(value.currency).contractValue += value.amount;
  }
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sums]) => ({ currency, ...sums }));
}
