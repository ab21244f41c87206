import type { ColumnType, Generated } from "kysely";

/**
 * Table types of the workspace accounts and project registration (migrations
 * `0004_accounts.sql` and `0005_project_registration.sql`), merged into `DB` in `types.ts`.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A role that holds across the jurisdiction. */
export type JurisdictionRole = "administrator" | "agency_manager" | "auditor" | "agency_official";

/** A role in one project. */
export type ProjectRole = "agency_official" | "supervisor" | "prime_contractor" | "subcontractor";

/** Long-term projects have progress reporting and performance evaluation; short-term do not. */
export type ProjectMode = "long_term" | "short_term";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  organisation_id: string | null;
  password_hash: string;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface JurisdictionRolesTable {
  user_id: number;
  role: JurisdictionRole;
  granted_at: Generated<Date>;
}

export interface ProjectMembershipsTable {
  project_id: string;
  user_id: number;
  role: ProjectRole;
  added_by: number | null;
  added_at: Generated<Date>;
}

export interface SessionsTable {
  id_sha256: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  token_sha256: string;
  user_id: number;
  name: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: Generated<Date>;
  actor_user_id: number | null;
  action: string;
  subject: string | null;
  outcome: "success" | "failure" | "denied";
  client_address: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface WorkspaceProjectsTable {
  project_id: string;
  mode: ProjectMode;
  contract_amount: number;
  contract_currency: string;
  /** "YYYY-MM-DD". */
  start_date: string;
  /** "YYYY-MM-DD". */
  planned_completion_date: string;
  agency_id: string;
  registered_by: number | null;
  registered_at: Generated<Date>;
  /** When the agency official recorded the final inspection (migration 0011). */
  final_inspection_at: ColumnType<
    Date | null,
    Date | string | null | undefined,
    Date | string | null
  >;
}

/** The workspace tables, by name. */
export interface AccountsDB {
  users: UsersTable;
  jurisdiction_roles: JurisdictionRolesTable;
  project_memberships: ProjectMembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  workspace_projects: WorkspaceProjectsTable;
}
