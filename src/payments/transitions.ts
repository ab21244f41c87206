/**
 * Moves one payment to the state a bank reported, with its ledger entry, in one transaction:
 *
 * - settled: clearing → the share's paid account; the payment is settled.
 * - rejected before settling: clearing → segregated, the reservation is released.
 * - rejected after settling (a return): the share's paid account → segregated.
 * - accepted: the payment is sent, nothing moves.
 * - not_found: a sent or unknown payment goes back to pending, to be sent again.
 *
 * Every entry's idempotency key derives from the payment's key, so applying the same report
 * twice moves nothing twice.
 */
import { sql } from "kysely";
import { log } from "../log.js";
import { clearingAccount, segregatedAccount, sharePaidAccount } from "./accounts.js";
import type { BankPaymentStatus } from "./banks/adapter.js";
import { postEntry } from "./ledger.js";
import { inTransaction, type PaymentsDb, type PaymentStatus } from "./tables.js";

/** The change that applying a status made to the payment. */
export type TransitionResult =
  "settled" | "rejected" | "returned" | "sent" | "requeued" | "unchanged";

/** Applies the bank's status for one payment. Unknown keys return undefined. */
export async function applyBankStatus(
  db: PaymentsDb,
  status: BankPaymentStatus,
): Promise<TransitionResult | undefined> {
  return inTransaction(db, async (trx) => {
    const payment = await trx
      .selectFrom("payments")
      .innerJoin("payment_shares", "payment_shares.id", "payments.share_id")
      .select([
        "payments.id",
        "payments.idempotency_key",
        "payments.amount",
        "payments.currency",
        "payments.status",
        "payments.share_id",
        "payment_shares.project_id",
      ])
      .where("payments.idempotency_key", "=", status.idempotencyKey)
      .forUpdate()
      .executeTakeFirst();
    if (!payment) return undefined;

    const open = isOpen(payment.status);
    const share = {
      id: payment.share_id,
      projectId: payment.project_id,
      currency: payment.currency,
    };
    const key = payment.idempotency_key;

    if (status.state === "settled" && open) {
      const clearing = await clearingAccount(trx, share.projectId, share.currency);
      const paid = await sharePaidAccount(trx, share);
      await postEntry(trx, {
        idempotencyKey: `settle:${key}`,
        kind: "settle",
        postings: [
          { accountId: paid.id, amount: payment.amount },
          { accountId: clearing.id, amount: -payment.amount },
        ],
      });
      await setStatus(trx, payment.id, "settled", status);
      return "settled";
    }

    if (status.state === "rejected" && (open || payment.status === "settled")) {
      const segregated = await segregatedAccount(trx, share.projectId, share.currency);
      const from = open
        ? await clearingAccount(trx, share.projectId, share.currency)
        : await sharePaidAccount(trx, share);
      await postEntry(trx, {
        idempotencyKey: `${open ? "reverse" : "return"}:${key}`,
        kind: open ? "reverse" : "return",
        postings: [
          { accountId: segregated.id, amount: payment.amount },
          { accountId: from.id, amount: -payment.amount },
        ],
      });
      await setStatus(trx, payment.id, "rejected", status);
      return open ? "rejected" : "returned";
    }

    if (status.state === "accepted" && open && payment.status !== "sent") {
      await setStatus(trx, payment.id, "sent", status);
      return "sent";
    }

    if (
      status.state === "not_found" &&
      (payment.status === "sent" || payment.status === "unknown")
    ) {
      await setStatus(trx, payment.id, "pending", status);
      return "requeued";
    }

    if (
      status.state === "settled" &&
      payment.status === "rejected" &&
      !(await wasSettled(trx, key))
    ) {
      // The ledger released this payment's money, yet the bank reports that it left the account.
      log.error(
        { paymentKey: key, bankReference: status.bankReference },
        "bank reports a rejected payment as settled; it needs a person to reconcile it",
      );
    }
    return "unchanged";
  });
}

/** Returns true for the states in which the outcome at the bank is still open. */
export function isOpen(status: PaymentStatus): boolean {
  return status === "pending" || status === "sent" || status === "unknown";
}

/** Returns true when the payment settled before it was returned. */
async function wasSettled(trx: PaymentsDb, key: string): Promise<boolean> {
  const entry = await trx
    .selectFrom("journal_entries")
    .select("id")
    .where("idempotency_key", "=", `settle:${key}`)
    .executeTakeFirst();
  return entry !== undefined;
}

async function setStatus(
  trx: PaymentsDb,
  paymentId: number,
  next: PaymentStatus,
  status: BankPaymentStatus,
): Promise<void> {
  await trx
    .updateTable("payments")
    .set({
      status: next,
      status_reason: status.reason ?? null,
      bank_reference: status.bankReference ?? null,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", paymentId)
    .execute();
}
