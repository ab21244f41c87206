import type { Kysely, Selectable } from "kysely";
import type { DB } from "../db/types.js";
import type { AuditEventsTable } from "../db/types-accounts.js";

/** One entry of the audit trail. `details` must never hold a password, token or session id. */
export interface AuditEntry {
  actorUserId: number | null;
  /** What was done, as `area.verb`: auth.login, user.create, project.register. */
  action: string;
  /** What it was done to: "user:7", "project:<id>", "organisation:<id>". */
  subject?: string | null;
  outcome: "success" | "failure" | "denied";
  clientAddress?: string | null;
  details?: Record<string, unknown>;
  /** When it happened; the database time when not given. */
  occurredAt?: Date;
}

/** Writes one entry to the audit trail, inside the caller's transaction when given one. */
export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject: entry.subject ?? null,
      outcome: entry.outcome,
      client_address: entry.clientAddress ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ...(entry.occurredAt ? { occurred_at: entry.occurredAt } : {}),
    })
    .execute();
}

/** Filters of the audit trail listing. */
export interface AuditQuery {
  actorUserId?: number | undefined;
  subject?: string | undefined;
  /** Entries with an id below this one, for paging back in time. */
  before?: number | undefined;
  limit?: number | undefined;
}

/** Lists audit entries, newest first. */
export async function listAuditEvents(
  db: Kysely<DB>,
  query: AuditQuery = {},
): Promise<Selectable<AuditEventsTable>[]> {
  let select = db.selectFrom("audit_events").selectAll().orderBy("id", "desc");
  if (query.actorUserId !== undefined)
    select = select.where("actor_user_id", "=", query.actorUserId);
  if (query.subject !== undefined) select = select.where("subject", "=", query.subject);
  if (query.before !== undefined) select = select.where("id", "<", query.before);
  return select.limit(query.limit ?? 100).execute();
}
