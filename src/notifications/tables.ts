/**
 * Kysely types of the notification outbox and the payee self-check tables (migration
 * 0014_notifications_selfcheck.sql), and `notificationTables` to widen a query builder to them.
 */
import type { Generated, JSONColumnType, Kysely } from "kysely";
import type { Language } from "../i18n/index.js";

export type NotificationChannel = "email" | "sms";
export type NotificationStatus = "pending" | "sent" | "failed";

export interface NotificationOutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  parameters: JSONColumnType<Record<string, string>, string, string>;
  language: Language;
  status: NotificationStatus;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface SelfcheckCodesTable {
  id: Generated<number>;
  payee_key: string;
  code_hash: string;
  expires_at: Date;
  attempts: Generated<number>;
  used_at: Date | null;
  created_at: Date;
}

export interface SelfcheckSessionsTable {
  id_hash: string;
  payee_key: string;
  expires_at: Date;
}

// A type alias, not an interface, because withTables needs an index-compatible record.
export type NotificationTables = {
  notification_outbox: NotificationOutboxTable;
  selfcheck_codes: SelfcheckCodesTable;
  selfcheck_sessions: SelfcheckSessionsTable;
};

/** A query builder (or transaction) that sees the notification and self-check tables. */
export type NotificationsDb = Kysely<NotificationTables>;

/** Returns `db` typed to see the notification tables; the connection is the same. */
export function notificationTables<T>(db: Kysely<T>): NotificationsDb {
  return db.withTables<NotificationTables>() as unknown as NotificationsDb;
}
