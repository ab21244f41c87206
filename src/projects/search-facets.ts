import { sql, type Kysely } from "kysely";
import type { DB } from "../db/types.js";

/** Party roles that make an organisation the ordering agency of a project (OC4IDS partyRole). */
export const AGENCY_ROLES = ["publicAuthority", "buyer", "procuringEntity"] as const;

/** Builds a SQL `text[]` literal of bound values. */
export function textArray(values: readonly string[]) {
  return sql`array[${sql.join(values.map((value) => sql.val(value)))}]::text[]`;
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
