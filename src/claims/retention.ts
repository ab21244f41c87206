/**
 * Retention of progress payments in the ledger. When a claim is paid, its retention moves from
 * the project's segregated account into the retention account, where no payment can take it.
 * Once the agency has recorded the final inspection, the agency releases it. The money then
 * moves back to the segregated account and is paid to the prime contract's party as a share of
 * its own, through the same payments, batches and idempotency keys as every claim share.
 *
 * Retention is deducted from a claim before its split, so the split's shares never contain it
 * and it belongs to the prime contract; what the prime in turn retains from its subcontractors
 * is a matter of their subcontracts.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { recordAudit } from "../accounts/audit.js";
import { errors } from "../http/errors.js";
import { holdRetention, releaseRetention, retentionAccount } from "../payments/accounts.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import type { Violation } from "../payments/invariants.js";
import { accountBalance } from "../payments/ledger.js";
import { createBatch, createPayment, sendBatch, type SendOutcome } from "../payments/payments.js";
import { approveShare, lockShare, shareState } from "../payments/shares.js";
import { loadPaymentProject } from "./project.js";
import { contractPayeeId, paymentsOf, type ClaimsDb } from "./tables.js";

/** Returns the ledger key of the entry that holds back a claim's retention. */
export function retainKey(claimId: number): string {
  return `retain:claim-${claimId}`;
}

/** Share ids of retention releases are `retention-<project>-<n>`, numbered from 1. */
function releaseShareId(projectId: string, release: number): string {
  return `retention-${projectId}-${release}`;
}

/**
 * Moves a claim's retention from the segregated account into retention, inside the caller's
 * transaction. The entry's key makes it happen once per claim however often the claim is paid.
 * Raises insufficient_funds when the segregated account cannot cover it.
 */
export async function retainClaimRetention(
  trx: ClaimsDb,
  claim: { id: number; projectId: string; currency: string; retentionAmount: number },
): Promise<void> {
  if (claim.retentionAmount === 0) return;
  await holdRetention(paymentsOf(trx), {
    projectId: claim.projectId,
    currency: claim.currency,
    amount: claim.retentionAmount,
    idempotencyKey: retainKey(claim.id),
    memo: `retention of claim ${claim.id}`,
  });
}

/** A release of retention: one share paid to the prime contract's party. */
export interface RetentionRelease {
  shareId: string;
  amount: number;
  paid: number;
  inPayment: number;
}

/** The retention of a project, in minor units of its currency. */
export interface RetentionSummary {
  currency: string;
  /** Held back from paid claims so far. */
  retained: number;
  /** Released to the prime contract's party so far. */
  released: number;
  /** In the retention account now. */
  held: number;
  /** When the final inspection was recorded, or null: retention waits until then. */
  finalInspectionAt: string | null;
  releases: RetentionRelease[];
}

/** Returns what the project's claims retained, what was released and what is held. */
export async function retentionSummary(db: ClaimsDb, projectId: string): Promise<RetentionSummary> {
  const project = await loadPaymentProject(db, projectId);
  const payments = paymentsOf(db);
  const account = await retentionAccount(payments, projectId, project.currency);
  const retained = await db
    .selectFrom("payment_claims")
    .innerJoin("journal_entries", (join) =>
      join.on(
        "journal_entries.idempotency_key",
        "=",
        sql<string>`'retain:claim-' || payment_claims.id`,
      ),
    )
    .select(sql<number>`coalesce(sum(payment_claims.retention_amount), 0)::bigint`.as("total"))
    .where("payment_claims.project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  const inspection = await db
    .selectFrom("workspace_projects")
    .select("final_inspection_at")
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();

  const releases: RetentionRelease[] = [];
  for (const share of await releaseShares(db, projectId)) {
    const state = await shareState(payments, share.id);
    releases.push({
      shareId: share.id,
      amount: state.approvedAmount,
      paid: state.paid,
      inPayment: state.inPayment,
    });
  }
  return {
    currency: project.currency,
    retained: Number(retained.total),
    released: releases.reduce((sum, release) => sum + release.amount, 0),
    held: await accountBalance(payments, account.id),
    finalInspectionAt: inspection.final_inspection_at?.toISOString() ?? null,
    releases,
  };
}

function releaseShares(db: ClaimsDb, projectId: string) {
  return db
    .selectFrom("payment_shares")
    .select(["id", "payee_id"])
    .where("project_id", "=", projectId)
    .where("id", "like", `${releaseShareId(projectId, 0).slice(0, -1)}%`)
    .orderBy("approved_at")
    .orderBy("id")
    .execute();
}

/** Outcome of releasing retention. */
export interface RetentionReleaseOutcome {
  /** The share created now for the retention held, or null when none was held. */
  releasedShareId: string | null;
  releasedAmount: number;
  /** Payments created now: for the new share, and for any earlier release not yet paid. */
  created: number;
  batchId: string | null;
  sent: SendOutcome | null;
}

/**
 * Releases the retention the project holds to the prime contract's party. Allowed only once the
 * final inspection is recorded (409 before). Moves the whole retention balance back to the
 * segregated account and approves it as a new share, then pays that share and any earlier
 * release share with an unpaid remainder, in one batch stored before the bank is called. A
 * payment whose outcome the bank does not report waits for reconciliation like any other, and
 * a second call while it waits pays nothing, because the share has no remainder left.
 */
export async function releaseProjectRetention(
  db: ClaimsDb,
  bank: BankAdapter,
  projectId: string,
  executionDate: string,
  actor: { userId: number; now: Date },
): Promise<RetentionReleaseOutcome> {
  const prepared = await db.transaction().execute(async (trx) => {
    const project = await loadPaymentProject(trx, projectId);
    const inspection = await trx
      .selectFrom("workspace_projects")
      .select("final_inspection_at")
      .where("project_id", "=", projectId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!inspection.final_inspection_at) {
      throw errors.conflict("Retention is released only after the final inspection is recorded.");
    }
    const prime = await trx
      .selectFrom("payment_contracts")
      .leftJoin(
        "payee_bank_accounts",
        "payee_bank_accounts.id",
        "payment_contracts.bank_account_id",
      )
      .select([
        "payment_contracts.id",
        "payee_bank_accounts.id as account_id",
        "payee_bank_accounts.status",
      ])
      .where("payment_contracts.project_id", "=", projectId)
      .where("payment_contracts.kind", "=", "prime")
      .executeTakeFirst();
    if (!prime) throw errors.conflict(`Project ${projectId} has no prime contract to pay.`);

    const payments = paymentsOf(trx);
    const account = await retentionAccount(payments, projectId, project.currency);
    const held = await accountBalance(payments, account.id);
    const existing = await releaseShares(trx, projectId);
    let releasedShareId: string | null = null;
    if (held > 0) {
      releasedShareId = releaseShareId(projectId, existing.length + 1);
      await releaseRetention(payments, {
        projectId,
        currency: project.currency,
        amount: held,
        idempotencyKey: `release-retention:${releasedShareId}`,
        memo: "retention released after the final inspection",
      });
      await approveShare(payments, {
        shareId: releasedShareId,
        projectId,
        payeeId: contractPayeeId(prime.id),
        currency: project.currency,
        approvedAmount: held,
      });
    }
    const shareIds = [
      ...existing.map((share) => share.id),
      ...(releasedShareId ? [releasedShareId] : []),
    ];
    if (shareIds.length === 0) {
      throw errors.conflict(`Project ${projectId} has no retention to release.`);
    }

    let created = 0;
    for (const shareId of shareIds) {
      const share = await lockShare(payments, shareId);
      if (share.remaining === 0) continue;
      if (prime.account_id === null || prime.status !== "verified") {
        throw errors.conflict(
          `The prime contract's bank account is not verified; retention cannot be paid to it.`,
        );
      }
      // At most 35 characters: "R", 16 random hex digits, "-" and the release number.
      const release = shareId.slice(shareId.lastIndexOf("-") + 1);
      await createPayment(payments, {
        shareId,
        bankAccountId: prime.account_id,
        amount: share.remaining,
        idempotencyKey: `R${randomBytes(8).toString("hex")}-${release}`,
      });
      created += 1;
    }
    // The audit trail is typed for the application's tables only; the connection is the same.
    await recordAudit(trx as unknown as Kysely<DB>, {
      actorUserId: actor.userId,
      action: "payment.retention.release",
      subject: `project:${projectId}`,
      outcome: "success",
      details: { releasedShareId, amount: held, created },
      occurredAt: actor.now,
    });
    if (created === 0) return { releasedShareId, releasedAmount: held, created, batchId: null };

    const batchId = `RB-${randomBytes(8).toString("hex")}`;
    await createBatch(payments, { batchId, projectId, currency: project.currency, executionDate });
    return { releasedShareId, releasedAmount: held, created, batchId };
  });

  if (prepared.batchId === null) return { ...prepared, sent: null };
  const sent = await sendBatch(
    paymentsOf(db),
    bank,
    prepared.batchId,
    `Clean Construction ${projectId}`,
  );
  return { ...prepared, sent };
}

/**
 * Checks retention against the claims, over the whole database. Each claim's retention entry
 * contains exactly the claim's retention. A claim with any share paid or in payment has had its
 * retention held back. Per project, the retention account contains what claims retained minus
 * what release shares were approved for.
 */
export async function checkRetentionInvariants(db: ClaimsDb): Promise<Violation[]> {
  const violations: Violation[] = [];
  const claims = await sql<{
    id: number;
    retention_amount: number;
    entry_amount: number | null;
    committed: number;
  }>`
    select c.id, c.retention_amount,
      (select sum(lp.amount) from journal_entries e
        join ledger_postings lp on lp.entry_id = e.id
        join ledger_accounts a on a.id = lp.account_id and a.kind = 'retention_held'
        where e.idempotency_key = 'retain:claim-' || c.id)::bigint as entry_amount,
      (select count(*) from payment_claim_lines l join payments p on p.share_id = l.share_id
        where l.claim_id = c.id and p.status <> 'rejected')::bigint as committed
    from payment_claims c`.execute(db);
  for (const claim of claims.rows) {
    if (claim.entry_amount !== null && Number(claim.entry_amount) !== claim.retention_amount) {
      violations.push({
        rule: "retention_mismatch",
        detail: `claim ${claim.id} retained ${claim.entry_amount}, its retention is ${claim.retention_amount}`,
      });
    }
    if (claim.entry_amount === null && claim.retention_amount > 0 && Number(claim.committed) > 0) {
      violations.push({
        rule: "retention_mismatch",
        detail: `claim ${claim.id} is paid without its retention held back`,
      });
    }
  }

  const projects = await sql<{
    project_id: string;
    held: number;
    retained: number;
    released: number;
  }>`
    select a.project_id,
      coalesce((select sum(amount) from ledger_postings where account_id = a.id), 0)::bigint as held,
      coalesce((select sum(c.retention_amount) from payment_claims c
        join journal_entries e on e.idempotency_key = 'retain:claim-' || c.id
        where c.project_id = a.project_id), 0)::bigint as retained,
      coalesce((select sum(s.approved_amount) from payment_shares s
        where s.project_id = a.project_id
          and s.id like 'retention-' || a.project_id || '-%'), 0)::bigint as released
    from ledger_accounts a
    where a.kind = 'retention_held'
      and exists (select 1 from payment_claims c where c.project_id = a.project_id)`.execute(db);
  for (const project of projects.rows) {
    if (Number(project.held) !== Number(project.retained) - Number(project.released)) {
      violations.push({
        rule: "retention_mismatch",
        detail:
          `project ${project.project_id} holds ${project.held} in retention; ` +
          `claims retained ${project.retained} and ${project.released} was released`,
      });
    }
  }
  return violations;
}
