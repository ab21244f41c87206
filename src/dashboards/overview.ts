/**
 * The agency's all-projects view (One-PMIS's administration mode): every registered project
 * with its planned and actual progress today and its overdue directives, decisions and
 * payments. One SQL query computes progress and the behind-plan flag, and filters, sorts and
 * pages the projects. The overdue counts are then read for the projects of the page only.
 */
import { sql, type Kysely } from "kysely";
import { addDays, dateOf } from "../claims/deadlines.js";
import type { DB } from "../db/types.js";
import type { ProjectMode } from "../db/types-accounts.js";
import { countOpenDirectives } from "../directives/directives.js";
import { errors } from "../http/errors.js";
import { WORKSPACE_SOURCES } from "../schedule/progress-observations.js";
import { fromMinorUnits } from "../shared/money.js";
import {
  DEFAULT_OVERVIEW_PAGE_SIZE,
  type OverviewQuery,
  type OverviewSort,
} from "./overview-query.js";
import { WAITING_SOURCES } from "./waiting-sources.js";

/** One project of the all-projects view. */
export interface OverviewProject {
  id: string;
  title: string;
  agencyId: string;
  agencyName: string;
  mode: ProjectMode;
  /** Major units of the contract currency. */
  contractAmount: number;
  contractCurrency: string;
  /** Planned progress today on the approved schedule's S-curve; null without one. */
  plannedPercent: number | null;
  /** Progress of the approved daily reports; null for short-term projects, which have none. */
  actualPercent: number | null;
  /** Actual minus planned, in percentage points; negative when behind plan. */
  difference: number | null;
  /** Whether actual progress is more than the configured points below plan. */
  behindPlan: boolean;
  overdueDirectives: number;
  overdueApprovals: number;
  overduePayments: number;
}

/** One page of the all-projects view. */
export interface Overview {
  today: string;
  behindPlanPoints: number;
  approvalDays: number;
  page: number;
  pageSize: number;
  /** Projects matching the filters, on all pages. */
  total: number;
  /** Of those, the projects behind plan. */
  behindPlanTotal: number;
  items: OverviewProject[];
  /** Every ordering agency with a registered project, for the agency filter. */
  agencies: { id: string; name: string }[];
}

interface ProgressRow {
  id: string;
  title: string;
  agency_id: string;
  agency_name: string;
  mode: ProjectMode;
  contract_amount: number | string;
  contract_currency: string;
  planned: number | string | null;
  actual: number | string | null;
  difference: number | string | null;
  behind: boolean;
  total: number | string;
  behind_total: number | string;
}

const ORDER: Record<OverviewSort, ReturnType<typeof sql>> = {
  title: sql`title, id`,
  difference: sql`difference ASC NULLS LAST, title, id`,
  "-difference": sql`difference DESC NULLS LAST, title, id`,
};

/**
 * Reads one page of the all-projects view on `now`'s UTC day. Raises a 400 naming `agency`
 * when no registered project has that ordering agency.
 */
export async function readOverview(
  db: Kysely<DB>,
  query: OverviewQuery,
  now: Date,
  settings: { behindPlanPoints: number; approvalDays: number },
): Promise<Overview> {
  const today = dateOf(now);
  const agencies = await db
    .selectFrom("workspace_projects")
    .innerJoin("organisations", "organisations.id", "workspace_projects.agency_id")
    .select(["organisations.id", "organisations.name"])
    .distinct()
    .orderBy("organisations.name")
    .orderBy("organisations.id")
    .execute();
  if (query.agency !== undefined && !agencies.some((agency) => agency.id === query.agency)) {
    throw errors.invalidInput(
      [
        {
          path: "agency",
          message: `${query.agency} is not the ordering agency of any registered project`,
        },
      ],
      "Invalid request parameter: agency.",
    );
  }

  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_OVERVIEW_PAGE_SIZE;
  const filters = {
    agency: query.agency,
    mode: query.mode,
    behindOnly: query.behind === "1" || query.behind === "true",
  };
  const rows = await progressPage(db, today, settings.behindPlanPoints, filters, {
    sort: query.sort ?? "title",
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const totals =
    rows[0] ?? (await progressPage(db, today, settings.behindPlanPoints, filters, null))[0];
  const counts = await overdueCounts(
    db,
    rows.map((row) => row.id),
    now,
    settings.approvalDays,
  );

  return {
    today,
    behindPlanPoints: settings.behindPlanPoints,
    approvalDays: settings.approvalDays,
    page,
    pageSize,
    total: Number(totals?.total ?? 0),
    behindPlanTotal: Number(totals?.behind_total ?? 0),
    agencies,
    items: rows.map((row) => ({
      id: row.id,
      title: row.title,
      agencyId: row.agency_id,
      agencyName: row.agency_name,
      mode: row.mode,
      contractAmount: fromMinorUnits(Number(row.contract_amount), row.contract_currency),
      contractCurrency: row.contract_currency,
      plannedPercent: numberOrNull(row.planned),
      actualPercent: numberOrNull(row.actual),
      difference: numberOrNull(row.difference),
      behindPlan: row.behind,
      overdueDirectives: counts.directives.get(row.id) ?? 0,
      overdueApprovals: counts.approvals.get(row.id) ?? 0,
      overduePayments: counts.payments.get(row.id) ?? 0,
    })),
  };
}

/**
 * Runs the progress query: with `paging`, one page of rows each carrying the totals; without,
 * only the first row, for the totals when the asked page lies past the last.
 *
 * Planned progress today is read off the approved schedule's S-curve: linear between the
 * period ends around today, from 0% at the contract start, and the last period's figure after
 * it. Actual progress is the latest figure that approvals of daily reports wrote.
 */
async function progressPage(
  db: Kysely<DB>,
  today: string,
  behindPlanPoints: number,
  filters: { agency: string | undefined; mode: ProjectMode | undefined; behindOnly: boolean },
  paging: { sort: OverviewSort; limit: number; offset: number } | null,
): Promise<ProgressRow[]> {
  const result = await sql<ProgressRow>`
    WITH progress AS (
      SELECT
        w.project_id AS id, w.agency_id, w.mode, w.contract_amount, w.contract_currency,
        CASE
          WHEN approved.id IS NULL THEN NULL
          WHEN nx.period_end IS NULL THEN pv.planned_percent
          ELSE round(coalesce(
            coalesce(pv.planned_percent, 0)
              + (nx.planned_percent - coalesce(pv.planned_percent, 0))
              * greatest(0, ${today}::date - coalesce(pv.period_end, w.start_date))
              / nullif(nx.period_end - coalesce(pv.period_end, w.start_date), 0),
            nx.planned_percent), 2)
        END AS planned,
        CASE
          WHEN w.mode <> 'long_term' THEN NULL
          WHEN la.percent IS NULL AND approved.id IS NULL THEN NULL
          ELSE coalesce(la.percent, 0)
        END AS actual
      FROM workspace_projects w
      LEFT JOIN work_schedules approved
        ON approved.project_id = w.project_id AND approved.status = 'approved'
      -- Each lateral read is one index lookup: the periods' and the observations' primary keys.
      LEFT JOIN LATERAL (
        SELECT period_end, planned_percent FROM schedule_periods
        WHERE schedule_id = approved.id AND period_end <= ${today}::date
        ORDER BY period_end DESC LIMIT 1
      ) pv ON true
      LEFT JOIN LATERAL (
        SELECT period_end, planned_percent FROM schedule_periods
        WHERE schedule_id = approved.id AND period_end > ${today}::date
        ORDER BY period_end ASC LIMIT 1
      ) nx ON true
      LEFT JOIN LATERAL (
        SELECT percent FROM progress_observations
        WHERE project_id = w.project_id AND process_id = '' AND kind = 'physical'
          AND basis = 'actual' AND observed_on <= ${today}::date
          AND source = ${WORKSPACE_SOURCES.actual}
        ORDER BY observed_on DESC LIMIT 1
      ) la ON true
    ),
    flagged AS (
      SELECT progress.*, projects.title, organisations.name AS agency_name,
        round(actual - planned, 2) AS difference,
        coalesce(planned - actual > ${behindPlanPoints}, false) AS behind
      FROM progress
      JOIN projects ON projects.id = progress.id
      JOIN organisations ON organisations.id = progress.agency_id
      WHERE (${filters.agency ?? null}::text IS NULL OR progress.agency_id = ${filters.agency ?? null})
        AND (${filters.mode ?? null}::text IS NULL OR progress.mode = ${filters.mode ?? null})
    )
    SELECT flagged.*,
      count(*) OVER () AS total,
      count(*) FILTER (WHERE behind) OVER () AS behind_total
    FROM flagged
    WHERE ${filters.behindOnly} = false OR behind
    ORDER BY ${paging ? ORDER[paging.sort] : sql`id`}
    LIMIT ${paging?.limit ?? 1} OFFSET ${paging?.offset ?? 0}
  `.execute(db);
  return result.rows;
}

/**
 * Counts, per project: open directives past their due date, decisions waiting longer than
 * `approvalDays` (the same kinds and rules as the waiting list), and unpaid shares past their
 * due date.
 */
async function overdueCounts(
  db: Kysely<DB>,
  projectIds: string[],
  now: Date,
  approvalDays: number,
) {
  const today = dateOf(now);
  const approvals = new Map<string, number>();
  const payments = new Map<string, number>();
  const directives = new Map<string, number>();
  if (projectIds.length === 0) return { approvals, payments, directives };

  for (const [projectId, counts] of await countOpenDirectives(db, projectIds, now)) {
    directives.set(projectId, counts.overdue);
  }
  const scope = { principal: undefined, projectIds, rolesByProject: new Map(), today };
  for (const source of WAITING_SOURCES) {
    if (!source.dueAfterApprovalDays && source.kind !== "payment_overdue") continue;
    for (const row of await source.load(db, scope)) {
      if (source.kind === "payment_overdue") {
        payments.set(row.projectId, (payments.get(row.projectId) ?? 0) + 1);
      } else if (row.since && addDays(dateOf(row.since), approvalDays) < today) {
        approvals.set(row.projectId, (approvals.get(row.projectId) ?? 0) + 1);
      }
    }
  }
  return { approvals, payments, directives };
}

function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
