import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { Principal, ProjectAccess } from "./permissions.js";

/** Loads the principal of an enabled user, or undefined when the user is gone or disabled. */
export async function loadPrincipal(
  db: Kysely<DB>,
  userId: number,
): Promise<Principal | undefined> {
  const user = await db
    .selectFrom("users")
    .select(["id", "display_name", "organisation_id"])
    .where("id", "=", userId)
    .where("disabled", "=", false)
    .executeTakeFirst();
  if (!user) return undefined;

  const roles = await db
    .selectFrom("jurisdiction_roles")
    .select("role")
    .where("user_id", "=", userId)
    .execute();
  return {
    userId: user.id,
    displayName: user.display_name,
    organisationId: user.organisation_id,
    jurisdictionRoles: roles.map((row) => row.role),
  };
}

/**
 * Loads the principal's roles in a project and the project's workspace mode. Returns
 * undefined when no project has this id.
 */
export async function loadProjectAccess(
  db: Kysely<DB>,
  principal: Principal,
  projectId: string,
): Promise<ProjectAccess | undefined> {
  const project = await db
    .selectFrom("projects")
    .leftJoin("workspace_projects", "workspace_projects.project_id", "projects.id")
    .select(["projects.id", "workspace_projects.mode"])
    .where("projects.id", "=", projectId)
    .executeTakeFirst();
  if (!project) return undefined;

  const memberships = await db
    .selectFrom("project_memberships")
    .select("role")
    .where("project_id", "=", projectId)
    .where("user_id", "=", principal.userId)
    .execute();
  return {
    projectId,
    mode: project.mode ?? null,
    roles: memberships.map((row) => row.role),
  };
}
