/**
 * Applies a bank's payment status report (pain.002) to the payments of the pain.001 file it
 * reports on. A rejected transaction is marked rejected with the bank's reason code, which frees
 * its share's money: the next payment run pays the share again, unless the reason says the
 * payee's account cannot receive money, in which case the account is marked rejected and the
 * share is held until the payee registers another one. An accepted transaction stays sent and
 * waits for the statement (camt.053/054), which alone settles it.
 */
import { log } from "../log.js";
import type { PaymentStatusReport } from "./iso20022/pain002.js";
import type { PaymentsDb } from "./tables.js";
import { applyBankStatus } from "./transitions.js";

/**
 * Reason codes (ISO 20022 ExternalStatusReason1Code) that mean the creditor's account or bank
 * details cannot receive the transfer: incorrect, invalid or closed account number (AC01,
 * AC03, AC04, AC07), blocked account (AC06), transaction forbidden on this account (AG01),
 * inconsistent with the end customer (BE01), end customer deceased (MD07), and creditor bank
 * identifier incorrect (RC01). Any other reason, such as AM04 (insufficient funds) or FF01
 * (file format), leaves the account usable, so the share is paid again.
 */
export const ACCOUNT_REASONS: ReadonlySet<string> = new Set([
  "AC01",
  "AC03",
  "AC04",
  "AC06",
  "AC07",
  "AG01",
  "BE01",
  "MD07",
  "RC01",
]);

/** Status codes that mean the payment will not be made: rejected, or cancelled. */
const REJECTED = new Set(["RJCT", "CANC"]);

/** Counts and references from applying a status report. */
export interface StatusReportOutcome {
  /** Transactions matched to a payment. */
  checked: number;
  /** Payments marked rejected now; their shares may be paid again. */
  rejected: string[];
  /** Payments the bank accepted, which wait for the statement. */
  accepted: number;
  /** Bank accounts marked rejected because of the reason code, by id. */
  accountsRejected: number[];
  /** EndToEndIds that match no payment. */
  unmatched: string[];
  /** EndToEndIds whose amount or currency differs from the payment; nothing was applied. */
  mismatched: string[];
  /** Rejections of payments the bank's statement already settled; nothing was applied. */
  conflicting: string[];
}

/**
 * Applies the report. A status given for a whole file or block without transactions covers the
 * EndToEndIds that `keysOfMessage` lists for that message id. Without `keysOfMessage`, the
 * payments of the batch with that id are used. Applying the same report again changes nothing.
 */
export async function applyPaymentStatusReport(
  db: PaymentsDb,
  report: PaymentStatusReport,
  options: {
    keysOfMessage?: (messageId: string) => Promise<string[]>;
    /** When given, payments of other projects count as unmatched and are left alone. */
    projectId?: string;
  } = {},
): Promise<StatusReportOutcome> {
  const outcome: StatusReportOutcome = {
    checked: 0,
    rejected: [],
    accepted: 0,
    accountsRejected: [],
    unmatched: [],
    mismatched: [],
    conflicting: [],
  };
  const keysOf = options.keysOfMessage ?? ((messageId) => keysOfBatch(db, messageId));

  const statuses = report.transactions.map((transaction) => ({ ...transaction }));
  const wholeBlocks =
    report.transactions.length === 0 && report.blocksWithoutTransactions.length === 0
      ? report.groupStatus
        ? [
            {
              originalPaymentInfoId: report.originalMessageId,
              status: report.groupStatus,
              reason: report.groupReason,
            },
          ]
        : []
      : report.blocksWithoutTransactions;
  for (const block of wholeBlocks) {
    if (!block.status) continue;
    for (const key of await keysOf(block.originalPaymentInfoId)) {
      statuses.push({
        endToEndId: key,
        status: block.status,
        reason: block.reason,
        amount: null,
        currency: null,
      });
    }
  }

  for (const status of statuses) {
    let query = db
      .selectFrom("payments")
      .innerJoin("payment_shares", "payment_shares.id", "payments.share_id")
      .select([
        "payments.amount",
        "payments.currency",
        "payments.status",
        "payments.bank_account_id",
      ])
      .where("payments.idempotency_key", "=", status.endToEndId);
    if (options.projectId) query = query.where("payment_shares.project_id", "=", options.projectId);
    const payment = await query.executeTakeFirst();
    if (!payment) {
      outcome.unmatched.push(status.endToEndId);
      continue;
    }
    if (
      status.amount !== null &&
      (status.amount !== payment.amount || status.currency !== payment.currency)
    ) {
      outcome.mismatched.push(status.endToEndId);
      continue;
    }
    outcome.checked += 1;

    if (!REJECTED.has(status.status)) {
      await applyBankStatus(db, { idempotencyKey: status.endToEndId, state: "accepted" });
      outcome.accepted += 1;
      continue;
    }
    // A status report is sent before execution, and a statement that booked the payment is
    // later and firmer evidence, so a rejection never takes back settled money.
    if (payment.status === "settled") {
      outcome.conflicting.push(status.endToEndId);
      continue;
    }
    const reason = status.reason ?? status.status;
    const result = await applyBankStatus(db, {
      idempotencyKey: status.endToEndId,
      state: "rejected",
      reason,
    });
    if (result === "rejected") outcome.rejected.push(status.endToEndId);
    if (ACCOUNT_REASONS.has(reason)) {
      const marked = await db
        .updateTable("payee_bank_accounts")
        .set({
          status: "rejected",
          status_reason: `the bank rejected a payment to this account (${reason})`,
          verified_at: null,
        })
        .where("id", "=", payment.bank_account_id)
        .where("status", "!=", "rejected")
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) > 0) outcome.accountsRejected.push(payment.bank_account_id);
    }
  }

  if (outcome.mismatched.length + outcome.conflicting.length > 0) {
    log.warn(
      {
        messageId: report.messageId,
        mismatched: outcome.mismatched,
        conflicting: outcome.conflicting,
      },
      "payment status report disagrees with the payments; they need a person to reconcile them",
    );
  }
  return outcome;
}

/** Returns the idempotency keys of the payments of the batch `batchId`. */
async function keysOfBatch(db: PaymentsDb, batchId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("payments")
    .select("idempotency_key")
    .where("batch_id", "=", batchId)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.idempotency_key);
}
