/**
 * The public view of a project's direct payments: per contract, what was approved and paid to
 * the contract's party and whether each share was paid by its due date, and the workers only as
 * one total with a headcount. Contract parties are organisations and public. Nothing here reads
 * a worker's name, reference, identity hash, phone or bank account.
 */
import { sql } from "kysely";
import { complianceTables } from "./compliance-tables.js";
import type { ClaimsDb, ContractKind, PayeeKind } from "./tables.js";

/** Amounts in minor units of the project's currency, and shares counted by timeliness. */
export interface PaymentTally {
  approved: number;
  paid: number;
  /** Shares paid in full on or before their due date. */
  sharesOnTime: number;
  /** Shares paid in full after their due date. */
  sharesLate: number;
  /** Shares still unpaid after their due date. */
  sharesOverdue: number;
}

/** The payments to the party of one contract. */
export interface ContractPayments extends PaymentTally {
  contractId: number;
  kind: ContractKind;
  partyName: string;
  payeeKind: Exclude<PayeeKind, "worker">;
}

/** The project's direct payments as the public page shows them. */
export interface DirectPaymentsView {
  currency: string;
  /** The prime contract first, then subcontracts and supply agreements in registration order. */
  contracts: ContractPayments[];
  /** All workers together; `headcount` is the number of workers with an approved share. */
  workers: PaymentTally & { headcount: number };
  totals: Record<PayeeKind, PaymentTally>;
}

const PAYEE_KIND_OF_CONTRACT: Record<ContractKind, Exclude<PayeeKind, "worker">> = {
  prime: "prime",
  subcontract: "subcontractor",
  supply: "supplier",
};
const CONTRACT_ORDER: Record<ContractKind, number> = { prime: 0, subcontract: 1, supply: 2 };

function emptyTally(): PaymentTally {
  return { approved: 0, paid: 0, sharesOnTime: 0, sharesLate: 0, sharesOverdue: 0 };
}

/** Adds one share to `tally`; a share neither paid nor past due counts only in the amounts. */
function addShare(
  tally: PaymentTally,
  share: { approved: number; paid: number; dueOn: string; paidOn: string | null },
  today: string,
): void {
  tally.approved += share.approved;
  tally.paid += share.paid;
  if (share.paidOn !== null) {
    if (share.paidOn <= share.dueOn) tally.sharesOnTime += 1;
    else tally.sharesLate += 1;
  } else if (share.dueOn < today) {
    tally.sharesOverdue += 1;
  }
}

/**
 * Loads the direct payments of a workspace project as of `today` ("YYYY-MM-DD", UTC), which
 * decides which unpaid shares are overdue. Returns null when the project has no payment
 * contract and no approved share, so the page can leave the section out.
 */
export async function loadDirectPayments(
  db: ClaimsDb,
  projectId: string,
  today: string,
): Promise<DirectPaymentsView | null> {
  const project = await db
    .selectFrom("workspace_projects")
    .select("contract_currency")
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!project) return null;

  const contracts = await db
    .selectFrom("payment_contracts")
    .select(["id", "kind", "party_name"])
    .where("project_id", "=", projectId)
    .orderBy("id")
    .execute();
  const shares = await complianceTables(db)
    .selectFrom("payment_share_terms")
    .innerJoin(
      "payment_claim_lines",
      "payment_claim_lines.share_id",
      "payment_share_terms.share_id",
    )
    .innerJoin("payment_shares", "payment_shares.id", "payment_share_terms.share_id")
    .select((eb) => [
      "payment_share_terms.payee_kind",
      "payment_share_terms.due_on",
      "payment_share_terms.paid_on",
      "payment_claim_lines.contract_id",
      "payment_claim_lines.worker_id",
      "payment_shares.approved_amount",
      eb
        .selectFrom("payments")
        .select(sql<number>`coalesce(sum(payments.amount), 0)::bigint`.as("settled"))
        .whereRef("payments.share_id", "=", "payment_share_terms.share_id")
        .where("payments.status", "=", "settled")
        .as("paid"),
    ])
    .where("payment_share_terms.project_id", "=", projectId)
    .execute();
  if (contracts.length === 0 && shares.length === 0) return null;

  const byContract = new Map<number, ContractPayments>(
    contracts.map((contract) => [
      contract.id,
      {
        contractId: contract.id,
        kind: contract.kind,
        partyName: contract.party_name,
        payeeKind: PAYEE_KIND_OF_CONTRACT[contract.kind],
        ...emptyTally(),
      },
    ]),
  );
  const workers = { ...emptyTally(), headcount: 0 };
  const workerIds = new Set<number>();
  const totals: Record<PayeeKind, PaymentTally> = {
    prime: emptyTally(),
    subcontractor: emptyTally(),
    supplier: emptyTally(),
    worker: emptyTally(),
  };

  for (const row of shares) {
    const share = {
      approved: Number(row.approved_amount),
      paid: Number(row.paid ?? 0),
      dueOn: row.due_on,
      paidOn: row.paid_on,
    };
    addShare(totals[row.payee_kind], share, today);
    if (row.payee_kind === "worker") {
      addShare(workers, share, today);
      if (row.worker_id !== null) workerIds.add(row.worker_id);
      continue;
    }
    const contract = row.contract_id === null ? undefined : byContract.get(row.contract_id);
    if (contract) addShare(contract, share, today);
  }
  workers.headcount = workerIds.size;

  return {
    currency: project.contract_currency,
    contracts: [...byContract.values()].sort(
      (a, b) => CONTRACT_ORDER[a.kind] - CONTRACT_ORDER[b.kind] || a.contractId - b.contractId,
    ),
    workers,
    totals,
  };
}
