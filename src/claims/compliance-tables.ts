/**
 * Kysely types of the payment deadline and compliance hold tables (migration
 * 0013_payment_deadlines_holds.sql). `complianceTables` widens a query builder to see them
 * together with the claim and payment tables.
 */
import type { ColumnType, Generated, Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { PaymentTables } from "../payments/tables.js";
import type { ClaimsDb, ClaimTables, PayeeKind } from "./tables.js";

type DateText = ColumnType<string, string, string>;

export const DOCUMENT_KINDS = ["insurance", "licence", "payment_receipt"] as const;
/** A document a payee may be required to register before it is paid. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface PaymentShareTermsTable {
  share_id: string;
  project_id: string;
  claim_id: number;
  payee_kind: PayeeKind;
  due_on: DateText;
  paid_on: DateText | null;
}

export interface PaymentRequiredDocumentsTable {
  project_id: string;
  payee_kind: PayeeKind;
  document_kind: DocumentKind;
}

export interface PayeeDocumentsTable {
  id: Generated<number>;
  project_id: string;
  payee_id: string;
  document_kind: DocumentKind;
  reference: string;
  receipt_share_id: string | null;
  registered_by: number;
  registered_at: Date;
}

/** Why a share is held: a missing document, or a bank account that is not verified. */
export type HoldKind = DocumentKind | "bank_account";

export interface PaymentShareHoldsTable {
  share_id: string;
  document_kind: HoldKind;
  project_id: string;
  payee_id: string;
  held_at: Date;
  released_at: Date | null;
  /** Bank account holds only: the reason, with the bank's words (migration 0016). */
  reason: string | null;
}

// A type alias, not an interface, because withTables needs an index-compatible record.
export type ComplianceTables = {
  payment_share_terms: PaymentShareTermsTable;
  payment_required_documents: PaymentRequiredDocumentsTable;
  payee_documents: PayeeDocumentsTable;
  payment_share_holds: PaymentShareHoldsTable;
};

/** A query builder that sees the application, payment, claim and compliance tables. */
export type ComplianceDb = Kysely<DB & PaymentTables & ClaimTables & ComplianceTables>;

/** Returns `db` typed to see the compliance tables too; the connection is the same. */
export function complianceTables(db: ClaimsDb): ComplianceDb {
  return db.withTables<ComplianceTables>();
}
