import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { EquipmentLine, ManpowerLine, MaterialLine } from "../db/types-schedule-reports.js";
import { actualCurve, loadApprovedItems, loadApprovedWork } from "./actual-progress.js";

/** A weekly or monthly report, rolled up from the approved daily reports of its days. */
export interface Rollup {
  period: "week" | "month";
  /** First and last day, "YYYY-MM-DD". */
  from: string;
  to: string;
  /** Days with an approved daily report. */
  daysReported: number;
  /** Days whose current report still waits for review or approval, or was rejected. */
  daysPending: number;
  /** Sum of each trade's daily headcount over the days: worker-days. */
  manpowerDays: { trade: string; days: number }[];
  equipmentDays: { kind: string; days: number }[];
  materials: { material: string; unit: string; quantity: number }[];
  work: { itemCode: string; description: string; unit: string; quantity: number }[];
  /** Actual progress after the last approved day up to `to`, in percent. */
  actualPercent: number;
  /** Planned progress at the last period end up to `to`, in percent; null before the first. */
  plannedPercent: number | null;
}

/** Returns the Monday and Sunday of the ISO week that contains `day`. */
export function weekOf(day: string): { from: string; to: string } {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  const monday = new Date(date.getTime() - sinceMonday * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

/** Returns the first and last day of a month given as "YYYY-MM". */
export function monthOf(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/**
 * Rolls up the project's approved daily reports from `from` to `to`: worker-days per trade,
 * equipment-days per kind, materials delivered, quantities done per item, and the actual and
 * planned progress at the end of the period.
 */
export async function rollUp(
  db: Kysely<DB>,
  projectId: string,
  period: "week" | "month",
  range: { from: string; to: string },
): Promise<Rollup> {
  const [items, approved, planned, current] = await Promise.all([
    loadApprovedItems(db, projectId),
    loadApprovedWork(db, projectId),
    db
      .selectFrom("schedule_periods")
      .innerJoin("work_schedules", "work_schedules.id", "schedule_periods.schedule_id")
      .select(["period_end", "planned_percent"])
      .where("work_schedules.project_id", "=", projectId)
      .where("work_schedules.status", "=", "approved")
      .where("period_end", "<=", range.to)
      .orderBy("period_end", "desc")
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("daily_reports")
      .select(["report_date", "status"])
      .where("project_id", "=", projectId)
      .where("is_current", "=", true)
      .where("report_date", ">=", range.from)
      .where("report_date", "<=", range.to)
      .execute(),
  ]);

  const inRange = (day: string) => day >= range.from && day <= range.to;
  const days = approved.days.filter(inRange);
  const reports =
    days.length === 0
      ? []
      : await db
          .selectFrom("daily_reports as report")
          .select(["report.manpower", "report.equipment", "report.materials"])
          .where("report.project_id", "=", projectId)
          .where("report.status", "=", "approved")
          .where("report.report_date", "in", days)
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
          .execute();

  const itemByCode = new Map(items.map((item) => [item.code, item]));
  const work = new Map<string, number>();
  for (const line of approved.work.filter((line) => inRange(line.date))) {
    work.set(line.itemCode, (work.get(line.itemCode) ?? 0) + line.quantity);
  }
  const curve = actualCurve(
    items,
    approved.days.filter((day) => day <= range.to),
    approved.work,
  );

  return {
    period,
    from: range.from,
    to: range.to,
    daysReported: days.length,
    daysPending: current.filter((row) => row.status !== "approved").length,
    manpowerDays: sumBy(
      reports.flatMap((report) => report.manpower),
      (line: ManpowerLine) => line.trade,
    ).map(([trade, days]) => ({ trade, days })),
    equipmentDays: sumBy(
      reports.flatMap((report) => report.equipment),
      (line: EquipmentLine) => line.kind,
    ).map(([kind, days]) => ({ kind, days })),
    materials: sumMaterials(reports.flatMap((report) => report.materials)),
    work: [...work].map(([itemCode, quantity]) => ({
      itemCode,
      description: itemByCode.get(itemCode)?.description ?? "",
      unit: itemByCode.get(itemCode)?.unit ?? "",
      quantity: round3(quantity),
    })),
    actualPercent: curve.at(-1)?.percent ?? 0,
    plannedPercent: planned?.planned_percent ?? null,
  };
}

function sumBy<Line extends { count: number }>(
  lines: Line[],
  keyOf: (line: Line) => string,
): [string, number][] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(keyOf(line), (totals.get(keyOf(line)) ?? 0) + line.count);
  return [...totals].sort((a, b) => a[0].localeCompare(b[0]));
}

function sumMaterials(lines: MaterialLine[]) {
  const totals = new Map<string, { material: string; unit: string; quantity: number }>();
  for (const line of lines) {
    const key = JSON.stringify([line.material, line.unit]);
    const total = totals.get(key) ?? { material: line.material, unit: line.unit, quantity: 0 };
    total.quantity = round3(total.quantity + line.quantity);
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => a.material.localeCompare(b.material));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
