import type { Executor } from "../projects/store-rows.js";
import type { CurvePoint } from "../schedule/progress-observations.js";

/** The quantity of one item done on one day, from the approved version of a daily report. */
export interface ApprovedWork {
  /** "YYYY-MM-DD". */
  date: string;
  itemCode: string;
  quantity: number;
}

/**
 * Computes the actual progress curve: on each approved report day, the sum over work items of
 * (quantity done to date ÷ item quantity) × item weight, in percent. An item counts at most its
 * full weight, and work on codes the schedule no longer lists counts nothing.
 */
export function actualCurve(
  items: { code: string; quantity: number; weight: number }[],
  reportDays: string[],
  work: ApprovedWork[],
): CurvePoint[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  const doneToDate = new Map<string, number>();
  const days = [...new Set(reportDays)].sort();
  const sortedWork = [...work].sort((a, b) => a.date.localeCompare(b.date));
  const points: CurvePoint[] = [];
  let next = 0;
  for (const day of days) {
    while (next < sortedWork.length && sortedWork[next]!.date <= day) {
      const line = sortedWork[next]!;
      doneToDate.set(line.itemCode, (doneToDate.get(line.itemCode) ?? 0) + line.quantity);
      next++;
    }
    let percent = 0;
    for (const [code, done] of doneToDate) {
      const item = byCode.get(code);
      if (item) percent += Math.min(done / item.quantity, 1) * item.weight;
    }
    points.push({ observedOn: day, percent: Math.min(Math.round(percent * 100) / 100, 100) });
  }
  return points;
}

/**
 * Loads the days with an approved daily report and the work of the latest approved version of
 * each day, so that an approved correction replaces the version it corrects.
 */
export async function loadApprovedWork(
  executor: Executor,
  projectId: string,
): Promise<{ days: string[]; work: ApprovedWork[] }> {
  const reports = await executor
    .selectFrom("daily_reports as report")
    .select(["report.id", "report.report_date"])
    .where("report.project_id", "=", projectId)
    .where("report.status", "=", "approved")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("daily_reports as later")
            .select("later.id")
            .whereRef("later.project_id", "=", "report.project_id")
            .whereRef("later.report_date", "=", "report.report_date")
            .whereRef("later.version", ">", "report.version")
            .where("later.status", "=", "approved"),
        ),
      ),
    )
    .orderBy("report.report_date")
    .execute();
  if (reports.length === 0) return { days: [], work: [] };

  const dateOf = new Map(reports.map((report) => [report.id, report.report_date]));
  const lines = await executor
    .selectFrom("daily_report_work")
    .select(["report_id", "item_code", "quantity"])
    .where(
      "report_id",
      "in",
      reports.map((report) => report.id),
    )
    .execute();
  return {
    days: reports.map((report) => report.report_date),
    work: lines.map((line) => ({
      date: dateOf.get(line.report_id)!,
      itemCode: line.item_code,
      quantity: line.quantity,
    })),
  };
}

/** Loads the approved schedule's items, or an empty list when none is approved. */
export async function loadApprovedItems(executor: Executor, projectId: string) {
  return executor
    .selectFrom("schedule_items")
    .innerJoin("work_schedules", "work_schedules.id", "schedule_items.schedule_id")
    .select([
      "schedule_items.code",
      "schedule_items.description",
      "schedule_items.unit",
      "schedule_items.quantity",
      "schedule_items.weight",
    ])
    .where("work_schedules.project_id", "=", projectId)
    .where("work_schedules.status", "=", "approved")
    .orderBy("schedule_items.position")
    .execute();
}

/** Computes the project's actual progress curve from its approved daily reports. */
export async function computeActualCurve(
  executor: Executor,
  projectId: string,
): Promise<CurvePoint[]> {
  const items = await loadApprovedItems(executor, projectId);
  const { days, work } = await loadApprovedWork(executor, projectId);
  return actualCurve(items, days, work);
}
