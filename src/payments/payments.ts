/**
 * Payment instructions and batches. A payment is stored, with its money reserved in the
 * ledger, before any call to a bank; a batch sends many payments as one bank call (one
 * pain.001 message for a payment-file bank).
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Problem } from "../http/errors.js";
import { log } from "../log.js";
import { clearingAccount, requirePositive, segregatedAccount } from "./accounts.js";
import { getBankAccount, getSegregatedBankAccount } from "./bank-accounts.js";
import { BankTimeoutError, type BankAdapter, type OutgoingPayment } from "./banks/adapter.js";
import { paymentErrors } from "./errors.js";
import { postEntry } from "./ledger.js";
import { lockShare } from "./shares.js";
import { inTransaction, type PaymentsDb, type PaymentStatus } from "./tables.js";
import { applyBankStatus } from "./transitions.js";

/** A payment to instruct. */
export interface PaymentInput {
  shareId: string;
  bankAccountId: number;
  amount: number;
  /**
   * The key the bank dedupes on, sent as the pain.001 EndToEndId: 1 to 35 letters, digits or
   * hyphens. Creating a payment with a key that exists returns the stored payment.
   */
  idempotencyKey?: string;
}

/** A payment as stored. */
export interface Payment {
  id: number;
  idempotencyKey: string;
  shareId: string;
  bankAccountId: number;
  batchId: string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  statusReason: string | null;
  attempts: number;
}

/** The EndToEndId is Max35Text; the character set keeps it safe in every bank format. */
const KEY_PATTERN = /^[A-Za-z0-9-]{1,35}$/;

/** Returns a new random idempotency key of 34 characters. */
export function newPaymentKey(): string {
  return `PAY-${randomBytes(15).toString("hex")}`;
}

/**
 * Stores a pending payment for a share and reserves its amount in the ledger (segregated →
 * clearing), in one transaction. Raises invalid_input for bad fields, not_found for an unknown
 * share or bank account, conflict when the bank account is not the payee's or not verified,
 * over_approved when the share's approved amount would be passed, insufficient_funds when the
 * segregated account contains too little, and idempotency_conflict when the key was used for a
 * different payment.
 */
export async function createPayment(db: PaymentsDb, input: PaymentInput): Promise<Payment> {
  const key = input.idempotencyKey ?? newPaymentKey();
  const problems: Problem[] = [];
  if (!KEY_PATTERN.test(key)) {
    problems.push({
      path: "idempotencyKey",
      message: "must be 1 to 35 letters, digits or hyphens",
    });
  }
  try {
    requirePositive(input.amount, "amount");
  } catch {
    problems.push({
      path: "amount",
      message: `${input.amount} is not a positive integer amount in minor units`,
    });
  }
  if (problems.length > 0) throw paymentErrors.invalidInput(problems);

  return inTransaction(db, async (trx) => {
    const share = await lockShare(trx, input.shareId);
    const existing = await findPayment(trx, key);
    if (existing) {
      if (
        existing.shareId !== input.shareId ||
        existing.amount !== input.amount ||
        existing.bankAccountId !== input.bankAccountId
      ) {
        throw paymentErrors.idempotencyConflict(key);
      }
      return existing;
    }

    const account = await getBankAccount(trx, input.bankAccountId);
    if (account.payeeId !== share.payeeId) {
      throw paymentErrors.conflict(
        `Bank account ${account.id} does not belong to the payee of share ${share.shareId}.`,
      );
    }
    if (account.status !== "verified") {
      throw paymentErrors.conflict(
        `Bank account ${account.id} is ${account.status}; verify it before paying to it.`,
      );
    }
    if (input.amount > share.remaining) {
      throw paymentErrors.overApproved(
        share.shareId,
        share.approvedAmount,
        share.paid + share.inPayment,
        input.amount,
      );
    }

    const segregated = await segregatedAccount(trx, share.projectId, share.currency);
    const clearing = await clearingAccount(trx, share.projectId, share.currency);
    await postEntry(trx, {
      idempotencyKey: `reserve:${key}`,
      kind: "reserve",
      memo: `share ${share.shareId}`,
      postings: [
        { accountId: clearing.id, amount: input.amount },
        { accountId: segregated.id, amount: -input.amount },
      ],
    });
    await trx
      .insertInto("payments")
      .values({
        idempotency_key: key,
        share_id: share.shareId,
        bank_account_id: account.id,
        amount: input.amount,
        currency: share.currency,
      })
      .execute();
    return (await findPayment(trx, key))!;
  });
}

/** Returns the payment with `idempotencyKey`, or undefined. */
export async function findPayment(
  db: PaymentsDb,
  idempotencyKey: string,
): Promise<Payment | undefined> {
  const row = await db
    .selectFrom("payments")
    .selectAll()
    .where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    shareId: row.share_id,
    bankAccountId: row.bank_account_id,
    batchId: row.batch_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    statusReason: row.status_reason,
    attempts: row.attempts,
  };
}

/** A batch to form from a project's pending payments. */
export interface BatchInput {
  /** 1 to 35 letters, digits or hyphens; the pain.001 MsgId. Forming it again is a no-op. */
  batchId: string;
  projectId: string;
  currency: string;
  /** The requested execution date, "YYYY-MM-DD". */
  executionDate: string;
  /** At most this many payments; 1,000 by default. */
  maxPayments?: number;
}

/**
 * Creates a batch of the project's pending payments in `currency` that are in no batch yet,
 * oldest first, and returns how many it contains.
 */
export async function createBatch(db: PaymentsDb, input: BatchInput): Promise<number> {
  const problems: Problem[] = [];
  if (!KEY_PATTERN.test(input.batchId)) {
    problems.push({ path: "batchId", message: "must be 1 to 35 letters, digits or hyphens" });
  }
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.executionDate) ||
    Number.isNaN(Date.parse(input.executionDate))
  ) {
    problems.push({
      path: "executionDate",
      message: `${input.executionDate} is not a date YYYY-MM-DD`,
    });
  }
  if (problems.length > 0) throw paymentErrors.invalidInput(problems);

  return inTransaction(db, async (trx) => {
    await trx
      .insertInto("payment_batches")
      .values({
        id: input.batchId,
        project_id: input.projectId,
        currency: input.currency,
        requested_execution_date: input.executionDate,
      })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .execute();

    const candidates = trx
      .selectFrom("payments")
      .innerJoin("payment_shares", "payment_shares.id", "payments.share_id")
      .select("payments.id")
      .where("payment_shares.project_id", "=", input.projectId)
      .where("payments.currency", "=", input.currency)
      .where("payments.status", "=", "pending")
      .where("payments.batch_id", "is", null)
      .orderBy("payments.id")
      .limit(input.maxPayments ?? 1000);
    await trx
      .updateTable("payments")
      .set({ batch_id: input.batchId })
      .where("id", "in", candidates)
      .execute();

    const count = await trx
      .selectFrom("payments")
      .select(sql<number>`count(*)::int`.as("count"))
      .where("batch_id", "=", input.batchId)
      .executeTakeFirstOrThrow();
    return count.count;
  });
}

/** Counts of the states the payments of a sent batch ended in. */
export interface SendOutcome {
  submitted: number;
  settled: number;
  accepted: number;
  rejected: number;
  /** Payments whose outcome is unknown after a timeout; reconciliation settles them. */
  unknown: number;
}

/**
 * Sends the batch's pending payments to the bank. Each is marked sent before the call, so a
 * crash during the call leaves it sent, and reconciliation queries the bank about it. On a
 * timeout the payments of the call are marked unknown and the outcome reports them; they are
 * never sent again before reconciliation has asked the bank, so the bank never pays twice.
 */
export async function sendBatch(
  db: PaymentsDb,
  bank: BankAdapter,
  batchId: string,
  initiatingParty: string,
): Promise<SendOutcome> {
  const batch = await db
    .selectFrom("payment_batches")
    .selectAll()
    .where("id", "=", batchId)
    .executeTakeFirst();
  if (!batch) throw paymentErrors.notFound(`Payment batch ${batchId}`);
  const debtor = await getSegregatedBankAccount(db, batch.project_id, batch.currency);

  const claimed = await db
    .updateTable("payments")
    .set({ status: "sent", attempts: sql<number>`attempts + 1`, updated_at: sql<Date>`now()` })
    .where("batch_id", "=", batchId)
    .where("status", "=", "pending")
    .returning(["id", "idempotency_key", "share_id", "bank_account_id", "amount", "currency"])
    .execute();
  const outcome: SendOutcome = {
    submitted: claimed.length,
    settled: 0,
    accepted: 0,
    rejected: 0,
    unknown: 0,
  };
  if (claimed.length === 0) return outcome;

  const payments: OutgoingPayment[] = [];
  for (const row of claimed.sort((a, b) => a.id - b.id)) {
    payments.push({
      idempotencyKey: row.idempotency_key,
      amount: row.amount,
      currency: row.currency,
      creditor: await getBankAccount(db, row.bank_account_id),
      remittance: `Share ${row.share_id}`,
    });
  }

  let statuses;
  try {
    statuses = await bank.submitBatch({
      batchId,
      initiatingParty,
      debtor,
      executionDate: batch.requested_execution_date,
      payments,
    });
  } catch (error) {
    outcome.unknown = await markUnknown(
      db,
      claimed.map((row) => row.id),
    );
    log.warn(
      { err: error, batchId, bank: bank.name, unknown: outcome.unknown },
      "payment batch outcome unknown",
    );
    if (error instanceof BankTimeoutError) return outcome;
    throw error;
  }

  for (const status of statuses) {
    const result = await applyBankStatus(db, status);
    if (result === "settled") outcome.settled += 1;
    else if (result === "rejected") outcome.rejected += 1;
    else if (status.state === "accepted") outcome.accepted += 1;
  }
  const answered = new Set(statuses.map((status) => status.idempotencyKey));
  const unanswered = claimed
    .filter((row) => !answered.has(row.idempotency_key))
    .map((row) => row.id);
  outcome.unknown = await markUnknown(db, unanswered);
  return outcome;
}

async function markUnknown(db: PaymentsDb, paymentIds: number[]): Promise<number> {
  if (paymentIds.length === 0) return 0;
  const result = await db
    .updateTable("payments")
    .set({ status: "unknown", updated_at: sql<Date>`now()` })
    .where("id", "in", paymentIds)
    .where("status", "=", "sent")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Sends every batch of the project that contains pending payments: new ones, those left by a
 * crash before their batch was sent, and those reconciliation put back because the bank never
 * received them. Returns the summed outcome.
 */
export async function sendPendingBatches(
  db: PaymentsDb,
  bank: BankAdapter,
  projectId: string,
  initiatingParty: string,
): Promise<SendOutcome> {
  const batches = await db
    .selectFrom("payments")
    .innerJoin("payment_batches", "payment_batches.id", "payments.batch_id")
    .select("payment_batches.id")
    .distinct()
    .where("payment_batches.project_id", "=", projectId)
    .where("payments.status", "=", "pending")
    .orderBy("payment_batches.id")
    .execute();

  const total: SendOutcome = { submitted: 0, settled: 0, accepted: 0, rejected: 0, unknown: 0 };
  for (const batch of batches) {
    const outcome = await sendBatch(db, bank, batch.id, initiatingParty);
    for (const key of Object.keys(total) as (keyof SendOutcome)[]) total[key] += outcome[key];
  }
  return total;
}
