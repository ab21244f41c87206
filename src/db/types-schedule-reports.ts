import type { ColumnType, Generated } from "kysely";

/**
 * Table types of the work schedule and the daily reports (migration
 * `0007_schedule_reports.sql`), merged into `DB` in `types.ts`.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Status of a work schedule version. */
export type ScheduleStatus = "submitted" | "approved" | "rejected" | "superseded";

/** Status of a daily report version. */
export type ReportStatus = "submitted" | "reviewed" | "approved" | "rejected";

export interface WorkSchedulesTable {
  id: Generated<number>;
  project_id: string;
  version: number;
  status: ScheduleStatus;
  period_unit: "month" | "week";
  currency: string;
  note: string | null;
  submitted_by: number;
  submitted_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  rejection_reason: string | null;
}

export interface ScheduleItemsTable {
  schedule_id: number;
  position: number;
  code: string;
  description: string;
  unit: string;
  quantity: number;
  unit_price: number;
  weight: number;
}

export interface SchedulePeriodsTable {
  schedule_id: number;
  /** "YYYY-MM-DD". */
  period_end: string;
  planned_percent: number;
}

/** One trade's headcount on a day. */
export interface ManpowerLine {
  trade: string;
  count: number;
}

/** One kind of equipment on site on a day. */
export interface EquipmentLine {
  kind: string;
  count: number;
}

/** One delivery of material on a day. */
export interface MaterialLine {
  material: string;
  quantity: number;
  unit: string;
}

export interface DailyReportsTable {
  id: Generated<number>;
  project_id: string;
  /** "YYYY-MM-DD". */
  report_date: string;
  version: number;
  is_current: Generated<boolean>;
  status: ReportStatus;
  weather: string;
  manpower: Json<ManpowerLine[]>;
  equipment: Json<EquipmentLine[]>;
  materials: Json<MaterialLine[]>;
  issues: string | null;
  photo_references: Json<string[]>;
  submitted_by: number;
  submitted_at: Timestamp;
}

export interface DailyReportWorkTable {
  report_id: number;
  item_code: string;
  quantity: number;
}

export interface DailyReportTransitionsTable {
  id: Generated<number>;
  report_id: number;
  from_status: ReportStatus | null;
  to_status: ReportStatus;
  actor_user_id: number;
  occurred_at: Timestamp;
  reason: string | null;
}

/** The schedule and report tables, by name. */
export interface ScheduleReportsDB {
  work_schedules: WorkSchedulesTable;
  schedule_items: ScheduleItemsTable;
  schedule_periods: SchedulePeriodsTable;
  daily_reports: DailyReportsTable;
  daily_report_work: DailyReportWorkTable;
  daily_report_transitions: DailyReportTransitionsTable;
}
