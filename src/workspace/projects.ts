import type { Kysely } from "kysely";
import { can, type Principal } from "../accounts/permissions.js";
import type { DB } from "../db/types.js";
import type { ProjectMode, ProjectRole } from "../db/types-accounts.js";
import { fromMinorUnits } from "../shared/money.js";
import { listMembers, type ProjectMember } from "./members.js";

/** A registered project in a workspace list. */
export interface WorkspaceProjectSummary {
  id: string;
  title: string;
  mode: ProjectMode;
  agencyName: string;
  startDate: string;
  plannedCompletionDate: string;
  /** The caller's roles in it; empty when seen through a jurisdiction role. */
  roles: ProjectRole[];
}

/** One registered project with its contract and members. */
export interface WorkspaceProject extends WorkspaceProjectSummary {
  agencyId: string;
  contractAmount: number;
  contractCurrency: string;
  registeredAt: Date;
  members: ProjectMember[];
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom("workspace_projects")
    .innerJoin("projects", "projects.id", "workspace_projects.project_id")
    .innerJoin("organisations", "organisations.id", "workspace_projects.agency_id")
    .select([
      "projects.id",
      "projects.title",
      "workspace_projects.mode",
      "workspace_projects.agency_id",
      "organisations.name as agencyName",
      "workspace_projects.start_date",
      "workspace_projects.planned_completion_date",
      "workspace_projects.contract_amount",
      "workspace_projects.contract_currency",
      "workspace_projects.registered_at",
    ]);
}

/**
 * Lists the registered projects the principal works on: all of them for the oversight roles
 * (administration mode), otherwise the projects it is a member of. Newest registration first.
 */
export async function listMyProjects(
  db: Kysely<DB>,
  principal: Principal,
): Promise<WorkspaceProjectSummary[]> {
  const memberships = await db
    .selectFrom("project_memberships")
    .select(["project_id", "role"])
    .where("user_id", "=", principal.userId)
    .execute();
  const rolesByProject = new Map<string, ProjectRole[]>();
  for (const row of memberships) {
    rolesByProject.set(row.project_id, [...(rolesByProject.get(row.project_id) ?? []), row.role]);
  }

  let query = baseQuery(db)
    .orderBy("workspace_projects.registered_at", "desc")
    .orderBy("projects.id");
  if (!can(principal, "project.list.all")) {
    if (rolesByProject.size === 0) return [];
    query = query.where("projects.id", "in", [...rolesByProject.keys()]);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    mode: row.mode,
    agencyName: row.agencyName,
    startDate: row.start_date,
    plannedCompletionDate: row.planned_completion_date,
    roles: rolesByProject.get(row.id) ?? [],
  }));
}

/** Returns a registered project with its members, or undefined when it is not registered. */
export async function getWorkspaceProject(
  db: Kysely<DB>,
  projectId: string,
  principal: Principal,
): Promise<WorkspaceProject | undefined> {
  const row = await baseQuery(db).where("projects.id", "=", projectId).executeTakeFirst();
  if (!row) return undefined;

  const members = await listMembers(db, projectId);
  return {
    id: row.id,
    title: row.title,
    mode: row.mode,
    agencyId: row.agency_id,
    agencyName: row.agencyName,
    startDate: row.start_date,
    plannedCompletionDate: row.planned_completion_date,
    contractAmount: fromMinorUnits(row.contract_amount, row.contract_currency),
    contractCurrency: row.contract_currency,
    registeredAt: row.registered_at,
    roles: members
      .filter((member) => member.userId === principal.userId)
      .map((member) => member.role),
    members,
  };
}
