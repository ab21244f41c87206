import { sql, type Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { JurisdictionRole } from "../db/types-accounts.js";
import { errors, type Problem } from "../http/errors.js";
import { organisationIdOf } from "../projects/store-values.js";
import { foldForSearch } from "../shared/text.js";
import { recordAudit } from "./audit.js";
import { hashPassword, passwordProblem } from "./password.js";

/** Every jurisdiction role, in the order forms list them. */
export const JURISDICTION_ROLES: readonly JurisdictionRole[] = [
  "administrator",
  "agency_manager",
  "agency_official",
  "auditor",
];

/** User fields returned to other code, without the password hash. */
export interface UserSummary {
  id: number;
  email: string;
  displayName: string;
  organisationId: string | null;
  disabled: boolean;
  jurisdictionRoles: JurisdictionRole[];
}

/** Fields needed to create a user. */
export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  organisationId?: string | null | undefined;
  jurisdictionRoles?: JurisdictionRole[] | undefined;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates a user with a hashed password and its jurisdiction roles, and records it in the
 * audit trail, all in one transaction. Throws invalid_input naming each bad field, and
 * conflict when the e-mail address is taken (ignoring case).
 */
export async function createUser(
  db: Kysely<DB>,
  user: NewUser,
  actor: { userId: number | null; clientAddress?: string | null },
): Promise<UserSummary> {
  const email = user.email.trim();
  const displayName = user.displayName.trim();
  const problems: Problem[] = [];
  if (!EMAIL_PATTERN.test(email))
    problems.push({ path: "email", message: "must be an e-mail address" });
  if (displayName === "") problems.push({ path: "displayName", message: "is missing" });
  else if (displayName.length > DISPLAY_NAME_MAX) {
    problems.push({
      path: "displayName",
      message: `must be at most ${DISPLAY_NAME_MAX} characters`,
    });
  }
  const weak = passwordProblem(user.password);
  if (weak) problems.push({ path: "password", message: weak });
  for (const role of user.jurisdictionRoles ?? []) {
    if (!JURISDICTION_ROLES.includes(role)) {
      problems.push({ path: "jurisdictionRoles", message: `"${role}" is not a jurisdiction role` });
    }
  }
  if (user.organisationId) {
    const organisation = await db
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", user.organisationId)
      .executeTakeFirst();
    if (!organisation) {
      problems.push({ path: "organisationId", message: "no organisation has this id" });
    }
  }
  if (problems.length > 0) throw errors.invalidInput(problems);

  const passwordHash = await hashPassword(user.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where(sql<string>`lower(email)`, "=", email.toLowerCase())
      .executeTakeFirst();
    if (taken) {
      throw errors.invalidInput([
        { path: "email", message: "another account already uses this e-mail address" },
      ]);
    }

    const row = await trx
      .insertInto("users")
      .values({
        email,
        display_name: displayName,
        organisation_id: user.organisationId || null,
        password_hash: passwordHash,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const roles = [...new Set(user.jurisdictionRoles ?? [])];
    if (roles.length > 0) {
      await trx
        .insertInto("jurisdiction_roles")
        .values(roles.map((role) => ({ user_id: row.id, role })))
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "user.create",
      subject: `user:${row.id}`,
      outcome: "success",
      clientAddress: actor.clientAddress ?? null,
      details: { jurisdictionRoles: roles, organisationId: user.organisationId ?? null },
    });
    return {
      id: row.id,
      email,
      displayName,
      organisationId: user.organisationId || null,
      disabled: false,
      jurisdictionRoles: roles,
    };
  });
}

/** Returns the user with this id and its jurisdiction roles, or undefined. */
export async function getUser(db: Kysely<DB>, id: number): Promise<UserSummary | undefined> {
  const users = await listUsers(db, { id });
  return users[0];
}

/** Lists users with their jurisdiction roles, ordered by display name. */
export async function listUsers(
  db: Kysely<DB>,
  filter: { id?: number } = {},
): Promise<UserSummary[]> {
  let query = db
    .selectFrom("users")
    .select(["id", "email", "display_name", "organisation_id", "disabled"])
    .orderBy("display_name")
    .orderBy("id");
  if (filter.id !== undefined) query = query.where("id", "=", filter.id);
  const rows = await query.execute();
  if (rows.length === 0) return [];

  const roles = await db
    .selectFrom("jurisdiction_roles")
    .select(["user_id", "role"])
    .where(
      "user_id",
      "in",
      rows.map((row) => row.id),
    )
    .orderBy("role")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    organisationId: row.organisation_id,
    disabled: row.disabled,
    jurisdictionRoles: roles.filter((role) => role.user_id === row.id).map((role) => role.role),
  }));
}

/** Counts the users holding the administrator role who are not disabled. */
export async function countAdministrators(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("jurisdiction_roles")
    .innerJoin("users", "users.id", "jurisdiction_roles.user_id")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("role", "=", "administrator")
    .where("users.disabled", "=", false)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Maximum length of a user's display name, in characters. */
export const DISPLAY_NAME_MAX = 200;
/** An org-id.guide list code, such as KR-BRN or GB-COH. */
const IDENTIFIER_SCHEME = /^[A-Za-z]{2}-[A-Za-z0-9]{1,30}$/;
/** An identifier within its scheme; it becomes part of the organisation's id and addresses. */
const IDENTIFIER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Creates an organisation that users can belong to and projects can name as their ordering
 * agency. Its id follows the importer's rule ("<scheme>-<id>" or "name-<folded name>"), so a
 * later import of the same body finds it. Throws invalid_input for a missing name and conflict
 * when the id exists.
 */
export async function createOrganisation(
  db: Kysely<DB>,
  input: { name: string; identifierScheme?: string | undefined; identifierId?: string | undefined },
  actor: { userId: number | null; clientAddress?: string | null },
): Promise<{ id: string; name: string }> {
  const name = input.name.trim();
  const scheme = input.identifierScheme?.trim() || undefined;
  const identifierId = input.identifierId?.trim() || undefined;
  const problems: Problem[] = [];
  if (name === "") problems.push({ path: "name", message: "is missing" });
  if (Boolean(scheme) !== Boolean(identifierId)) {
    problems.push({
      path: scheme ? "identifierId" : "identifierScheme",
      message: "give both the identifier scheme and the identifier, or neither",
    });
  }
  if (scheme && !IDENTIFIER_SCHEME.test(scheme)) {
    problems.push({
      path: "identifierScheme",
      message:
        "must be an org-id.guide scheme: two letters, a hyphen and letters or digits, such as KR-BRN",
    });
  }
  if (identifierId && (!IDENTIFIER_ID.test(identifierId) || identifierId.includes(".."))) {
    problems.push({
      path: "identifierId",
      message:
        "must be at most 100 letters, digits, hyphens, dots and underscores, starting with a letter or digit",
    });
  }
  const id = organisationIdOf(scheme ? { scheme, id: identifierId } : undefined, name);
  if (problems.length > 0 || id === null) {
    throw errors.invalidInput(
      problems.length > 0 ? problems : [{ path: "name", message: "has no letters or digits" }],
    );
  }

  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", id)
      .executeTakeFirst();
    if (existing) throw errors.conflict(`An organisation with id "${id}" already exists.`);

    await trx
      .insertInto("organisations")
      .values({
        id,
        name,
        identifier_scheme: scheme ?? null,
        identifier_id: identifierId ?? null,
        legal_name: null,
        address: null,
        contact_point: null,
        search_text: foldForSearch(name),
      })
      .execute();
    // Organisations are public data, so the change also goes into the public record history.
    await trx
      .insertInto("events")
      .values({
        actor: actor.userId === null ? "system" : `user:${actor.userId}`,
        project_id: null,
        entity_type: "organisation",
        entity_id: id,
        action: "create",
        before: null,
        after: JSON.stringify({ id, name, identifierScheme: scheme, identifierId }),
      })
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "organisation.create",
      subject: `organisation:${id}`,
      outcome: "success",
      clientAddress: actor.clientAddress ?? null,
      details: { name },
    });
    return { id, name };
  });
}
