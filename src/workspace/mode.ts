import type { ProjectMode } from "../db/types-accounts.js";
import type { WorkspaceSettings } from "./settings.js";

/** Adds whole calendar months to a "YYYY-MM-DD" day, clamping to the month's last day. */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * Decides the workspace mode of a project from its contract. A project is long-term when its
 * contract amount exceeds the jurisdiction's threshold for its currency and its planned
 * completion falls more than `longTermMinMonths` months after its start. Seoul's One-PMIS uses
 * KRW 1 billion and 12 months.
 *
 * NOTE: a currency without a configured threshold is judged by duration alone, so that a
 * jurisdiction that has not set one keeps progress reporting rather than losing it.
 */
export function decideProjectMode(
  contract: { amount: number; currency: string; startDate: string; plannedCompletionDate: string },
  settings: Pick<WorkspaceSettings, "longTermMinAmount" | "longTermMinMonths">,
): ProjectMode {
  const threshold = settings.longTermMinAmount[contract.currency];
  const largeEnough = threshold === undefined || contract.amount > threshold;
  const longEnough =
    contract.plannedCompletionDate > addMonths(contract.startDate, settings.longTermMinMonths);
  return largeEnough && longEnough ? "long_term" : "short_term";
}
