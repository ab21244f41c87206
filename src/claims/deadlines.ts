/**
 * Legal payment deadlines of approved shares. At approval each share gets a due date: the prime's
 * share `agencyDays` after approval, and every other share (subcontractors, suppliers, workers)
 * `payeeDays` after that, the latest day the prime could have received the money. A share is
 * overdue while it is unpaid past its due date, and late when it was paid after it.
 *
 * NOTE: dates are calendar days in UTC; the jurisdiction's time zone and holidays are not
 * applied.
 */
import { shareState } from "../payments/shares.js";
import { complianceTables } from "./compliance-tables.js";
import { paymentsOf, type ClaimsDb, type PayeeKind } from "./tables.js";

/** Legal payment periods, in calendar days. */
export interface PaymentDeadlines {
  /** From the agency's approval of a claim to payment of the prime's share. */
  agencyDays: number;
  /** From the prime's receipt to payment of subcontractors, suppliers and workers. */
  payeeDays: number;
}

/** Returns the UTC calendar date of `instant` as "YYYY-MM-DD". */
export function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Returns `date` ("YYYY-MM-DD") plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return dateOf(next);
}

/** Returns the due date of a share of `payeeKind` in a claim approved on `approvedOn`. */
export function dueDate(approvedOn: string, payeeKind: PayeeKind, deadlines: PaymentDeadlines) {
  const primeDue = addDays(approvedOn, deadlines.agencyDays);
  return payeeKind === "prime" ? primeDue : addDays(primeDue, deadlines.payeeDays);
}

/** Stores the due date of each approved share of a claim, inside the caller's transaction. */
export async function recordShareTerms(
  trx: ClaimsDb,
  claim: { projectId: string; claimId: number; approvedOn: string },
  shares: { shareId: string; payeeKind: PayeeKind }[],
  deadlines: PaymentDeadlines,
): Promise<void> {
  if (shares.length === 0) return;
  await complianceTables(trx)
    .insertInto("payment_share_terms")
    .values(
      shares.map((share) => ({
        share_id: share.shareId,
        project_id: claim.projectId,
        claim_id: claim.claimId,
        payee_kind: share.payeeKind,
        due_on: dueDate(claim.approvedOn, share.payeeKind, deadlines),
        paid_on: null,
      })),
    )
    .execute();
}

/**
 * Marks each share of the project that has become paid in full with `today` as its paid date.
 * Called after every payment run and reconciliation, so the date is when the workflow first
 * saw the settlement. Returns how many shares were marked.
 */
export async function recordPaidShares(
  db: ClaimsDb,
  projectId: string,
  today: string,
): Promise<number> {
  const open = await complianceTables(db)
    .selectFrom("payment_share_terms")
    .select("share_id")
    .where("project_id", "=", projectId)
    .where("paid_on", "is", null)
    .execute();
  let marked = 0;
  for (const { share_id: shareId } of open) {
    const state = await shareState(paymentsOf(db), shareId);
    if (state.paid < state.approvedAmount) continue;
    await complianceTables(db)
      .updateTable("payment_share_terms")
      .set({ paid_on: today })
      .where("share_id", "=", shareId)
      .where("paid_on", "is", null)
      .execute();
    marked += 1;
  }
  return marked;
}

/** An unpaid share past its due date. */
export interface OverdueShare {
  shareId: string;
  claimId: number;
  payeeKind: PayeeKind;
  contractId: number | null;
  /** Workers only: the badge reference, never the name. */
  workerReference: string | null;
  dueOn: string;
  daysOverdue: number;
  approved: number;
  paid: number;
  /** True while a compliance hold keeps the share from being paid. */
  held: boolean;
}

/** Lists the project's unpaid shares whose due date is before `today`, oldest due first. */
export async function listOverdueShares(
  db: ClaimsDb,
  projectId: string,
  today: string,
): Promise<OverdueShare[]> {
  const rows = await complianceTables(db)
    .selectFrom("payment_share_terms")
    .innerJoin(
      "payment_claim_lines",
      "payment_claim_lines.share_id",
      "payment_share_terms.share_id",
    )
    .leftJoin("payment_workers", "payment_workers.id", "payment_claim_lines.worker_id")
    .select((eb) => [
      "payment_share_terms.share_id",
      "payment_share_terms.claim_id",
      "payment_share_terms.payee_kind",
      "payment_share_terms.due_on",
      "payment_claim_lines.contract_id",
      "payment_workers.reference",
      eb
        .exists(
          eb
            .selectFrom("payment_share_holds")
            .select("payment_share_holds.share_id")
            .whereRef("payment_share_holds.share_id", "=", "payment_share_terms.share_id")
            .where("payment_share_holds.released_at", "is", null),
        )
        .as("held"),
    ])
    .where("payment_share_terms.project_id", "=", projectId)
    .where("payment_share_terms.paid_on", "is", null)
    .where("payment_share_terms.due_on", "<", today)
    .orderBy("payment_share_terms.due_on")
    .orderBy("payment_share_terms.share_id")
    .execute();
  const overdue: OverdueShare[] = [];
  for (const row of rows) {
    const state = await shareState(paymentsOf(db), row.share_id);
    overdue.push({
      shareId: row.share_id,
      claimId: row.claim_id,
      payeeKind: row.payee_kind,
      contractId: row.contract_id,
      workerReference: row.reference,
      dueOn: row.due_on,
      daysOverdue: daysBetween(row.due_on, today),
      approved: state.approvedAmount,
      paid: state.paid,
      held: Boolean(row.held),
    });
  }
  return overdue;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
