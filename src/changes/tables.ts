import type { ColumnType, Generated, Kysely } from "kysely";
import type { DB } from "../db/types.js";

/**
 * Kysely types of work directives, change requests and disclosure policies (migration
 * `0010_directives_changes.sql`), kept beside the code that uses them. `changeTables` widens
 * a query builder to see them together with the application's tables.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Status of a work directive. */
export type DirectiveStatus = "open" | "answered" | "closed";

/** A step in a directive's life. */
export type DirectiveStep = "issue" | "report" | "close" | "reopen";

/** The project role a directive is addressed to. */
export type AddressedRole = "agency_official" | "supervisor" | "prime_contractor" | "subcontractor";

/** Kind of a change request. */
export type ChangeKind = "design_change" | "time_extension" | "penalty";

/** Status of a change request. */
export type ChangeStatus = "requested" | "reviewed" | "approved" | "rejected";

export interface DirectivesTable {
  id: Generated<number>;
  project_id: string;
  title: string;
  instruction: string;
  /** "YYYY-MM-DD". */
  due_date: string;
  addressed_role: AddressedRole;
  addressed_organisation_id: string | null;
  status: DirectiveStatus;
  issued_by: number;
  issued_at: Timestamp;
}

export interface DirectiveStepsTable {
  id: Generated<number>;
  directive_id: number;
  step: DirectiveStep;
  from_status: DirectiveStatus | null;
  to_status: DirectiveStatus;
  actor_user_id: number;
  occurred_at: Timestamp;
  text: string | null;
  attachment_references: Json<string[]>;
}

export interface ChangeRequestsTable {
  id: Generated<number>;
  project_id: string;
  kind: ChangeKind;
  status: ChangeStatus;
  description: string;
  reason: string;
  amount: number | null;
  currency: string | null;
  days: number | null;
  /** "YYYY-MM-DD". */
  old_completion_date: string | null;
  new_completion_date: string | null;
  against_organisation_id: string | null;
  requested_by: number;
  requested_at: Timestamp;
  modification_id: string | null;
  published: Generated<boolean>;
}

export interface ChangeRequestStepsTable {
  id: Generated<number>;
  change_request_id: number;
  from_status: ChangeStatus | null;
  to_status: ChangeStatus;
  actor_user_id: number;
  occurred_at: Timestamp;
  comment: string | null;
}

export interface DisclosurePoliciesTable {
  jurisdiction_id: string;
  category: string;
  is_public: boolean;
  updated_by: number;
  updated_at: Timestamp;
}

export type ChangesDB = {
  directives: DirectivesTable;
  directive_steps: DirectiveStepsTable;
  change_requests: ChangeRequestsTable;
  change_request_steps: ChangeRequestStepsTable;
  disclosure_policies: DisclosurePoliciesTable;
};

/** A query builder typed with the application's tables and those of this migration. */
export type ChangesDb = Kysely<DB & ChangesDB>;

/** Widens `db` to the tables of directives, change requests and disclosure policies. */
export function changeTables(db: Kysely<DB>): ChangesDb {
  return db.withTables<ChangesDB>();
}

/**
 * Narrows a widened builder back to the application's tables, for the shared helpers (audit
 * trail, public store) that take one. Kysely's builder types are invariant, hence the cast.
 */
export function baseTables(db: ChangesDb): Kysely<DB> {
  return db as unknown as Kysely<DB>;
}
