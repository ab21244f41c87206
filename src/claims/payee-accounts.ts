/**
 * Payees' own bank accounts: a subcontractor or supplier registers or replaces the account of
 * its contract, and the prime contractor or a subcontractor those of its workers. Every new
 * account is checked through the bank adapter before its first use. While a payee's current
 * account is unverified or rejected, each of its unpaid shares is held with the reason, and
 * the hold is released once an account is verified.
 *
 * Replacing an account changes only where new payments go: a payment keeps the account it was
 * created for, so nothing already sent (or waiting in a batch) is redirected.
 */
import { errors } from "../http/errors.js";
import {
  getBankAccount,
  registerBankAccount,
  verifyBankAccount,
} from "../payments/bank-accounts.js";
import type { BankAccountRef, BankAdapter } from "../payments/banks/adapter.js";
import { shareState } from "../payments/shares.js";
import { complianceTables, type ComplianceDb } from "./compliance-tables.js";
import type { ShareHoldEvent } from "./compliance.js";
import { assertActsFor, ownsContract, ownsWorker, type PayeeActor } from "./payee-access.js";
import { contractPayeeId, paymentsOf, workerPayeeId, type ClaimsDb } from "./tables.js";

/** A payee named by its contract or by its worker reference. */
export type PayeeRef = { contractId: number } | { workerReference: string };

/** A payee's current account as the workspace shows it. */
export interface PayeeAccountView {
  payeeId: string;
  /** False when the caller is the payee or acts for it; the fields below are then in full. */
  masked: boolean;
  holderName: string | null;
  scheme: string;
  /** The account number, or only its last four characters after "••••" when masked. */
  identifier: string;
  agentId: string | null;
  status: "unverified" | "verified" | "rejected";
  statusReason: string | null;
}

/** Returns "••••" and the last four characters of an account number. */
export function maskIdentifier(identifier: string): string {
  return `••••${identifier.length > 4 ? identifier.slice(-4) : ""}`;
}

interface ResolvedPayee {
  payeeId: string;
  table: "payment_contracts" | "payment_workers";
  rowId: number;
  bankAccountId: number | null;
  field: "contractId" | "workerReference";
}

/** Finds the payee in the project, or raises 404. */
async function resolvePayee(
  db: ClaimsDb,
  projectId: string,
  payee: PayeeRef,
): Promise<ResolvedPayee> {
  if ("contractId" in payee) {
    const row = await db
      .selectFrom("payment_contracts")
      .select(["id", "bank_account_id"])
      .where("id", "=", payee.contractId)
      .where("project_id", "=", projectId)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Contract ${payee.contractId} of project ${projectId}`);
    return {
      payeeId: contractPayeeId(row.id),
      table: "payment_contracts",
      rowId: row.id,
      bankAccountId: row.bank_account_id,
      field: "contractId",
    };
  }
  const row = await db
    .selectFrom("payment_workers")
    .select(["id", "bank_account_id"])
    .where("reference", "=", payee.workerReference)
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Worker ${payee.workerReference} of project ${projectId}`);
  return {
    payeeId: workerPayeeId(row.id),
    table: "payment_workers",
    rowId: row.id,
    bankAccountId: row.bank_account_id,
    field: "workerReference",
  };
}

/**
 * Registers `account` as the payee's account for new payments, after checking that the actor
 * acts for the payee (403 naming the payee's field otherwise), then has the bank verify it
 * and holds or releases the payee's unpaid shares to match. Registering the current account
 * again checks it again when it is not verified. Returns the account in full and the hold
 * events, which the caller emits after this returns.
 */
export async function registerPayeeAccount(
  db: ClaimsDb,
  bank: BankAdapter,
  projectId: string,
  payee: PayeeRef,
  account: BankAccountRef,
  actor: PayeeActor,
  now: Date,
): Promise<{ account: PayeeAccountView; placed: ShareHoldEvent[]; released: ShareHoldEvent[] }> {
  const { payeeId, accountId } = await db.transaction().execute(async (trx) => {
    const resolved = await resolvePayee(trx, projectId, payee);
    await assertActsFor(trx, actor, resolved.payeeId, resolved.field);
    const stored = await registerBankAccount(paymentsOf(trx), {
      ...account,
      payeeId: resolved.payeeId,
    });
    if (stored.id !== resolved.bankAccountId) {
      if (resolved.bankAccountId !== null) {
        await paymentsOf(trx)
          .updateTable("payee_bank_accounts")
          .set({ replaced_at: now })
          .where("id", "=", resolved.bankAccountId)
          .execute();
      }
      await paymentsOf(trx)
        .updateTable("payee_bank_accounts")
        .set({ replaced_at: null })
        .where("id", "=", stored.id)
        .execute();
      await trx
        .updateTable(resolved.table)
        .set({ bank_account_id: stored.id })
        .where("id", "=", resolved.rowId)
        .execute();
    }
    return { payeeId: resolved.payeeId, accountId: stored.id };
  });

  // The bank is asked after the commit, so a slow bank keeps no transaction open. Until the
  // bank replies, the account is unverified and receives nothing.
  const verified = await verifyBankAccount(paymentsOf(db), bank, accountId);
  const holds = await db
    .transaction()
    .execute((trx) => syncAccountHolds(trx, projectId, payeeId, now));
  return {
    account: { ...viewOf(payeeId, verified), masked: false },
    ...holds,
  };
}

/**
 * Returns the payee's current account, in full when the actor acts for the payee and masked
 * (no holder name, last four characters of the number) for every other caller. Null when the
 * payee has no account.
 */
export async function getPayeeAccount(
  db: ClaimsDb,
  projectId: string,
  payee: PayeeRef,
  actor: PayeeActor,
): Promise<PayeeAccountView | null> {
  const resolved = await resolvePayee(db, projectId, payee);
  if (resolved.bankAccountId === null) return null;
  const account = await getBankAccount(paymentsOf(db), resolved.bankAccountId);
  const view = viewOf(resolved.payeeId, account);
  if (await actsFor(db, actor, resolved)) return { ...view, masked: false };
  return { ...view, masked: true, holderName: null, identifier: maskIdentifier(view.identifier) };
}

async function actsFor(db: ClaimsDb, actor: PayeeActor, payee: ResolvedPayee): Promise<boolean> {
  if (payee.table === "payment_workers") return ownsWorker(db, actor, payee.rowId);
  const contract = await db
    .selectFrom("payment_contracts")
    .select(["kind", "organisation_id"])
    .where("id", "=", payee.rowId)
    .executeTakeFirstOrThrow();
  return ownsContract(actor, contract);
}

function viewOf(
  payeeId: string,
  account: Awaited<ReturnType<typeof getBankAccount>>,
): Omit<PayeeAccountView, "masked"> {
  return {
    payeeId,
    holderName: account.holderName,
    scheme: account.scheme,
    identifier: account.identifier,
    agentId: account.agentId,
    status: account.status,
    statusReason: account.statusReason,
  };
}

/** Returns the reason a share of a payee whose account is in this state is held, or null. */
export function accountHoldReason(
  account: { status: string; status_reason: string | null } | undefined,
): string | null {
  if (!account) return "the payee has no bank account registered";
  if (account.status === "verified") return null;
  if (account.status === "rejected") {
    return `the bank rejected the payee's bank account (${account.status_reason ?? "no reason given"}); register another one`;
  }
  return "the payee's bank account is not verified by the bank yet";
}

/**
 * Holds the share while its payee's current account is not verified, with the reason, and
 * releases the hold once it is, in the caller's transaction. Returns whether the share is
 * held now and the events of a hold placed or released.
 */
export async function checkShareAccount(
  trx: ClaimsDb,
  share: { projectId: string; shareId: string; payeeId: string },
  now: Date,
): Promise<{ open: ShareHoldEvent | null; placed: ShareHoldEvent[]; released: ShareHoldEvent[] }> {
  const db = complianceTables(trx);
  const reason = accountHoldReason(await currentAccount(db, share.payeeId));
  const existing = await db
    .selectFrom("payment_share_holds")
    .select(["released_at", "reason"])
    .where("share_id", "=", share.shareId)
    .where("document_kind", "=", "bank_account")
    .executeTakeFirst();
  const isOpen = existing !== undefined && existing.released_at === null;
  const event = (text: string): ShareHoldEvent => ({
    projectId: share.projectId,
    shareId: share.shareId,
    payeeId: share.payeeId,
    documentKind: "bank_account",
    reason: text,
  });

  if (reason === null) {
    if (!isOpen) return { open: null, placed: [], released: [] };
    await db
      .updateTable("payment_share_holds")
      .set({ released_at: now })
      .where("share_id", "=", share.shareId)
      .where("document_kind", "=", "bank_account")
      .execute();
    return {
      open: null,
      placed: [],
      released: [event("the payee's bank account is verified now")],
    };
  }
  if (isOpen && existing.reason === reason)
    return { open: event(reason), placed: [], released: [] };
  await db
    .insertInto("payment_share_holds")
    .values({
      share_id: share.shareId,
      document_kind: "bank_account",
      project_id: share.projectId,
      payee_id: share.payeeId,
      held_at: now,
      released_at: null,
      reason,
    })
    .onConflict((conflict) =>
      conflict
        .columns(["share_id", "document_kind"])
        .doUpdateSet({ held_at: now, released_at: null, reason }),
    )
    .execute();
  return { open: event(reason), placed: [event(reason)], released: [] };
}

/**
 * Brings the bank account holds of every unpaid share of the payee in line with its current
 * account, in the caller's transaction.
 */
export async function syncAccountHolds(
  trx: ClaimsDb,
  projectId: string,
  payeeId: string,
  now: Date,
): Promise<{ placed: ShareHoldEvent[]; released: ShareHoldEvent[] }> {
  const shares = await complianceTables(trx)
    .selectFrom("payment_share_terms")
    .innerJoin("payment_shares", "payment_shares.id", "payment_share_terms.share_id")
    .select("payment_shares.id")
    .where("payment_shares.project_id", "=", projectId)
    .where("payment_shares.payee_id", "=", payeeId)
    .orderBy("payment_shares.id")
    .execute();
  const placed: ShareHoldEvent[] = [];
  const released: ShareHoldEvent[] = [];
  for (const { id } of shares) {
    const state = await shareState(paymentsOf(trx), id);
    if (state.remaining === 0) continue;
    const result = await checkShareAccount(trx, { projectId, shareId: id, payeeId }, now);
    placed.push(...result.placed);
    released.push(...result.released);
  }
  return { placed, released };
}

/** Loads the payee's current account status, from its contract or worker row. */
async function currentAccount(db: ComplianceDb, payeeId: string) {
  const [kind, id] = payeeId.split(":");
  const table = kind === "worker" ? "payment_workers" : "payment_contracts";
  const row = await db
    .selectFrom(table)
    .innerJoin("payee_bank_accounts", "payee_bank_accounts.id", `${table}.bank_account_id`)
    .select(["payee_bank_accounts.status", "payee_bank_accounts.status_reason"])
    .where(`${table}.id`, "=", Number(id))
    .executeTakeFirst();
  return row;
}
