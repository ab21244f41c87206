/**
 * Progress payment claims: the prime claims for a period against approved progress, the prime
 * and subcontractors register the split of the claim's net amount into shares, and the agency
 * approves the split, which approves one share per line in the payment core.
 */
import { errors, type Problem } from "../http/errors.js";
import { currencyExponent } from "../shared/money.js";
import { approveShare, shareState } from "../payments/shares.js";
import { loadApprovedWork } from "../reports/actual-progress.js";
import type { Executor } from "../projects/store-rows.js";
import {
  notifyApprovalRequested,
  notifyClaimApproved,
  notifyClaimSubmitted,
} from "../notifications/payment-events.js";
import { listContracts, type Contract } from "./contracts.js";
import { dateOf, recordShareTerms, type PaymentDeadlines } from "./deadlines.js";
import { isPrime, notYourPayee, ownsContract, type PayeeActor } from "./payee-access.js";
import { lockPaymentProject, loadPricedItems } from "./project.js";
import {
  contractPayeeId,
  paymentsOf,
  workerPayeeId,
  type ClaimsDb,
  type ClaimStatus,
  type PayeeKind,
} from "./tables.js";

/** A claim to submit. Amounts are minor units of the project's currency. */
export interface ClaimInput {
  periodStart: string;
  periodEnd: string;
  items: { itemCode: string; quantity: number }[];
  retentionAmount: number;
  advanceRecovery: number;
}

/** A claim with its items, its split and, once approved, what each share has received. */
export interface Claim {
  id: number;
  projectId: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  grossAmount: number;
  retentionAmount: number;
  advanceRecovery: number;
  netAmount: number;
  status: ClaimStatus;
  items: { itemCode: string; quantity: number; unitPrice: number; amount: number }[];
  lines: ClaimLine[];
  /** Subcontracts priced below the ratio floor, for the agency to look at before approving. */
  subcontractsBelowFloor: { contractId: number; partyName: string; priceRatio: number }[];
}

export interface ClaimLine {
  lineNo: number;
  payeeKind: PayeeKind;
  contractId: number | null;
  /** Workers only: the worker's badge reference, never the name. */
  workerReference: string | null;
  daysWorked: number | null;
  amount: number;
  shareId: string | null;
  paid: number | null;
  inPayment: number | null;
}

/** Formats minor units as "KRW 1,234" or "ARS 1,234.56". */
export function formatMoney(minorUnits: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minorUnits)
    .toString()
    .padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${currency} ${minorUnits < 0 ? "-" : ""}${whole}${fraction}`;
}

/**
 * Stores a claim for a period. Each item's quantity, added to what earlier claims took, may not
 * pass the quantity that approved daily reports up to the period's end record for it; the
 * amount is quantity × the approved schedule's unit price, rounded to the minor unit. Raises
 * 400 naming the field, and 409 when the period overlaps an earlier claim.
 */
export async function submitClaim(
  db: ClaimsDb,
  projectId: string,
  input: ClaimInput,
  actor: { userId: number; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // The project's row lock makes the overlap check below hold under concurrent claims.
    const project = await lockPaymentProject(trx, projectId);
    const problems: Problem[] = [];
    if (input.periodEnd < input.periodStart) {
      problems.push({ path: "periodEnd", message: "is before periodStart" });
    }
    const overlapping = await trx
      .selectFrom("payment_claims")
      .select(["id", "period_start", "period_end"])
      .where("project_id", "=", projectId)
      .where("period_start", "<=", input.periodEnd)
      .where("period_end", ">=", input.periodStart)
      .executeTakeFirst();
    if (overlapping) {
      throw errors.conflict(
        `Claim ${overlapping.id} already covers ${overlapping.period_start} to ` +
          `${overlapping.period_end}; claim periods may not overlap.`,
      );
    }

    const priced = await loadPricedItems(trx, projectId);
    if (priced.size === 0) {
      throw errors.conflict("The project has no approved schedule to claim against.");
    }
    const approved = await approvedQuantities(trx, projectId, input.periodEnd);
    const claimed = await claimedQuantities(trx, projectId);
    const seen = new Set<string>();
    const items = input.items.map((item, index) => {
      const path = `items.${index}`;
      const prime = priced.get(item.itemCode);
      if (!prime) {
        problems.push({
          path: `${path}.itemCode`,
          message: `${item.itemCode} is not a work item of the approved schedule`,
        });
      } else {
        const done = approved.get(item.itemCode) ?? 0;
        const before = claimed.get(item.itemCode) ?? 0;
        const open = roundQuantity(done - before);
        if (item.quantity > open) {
          problems.push({
            path: `${path}.quantity`,
            message:
              `${item.quantity} is more than the ${open} approved and not yet claimed ` +
              `(${done} in approved daily reports up to ${input.periodEnd}, ${before} claimed before)`,
          });
        }
      }
      if (seen.has(item.itemCode)) {
        problems.push({ path: `${path}.itemCode`, message: "is listed twice" });
      }
      seen.add(item.itemCode);
      const unitPrice = prime?.unitPrice ?? 0;
      const amount = Math.round(item.quantity * unitPrice);
      if (!Number.isSafeInteger(amount)) {
        problems.push({ path: `${path}.quantity`, message: tooLarge(item.quantity, unitPrice) });
      }
      return { ...item, unitPrice, amount };
    });
    if (items.length === 0) {
      problems.push({ path: "items", message: "a claim needs at least one work item" });
    }
    const gross = items.reduce((sum, item) => sum + item.amount, 0);
    const net = gross - input.retentionAmount - input.advanceRecovery;
    if (items.every((item) => Number.isSafeInteger(item.amount)) && !Number.isSafeInteger(gross)) {
      problems.push({
        path: "items",
        message: `the claim's total is too large: amounts are exact only up to ${MAX_AMOUNT}`,
      });
    }
    if (net < 0) {
      problems.push({
        path: "advanceRecovery",
        message:
          `retention and advance recovery together pass the claimed ` +
          `${formatMoney(gross, project.currency)}`,
      });
    }
    if (problems.length > 0) throw errors.invalidInput(problems, "The claim is invalid.");

    const row = await trx
      .insertInto("payment_claims")
      .values({
        project_id: projectId,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        currency: project.currency,
        gross_amount: gross,
        retention_amount: input.retentionAmount,
        advance_recovery: input.advanceRecovery,
        net_amount: net,
        status: "claimed",
        claimed_by: actor.userId,
        claimed_at: actor.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("payment_claim_items")
      .values(
        items.map((item) => ({
          claim_id: row.id,
          item_code: item.itemCode,
          quantity: item.quantity,
          unit_price: item.unitPrice,
          amount: item.amount,
        })),
      )
      .execute();
    await notifyClaimSubmitted(trx, row.id, actor.now);
    return row.id;
  });
}

/** The largest amount in minor units that stays exact as a JavaScript number (2^53 − 1). */
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER.toLocaleString("en");

function tooLarge(quantity: number, unitPrice: number): string {
  return (
    `${quantity} × the unit price ${unitPrice} is too large or too precise an amount: ` +
    `amounts are exact only up to ${MAX_AMOUNT} minor units`
  );
}

/** Quantities are numeric(18, 3); rounding keeps float sums comparable at that scale. */
function roundQuantity(quantity: number): number {
  return Math.round(quantity * 1000) / 1000;
}

async function approvedQuantities(db: ClaimsDb, projectId: string, through: string) {
  // The daily report code is typed for the application's tables only; the connection is the same.
  const { work } = await loadApprovedWork(db as unknown as Executor, projectId);
  const done = new Map<string, number>();
  for (const line of work) {
    if (line.date > through) continue;
    done.set(line.itemCode, roundQuantity((done.get(line.itemCode) ?? 0) + line.quantity));
  }
  return done;
}

async function claimedQuantities(db: ClaimsDb, projectId: string) {
  const rows = await db
    .selectFrom("payment_claim_items")
    .innerJoin("payment_claims", "payment_claims.id", "payment_claim_items.claim_id")
    .select(["payment_claim_items.item_code", "payment_claim_items.quantity"])
    .where("payment_claims.project_id", "=", projectId)
    .execute();
  const claimed = new Map<string, number>();
  for (const row of rows) {
    claimed.set(row.item_code, roundQuantity((claimed.get(row.item_code) ?? 0) + row.quantity));
  }
  return claimed;
}

/** A line of a split as registered; workers' lines are computed, never entered. */
export interface SplitLineInput {
  payeeKind: Exclude<PayeeKind, "worker">;
  /** The contract of the payee; for the prime, the prime contract when left out. */
  contractId?: number;
  amount: number;
}

const CONTRACT_KIND = { prime: "prime", subcontractor: "subcontract", supplier: "supply" } as const;

/**
 * Registers (or replaces) the split of a claim. The wages of every worker with attendance in
 * the claim's period are added as lines of days × daily rate. The lines must add up to the
 * claim's net amount to the minor unit; otherwise nothing is stored and the error names the
 * difference in money. Raises 409 once the claim is approved. When `actor` is given and is not
 * the prime contractor, every entered line must be for the actor's own contract (403 naming
 * the others), and the registered lines of other contracts are kept as they are.
 */
export async function registerSplit(
  db: ClaimsDb,
  projectId: string,
  claimId: number,
  entered: SplitLineInput[],
  now: Date = new Date(),
  actor?: PayeeActor,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const claim = await lockClaim(trx, projectId, claimId);
    if (claim.status === "approved") {
      throw errors.conflict(`Claim ${claimId} is approved; its split can no longer change.`);
    }
    const contracts = await trx
      .selectFrom("payment_contracts")
      .select(["id", "kind", "organisation_id"])
      .where("project_id", "=", projectId)
      .execute();
    const lines =
      actor && !isPrime(actor)
        ? await ownLinesWithOthersKept(trx, claimId, entered, contracts, actor)
        : entered;

    const problems: Problem[] = [];
    const used = new Set<number>();
    const resolved = lines.map((line, index) => {
      const path = `lines.${index}`;
      const kind = CONTRACT_KIND[line.payeeKind];
      const contract =
        line.contractId === undefined && line.payeeKind === "prime"
          ? contracts.find((candidate) => candidate.kind === "prime")
          : contracts.find((candidate) => candidate.id === line.contractId);
      if (!contract) {
        problems.push({
          path: `${path}.contractId`,
          message:
            line.contractId === undefined
              ? `is missing; a ${line.payeeKind} line names its contract`
              : `${line.contractId} is not a contract of this project`,
        });
      } else if (contract.kind !== kind) {
        problems.push({
          path: `${path}.contractId`,
          message: `contract ${contract.id} is a ${contract.kind} contract, not a ${kind} contract`,
        });
      } else if (used.has(contract.id)) {
        problems.push({ path: `${path}.contractId`, message: "has a line already" });
      }
      if (contract) used.add(contract.id);
      return { ...line, contractId: contract?.id ?? null };
    });
    if (problems.length > 0) throw errors.invalidInput(problems, "The split is invalid.");

    const wages = await trx
      .selectFrom("payment_workers")
      .innerJoin("worker_attendance", "worker_attendance.worker_id", "payment_workers.id")
      .select((eb) => [
        "payment_workers.id",
        "payment_workers.daily_rate",
        eb.fn.countAll<number>().as("days"),
      ])
      .where("payment_workers.project_id", "=", projectId)
      .where("worker_attendance.work_date", ">=", claim.period_start)
      .where("worker_attendance.work_date", "<=", claim.period_end)
      .groupBy(["payment_workers.id", "payment_workers.daily_rate"])
      .orderBy("payment_workers.id")
      .execute();

    const wageLines = wages.map((worker) => ({
      payeeKind: "worker" as const,
      contractId: null,
      workerId: worker.id,
      daysWorked: Number(worker.days),
      amount: Number(worker.days) * worker.daily_rate,
    }));
    const total =
      resolved.reduce((sum, line) => sum + line.amount, 0) +
      wageLines.reduce((sum, line) => sum + line.amount, 0);
    const difference = total - claim.net_amount;
    if (difference !== 0) {
      const gap = formatMoney(Math.abs(difference), claim.currency);
      throw errors.invalidInput(
        [
          {
            path: "lines",
            message:
              `the split is ${gap} ${difference < 0 ? "short of" : "over"} the claim: ` +
              `the lines add up to ${formatMoney(total, claim.currency)}, of which ` +
              `${formatMoney(total - resolved.reduce((sum, line) => sum + line.amount, 0), claim.currency)} ` +
              `wages, and the claim's net amount is ${formatMoney(claim.net_amount, claim.currency)}`,
          },
        ],
        `The split is ${gap} ${difference < 0 ? "short of" : "over"} the claim.`,
      );
    }

    await trx.deleteFrom("payment_claim_lines").where("claim_id", "=", claimId).execute();
    const rows = [
      ...resolved.map((line) => ({ ...line, workerId: null, daysWorked: null })),
      ...wageLines,
    ];
    if (rows.length > 0) {
      await trx
        .insertInto("payment_claim_lines")
        .values(
          rows.map((line, index) => ({
            claim_id: claimId,
            line_no: index + 1,
            payee_kind: line.payeeKind,
            contract_id: line.contractId,
            worker_id: line.workerId,
            days_worked: line.daysWorked,
            amount: line.amount,
          })),
        )
        .execute();
    }
    await trx
      .updateTable("payment_claims")
      .set({ status: "split" })
      .where("id", "=", claimId)
      .execute();
    await notifyApprovalRequested(trx, claimId, now);
  });
}

/**
 * Checks, for a caller other than the prime, that every entered line is for one of the
 * caller's own contracts, and raises 403 naming each other line. Returns the entered lines
 * followed by the registered lines of the other contracts, so the caller changes only its own.
 */
async function ownLinesWithOthersKept(
  trx: ClaimsDb,
  claimId: number,
  entered: SplitLineInput[],
  contracts: { id: number; kind: string; organisation_id: string | null }[],
  actor: PayeeActor,
): Promise<SplitLineInput[]> {
  const denied: Problem[] = [];
  entered.forEach((line, index) => {
    const contract =
      line.contractId === undefined && line.payeeKind === "prime"
        ? contracts.find((candidate) => candidate.kind === "prime")
        : contracts.find((candidate) => candidate.id === line.contractId);
    if (contract && !ownsContract(actor, contract)) {
      denied.push({
        path: `lines.${index}.contractId`,
        message: `contract ${contract.id} is not your organisation's; enter only your own line`,
      });
    }
  });
  if (denied.length > 0) throw notYourPayee(denied);

  const registered = await trx
    .selectFrom("payment_claim_lines")
    .select(["payee_kind", "contract_id", "amount"])
    .where("claim_id", "=", claimId)
    .where("contract_id", "is not", null)
    .orderBy("line_no")
    .execute();
  const others = registered.filter((row) => {
    const contract = contracts.find((candidate) => candidate.id === row.contract_id);
    return contract !== undefined && !ownsContract(actor, contract);
  });
  // The entered lines come first, so that a problem's path names the caller's own line.
  return [
    ...entered,
    ...others.map((row) => ({
      payeeKind: row.payee_kind as SplitLineInput["payeeKind"],
      contractId: row.contract_id!,
      amount: row.amount,
    })),
  ];
}

/**
 * Approves a claim's registered split: one share per line with an amount, each at most that
 * amount and due by the legal deadline of its payee kind, all in one transaction. Raises 409
 * unless the claim's split is registered.
 */
export async function approveClaim(
  db: ClaimsDb,
  projectId: string,
  claimId: number,
  actor: { userId: number; now: Date },
  deadlines: PaymentDeadlines,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const claim = await lockClaim(trx, projectId, claimId);
    if (claim.status !== "split") {
      throw errors.conflict(
        claim.status === "approved"
          ? `Claim ${claimId} is already approved.`
          : `Claim ${claimId} has no registered split to approve.`,
      );
    }
    const lines = await trx
      .selectFrom("payment_claim_lines")
      .selectAll()
      .where("claim_id", "=", claimId)
      .orderBy("line_no")
      .execute();
    const shares: { shareId: string; payeeKind: PayeeKind }[] = [];
    for (const line of lines) {
      if (line.amount === 0) continue;
      const shareId = `claim-${claimId}-line-${line.line_no}`;
      shares.push({ shareId, payeeKind: line.payee_kind });
      await approveShare(paymentsOf(trx), {
        shareId,
        projectId,
        payeeId:
          line.worker_id !== null
            ? workerPayeeId(line.worker_id)
            : contractPayeeId(line.contract_id!),
        currency: claim.currency,
        approvedAmount: line.amount,
      });
      await trx
        .updateTable("payment_claim_lines")
        .set({ share_id: shareId })
        .where("claim_id", "=", claimId)
        .where("line_no", "=", line.line_no)
        .execute();
    }
    await recordShareTerms(
      trx,
      { projectId, claimId, approvedOn: dateOf(actor.now) },
      shares,
      deadlines,
    );
    await trx
      .updateTable("payment_claims")
      .set({ status: "approved", approved_by: actor.userId, approved_at: actor.now })
      .where("id", "=", claimId)
      .execute();
    await notifyClaimApproved(trx, claimId, actor.now);
  });
}

async function lockClaim(trx: ClaimsDb, projectId: string, claimId: number) {
  const claim = await trx
    .selectFrom("payment_claims")
    .selectAll()
    .where("id", "=", claimId)
    .where("project_id", "=", projectId)
    .forUpdate()
    .executeTakeFirst();
  if (!claim) throw errors.notFound(`Claim ${claimId} of project ${projectId}`);
  return claim;
}

/** Loads a claim with its items, split lines, share states and low-priced subcontracts. */
export async function getClaim(
  db: ClaimsDb,
  projectId: string,
  claimId: number,
  ratioFloor: number,
): Promise<Claim> {
  const claim = await db
    .selectFrom("payment_claims")
    .selectAll()
    .where("id", "=", claimId)
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!claim) throw errors.notFound(`Claim ${claimId} of project ${projectId}`);
  const items = await db
    .selectFrom("payment_claim_items")
    .selectAll()
    .where("claim_id", "=", claimId)
    .orderBy("item_code")
    .execute();
  const lines = await db
    .selectFrom("payment_claim_lines")
    .leftJoin("payment_workers", "payment_workers.id", "payment_claim_lines.worker_id")
    .selectAll("payment_claim_lines")
    .select("payment_workers.reference")
    .where("claim_id", "=", claimId)
    .orderBy("line_no")
    .execute();
  const contracts: Contract[] = await listContracts(db, projectId, ratioFloor);

  const claimLines: ClaimLine[] = [];
  for (const line of lines) {
    const state = line.share_id ? await shareState(paymentsOf(db), line.share_id) : null;
    claimLines.push({
      lineNo: line.line_no,
      payeeKind: line.payee_kind,
      contractId: line.contract_id,
      workerReference: line.reference,
      daysWorked: line.days_worked,
      amount: line.amount,
      shareId: line.share_id,
      paid: state?.paid ?? null,
      inPayment: state?.inPayment ?? null,
    });
  }
  return {
    id: claim.id,
    projectId: claim.project_id,
    periodStart: claim.period_start,
    periodEnd: claim.period_end,
    currency: claim.currency,
    grossAmount: claim.gross_amount,
    retentionAmount: claim.retention_amount,
    advanceRecovery: claim.advance_recovery,
    netAmount: claim.net_amount,
    status: claim.status,
    items: items.map((item) => ({
      itemCode: item.item_code,
      quantity: item.quantity,
      unitPrice: item.unit_price,
      amount: item.amount,
    })),
    lines: claimLines,
    subcontractsBelowFloor: contracts
      .filter((contract) => contract.belowRatioFloor)
      .map((contract) => ({
        contractId: contract.id,
        partyName: contract.partyName,
        priceRatio: contract.priceRatio!,
      })),
  };
}
