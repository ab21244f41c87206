/**
 * Sends the outbox's due messages through their channel's adapter, retrying failures with
 * exponential backoff until a message has used its attempts.
 */
import type { Kysely } from "kysely";
import type { Clock } from "../accounts/clock.js";
import { log } from "../log.js";
import type { SmsAdapter } from "./sms.js";
import type { EmailAdapter } from "./smtp.js";
import { notificationTables } from "./tables.js";
import { isTemplateKey, renderTemplate } from "./templates.js";

/** The adapters of each channel. Without an e-mail adapter, e-mail messages stay pending. */
export interface NotificationAdapters {
  email: EmailAdapter | undefined;
  sms: SmsAdapter;
}

/** Limits of one dispatch run. */
export interface DispatchOptions {
  /** Messages taken per run. */
  batchSize?: number;
  /** Attempts after which a message is marked failed. */
  maxAttempts?: number;
  /** Delay before the first retry, in milliseconds; it doubles with each attempt, up to an hour. */
  retryBaseMs?: number;
}

/** Counts of one run's outcomes. */
export interface DispatchOutcome {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * How long a taken message is kept from other dispatchers while it is being sent. A process
 * that stops between sending and recording the result leaves the message to be sent again
 * after this lease, so delivery is at least once.
 */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** Sends every due pending message once; returns the counts of each outcome. */
export async function dispatchOutbox<T>(
  database: Kysely<T>,
  adapters: NotificationAdapters,
  clock: Clock,
  options: DispatchOptions = {},
): Promise<DispatchOutcome> {
  const db = notificationTables(database);
  const batchSize = options.batchSize ?? 50;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const outcome: DispatchOutcome = { sent: 0, retrying: 0, failed: 0 };

  const now = clock();
  const channels = adapters.email ? (["email", "sms"] as const) : (["sms"] as const);
  const due = await db
    .selectFrom("notification_outbox")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where("channel", "in", channels)
    .orderBy("id")
    .limit(batchSize)
    .execute();

  for (const message of due) {
    // Taking the lease succeeds for one dispatcher only: the row must be unchanged since read.
    const taken = await db
      .updateTable("notification_outbox")
      .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS) })
      .where("id", "=", message.id)
      .where("status", "=", "pending")
      .where("next_attempt_at", "=", message.next_attempt_at)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) continue;

    const attempts = message.attempts + 1;
    try {
      if (!isTemplateKey(message.template)) {
        throw new Error(`unknown template ${message.template}`);
      }
      const text = renderTemplate(message.template, message.language, message.parameters);
      if (message.channel === "email") {
        await adapters.email!.send({ to: message.recipient, ...text });
      } else {
        await adapters.sms.send({ to: message.recipient, body: text.body });
      }
      await db
        .updateTable("notification_outbox")
        .set({ status: "sent", attempts, sent_at: clock(), last_error: null })
        .where("id", "=", message.id)
        .execute();
      outcome.sent += 1;
    } catch (error) {
      // Relays may quote the address in their reply; the error is stored and logged without it.
      const reason = (error instanceof Error ? error.message : String(error)).replaceAll(
        message.recipient,
        "[recipient]",
      );
      const failed = attempts >= maxAttempts;
      const delay = Math.min(retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      await db
        .updateTable("notification_outbox")
        .set({
          status: failed ? "failed" : "pending",
          attempts,
          last_error: reason,
          next_attempt_at: new Date(clock().getTime() + delay),
        })
        .where("id", "=", message.id)
        .execute();
      log.warn(
        { messageId: message.id, channel: message.channel, attempts, failed, reason },
        failed ? "notification failed; no more attempts" : "notification failed; will retry",
      );
      if (failed) outcome.failed += 1;
      else outcome.retrying += 1;
    }
  }
  return outcome;
}
