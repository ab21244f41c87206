/**
 * The double-entry ledger of direct payment.
 *
 * Every movement of money is a journal entry whose postings sum to zero in each currency,
 * written in one transaction. Balances are sums of postings and are never stored. Every
 * account except agency funding must stay at zero or above: the entry that would take one
 * below zero is rejected. The accounts an entry touches are locked (`SELECT ... FOR UPDATE`,
 * in id order) before their balances are read, so concurrent entries on a PostgreSQL server
 * cannot overdraw an account between the read and the write.
 */
import { sql } from "kysely";
import type { Problem } from "../http/errors.js";
import { paymentErrors } from "./errors.js";
import { inTransaction, type LedgerAccountKind, type PaymentsDb } from "./tables.js";

/** A ledger account as stored. */
export interface LedgerAccount {
  id: number;
  code: string;
  kind: LedgerAccountKind;
  currency: string;
  projectId: string | null;
  ownerId: string | null;
}

/** The account to find or open. */
export interface AccountSpec {
  code: string;
  kind: LedgerAccountKind;
  currency: string;
  projectId?: string | null;
  ownerId?: string | null;
}

/** One line of an entry: a signed amount in minor units, positive for a debit. */
export interface PostingInput {
  accountId: number;
  amount: number;
}

/** A journal entry to post. */
export interface EntryInput {
  /** Unique per movement; posting the same key again returns the first entry. */
  idempotencyKey: string;
  /** What kind of movement this is: deposit, reserve, settle, reverse, transfer, ... */
  kind: string;
  memo?: string;
  postings: PostingInput[];
}

/** The outcome of postEntry. */
export interface PostedEntry {
  entryId: number;
  /** False when an entry with the same key and postings already existed. */
  created: boolean;
}

/** The only account kind whose balance may go negative: the outside source of the money. */
const MAY_GO_NEGATIVE: ReadonlySet<LedgerAccountKind> = new Set(["agency_funding"]);

/** Largest idempotency key, so that it fits a pain.001 EndToEndId and similar fields. */
const MAX_KEY_LENGTH = 100;

/**
 * Returns the account with `spec.code`, opening it when it does not exist. Raises a conflict
 * when an account with that code exists with another kind or currency.
 */
export async function ensureAccount(db: PaymentsDb, spec: AccountSpec): Promise<LedgerAccount> {
  if (!/^[A-Z]{3}$/.test(spec.currency)) {
    throw paymentErrors.invalidInput([
      { path: "currency", message: `${spec.currency} is not an ISO 4217 code.` },
    ]);
  }

  await db
    .insertInto("ledger_accounts")
    .values({
      code: spec.code,
      kind: spec.kind,
      currency: spec.currency,
      project_id: spec.projectId ?? null,
      owner_id: spec.ownerId ?? null,
    })
    .onConflict((conflict) => conflict.column("code").doNothing())
    .execute();
  const row = await db
    .selectFrom("ledger_accounts")
    .selectAll()
    .where("code", "=", spec.code)
    .executeTakeFirstOrThrow();

  if (row.kind !== spec.kind || row.currency !== spec.currency) {
    throw paymentErrors.conflict(
      `Ledger account ${spec.code} exists as ${row.kind} in ${row.currency}, ` +
        `not ${spec.kind} in ${spec.currency}.`,
    );
  }
  return toAccount(row);
}

/**
 * Posts a balanced journal entry and returns its id. Runs in the caller's transaction when
 * `db` is one, and in a new transaction otherwise.
 *
 * Raises invalid_input for an empty or unbalanced entry or a bad amount, not_found for an
 * unknown account, insufficient_funds when an account other than agency funding would go
 * below zero, and idempotency_conflict when the key was used for different postings.
 */
export async function postEntry(db: PaymentsDb, input: EntryInput): Promise<PostedEntry> {
  validateEntry(input);
  return inTransaction(db, (trx) => postInTransaction(trx, input));
}

async function postInTransaction(trx: PaymentsDb, input: EntryInput): Promise<PostedEntry> {
  const existing = await findEntry(trx, input);
  if (existing) return existing;

  const accountIds = [...new Set(input.postings.map((posting) => posting.accountId))].sort(
    (a, b) => a - b,
  );
  const accounts = await trx
    .selectFrom("ledger_accounts")
    .selectAll()
    .where("id", "in", accountIds)
    .orderBy("id")
    .forUpdate()
    .execute();
  const byId = new Map(accounts.map((row) => [row.id, toAccount(row)]));
  for (const id of accountIds) {
    if (!byId.has(id)) throw paymentErrors.notFound(`Ledger account ${id}`);
  }
  checkBalancedPerCurrency(input.postings, byId);

  const inserted = await trx
    .insertInto("journal_entries")
    .values({ idempotency_key: input.idempotencyKey, kind: input.kind, memo: input.memo ?? null })
    .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    // Another transaction committed the same key after our first look.
    const raced = await findEntry(trx, input);
    if (raced) return raced;
    throw paymentErrors.idempotencyConflict(input.idempotencyKey);
  }

  await trx
    .insertInto("ledger_postings")
    .values(
      input.postings.map((posting) => ({
        entry_id: inserted.id,
        account_id: posting.accountId,
        amount: posting.amount,
        currency: byId.get(posting.accountId)!.currency,
      })),
    )
    .execute();

  const debited = new Set(input.postings.filter((p) => p.amount < 0).map((p) => p.accountId));
  for (const id of debited) {
    const account = byId.get(id)!;
    if (MAY_GO_NEGATIVE.has(account.kind)) continue;
    const balance = await accountBalance(trx, id);
    if (balance < 0) {
      throw paymentErrors.insufficientFunds(
        account.code,
        balance - netOf(input, id),
        account.currency,
      );
    }
  }
  return { entryId: inserted.id, created: true };
}

/** Returns the balance of one account: the sum of its postings, in minor units. */
export async function accountBalance(db: PaymentsDb, accountId: number): Promise<number> {
  const row = await db
    .selectFrom("ledger_postings")
    .select(sql<number>`coalesce(sum(amount), 0)::bigint`.as("balance"))
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  return row.balance;
}

/** Returns the account with `code`, or undefined. */
export async function findAccount(
  db: PaymentsDb,
  code: string,
): Promise<LedgerAccount | undefined> {
  const row = await db
    .selectFrom("ledger_accounts")
    .selectAll()
    .where("code", "=", code)
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

function validateEntry(input: EntryInput): void {
  const problems: Problem[] = [];
  const key = input.idempotencyKey;
  if (typeof key !== "string" || key.trim() === "" || key.length > MAX_KEY_LENGTH) {
    problems.push({
      path: "idempotencyKey",
      message: `must be a non-empty text of at most ${MAX_KEY_LENGTH} characters`,
    });
  }
  if (input.postings.length < 2) {
    problems.push({ path: "postings", message: "an entry needs at least two postings" });
  }
  input.postings.forEach((posting, index) => {
    if (!Number.isSafeInteger(posting.amount) || posting.amount === 0) {
      problems.push({
        path: `postings/${index}/amount`,
        message: `${posting.amount} is not a non-zero integer amount in minor units`,
      });
    }
    if (!Number.isSafeInteger(posting.accountId)) {
      problems.push({ path: `postings/${index}/accountId`, message: "is not an account id" });
    }
  });
  if (problems.length > 0) throw paymentErrors.invalidInput(problems);
}

function checkBalancedPerCurrency(
  postings: PostingInput[],
  accounts: Map<number, LedgerAccount>,
): void {
  // BigInt, because the sum of safe integers need not be one.
  const sums = new Map<string, bigint>();
  for (const posting of postings) {
    const currency = accounts.get(posting.accountId)!.currency;
    sums.set(currency, (sums.get(currency) ?? 0n) + BigInt(posting.amount));
  }
  const problems: Problem[] = [];
  for (const [currency, sum] of sums) {
    if (sum !== 0n) {
      problems.push({
        path: "postings",
        message: `the postings in ${currency} sum to ${sum}, not zero`,
      });
    }
  }
  if (problems.length > 0) throw paymentErrors.invalidInput(problems);
}

/** Returns the stored entry with the input's key, or raises when its postings differ. */
async function findEntry(trx: PaymentsDb, input: EntryInput): Promise<PostedEntry | undefined> {
  const entry = await trx
    .selectFrom("journal_entries")
    .select("id")
    .where("idempotency_key", "=", input.idempotencyKey)
    .executeTakeFirst();
  if (!entry) return undefined;

  const stored = await trx
    .selectFrom("ledger_postings")
    .select(["account_id", "amount"])
    .where("entry_id", "=", entry.id)
    .execute();
  const storedKey = postingsKey(
    stored.map((row) => ({ accountId: row.account_id, amount: row.amount })),
  );
  if (storedKey !== postingsKey(input.postings)) {
    throw paymentErrors.idempotencyConflict(input.idempotencyKey);
  }
  return { entryId: entry.id, created: false };
}

function postingsKey(postings: PostingInput[]): string {
  return postings
    .map((posting) => `${posting.accountId}:${posting.amount}`)
    .sort()
    .join(",");
}

function netOf(input: EntryInput, accountId: number): number {
  return input.postings
    .filter((posting) => posting.accountId === accountId)
    .reduce((sum, posting) => sum + posting.amount, 0);
}

function toAccount(row: {
  id: number;
  code: string;
  kind: LedgerAccountKind;
  currency: string;
  project_id: string | null;
  owner_id: string | null;
}): LedgerAccount {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    currency: row.currency,
    projectId: row.project_id,
    ownerId: row.owner_id,
  };
}
