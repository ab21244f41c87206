/**
 * Kysely types of the payment tables (migration 0006_payments.sql), kept beside the code that
 * uses them. `paymentTables` widens a query builder to see them.
 */
import type { ColumnType, Generated, Kysely } from "kysely";

/** Kinds of ledger account; see docs/payments.md for what each holds. */
export type LedgerAccountKind =
  "agency_funding" | "project_segregated" | "retention_held" | "payment_clearing" | "share_paid";

export interface LedgerAccountsTable {
  id: Generated<number>;
  code: string;
  kind: LedgerAccountKind;
  currency: string;
  project_id: string | null;
  owner_id: string | null;
  created_at: Generated<Date>;
}

export interface JournalEntriesTable {
  id: Generated<number>;
  idempotency_key: string;
  kind: string;
  memo: string | null;
  posted_at: Generated<Date>;
}

export interface LedgerPostingsTable {
  id: Generated<number>;
  entry_id: number;
  account_id: number;
  amount: number;
  currency: string;
}

export interface PaymentSharesTable {
  id: string;
  project_id: string;
  payee_id: string;
  currency: string;
  approved_amount: number;
  approved_at: Generated<Date>;
}

/** The identifier scheme of a bank account: an IBAN, or a domestic account number. */
export type AccountScheme = "iban" | "other";

export type BankAccountStatus = "unverified" | "verified" | "rejected";

export interface PayeeBankAccountsTable {
  id: Generated<number>;
  payee_id: string;
  holder_name: string;
  scheme: AccountScheme;
  identifier: string;
  agent_id: string | null;
  status: Generated<BankAccountStatus>;
  status_reason: string | null;
  verified_at: Date | null;
  created_at: Generated<Date>;
  /** When another account took its place for new payments (migration 0016). */
  replaced_at: Generated<Date | null>;
}

export interface SegregatedBankAccountsTable {
  project_id: string;
  currency: string;
  holder_name: string;
  scheme: AccountScheme;
  identifier: string;
  agent_id: string | null;
}

export interface PaymentBatchesTable {
  id: string;
  project_id: string;
  currency: string;
  /** A date column, read as "YYYY-MM-DD" text. */
  requested_execution_date: ColumnType<string, string, string>;
  created_at: Generated<Date>;
}

/** The state of a payment. docs/payments.md describes the transitions. */
export type PaymentStatus = "pending" | "sent" | "unknown" | "settled" | "rejected";

export interface PaymentsTable {
  id: Generated<number>;
  idempotency_key: string;
  share_id: string;
  bank_account_id: number;
  batch_id: string | null;
  amount: number;
  currency: string;
  status: Generated<PaymentStatus>;
  status_reason: string | null;
  bank_reference: string | null;
  attempts: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The payment tables. */
// A type alias, not an interface, because withTables needs an index-compatible record.
export type PaymentTables = {
  ledger_accounts: LedgerAccountsTable;
  journal_entries: JournalEntriesTable;
  ledger_postings: LedgerPostingsTable;
  payment_shares: PaymentSharesTable;
  payee_bank_accounts: PayeeBankAccountsTable;
  segregated_bank_accounts: SegregatedBankAccountsTable;
  payment_batches: PaymentBatchesTable;
  payments: PaymentsTable;
};

/** A query builder (or transaction) typed with the payment tables. */
export type PaymentsDb = Kysely<PaymentTables>;

/** Returns `db` typed to see the payment tables; the connection is the same. */
export function paymentTables<T>(db: Kysely<T>): PaymentsDb {
  return db.withTables<PaymentTables>() as unknown as PaymentsDb;
}

/**
 * Runs `work` in the caller's transaction when `db` is one, and in a new transaction
 * otherwise, so that service functions compose inside a caller's transaction.
 */
export function inTransaction<T>(
  db: PaymentsDb,
  work: (trx: PaymentsDb) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute((trx) => work(trx));
}
