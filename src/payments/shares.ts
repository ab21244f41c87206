/**
 * Approved shares of a progress payment. The approved amount is the most that may ever be
 * paid to the share; a payment that would pass it is rejected.
 */
import { sql } from "kysely";
import { paymentErrors } from "./errors.js";
import { inTransaction, type PaymentsDb } from "./tables.js";
import type { Problem } from "../http/errors.js";

/** A share to approve: who is paid, for which project, and how much at most. */
export interface ShareApproval {
  shareId: string;
  projectId: string;
  payeeId: string;
  currency: string;
  approvedAmount: number;
}

/** A share with what has happened to it, in minor units. */
export interface ShareState {
  shareId: string;
  projectId: string;
  payeeId: string;
  currency: string;
  approvedAmount: number;
  /** Settled at the bank. */
  paid: number;
  /** In payments that are pending, sent or unknown. */
  inPayment: number;
  /** What may still be paid: approved minus paid minus in payment. */
  remaining: number;
}

/**
 * Approves a share, or changes the approved amount of an existing one. Raises a conflict when
 * the share exists for another project, payee or currency, or when the new amount is below
 * what is already paid or in payment.
 */
export async function approveShare(db: PaymentsDb, input: ShareApproval): Promise<ShareState> {
  validateApproval(input);
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto("payment_shares")
      .values({
        id: input.shareId,
        project_id: input.projectId,
        payee_id: input.payeeId,
        currency: input.currency,
        approved_amount: input.approvedAmount,
      })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .execute();

    const state = await lockShare(trx, input.shareId);
    if (
      state.projectId !== input.projectId ||
      state.payeeId !== input.payeeId ||
      state.currency !== input.currency
    ) {
      throw paymentErrors.conflict(
        `Share ${input.shareId} exists for another project, payee or currency.`,
      );
    }
    if (state.approvedAmount === input.approvedAmount) return state;

    const committed = state.paid + state.inPayment;
    if (input.approvedAmount < committed) {
      throw paymentErrors.conflict(
        `Share ${input.shareId} cannot be approved for ${input.approvedAmount}: ` +
          `${committed} is already paid or in payment.`,
      );
    }
    await trx
      .updateTable("payment_shares")
      .set({ approved_amount: input.approvedAmount, approved_at: sql<Date>`now()` })
      .where("id", "=", input.shareId)
      .execute();
    return shareState(trx, input.shareId);
  });
}

/** Returns the share's approved, paid, in-payment and remaining amounts. */
export async function shareState(db: PaymentsDb, shareId: string): Promise<ShareState> {
  return readShare(db, shareId, false);
}

/**
 * Locks the share's row for the rest of the transaction and returns its state, so that two
 * payments for the same share cannot both pass the approved amount.
 */
export async function lockShare(trx: PaymentsDb, shareId: string): Promise<ShareState> {
  return readShare(trx, shareId, true);
}

async function readShare(db: PaymentsDb, shareId: string, lock: boolean): Promise<ShareState> {
  let query = db.selectFrom("payment_shares").selectAll().where("id", "=", shareId);
  if (lock) query = query.forUpdate();
  const share = await query.executeTakeFirst();
  if (!share) throw paymentErrors.notFound(`Share ${shareId}`);

  const sums = await db
    .selectFrom("payments")
    .select([
      sql<number>`coalesce(sum(amount) filter (where status = 'settled'), 0)::bigint`.as("paid"),
      sql<number>`coalesce(sum(amount) filter (where status in ('pending', 'sent', 'unknown')), 0)::bigint`.as(
        "in_payment",
      ),
    ])
    .where("share_id", "=", shareId)
    .executeTakeFirstOrThrow();

  return {
    shareId: share.id,
    projectId: share.project_id,
    payeeId: share.payee_id,
    currency: share.currency,
    approvedAmount: share.approved_amount,
    paid: sums.paid,
    inPayment: sums.in_payment,
    remaining: share.approved_amount - sums.paid - sums.in_payment,
  };
}

function validateApproval(input: ShareApproval): void {
  const problems: Problem[] = [];
  for (const field of ["shareId", "projectId", "payeeId"] as const) {
    const value = input[field];
    if (typeof value !== "string" || value.trim() === "" || value.length > 200) {
      problems.push({ path: field, message: "must be a non-empty text of at most 200 characters" });
    }
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) {
    problems.push({ path: "currency", message: `${input.currency} is not an ISO 4217 code` });
  }
  if (!Number.isSafeInteger(input.approvedAmount) || input.approvedAmount < 0) {
    problems.push({
      path: "approvedAmount",
      message: `${input.approvedAmount} is not a non-negative integer amount in minor units`,
    });
  }
  if (problems.length > 0) throw paymentErrors.invalidInput(problems);
}
