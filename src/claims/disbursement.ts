/**
 * Moving an approved claim's money: the agency's deposit into the project's segregated
 * account, one payment per approved share to its payee's verified account, and reconciliation
 * with the bank. The payment core enforces that a payment goes only to its share's payee and
 * never past the share's approved amount.
 */
import { randomBytes } from "node:crypto";
import { errors } from "../http/errors.js";
import { depositToProject, projectBalances } from "../payments/accounts.js";
import { registerSegregatedBankAccount } from "../payments/bank-accounts.js";
import type { BankAccountRef, BankAdapter } from "../payments/banks/adapter.js";
import {
  createBatch,
  createPayment,
  sendBatch,
  sendPendingBatches,
  type SendOutcome,
} from "../payments/payments.js";
import { reconcileWithBank, type ReconcileOutcome } from "../payments/reconcile.js";
import { lockShare } from "../payments/shares.js";
import { notifyDeposit } from "../notifications/payment-events.js";
import { checkShareDocuments, emitHoldEvents, type ShareHoldEvent } from "./compliance.js";
import { dateOf, recordPaidShares } from "./deadlines.js";
import { loadPaymentProject } from "./project.js";
import { retainClaimRetention } from "./retention.js";
import { paymentsOf, type ClaimsDb } from "./tables.js";

/** Returns the initiating-party name of the project's payment files. */
function initiatingParty(projectId: string): string {
  return `Clean Construction ${projectId}`;
}

/**
 * Records the agency's deposit into the project's segregated account, registering that
 * account first when given. The reference makes the deposit idempotent: the same reference
 * with the same amount changes nothing, with another amount it raises 409.
 */
export async function depositForProject(
  db: ClaimsDb,
  projectId: string,
  input: { amount: number; reference: string; segregatedAccount?: BankAccountRef },
) {
  return db.transaction().execute(async (trx) => {
    const project = await loadPaymentProject(trx, projectId);
    const payments = paymentsOf(trx);
    if (input.segregatedAccount) {
      await registerSegregatedBankAccount(payments, {
        ...input.segregatedAccount,
        projectId,
        currency: project.currency,
      });
    }
    await depositToProject(payments, {
      agencyId: project.agencyId,
      projectId,
      currency: project.currency,
      amount: input.amount,
      idempotencyKey: `deposit:${projectId}:${input.reference}`,
      memo: `deposit ${input.reference}`,
    });
    await notifyDeposit(
      trx,
      { projectId, reference: input.reference, amount: input.amount, currency: project.currency },
      new Date(),
    );
    return {
      currency: project.currency,
      ...(await projectBalances(payments, projectId, project.currency)),
    };
  });
}

/** Outcome of paying a claim. */
export interface ClaimPaymentOutcome {
  /** Payments created now, one per share with an unpaid remainder. */
  created: number;
  /**
   * Lines left unpaid because the payee's bank account is not verified. Such a share is held
   * first (see `heldLines`), so this lists only lines that escaped the hold check.
   */
  unverifiedLines: number[];
  /** Lines held because the payee misses a document or a verified account, with the reasons. */
  heldLines: { lineNo: number; reasons: string[] }[];
  batchId: string | null;
  sent: SendOutcome | null;
}

/**
 * Creates a payment for the unpaid remainder of every share of an approved claim, to the
 * payee's registered account, and sends them as one batch. The payments and the batch are
 * stored in one transaction before the bank is called, so a failed call loses nothing:
 * payments whose outcome is unknown wait for `reconcileProject`. A share whose payee misses a
 * required document is held instead of paid (see `compliance.ts`). The claim's retention moves
 * into the retention account in the same transaction, once (see `retention.ts`), so the deposit
 * must cover the net amount and the retention. Raises 409 unless the claim is approved, and
 * insufficient_funds when the segregated account cannot cover both.
 */
export async function payClaim(
  db: ClaimsDb,
  bank: BankAdapter,
  projectId: string,
  claimId: number,
  executionDate: string,
  now: Date,
): Promise<ClaimPaymentOutcome> {
  const placedHolds: ShareHoldEvent[] = [];
  const prepared = await db.transaction().execute(async (trx) => {
    const claim = await trx
      .selectFrom("payment_claims")
      .select(["status", "currency", "retention_amount"])
      .where("id", "=", claimId)
      .where("project_id", "=", projectId)
      .forUpdate()
      .executeTakeFirst();
    if (!claim) throw errors.notFound(`Claim ${claimId} of project ${projectId}`);
    if (claim.status !== "approved") {
      throw errors.conflict(`Claim ${claimId} is not approved; approve its split first.`);
    }
    await retainClaimRetention(trx, {
      id: claimId,
      projectId,
      currency: claim.currency,
      retentionAmount: claim.retention_amount,
    });
    const lines = await trx
      .selectFrom("payment_claim_lines")
      .leftJoin("payment_contracts", "payment_contracts.id", "payment_claim_lines.contract_id")
      .leftJoin("payment_workers", "payment_workers.id", "payment_claim_lines.worker_id")
      .leftJoin("payee_bank_accounts", (join) =>
        join.on((eb) =>
          eb(
            "payee_bank_accounts.id",
            "=",
            eb.fn.coalesce("payment_contracts.bank_account_id", "payment_workers.bank_account_id"),
          ),
        ),
      )
      .select([
        "payment_claim_lines.line_no",
        "payment_claim_lines.share_id",
        "payment_claim_lines.payee_kind",
        "payee_bank_accounts.id as bank_account_id",
        "payee_bank_accounts.status as bank_account_status",
      ])
      .where("payment_claim_lines.claim_id", "=", claimId)
      .where("payment_claim_lines.share_id", "is not", null)
      .orderBy("payment_claim_lines.line_no")
      .execute();

    const payments = paymentsOf(trx);
    const unverifiedLines: number[] = [];
    const heldLines: { lineNo: number; reasons: string[] }[] = [];
    let created = 0;
    for (const line of lines) {
      const share = await lockShare(payments, line.share_id!);
      if (share.remaining === 0) continue;
      const holds = await checkShareDocuments(
        trx,
        { projectId, shareId: share.shareId, payeeKind: line.payee_kind, payeeId: share.payeeId },
        now,
      );
      placedHolds.push(...holds.placed);
      if (holds.open.length > 0) {
        heldLines.push({ lineNo: line.line_no, reasons: holds.open.map((hold) => hold.reason) });
        continue;
      }
      if (line.bank_account_id === null || line.bank_account_status !== "verified") {
        unverifiedLines.push(line.line_no);
        continue;
      }
      const attempt = await trx
        .selectFrom("payments")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("share_id", "=", share.shareId)
        .executeTakeFirstOrThrow();
      await createPayment(payments, {
        shareId: share.shareId,
        bankAccountId: line.bank_account_id,
        amount: share.remaining,
        // At most 35 characters: "C" + claim id, "L" + line, "A" + attempt.
        idempotencyKey: `C${claimId}L${line.line_no}A${Number(attempt.count) + 1}`,
      });
      created += 1;
    }
    if (created === 0) return { created, unverifiedLines, heldLines, batchId: null };

    const batchId = `B${claimId}-${randomBytes(8).toString("hex")}`;
    await createBatch(payments, {
      batchId,
      projectId,
      currency: claim.currency,
      executionDate,
    });
    return { created, unverifiedLines, heldLines, batchId };
  });
  emitHoldEvents("held", placedHolds);

  if (prepared.batchId === null) return { ...prepared, sent: null };
  const sent = await sendBatch(paymentsOf(db), bank, prepared.batchId, initiatingParty(projectId));
  await recordPaidShares(db, projectId, dateOf(now));
  return { ...prepared, sent };
}

/**
 * Asks the bank about every payment of the project whose outcome is open, then sends again
 * those the bank never received, with their first idempotency keys so that none is paid twice.
 */
export async function reconcileProject(
  db: ClaimsDb,
  bank: BankAdapter,
  projectId: string,
  now: Date,
): Promise<{ reconciled: ReconcileOutcome; resent: SendOutcome }> {
  await loadPaymentProject(db, projectId);
  const payments = paymentsOf(db);
  const reconciled = await reconcileWithBank(payments, bank, { projectId });
  const resent = await sendPendingBatches(payments, bank, projectId, initiatingParty(projectId));
  await recordPaidShares(db, projectId, dateOf(now));
  return { reconciled, resent };
}
