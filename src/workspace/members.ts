import type { Kysely } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { DB } from "../db/types.js";
import type { ProjectRole } from "../db/types-accounts.js";
import { errors } from "../http/errors.js";

/** Every project role, in the order forms list them. */
export const PROJECT_ROLES: readonly ProjectRole[] = [
  "agency_official",
  "supervisor",
  "prime_contractor",
  "subcontractor",
];

/** A user's role in a project, as the workspace shows it. E-mail addresses are left out. */
export interface ProjectMember {
  userId: number;
  displayName: string;
  organisationId: string | null;
  organisationName: string | null;
  role: ProjectRole;
  addedAt: Date;
}

/** Who changes the membership, from where, and when. */
export interface MembershipActor {
  userId: number;
  clientAddress: string | null;
  now: Date;
}

/** Lists a project's members by role, then name. */
export async function listMembers(db: Kysely<DB>, projectId: string): Promise<ProjectMember[]> {
  const rows = await db
    .selectFrom("project_memberships")
    .innerJoin("users", "users.id", "project_memberships.user_id")
    .leftJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id as userId",
      "users.display_name as displayName",
      "users.organisation_id as organisationId",
      "organisations.name as organisationName",
      "project_memberships.role",
      "project_memberships.added_at as addedAt",
    ])
    .where("project_memberships.project_id", "=", projectId)
    .orderBy("users.display_name")
    .execute();
  return rows.sort((a, b) => PROJECT_ROLES.indexOf(a.role) - PROJECT_ROLES.indexOf(b.role));
}

/**
 * Links a user to a registered project in a role, and records it in the audit trail. Throws
 * invalid_input when the user does not exist or the project is not registered in the
 * workspace, and conflict when the user already holds the role there.
 */
export async function addMember(
  db: Kysely<DB>,
  projectId: string,
  member: { userId: number; role: ProjectRole },
  actor: MembershipActor,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const registered = await trx
      .selectFrom("workspace_projects")
      .select("project_id")
      .where("project_id", "=", projectId)
      .executeTakeFirst();
    if (!registered) {
      throw errors.conflict(
        `Project ${projectId} is not registered in the workspace; register it first.`,
      );
    }
    const user = await trx
      .selectFrom("users")
      .select("id")
      .where("id", "=", member.userId)
      .where("disabled", "=", false)
      .executeTakeFirst();
    if (!user)
      throw errors.invalidInput([{ path: "userId", message: "no active user has this id" }]);

    const existing = await trx
      .selectFrom("project_memberships")
      .select("role")
      .where("project_id", "=", projectId)
      .where("user_id", "=", member.userId)
      .where("role", "=", member.role)
      .executeTakeFirst();
    if (existing) throw errors.conflict("The user already holds this role in the project.");

    await trx
      .insertInto("project_memberships")
      .values({
        project_id: projectId,
        user_id: member.userId,
        role: member.role,
        added_by: actor.userId,
        added_at: actor.now,
      })
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "project.member.add",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { userId: member.userId, role: member.role },
      occurredAt: actor.now,
    });
  });
}

/** Removes a user's role from a project. Throws not_found when the user does not hold it. */
export async function removeMember(
  db: Kysely<DB>,
  projectId: string,
  member: { userId: number; role: ProjectRole },
  actor: MembershipActor,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("project_memberships")
      .where("project_id", "=", projectId)
      .where("user_id", "=", member.userId)
      .where("role", "=", member.role)
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) throw errors.notFound("This membership");

    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "project.member.remove",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { userId: member.userId, role: member.role },
      occurredAt: actor.now,
    });
  });
}
