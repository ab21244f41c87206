import type { ColumnType, Generated } from "kysely";
import type { AccountsDB } from "./types-accounts.js";
import type { DocumentsPhotosDB } from "./types-documents-photos.js";
import type { SafetyEvaluationsDB } from "./types-safety-evaluations.js";
import type { ScheduleReportsDB } from "./types-schedule-reports.js";

/**
 * Table types for Kysely, matching the SQL migrations in `migrations/`.
 *
 * bigint columns arrive as JavaScript numbers (see `parsers.ts`), dates as "YYYY-MM-DD" text,
 * timestamptz as Date.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = unknown;
type JsonColumn<T = Json> = ColumnType<T, string, string>;
type DefaultedJson<T = Json> = ColumnType<T, string | undefined, string>;

export interface JurisdictionsTable {
  id: string;
  name: JsonColumn<Record<string, string>>;
  country: string | null;
  currency: string;
  time_zone: string;
  default_language: string;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  identifier_scheme: string | null;
  identifier_id: string | null;
  legal_name: string | null;
  address: JsonColumn | null;
  contact_point: JsonColumn | null;
  search_text: Generated<string>;
  extra: DefaultedJson<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ImportsTable {
  id: Generated<number>;
  source: string;
  source_sha256: string | null;
  /** Stable name of a spreadsheet source given by its mapping (0002_import_mappings.sql). */
  source_key: string | null;
  publisher: string | null;
  status: "running" | "succeeded" | "failed";
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
  counts: DefaultedJson<Record<string, number>>;
  warnings: DefaultedJson<unknown[]>;
  errors: DefaultedJson<unknown[]>;
}

export interface ProjectsTable {
  id: string;
  jurisdiction_id: string | null;
  publisher: string;
  is_public: Generated<boolean>;
  is_demo: Generated<boolean>;
  language: string | null;
  title: string;
  description: string | null;
  status: string | null;
  type: string | null;
  sector: Generated<string[]>;
  purpose: string | null;
  public_authority_id: string | null;
  budget_amount: number | null;
  budget_currency: string | null;
  budget_approval_date: Timestamp | null;
  period_start: Timestamp | null;
  period_end: Timestamp | null;
  period_max_extent: Timestamp | null;
  period_duration_days: number | null;
  identifiers: DefaultedJson<unknown[]>;
  additional_classifications: DefaultedJson<unknown[]>;
  budget_breakdowns: DefaultedJson<unknown[]>;
  related_projects: DefaultedJson<unknown[]>;
  completion: JsonColumn | null;
  updated: Timestamp | null;
  search_text: Generated<string>;
  source_import_id: number | null;
  source: string | null;
  source_sha256: string | null;
  imported_at: Timestamp | null;
  extra: DefaultedJson<Record<string, unknown>>;
  created_at: Generated<Date>;
  modified_at: Generated<Date>;
}

export interface ProjectVersionsTable {
  project_id: string;
  version: number;
  import_id: number | null;
  data_sha256: string;
  data: JsonColumn<Record<string, unknown>>;
  recorded_at: Generated<Date>;
}

export interface ProjectPartiesTable {
  project_id: string;
  party_id: string;
  organisation_id: string;
  name: string;
  roles: Generated<string[]>;
  contact_point: JsonColumn | null;
  extra: DefaultedJson<Record<string, unknown>>;
}

export interface ProjectLocationsTable {
  project_id: string;
  position: number;
  location_id: string | null;
  description: string | null;
  geometry: JsonColumn | null;
  latitude: number | null;
  longitude: number | null;
  address: JsonColumn | null;
  locality: string | null;
  region: string | null;
  gazetteer: JsonColumn | null;
  uri: string | null;
}

export interface OcdsReleasesTable {
  ocid: string;
  release_id: string;
  date: Timestamp | null;
  tags: Generated<string[]>;
  is_compiled: Generated<boolean>;
  url: string | null;
  data: JsonColumn<Record<string, unknown>> | null;
  import_id: number | null;
  recorded_at: Generated<Date>;
}

export interface ContractingProcessesTable {
  project_id: string;
  id: string;
  position: number;
  ocid: string | null;
  external_reference: string | null;
  title: string | null;
  description: string | null;
  status: string | null;
  nature: Generated<string[]>;
  procurement_method: string | null;
  procurement_method_details: string | null;
  number_of_tenderers: number | null;
  date_published: Timestamp | null;
  cost_estimate_amount: number | null;
  cost_estimate_currency: string | null;
  contract_value_amount: number | null;
  contract_value_currency: string | null;
  final_value_amount: number | null;
  final_value_currency: string | null;
  contract_period_start: Timestamp | null;
  contract_period_end: Timestamp | null;
  procuring_entity_id: string | null;
  linked_releases: DefaultedJson<unknown[]>;
  extra: DefaultedJson<Record<string, unknown>>;
}

export interface ContractsTable {
  project_id: string;
  process_id: string;
  id: string;
  award_id: string | null;
  title: string | null;
  status: string | null;
  value_amount: number | null;
  value_currency: string | null;
  period_start: Timestamp | null;
  period_end: Timestamp | null;
  date_signed: Timestamp | null;
  extra: DefaultedJson<Record<string, unknown>>;
}

export interface ContractSuppliersTable {
  project_id: string;
  process_id: string;
  contract_id: string;
  organisation_id: string;
  name: string;
}

export interface ModificationsTable {
  project_id: string;
  process_id: string;
  id: string;
  type: string | null;
  date: Timestamp | null;
  description: string | null;
  rationale: string | null;
  release_id: string | null;
  old_value_amount: number | null;
  old_value_currency: string | null;
  new_value_amount: number | null;
  new_value_currency: string | null;
  old_period: JsonColumn | null;
  new_period: JsonColumn | null;
  extra: DefaultedJson<Record<string, unknown>>;
}

export interface ProgressObservationsTable {
  project_id: string;
  kind: "physical" | "financial";
  basis: "planned" | "actual";
  observed_on: string;
  percent: number;
  /** The contracting process the figure is for; '' for the whole project. */
  process_id: Generated<string>;
  source: string | null;
}

export interface TransactionsTable {
  project_id: string;
  process_id: Generated<string>;
  id: string;
  date: Timestamp | null;
  amount: number | null;
  currency: string | null;
  payer_id: string | null;
  payer_name: string | null;
  payee_id: string | null;
  payee_name: string | null;
  source: string | null;
  uri: string | null;
  extra: DefaultedJson<Record<string, unknown>>;
}

export interface DocumentsTable {
  project_id: string;
  process_id: Generated<string>;
  id: string;
  document_type: string | null;
  title: string | null;
  description: string | null;
  url: string | null;
  date_published: Timestamp | null;
  date_modified: Timestamp | null;
  format: string | null;
  language: string | null;
  sha256: string | null;
  extra: DefaultedJson<Record<string, unknown>>;
}

export interface PhotosTable {
  project_id: string;
  id: string;
  url: string | null;
  sha256: string | null;
  caption: string | null;
  taken_at: Timestamp | null;
  latitude: number | null;
  longitude: number | null;
  source: string | null;
}

export interface EventsTable {
  id: Generated<number>;
  occurred_at: Generated<Date>;
  actor: string;
  project_id: string | null;
  entity_type: string;
  entity_id: string;
  action: "create" | "update" | "delete";
  before: JsonColumn | null;
  after: JsonColumn | null;
}

export interface ImportMappingsTable {
  id: Generated<number>;
  name: string;
  source_key: string;
  mapping: JsonColumn;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Every table Kysely may query. */
export interface DB extends AccountsDB, ScheduleReportsDB, DocumentsPhotosDB, SafetyEvaluationsDB {
  jurisdictions: JurisdictionsTable;
  organisations: OrganisationsTable;
  imports: ImportsTable;
  import_mappings: ImportMappingsTable;
  projects: ProjectsTable;
  project_versions: ProjectVersionsTable;
  project_parties: ProjectPartiesTable;
  project_locations: ProjectLocationsTable;
  ocds_releases: OcdsReleasesTable;
  contracting_processes: ContractingProcessesTable;
  contracts: ContractsTable;
  contract_suppliers: ContractSuppliersTable;
  modifications: ModificationsTable;
  progress_observations: ProgressObservationsTable;
  transactions: TransactionsTable;
  documents: DocumentsTable;
  photos: PhotosTable;
  events: EventsTable;
}
