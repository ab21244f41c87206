/**
 * Test factories for workspace accounts: users with roles, API tokens and registered projects.
 * Every user gets the same password, hashed once per test run, so that factories stay fast.
 */
import type { Kysely } from "kysely";
import { hashPassword } from "../accounts/password.js";
import { createApiToken } from "../accounts/tokens.js";
import type { DB } from "../db/types.js";
import type { JurisdictionRole, ProjectMode, ProjectRole } from "../db/types-accounts.js";
import { createProject, uniqueId } from "./factories.js";

/** The password of every user made by `createTestUser`. */
export const TEST_PASSWORD = "correct horse battery staple";

let passwordHash: Promise<string> | undefined;

/** A stored user with a valid API token. */
export interface TestUser {
  id: number;
  email: string;
  token: string;
}

/** Inserts a user with jurisdiction roles and memberships, and issues it an API token. */
export async function createTestUser(
  db: Kysely<DB>,
  options: {
    jurisdictionRoles?: JurisdictionRole[];
    memberships?: { projectId: string; role: ProjectRole }[];
    organisationId?: string;
    email?: string;
  } = {},
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = options.email ?? `${uniqueId("user")}@example.test`;
  const user = await db
    .insertInto("users")
    .values({
      email,
      display_name: `Name of ${email}`,
      organisation_id: options.organisationId ?? null,
      password_hash: await passwordHash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of options.jurisdictionRoles ?? []) {
    await db.insertInto("jurisdiction_roles").values({ user_id: user.id, role }).execute();
  }
  for (const membership of options.memberships ?? []) {
    await db
      .insertInto("project_memberships")
      .values({
        project_id: membership.projectId,
        user_id: user.id,
        role: membership.role,
        added_by: null,
      })
      .execute();
  }
  const issued = await createApiToken(db, user.id, "test", new Date(), 1);
  return { id: user.id, email, token: issued.token };
}

/** Inserts a project registered in the workspace, with its agency. */
export async function createRegisteredProject(
  db: Kysely<DB>,
  agencyId: string,
  mode: ProjectMode = "long_term",
): Promise<string> {
  const project = await createProject(db, { public_authority_id: agencyId });
  await db
    .insertInto("workspace_projects")
    .values({
      project_id: project.id,
      mode,
      contract_amount: 2_000_000_000,
      contract_currency: "KRW",
      start_date: "2026-01-01",
      planned_completion_date: "2027-12-31",
      agency_id: agencyId,
      registered_by: null,
    })
    .execute();
  return project.id;
}
