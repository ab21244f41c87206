import {
  endDateTime,
  endOfMonth,
  isoDate,
  monthEnds,
  startDateTime,
  startOfMonth,
} from "./dates.js";

/** The unit of progress observations: percent, UN/CEFACT common code P1. */
export const PERCENT_UNIT = { name: "percent", scheme: "UNCEFACT", id: "P1" } as const;

/** The start and end days of the work of a contract, as day numbers (see `dates.ts`). */
export interface WorkSchedule {
  start: number;
  /** End agreed when the contract was signed. */
  plannedEnd: number;
  /** End of the work as it happens, after any delay or stoppage. */
  actualEnd: number;
  /** Days from `stoppedFrom` on during which no work was done. */
  stoppedDays: number;
  stoppedFrom: number;
}

/**
 * Returns the share of the work done at a fraction `x` of the time, as an S-curve: slow at
 * the start and the end, fastest in the middle, as construction progress usually runs.
 */
function sCurve(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

function toPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** Returns planned physical progress in percent (one decimal) at the end of `day`. */
export function plannedPercent(schedule: WorkSchedule, day: number): number {
  return toPercent(sCurve((day - schedule.start) / (schedule.plannedEnd - schedule.start)));
}

/** Returns actual physical progress in percent (one decimal) at the end of `day`. */
export function actualPercent(schedule: WorkSchedule, day: number): number {
  const workingDays = schedule.actualEnd - schedule.start - schedule.stoppedDays;
  const stoppedSoFar = Math.min(Math.max(day - schedule.stoppedFrom, 0), schedule.stoppedDays);
  const worked = day - schedule.start - stoppedSoFar;
  return toPercent(sCurve(worked / workingDays));
}

/**
 * The days on which progress is reported: the last day of each month from `from` to `to`,
 * with the final report on `to` itself when it falls inside a month.
 */
export function reportingDays(from: number, to: number): number[] {
  return monthEnds(from, to).map((end) => Math.min(end, to));
}

/** Builds OC4IDS observations, one per reporting day, of the percentages `percentOn` gives. */
export function observations(
  days: number[],
  firstDay: number,
  percentOn: (day: number) => number,
): Record<string, unknown>[] {
  return days.map((day) => ({
    id: isoDate(day).slice(0, 7),
    period: {
      startDate: startDateTime(Math.max(startOfMonth(day), firstDay)),
      endDate: endDateTime(Math.min(endOfMonth(day), day)),
    },
    measure: percentOn(day),
    unit: { ...PERCENT_UNIT },
  }));
}
