import type { ColumnType, Generated } from "kysely";

/**
 * Table types of safety inspections, incidents and performance evaluations (migration
 * `0012_safety_evaluations.sql`), merged into `DB` in `types.ts`.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Result of one checklist item. */
export type ChecklistResult = "pass" | "fail" | "not_applicable";

/** Status of a safety finding. */
export type FindingStatus = "open" | "action_reported" | "closed";

/** Kind of a safety incident. */
export type IncidentKind =
  "fall" | "struck_by" | "collapse" | "electrical" | "fire" | "equipment" | "near_miss" | "other";

/** Severity of a safety incident. */
export type IncidentSeverity = "minor" | "serious" | "fatal";

/** What a performance evaluation rates. */
export type EvaluationSubject = "design" | "construction" | "supervision";

/** One criterion's score in a performance evaluation, from 0 to 100. */
export interface EvaluationScore {
  criterion: string;
  score: number;
}

export interface SafetyInspectionsTable {
  id: Generated<number>;
  project_id: string;
  /** "YYYY-MM-DD". */
  inspected_on: string;
  inspector_user_id: number;
  note: string | null;
  recorded_at: Timestamp;
}

export interface SafetyChecklistItemsTable {
  inspection_id: number;
  position: number;
  item: string;
  result: ChecklistResult;
  note: string | null;
}

export interface SafetyFindingsTable {
  id: Generated<number>;
  inspection_id: number;
  item_position: number;
  project_id: string;
  corrective_action: string;
  responsible_organisation_id: string;
  /** "YYYY-MM-DD". */
  deadline: string;
  status: FindingStatus;
  action_report: string | null;
  action_reported_by: number | null;
  action_reported_at: Timestamp | null;
  verified_by: number | null;
  verified_at: Timestamp | null;
  verification_note: string | null;
}

export interface SafetyIncidentsTable {
  id: Generated<number>;
  project_id: string;
  /** "YYYY-MM-DD". */
  occurred_on: string;
  kind: IncidentKind;
  severity: IncidentSeverity;
  description: string;
  injuries: number;
  actions_taken: string;
  reported_by: number;
  reported_at: Timestamp;
}

export interface PerformanceEvaluationsTable {
  id: Generated<number>;
  project_id: string;
  threshold: number;
  subject: EvaluationSubject;
  status: "pending" | "recorded";
  requested_at: Timestamp;
  progress_percent: number;
  scores: ColumnType<EvaluationScore[] | null, string | null, string | null>;
  average_score: number | null;
  comment: string | null;
  recorded_by: number | null;
  recorded_at: Timestamp | null;
}

/** The safety and evaluation tables, by name. */
export interface SafetyEvaluationsDB {
  safety_inspections: SafetyInspectionsTable;
  safety_checklist_items: SafetyChecklistItemsTable;
  safety_findings: SafetyFindingsTable;
  safety_incidents: SafetyIncidentsTable;
  performance_evaluations: PerformanceEvaluationsTable;
}
