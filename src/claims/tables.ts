/**
 * Kysely types of the direct payment workflow tables (migration 0009_payment_claims.sql),
 * kept beside the code that uses them. `claimTables` widens a query builder to see them
 * together with the application's and the payment core's tables.
 */
import type { ColumnType, Generated, Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { PaymentsDb, PaymentTables } from "../payments/tables.js";

/** A date column, read as "YYYY-MM-DD" text. */
type DateText = ColumnType<string, string, string>;

export type ContractKind = "prime" | "subcontract" | "supply";
export type PayeeKind = "prime" | "subcontractor" | "supplier" | "worker";
export type ClaimStatus = "claimed" | "split" | "approved";

export interface PaymentContractsTable {
  id: Generated<number>;
  project_id: string;
  kind: ContractKind;
  party_name: string;
  amount: number;
  currency: string;
  bank_account_id: number | null;
  registered_by: number;
  registered_at: Date;
  /** The party's organisation (migration 0016); null for contracts registered before. */
  organisation_id: string | null;
  /** The party's private contact phone for SMS notices and the self-check. */
  contact_phone: string | null;
}

export interface PaymentContractItemsTable {
  contract_id: number;
  item_code: string;
  quantity: number;
  unit_price: number;
}

export interface PaymentWorkersTable {
  id: Generated<number>;
  project_id: string;
  reference: string;
  name: string;
  identity_hash: string;
  identity_salt: string;
  phone: string | null;
  daily_rate: number;
  bank_account_id: number | null;
  registered_by: number;
  registered_at: Date;
}

export interface WorkerAttendanceTable {
  worker_id: number;
  work_date: DateText;
  time_in: string | null;
  time_out: string | null;
}

export interface PaymentClaimsTable {
  id: Generated<number>;
  project_id: string;
  period_start: DateText;
  period_end: DateText;
  currency: string;
  gross_amount: number;
  retention_amount: number;
  advance_recovery: number;
  net_amount: number;
  status: ClaimStatus;
  claimed_by: number;
  claimed_at: Date;
  approved_by: number | null;
  approved_at: Date | null;
}

export interface PaymentClaimItemsTable {
  claim_id: number;
  item_code: string;
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface PaymentClaimLinesTable {
  claim_id: number;
  line_no: number;
  payee_kind: PayeeKind;
  contract_id: number | null;
  worker_id: number | null;
  days_worked: number | null;
  amount: number;
  share_id: string | null;
}

// A type alias, not an interface, because withTables needs an index-compatible record.
export type ClaimTables = {
  payment_contracts: PaymentContractsTable;
  payment_contract_items: PaymentContractItemsTable;
  payment_workers: PaymentWorkersTable;
  worker_attendance: WorkerAttendanceTable;
  payment_claims: PaymentClaimsTable;
  payment_claim_items: PaymentClaimItemsTable;
  payment_claim_lines: PaymentClaimLinesTable;
};

/** A query builder (or transaction) that sees the application, payment and claim tables. */
export type ClaimsDb = Kysely<DB & PaymentTables & ClaimTables>;

/** Returns `db` typed to see the claim and payment tables; the connection is the same. */
export function claimTables<T>(db: Kysely<T>): ClaimsDb {
  return db.withTables<PaymentTables & ClaimTables>() as unknown as ClaimsDb;
}

/** The payee id of a contract's party or of a worker, as the payment core stores it. */
export function contractPayeeId(contractId: number): string {
  return `contract:${contractId}`;
}

export function workerPayeeId(workerId: number): string {
  return `worker:${workerId}`;
}

/** Returns `db` typed as the payment core expects it; the connection is the same. */
export function paymentsOf(db: ClaimsDb): PaymentsDb {
  return db as unknown as PaymentsDb;
}
