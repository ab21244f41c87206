import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { newSecret, secretSha256 } from "./secrets.js";

/** A new web session: the id goes into the cookie and is not stored anywhere else. */
export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Starts a web session for `userId` that ends `hours` after `now`.
 *
 * TODO: delete expired sessions and API tokens on a schedule. They are ignored once expired
 * but stay in their tables until then.
 */
export async function createSession(
  db: Kysely<DB>,
  userId: number,
  now: Date,
  hours: number,
): Promise<NewSession> {
  const sessionId = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await db
    .insertInto("sessions")
    .values({
      id_sha256: secretSha256(sessionId),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { sessionId, csrfToken, expiresAt };
}

/** Returns the user and CSRF token of a session that has not expired at `now`. */
export async function findSession(
  db: Kysely<DB>,
  sessionId: string,
  now: Date,
): Promise<{ userId: number; csrfToken: string } | undefined> {
  const row = await db
    .selectFrom("sessions")
    .select(["user_id", "csrf_token"])
    .where("id_sha256", "=", secretSha256(sessionId))
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? { userId: row.user_id, csrfToken: row.csrf_token } : undefined;
}

/** Ends a session. Ending one that does not exist does nothing. */
export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_sha256", "=", secretSha256(sessionId)).execute();
}
