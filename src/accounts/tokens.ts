import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { newSecret, secretSha256 } from "./secrets.js";

/** Prefix of every API token, so that a leaked one is easy to recognise in a scan. */
export const TOKEN_PREFIX = "ccs_";

/** Issues an API token for `userId`, valid for `days` from `now`. Returns the token once. */
export async function createApiToken(
  db: Kysely<DB>,
  userId: number,
  name: string,
  now: Date,
  days: number,
): Promise<{ id: number; token: string; expiresAt: Date }> {
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const row = await db
    .insertInto("api_tokens")
    .values({
      token_sha256: secretSha256(token),
      user_id: userId,
      name,
      created_at: now,
      expires_at: expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

/**
 * Returns the user of a token that is neither expired nor revoked at `now`, and records the
 * time of its use.
 */
export async function useApiToken(
  db: Kysely<DB>,
  token: string,
  now: Date,
): Promise<{ userId: number; tokenId: number } | undefined> {
  const row = await db
    .updateTable("api_tokens")
    .set({ last_used_at: now })
    .where("token_sha256", "=", secretSha256(token))
    .where("expires_at", ">", now)
    .where("revoked_at", "is", null)
    .returning(["id", "user_id"])
    .executeTakeFirst();
  return row ? { userId: row.user_id, tokenId: row.id } : undefined;
}

/** Revokes a token by its id. */
export async function revokeApiToken(db: Kysely<DB>, tokenId: number, now: Date): Promise<void> {
  await db
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("id", "=", tokenId)
    .where("revoked_at", "is", null)
    .execute();
}
