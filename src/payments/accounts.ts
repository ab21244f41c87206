/**
 * The ledger accounts of a project and of its shares, found by stable codes, and the
 * movements of agency money into and within a project: deposits and retention.
 */
import {
  accountBalance,
  ensureAccount,
  postEntry,
  type LedgerAccount,
  type PostedEntry,
} from "./ledger.js";
import { paymentErrors } from "./errors.js";
import { inTransaction, type PaymentsDb } from "./tables.js";

/** The agency's funding account: the outside source of the money, the one that goes negative. */
export function agencyFundingAccount(db: PaymentsDb, agencyId: string, currency: string) {
  return ensureAccount(db, {
    code: `agency:${agencyId}:${currency}`,
    kind: "agency_funding",
    currency,
    ownerId: agencyId,
  });
}

/** The project's segregated account: money deposited for the project and not yet paid out. */
export function segregatedAccount(db: PaymentsDb, projectId: string, currency: string) {
  return ensureAccount(db, {
    code: `segregated:${projectId}:${currency}`,
    kind: "project_segregated",
    currency,
    projectId,
  });
}

/** Retention held back from the project's payments until completion or the defects period. */
export function retentionAccount(db: PaymentsDb, projectId: string, currency: string) {
  return ensureAccount(db, {
    code: `retention:${projectId}:${currency}`,
    kind: "retention_held",
    currency,
    projectId,
  });
}

/** Money reserved for payments that were instructed but have not settled at the bank yet. */
export function clearingAccount(db: PaymentsDb, projectId: string, currency: string) {
  return ensureAccount(db, {
    code: `clearing:${projectId}:${currency}`,
    kind: "payment_clearing",
    currency,
    projectId,
  });
}

/** What has been paid out to one share's payee. */
export function sharePaidAccount(
  db: PaymentsDb,
  share: { id: string; projectId: string; currency: string },
): Promise<LedgerAccount> {
  return ensureAccount(db, {
    code: `share:${share.id}`,
    kind: "share_paid",
    currency: share.currency,
    projectId: share.projectId,
    ownerId: share.id,
  });
}

/** A deposit of agency money into a project's segregated account. */
export interface DepositInput {
  agencyId: string;
  projectId: string;
  currency: string;
  amount: number;
  idempotencyKey: string;
  memo?: string;
}

/**
 * Records the agency's deposit into the project's segregated account: debit segregated,
 * credit agency funding. Posting the same key again changes nothing.
 */
export async function depositToProject(db: PaymentsDb, input: DepositInput): Promise<PostedEntry> {
  requirePositive(input.amount, "amount");
  return inTransaction(db, async (trx) => {
    const funding = await agencyFundingAccount(trx, input.agencyId, input.currency);
    const segregated = await segregatedAccount(trx, input.projectId, input.currency);
    return postEntry(trx, {
      idempotencyKey: input.idempotencyKey,
      kind: "deposit",
      memo: input.memo,
      postings: [
        { accountId: segregated.id, amount: input.amount },
        { accountId: funding.id, amount: -input.amount },
      ],
    });
  });
}

/** A movement between a project's segregated account and its retention. */
export interface RetentionInput {
  projectId: string;
  currency: string;
  amount: number;
  idempotencyKey: string;
  memo?: string;
}

/** Moves money from the segregated account into retention, where no payment can take it. */
export function holdRetention(db: PaymentsDb, input: RetentionInput): Promise<PostedEntry> {
  return moveWithinProject(db, input, "retain", retentionAccount, segregatedAccount);
}

/** Moves retention back into the segregated account, where payments can take it. */
export function releaseRetention(db: PaymentsDb, input: RetentionInput): Promise<PostedEntry> {
  return moveWithinProject(db, input, "release_retention", segregatedAccount, retentionAccount);
}

type ProjectAccount = (
  db: PaymentsDb,
  projectId: string,
  currency: string,
) => Promise<LedgerAccount>;

async function moveWithinProject(
  db: PaymentsDb,
  input: RetentionInput,
  kind: string,
  to: ProjectAccount,
  from: ProjectAccount,
): Promise<PostedEntry> {
  requirePositive(input.amount, "amount");
  return inTransaction(db, async (trx) => {
    const target = await to(trx, input.projectId, input.currency);
    const source = await from(trx, input.projectId, input.currency);
    return postEntry(trx, {
      idempotencyKey: input.idempotencyKey,
      kind,
      memo: input.memo,
      postings: [
        { accountId: target.id, amount: input.amount },
        { accountId: source.id, amount: -input.amount },
      ],
    });
  });
}

/** A project's balances in one currency, in minor units. */
export interface ProjectBalances {
  /** Deposited and free to pay. */
  segregated: number;
  /** Held back as retention. */
  retention: number;
  /** Reserved for payments that have not settled yet. */
  inClearing: number;
}

/** Returns the project's balances in `currency`, each the sum of its account's postings. */
export async function projectBalances(
  db: PaymentsDb,
  projectId: string,
  currency: string,
): Promise<ProjectBalances> {
  const [segregated, retention, clearing] = await Promise.all([
    segregatedAccount(db, projectId, currency),
    retentionAccount(db, projectId, currency),
    clearingAccount(db, projectId, currency),
  ]);
  return {
    segregated: await accountBalance(db, segregated.id),
    retention: await accountBalance(db, retention.id),
    inClearing: await accountBalance(db, clearing.id),
  };
}

/** Raises invalid_input unless `amount` is a positive integer number of minor units. */
export function requirePositive(amount: number, path: string): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw paymentErrors.invalidInput([
      { path, message: `${amount} is not a positive integer amount in minor units` },
    ]);
  }
}
