/**
 * The sources of a user's "waiting for me" list: for each kind of waiting item, the action of
 * the role × action table that lets a user act on it, and one query that finds the items of
 * that kind across all the projects where the user is granted the action.
 */
import type { Kysely } from "kysely";
import type { Action, Principal } from "../accounts/permissions.js";
import { changeTables } from "../changes/tables.js";
import { complianceTables } from "../claims/compliance-tables.js";
import { claimTables } from "../claims/tables.js";
import type { DB } from "../db/types.js";
import type { ProjectRole } from "../db/types-accounts.js";

/** Every kind of item that can wait for a user, in the order the docs list them. */
export const WAITING_KINDS = [
  "schedule_approval",
  "report_review",
  "report_approval",
  "report_resubmission",
  "directive_answer",
  "change_review",
  "change_approval",
  "document_approval",
  "evaluation",
  "safety_action",
  "safety_verification",
  "claim_split",
  "claim_approval",
  "payment_overdue",
] as const;
export type WaitingKind = (typeof WAITING_KINDS)[number];

/** One waiting item as a source finds it. */
export interface WaitingRow {
  projectId: string;
  /** The id of the schedule version, report, directive, change, document, etc. */
  itemId: string;
  /** A short name of the item: a directive's title, a report's date, a change's description. */
  subject: string;
  /** When the item started waiting in its current state. */
  since: Date | null;
  /** The day it must be dealt with by ("YYYY-MM-DD"), when there is one. */
  dueDate: string | null;
  /** Extra code that the page translates: a change's kind, an evaluation's subject. */
  detail: string | null;
}

/** The inputs of a source's query besides the projects. */
export interface SourceScope {
  /**
   * The user the list is for, whose own reports and requests wait for someone else. Unset when
   * counting for a whole project, as the all-projects view does.
   */
  principal: Principal | undefined;
  /** The projects where the principal is granted the source's action. */
  projectIds: string[];
  /** The principal's roles in each project it is a member of. */
  rolesByProject: ReadonlyMap<string, readonly ProjectRole[]>;
  /** "YYYY-MM-DD", in UTC. */
  today: string;
}

/** A kind of waiting item: the action that lets a user act on it and the query that finds it. */
export interface WaitingSource {
  kind: WaitingKind;
  action: Action;
  /** Whether its due date is the start of the wait plus the approval period. */
  dueAfterApprovalDays: boolean;
  load(db: Kysely<DB>, scope: SourceScope): Promise<WaitingRow[]>;
}

const row = (
  projectId: string,
  itemId: number | string,
  subject: string,
  since: Date | null,
  dueDate: string | null = null,
  detail: string | null = null,
): WaitingRow => ({ projectId, itemId: String(itemId), subject, since, dueDate, detail });

/** The sources, one per kind. Each query covers every project of the scope at once. */
export const WAITING_SOURCES: readonly WaitingSource[] = [
  {
    kind: "schedule_approval",
    action: "schedule.approve",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds }) => {
      const rows = await db
        .selectFrom("work_schedules")
        .select(["project_id", "version", "submitted_at"])
        .where("project_id", "in", projectIds)
        .where("status", "=", "submitted")
        .execute();
      return rows.map((r) => row(r.project_id, r.version, `v${r.version}`, r.submitted_at));
    },
  },
  {
    kind: "report_review",
    action: "report.review",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds, principal }) => {
      // A supervisor's own report waits for another supervisor.
      let query = db
        .selectFrom("daily_reports")
        .select(["id", "project_id", "report_date", "submitted_at"])
        .where("project_id", "in", projectIds)
        .where("is_current", "=", true)
        .where("status", "=", "submitted");
      if (principal) query = query.where("submitted_by", "<>", principal.userId);
      const rows = await query.execute();
      return rows.map((r) => row(r.project_id, r.id, r.report_date, r.submitted_at));
    },
  },
  {
    kind: "report_approval",
    action: "report.approve",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds }) => {
      const rows = await db
        .selectFrom("daily_reports as report")
        .select((eb) => [
          "report.id",
          "report.project_id",
          "report.report_date",
          eb
            .selectFrom("daily_report_transitions as step")
            .select((inner) => inner.fn.max("step.occurred_at").as("at"))
            .whereRef("step.report_id", "=", "report.id")
            .where("step.to_status", "=", "reviewed")
            .as("reviewed_at"),
        ])
        .where("report.project_id", "in", projectIds)
        .where("report.is_current", "=", true)
        .where("report.status", "=", "reviewed")
        .execute();
      return rows.map((r) => row(r.project_id, r.id, r.report_date, asDate(r.reviewed_at)));
    },
  },
  {
    kind: "report_resubmission",
    action: "report.submit",
    dueAfterApprovalDays: false,
    load: async (db, { projectIds, principal }) => {
      if (!principal) return [];
      const rows = await db
        .selectFrom("daily_reports as report")
        .select((eb) => [
          "report.id",
          "report.project_id",
          "report.report_date",
          eb
            .selectFrom("daily_report_transitions as step")
            .select((inner) => inner.fn.max("step.occurred_at").as("at"))
            .whereRef("step.report_id", "=", "report.id")
            .where("step.to_status", "=", "rejected")
            .as("rejected_at"),
        ])
        .where("report.project_id", "in", projectIds)
        .where("report.is_current", "=", true)
        .where("report.status", "=", "rejected")
        .where("report.submitted_by", "=", principal.userId)
        .execute();
      return rows.map((r) => row(r.project_id, r.id, r.report_date, asDate(r.rejected_at)));
    },
  },
  {
    kind: "directive_answer",
    action: "directive.respond",
    dueAfterApprovalDays: false,
    load: async (db, { projectIds, principal, rolesByProject }) => {
      // Only directives addressed to one of the user's roles in the project, and to the user's
      // organisation when the directive names one.
      const roles = [...new Set(projectIds.flatMap((id) => rolesByProject.get(id) ?? []))];
      if (!principal || roles.length === 0) return [];
      const rows = await changeTables(db)
        .selectFrom("directives")
        .select([
          "id",
          "project_id",
          "title",
          "due_date",
          "issued_at",
          "addressed_role",
          "addressed_organisation_id",
        ])
        .where("project_id", "in", projectIds)
        .where("status", "=", "open")
        .where("addressed_role", "in", roles)
        .execute();
      return rows
        .filter((r) => rolesByProject.get(r.project_id)?.includes(r.addressed_role))
        .filter(
          (r) =>
            r.addressed_organisation_id === null ||
            r.addressed_organisation_id === principal.organisationId,
        )
        .map((r) => row(r.project_id, r.id, r.title, r.issued_at, r.due_date));
    },
  },
  {
    kind: "change_review",
    action: "change.review",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds, principal }) => {
      // A supervisor cannot review its own request.
      let query = changeTables(db)
        .selectFrom("change_requests")
        .select(["id", "project_id", "kind", "description", "requested_at"])
        .where("project_id", "in", projectIds)
        .where("status", "=", "requested");
      if (principal) query = query.where("requested_by", "<>", principal.userId);
      const rows = await query.execute();
      return rows.map((r) => row(r.project_id, r.id, r.description, r.requested_at, null, r.kind));
    },
  },
  {
    kind: "change_approval",
    action: "change.approve",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds }) => {
      const rows = await changeTables(db)
        .selectFrom("change_requests as change")
        .select((eb) => [
          "change.id",
          "change.project_id",
          "change.kind",
          "change.description",
          eb
            .selectFrom("change_request_steps as step")
            .select((inner) => inner.fn.max("step.occurred_at").as("at"))
            .whereRef("step.change_request_id", "=", "change.id")
            .where("step.to_status", "=", "reviewed")
            .as("reviewed_at"),
        ])
        .where("change.project_id", "in", projectIds)
        .where("change.status", "=", "reviewed")
        .execute();
      return rows.map((r) =>
        row(r.project_id, r.id, r.description, asDate(r.reviewed_at), null, r.kind),
      );
    },
  },
  {
    kind: "document_approval",
    action: "document.approve",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds }) => {
      const rows = await db
        .selectFrom("document_versions as version")
        .innerJoin("workspace_documents as document", "document.id", "version.document_id")
        .select([
          "document.id",
          "document.project_id",
          "document.title",
          "version.version",
          "version.uploaded_at",
        ])
        .where("document.project_id", "in", projectIds)
        .where("version.status", "=", "submitted")
        .execute();
      return rows.map((r) => row(r.project_id, r.id, `${r.title} (v${r.version})`, r.uploaded_at));
    },
  },
  {
    kind: "evaluation",
    action: "evaluation.record",
    dueAfterApprovalDays: false,
    load: async (db, { projectIds }) => {
      const rows = await db
        .selectFrom("performance_evaluations")
        .select(["id", "project_id", "threshold", "subject", "requested_at"])
        .where("project_id", "in", projectIds)
        .where("status", "=", "pending")
        .execute();
      return rows.map((r) =>
        row(r.project_id, r.id, `${r.threshold}%`, r.requested_at, null, r.subject),
      );
    },
  },
  {
    kind: "safety_action",
    action: "safety.report",
    dueAfterApprovalDays: false,
    load: async (db, { projectIds, principal }) => {
      // The organisation responsible for the corrective action reports it.
      if (!principal?.organisationId) return [];
      const rows = await db
        .selectFrom("safety_findings as finding")
        .innerJoin("safety_inspections as inspection", "inspection.id", "finding.inspection_id")
        .select([
          "finding.id",
          "finding.project_id",
          "finding.corrective_action",
          "finding.deadline",
          "inspection.recorded_at",
        ])
        .where("finding.project_id", "in", projectIds)
        .where("finding.status", "=", "open")
        .where("finding.responsible_organisation_id", "=", principal.organisationId)
        .execute();
      return rows.map((r) =>
        row(r.project_id, r.id, r.corrective_action, r.recorded_at, r.deadline),
      );
    },
  },
  {
    kind: "safety_verification",
    action: "safety.inspect",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds }) => {
      const rows = await db
        .selectFrom("safety_findings")
        .select(["id", "project_id", "corrective_action", "action_reported_at"])
        .where("project_id", "in", projectIds)
        .where("status", "=", "action_reported")
        .execute();
      return rows.map((r) => row(r.project_id, r.id, r.corrective_action, r.action_reported_at));
    },
  },
  {
    kind: "claim_split",
    action: "payment.split",
    dueAfterApprovalDays: false,
    load: async (db, { projectIds }) => {
      const rows = await claimTables(db)
        .selectFrom("payment_claims")
        .select(["id", "project_id", "period_start", "period_end", "claimed_at"])
        .where("project_id", "in", projectIds)
        .where("status", "=", "claimed")
        .execute();
      return rows.map((r) =>
        row(r.project_id, r.id, `${r.period_start} – ${r.period_end}`, r.claimed_at),
      );
    },
  },
  {
    kind: "claim_approval",
    action: "payment.approve",
    dueAfterApprovalDays: true,
    load: async (db, { projectIds }) => {
      // NOTE: the time a split was registered is not stored, so the wait counts from the claim.
      const rows = await claimTables(db)
        .selectFrom("payment_claims")
        .select(["id", "project_id", "period_start", "period_end", "claimed_at"])
        .where("project_id", "in", projectIds)
        .where("status", "=", "split")
        .execute();
      return rows.map((r) =>
        row(r.project_id, r.id, `${r.period_start} – ${r.period_end}`, r.claimed_at),
      );
    },
  },
  {
    kind: "payment_overdue",
    action: "payment.disburse",
    dueAfterApprovalDays: false,
    load: async (db, { projectIds, today }) => {
      // The same rule as listOverdueShares in src/claims/deadlines.ts: unpaid past the due date.
      const rows = await complianceTables(claimTables(db))
        .selectFrom("payment_share_terms")
        .select(["share_id", "project_id", "claim_id", "payee_kind", "due_on"])
        .where("project_id", "in", projectIds)
        .where("paid_on", "is", null)
        .where("due_on", "<", today)
        .execute();
      return rows.map((r) =>
        row(r.project_id, r.share_id, `#${r.claim_id}`, null, r.due_on, r.payee_kind),
      );
    },
  },
];

/** Reads a timestamp that a subquery returned, which the driver may give as text. */
function asDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}
