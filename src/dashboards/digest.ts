/**
 * The daily e-mail notice of what waits for each user: how many items, how many overdue, and
 * where to see them. It carries counts only, never titles or names, like every notification.
 */
import type { Kysely } from "kysely";
import { loadPrincipal } from "../accounts/principal.js";
import { dateOf } from "../claims/deadlines.js";
import type { DB } from "../db/types.js";
import { isLanguage, type Language } from "../i18n/index.js";
import { log } from "../log.js";
import { enqueueNotification } from "../notifications/outbox.js";
import { listWaiting } from "./waiting.js";

/** Settings of the daily digest, read from the configuration. */
export interface DigestSettings {
  /** Days a decision may wait before it counts as overdue. */
  approvalDays: number;
  /** The workspace's address, such as `https://obras.example.org/workspace`. */
  workspaceUrl: string;
}

/**
 * Enqueues one e-mail per enabled user with something waiting, at most once per user and UTC
 * day (the idempotency key contains the day). A user with nothing waiting gets nothing. The
 * language is the default language of the jurisdiction of the user's first waiting project,
 * or English. Returns how many notices were enqueued.
 */
export async function enqueueWaitingDigests(
  db: Kysely<DB>,
  now: Date,
  settings: DigestSettings,
): Promise<number> {
  const today = dateOf(now);
  const users = await db
    .selectFrom("users")
    .select(["id", "email"])
    .where("disabled", "=", false)
    .orderBy("id")
    .execute();
  let enqueued = 0;
  for (const user of users) {
    const principal = await loadPrincipal(db, user.id);
    if (!principal) continue;
    const waiting = await listWaiting(db, principal, now, settings.approvalDays);
    if (waiting.items.length === 0) continue;

    const overdue = waiting.items.filter((item) => item.overdue).length;
    const added = await enqueueNotification(db, {
      idempotencyKey: `waiting-digest:${user.id}:${today}`,
      channel: "email",
      recipient: user.email,
      template: "waiting_digest",
      parameters: {
        count: String(waiting.items.length),
        overdue: String(overdue),
        projects: String(waiting.projects.length),
        workspaceUrl: settings.workspaceUrl,
      },
      language: await languageOf(db, waiting.items[0]!.projectId),
      now,
    });
    if (added) enqueued += 1;
  }
  if (enqueued > 0) log.info({ enqueued, day: today }, "waiting digests enqueued");
  return enqueued;
}

async function languageOf(db: Kysely<DB>, projectId: string): Promise<Language> {
  const row = await db
    .selectFrom("projects")
    .innerJoin("jurisdictions", "jurisdictions.id", "projects.jurisdiction_id")
    .select("jurisdictions.default_language")
    .where("projects.id", "=", projectId)
    .executeTakeFirst();
  const language = row?.default_language ?? undefined;
  return isLanguage(language) ? language : "en";
}
