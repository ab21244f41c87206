/**
 * Reconciliation: settling every payment whose outcome is open, from what the bank reports.
 * Two sources feed it: asking the bank by idempotency key (reconcileWithBank), and the
 * bank's statements and notifications, camt.053 and camt.054 (applyBankReport). Both apply
 * the same transitions, so either may run first and both may run on the same payment.
 */
import { log } from "../log.js";
import type { BankAdapter, BankPaymentStatus } from "./banks/adapter.js";
import type { BankReport } from "./iso20022/camt.js";
import type { PaymentsDb } from "./tables.js";
import { applyBankStatus, type TransitionResult } from "./transitions.js";

/** Counts of what reconciliation did. */
export interface ReconcileOutcome {
  checked: number;
  settled: number;
  rejected: number;
  returned: number;
  /** Payments the bank never received, back to pending so that a batch sends them again. */
  requeued: number;
  unchanged: number;
}

/** Keys per status query, so that one call stays small. */
const QUERY_CHUNK = 200;

/**
 * Asks the bank about every payment that is sent or unknown (or pending after an attempt),
 * optionally of one project only, and applies each reported status. A query that times out leaves its
 * payments as they were and raises, so the next run asks again.
 */
export async function reconcileWithBank(
  db: PaymentsDb,
  bank: BankAdapter,
  options: { projectId?: string } = {},
): Promise<ReconcileOutcome> {
  let query = db
    .selectFrom("payments")
    .innerJoin("payment_shares", "payment_shares.id", "payments.share_id")
    .select("payments.idempotency_key")
    .where((where) =>
      where.or([
        where("payments.status", "in", ["sent", "unknown"]),
        where.and([where("payments.status", "=", "pending"), where("payments.attempts", ">", 0)]),
      ]),
    )
    .orderBy("payments.id");
  if (options.projectId) query = query.where("payment_shares.project_id", "=", options.projectId);
  const keys = (await query.execute()).map((row) => row.idempotency_key);

  const outcome = emptyOutcome();
  for (let start = 0; start < keys.length; start += QUERY_CHUNK) {
    const statuses = await bank.getPaymentStatus(keys.slice(start, start + QUERY_CHUNK));
    for (const status of statuses) count(outcome, await applyBankStatus(db, status));
  }
  if (outcome.settled + outcome.rejected + outcome.returned + outcome.requeued > 0) {
    log.info({ bank: bank.name, ...outcome }, "payments reconciled with the bank");
  }
  return outcome;
}

/** Counts and references from applying a statement or notification. */
export interface ReportOutcome extends ReconcileOutcome {
  /** EndToEndIds of booked transactions that match no payment (other movements of the account). */
  unmatched: string[];
  /** EndToEndIds whose booked amount or currency differs from the payment; nothing was applied. */
  mismatched: string[];
  /** Entries not yet booked (PDNG, INFO), which change nothing. */
  notBooked: number;
}

/**
 * Applies a camt.053 statement or camt.054 notification: a booked debit settles its payment,
 * a booked credit with return information rejects (or returns) it. A transaction whose amount
 * or currency differs from its payment is reported as mismatched and applies nothing, because
 * only a person can tell which side is wrong.
 */
export async function applyBankReport(db: PaymentsDb, report: BankReport): Promise<ReportOutcome> {
  const outcome: ReportOutcome = { ...emptyOutcome(), unmatched: [], mismatched: [], notBooked: 0 };

  for (const entry of report.entries) {
    if (entry.status !== "BOOK") {
      outcome.notBooked += 1;
      continue;
    }
    for (const transaction of entry.transactions) {
      const key = transaction.endToEndId;
      if (!key) continue;
      const payment = await db
        .selectFrom("payments")
        .select(["amount", "currency"])
        .where("idempotency_key", "=", key)
        .executeTakeFirst();
      if (!payment) {
        outcome.unmatched.push(key);
        continue;
      }
      if (payment.amount !== transaction.amount || payment.currency !== transaction.currency) {
        outcome.mismatched.push(key);
        continue;
      }

      const isReturn = transaction.creditDebit === "CRDT";
      if (isReturn && !transaction.returnReason) {
        outcome.unmatched.push(key);
        continue;
      }
      const status: BankPaymentStatus = {
        idempotencyKey: key,
        state: isReturn ? "rejected" : "settled",
        ...(entry.accountServicerReference
          ? { bankReference: entry.accountServicerReference }
          : {}),
        ...(transaction.returnReason ? { reason: transaction.returnReason } : {}),
      };
      count(outcome, await applyBankStatus(db, status));
    }
  }

  if (outcome.mismatched.length > 0) {
    log.warn(
      { messageId: report.messageId, mismatched: outcome.mismatched },
      "bank report amounts differ from the payments; they need a person to reconcile them",
    );
  }
  return outcome;
}

function emptyOutcome(): ReconcileOutcome {
  return { checked: 0, settled: 0, rejected: 0, returned: 0, requeued: 0, unchanged: 0 };
}

function count(outcome: ReconcileOutcome, result: TransitionResult | undefined): void {
  outcome.checked += 1;
  if (result === "settled") outcome.settled += 1;
  else if (result === "rejected") outcome.rejected += 1;
  else if (result === "returned") outcome.returned += 1;
  else if (result === "requeued") outcome.requeued += 1;
  else outcome.unchanged += 1;
}
