/**
 * The notification outbox: messages are written in the transaction of the event that causes
 * them and sent later by `dispatchOutbox`, so a rolled-back event notifies no one and a sent
 * event is never forgotten.
 */
import type { Kysely } from "kysely";
import type { Language } from "../i18n/index.js";
import { notificationTables, type NotificationChannel } from "./tables.js";
import type { TemplateKey } from "./templates.js";

/** A message to enqueue. */
export interface NotificationInput {
  /**
   * Unique per event and recipient, such as `share-approved:claim-4-line-2`: enqueueing the
   * same key again adds nothing, so a repeated event never notifies twice.
   */
  idempotencyKey: string;
  channel: NotificationChannel;
  /** An e-mail address or a phone number. */
  recipient: string;
  template: TemplateKey;
  /** Amounts, ids and dates for the template; never names, phones or account numbers. */
  parameters: Record<string, string>;
  language: Language;
  now: Date;
}

/**
 * Adds a message to the outbox inside the caller's transaction (or on its own when given the
 * database). Returns false when a message with the same idempotency key exists already.
 */
export async function enqueueNotification<T>(
  trx: Kysely<T>,
  input: NotificationInput,
): Promise<boolean> {
  const inserted = await notificationTables(trx)
    .insertInto("notification_outbox")
    .values({
      idempotency_key: input.idempotencyKey,
      channel: input.channel,
      recipient: input.recipient,
      template: input.template,
      parameters: JSON.stringify(input.parameters),
      language: input.language,
      status: "pending",
      next_attempt_at: input.now,
      created_at: input.now,
    })
    .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}
