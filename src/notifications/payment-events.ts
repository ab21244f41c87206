/**
 * The notifications of direct payment's steps. The claim and the approval request go to the
 * project's agency officials by e-mail. The approval and the deposit go to the prime
 * contractor's members by e-mail. Each payee with a phone (a worker's own phone, or a
 * subcontract's or supply agreement's contact phone) gets an SMS when their share is approved,
 * paid, held or released. Every message is enqueued in the caller's transaction.
 */
import { sql } from "kysely";
import type { ProjectRole } from "../db/types-accounts.js";
import { isLanguage, type Language } from "../i18n/index.js";
import type { ClaimsDb } from "../claims/tables.js";
import { formatMoney } from "../shared/money.js";
import { enqueueNotification } from "./outbox.js";
import type { TemplateKey } from "./templates.js";

/** Loads the language of the project's jurisdiction; English when it has none of ours. */
async function projectLanguage(db: ClaimsDb, projectId: string): Promise<Language> {
  const row = await db
    .selectFrom("projects")
    .leftJoin("jurisdictions", "jurisdictions.id", "projects.jurisdiction_id")
    .select("jurisdictions.default_language")
    .where("projects.id", "=", projectId)
    .executeTakeFirst();
  const language = row?.default_language?.slice(0, 2).toLowerCase();
  return isLanguage(language) ? language : "en";
}

/** E-mails the enabled members of a project with one role. */
async function emailMembers(
  db: ClaimsDb,
  projectId: string,
  role: ProjectRole,
  language: Language,
  event: { key: string; template: TemplateKey; parameters: Record<string, string>; now: Date },
): Promise<void> {
  const members = await db
    .selectFrom("project_memberships")
    .innerJoin("users", "users.id", "project_memberships.user_id")
    .select(["users.id", "users.email"])
    .where("project_memberships.project_id", "=", projectId)
    .where("project_memberships.role", "=", role)
    .where("users.disabled", "=", false)
    .execute();
  for (const member of members) {
    await enqueueNotification(db, {
      idempotencyKey: `${event.key}:user-${member.id}`,
      channel: "email",
      recipient: member.email,
      template: event.template,
      parameters: event.parameters,
      language,
      now: event.now,
    });
  }
}

/**
 * The phone of a claim line's payee: the worker's own, or the contact phone of the line's
 * subcontract or supply agreement. Used in queries that left-join both tables.
 */
const payeePhone = () =>
  sql<string | null>`coalesce(payment_workers.phone, payment_contracts.contact_phone)`;

async function loadClaim(db: ClaimsDb, claimId: number) {
  return db
    .selectFrom("payment_claims")
    .select(["project_id", "period_start", "period_end", "currency", "net_amount"])
    .where("id", "=", claimId)
    .executeTakeFirstOrThrow();
}

/** Tells the agency officials that the prime claimed a period. */
export async function notifyClaimSubmitted(trx: ClaimsDb, claimId: number, now: Date) {
  const db = trx;
  const claim = await loadClaim(db, claimId);
  const language = await projectLanguage(db, claim.project_id);
  await emailMembers(db, claim.project_id, "agency_official", language, {
    key: `claim-submitted:${claimId}`,
    template: "claim_submitted",
    parameters: {
      projectId: claim.project_id,
      claimId: String(claimId),
      periodStart: claim.period_start,
      periodEnd: claim.period_end,
      amount: formatMoney(claim.net_amount, claim.currency, language),
    },
    now,
  });
}

/**
 * Requests the agency officials' approval of a registered split. A replaced split requests it
 * again, keyed by the time of the registration.
 */
export async function notifyApprovalRequested(trx: ClaimsDb, claimId: number, now: Date) {
  const db = trx;
  const claim = await loadClaim(db, claimId);
  const language = await projectLanguage(db, claim.project_id);
  await emailMembers(db, claim.project_id, "agency_official", language, {
    key: `approval-requested:${claimId}:${now.toISOString()}`,
    template: "approval_requested",
    parameters: {
      projectId: claim.project_id,
      claimId: String(claimId),
      amount: formatMoney(claim.net_amount, claim.currency, language),
    },
    now,
  });
}

/** Tells the prime contractor's members that the split is approved, and each payee its share. */
export async function notifyClaimApproved(trx: ClaimsDb, claimId: number, now: Date) {
  const db = trx;
  const claim = await loadClaim(db, claimId);
  const language = await projectLanguage(db, claim.project_id);
  const parameters = { projectId: claim.project_id, claimId: String(claimId) };
  await emailMembers(db, claim.project_id, "prime_contractor", language, {
    key: `claim-approved:${claimId}`,
    template: "claim_approved",
    parameters: { ...parameters, amount: formatMoney(claim.net_amount, claim.currency, language) },
    now,
  });

  const lines = await db
    .selectFrom("payment_claim_lines")
    .leftJoin("payment_workers", "payment_workers.id", "payment_claim_lines.worker_id")
    .leftJoin("payment_contracts", "payment_contracts.id", "payment_claim_lines.contract_id")
    .select([
      "payment_claim_lines.share_id",
      "payment_claim_lines.amount",
      payeePhone().as("phone"),
    ])
    .where("payment_claim_lines.claim_id", "=", claimId)
    .where("payment_claim_lines.share_id", "is not", null)
    .where(payeePhone(), "is not", null)
    .execute();
  for (const line of lines) {
    await enqueueNotification(db, {
      idempotencyKey: `share-approved:${line.share_id}`,
      channel: "sms",
      recipient: line.phone!,
      template: "share_approved",
      parameters: { ...parameters, amount: formatMoney(line.amount, claim.currency, language) },
      language,
      now,
    });
  }
}

/** Tells the prime contractor's members that the agency deposited money for the project. */
export async function notifyDeposit(
  trx: ClaimsDb,
  deposit: { projectId: string; reference: string; amount: number; currency: string },
  now: Date,
) {
  const db = trx;
  const language = await projectLanguage(db, deposit.projectId);
  await emailMembers(db, deposit.projectId, "prime_contractor", language, {
    key: `deposit:${deposit.projectId}:${deposit.reference}`,
    template: "deposit_received",
    parameters: {
      projectId: deposit.projectId,
      reference: deposit.reference,
      amount: formatMoney(deposit.amount, deposit.currency, language),
    },
    now,
  });
}

/**
 * Tells each payee with a phone of every settled payment not yet notified, across projects.
 * Safe to run any number of times: each payment is keyed by its own idempotency key.
 */
export async function notifySettledPayments(db: ClaimsDb, now: Date): Promise<number> {
  const settled = await db
    .selectFrom("payments")
    .innerJoin("payment_shares", "payment_shares.id", "payments.share_id")
    .innerJoin("payment_claim_lines", "payment_claim_lines.share_id", "payment_shares.id")
    .leftJoin("payment_workers", "payment_workers.id", "payment_claim_lines.worker_id")
    .leftJoin("payment_contracts", "payment_contracts.id", "payment_claim_lines.contract_id")
    .select([
      "payments.idempotency_key",
      "payments.amount",
      "payment_shares.project_id",
      "payment_shares.currency",
      payeePhone().as("phone"),
    ])
    .where("payments.status", "=", "settled")
    .where(payeePhone(), "is not", null)
    .where(
      sql<boolean>`not exists (select 1 from notification_outbox
        where idempotency_key = 'settled:' || payments.idempotency_key)`,
    )
    .execute();
  let enqueued = 0;
  for (const payment of settled) {
    const language = await projectLanguage(db, payment.project_id);
    const amount = formatMoney(payment.amount, payment.currency, language);
    const added = await enqueueNotification(db, {
      idempotencyKey: `settled:${payment.idempotency_key}`,
      channel: "sms",
      recipient: payment.phone!,
      template: "payment_settled",
      parameters: { projectId: payment.project_id, amount },
      language,
      now,
    });
    if (added) enqueued += 1;
  }
  return enqueued;
}

/**
 * Tells a payee with a phone that its share was held (with the reason) or released.
 * `eventId` keeps each hold and each release a message of its own.
 */
export async function notifyShareHold(
  trx: ClaimsDb,
  hold: { shareId: string; eventId: string; held: boolean; reason: string | null },
  now: Date,
): Promise<boolean> {
  const db = trx;
  const row = await db
    .selectFrom("payment_claim_lines")
    .leftJoin("payment_workers", "payment_workers.id", "payment_claim_lines.worker_id")
    .leftJoin("payment_contracts", "payment_contracts.id", "payment_claim_lines.contract_id")
    .innerJoin("payment_shares", "payment_shares.id", "payment_claim_lines.share_id")
    .select([
      "payment_shares.project_id",
      "payment_shares.currency",
      "payment_claim_lines.amount",
      payeePhone().as("phone"),
    ])
    .where("payment_claim_lines.share_id", "=", hold.shareId)
    .executeTakeFirst();
  if (!row?.phone) return false;
  const language = await projectLanguage(db, row.project_id);
  return enqueueNotification(db, {
    idempotencyKey: `${hold.held ? "share-held" : "share-released"}:${hold.shareId}:${hold.eventId}`,
    channel: "sms",
    recipient: row.phone,
    template: hold.held ? "share_held" : "share_released",
    parameters: {
      projectId: row.project_id,
      amount: formatMoney(row.amount, row.currency, language),
      reason: hold.reason ?? "",
    },
    language,
    now,
  });
}
