/**
 * Running notifications in a process: building the configured adapters, one cycle (enqueue
 * what settled payments and hold events call for, then dispatch), and the server's interval.
 */
import type { Kysely } from "kysely";
import type { Clock } from "../accounts/clock.js";
import { shareHoldEvents, type ShareHoldEvent } from "../claims/compliance.js";
import { claimTables } from "../claims/tables.js";
import { enqueueWaitingDigests, type DigestSettings } from "../dashboards/digest.js";
import type { Config } from "../config.js";
import type { DB } from "../db/types.js";
import { log } from "../log.js";
import { dispatchOutbox, type DispatchOutcome, type NotificationAdapters } from "./dispatch.js";
import { notifySettledPayments, notifyShareHold } from "./payment-events.js";
import type { NotificationSettings } from "./settings.js";
import { FileSmsAdapter } from "./sms.js";
import { SmtpEmailAdapter } from "./smtp.js";

/** Builds the adapters the settings name: SMTP when configured, and the file SMS adapter. */
export function createConfiguredAdapters(
  settings: NotificationSettings,
  clock: Clock,
): NotificationAdapters {
  return {
    email: settings.smtp ? new SmtpEmailAdapter(settings.smtp) : undefined,
    sms: new FileSmsAdapter(settings.smsFile, clock),
  };
}

/**
 * Returns the daily digest's settings: its link goes to `PUBLIC_URL`'s workspace, or to this
 * server's own address when `PUBLIC_URL` is not set.
 */
export function digestSettings(config: Config): DigestSettings {
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  return {
    approvalDays: config.workspace.approvalDays,
    workspaceUrl: `${base.replace(/\/+$/, "")}/workspace`,
  };
}

/**
 * Enqueues the notices of settled payments and, with `digest`, each user's daily notice of
 * what waits for them (see `enqueueWaitingDigests`), then sends every due message once.
 */
export async function runNotificationCycle(
  db: Kysely<DB>,
  adapters: NotificationAdapters,
  clock: Clock,
  digest?: DigestSettings,
): Promise<DispatchOutcome & { enqueued: number }> {
  let enqueued = await notifySettledPayments(claimTables(db), clock());
  if (digest) enqueued += await enqueueWaitingDigests(db, clock(), digest);
  const outcome = await dispatchOutbox(db, adapters, clock);
  return { ...outcome, enqueued };
}

/**
 * Runs a cycle every `intervalSeconds` and enqueues a notice for each hold placed or released
 * in this process. Returns the function that stops both.
 *
 * NOTE: hold events arrive after their transaction commits, so a process that stops between
 * the commit and the enqueue loses that one notice. The hold itself is kept.
 */
export function startNotifications(
  db: Kysely<DB>,
  adapters: NotificationAdapters,
  clock: Clock,
  intervalSeconds: number,
  digest?: DigestSettings,
): () => void {
  let running = false;
  // This process works out the digests once per UTC day. The outbox's idempotency keys stop
  // a second process, or a restart, from sending a user two on the same day.
  let digestDay: string | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const today = clock().toISOString().slice(0, 10);
    const digestNow = digest && digestDay !== today ? digest : undefined;
    runNotificationCycle(db, adapters, clock, digestNow)
      .then((outcome) => {
        if (digestNow) digestDay = today;
        return outcome;
      })
      .then((outcome) => {
        if (outcome.sent + outcome.retrying + outcome.failed > 0) {
          log.info(outcome, "notifications dispatched");
        }
      })
      .catch((error: unknown) => log.error({ err: error }, "notification cycle failed"))
      .finally(() => {
        running = false;
      });
  }, intervalSeconds * 1000);
  timer.unref();

  const onHold = (held: boolean) => (event: ShareHoldEvent) => {
    const eventId = `${event.documentKind}:${clock().toISOString()}`;
    notifyShareHold(
      claimTables(db),
      { shareId: event.shareId, eventId, held, reason: event.reason },
      clock(),
    ).catch((error: unknown) =>
      log.error({ err: error, shareId: event.shareId }, "hold notification failed"),
    );
  };
  const onHeld = onHold(true);
  const onReleased = onHold(false);
  shareHoldEvents.on("held", onHeld);
  shareHoldEvents.on("released", onReleased);

  return () => {
    clearInterval(timer);
    shareHoldEvents.off("held", onHeld);
    shareHoldEvents.off("released", onReleased);
  };
}
