import { z } from "@hono/zod-openapi";
import { day, decimal, optionalText, requiredText } from "./input-fields.js";

/** Weights may miss 100 by this much, for rounding of weights given with four decimals. */
export const WEIGHT_TOLERANCE = 0.01;

const workItem = z
  .object({
    code: requiredText(50).refine((code) => code !== "", "is missing"),
    description: requiredText(500).refine((text) => text !== "", "is missing"),
    unit: requiredText(30).refine((text) => text !== "", "is missing"),
    quantity: decimal({ min: 0, max: 1e12, decimals: 3, above: true }),
    unitPrice: decimal({ min: 0, max: 1e13, decimals: 2 }).openapi({
      type: "number",
      description: "Unit price in major units of the contract currency.",
    }),
    weight: decimal({ min: 0, max: 100, decimals: 4 }).optional().openapi({
      type: "number",
      description:
        "Share of the whole work in percent. Give it for every item or for none; without it, each item weighs its amount's share of the total.",
    }),
  })
  .openapi("WorkItem");

const plannedPeriod = z
  .object({
    end: day.openapi({ type: "string", format: "date", description: "Last day of the period." }),
    plannedPercent: decimal({ min: 0, max: 100, decimals: 2 }).openapi({
      type: "number",
      description: "Planned cumulative progress at the end of the period, in percent.",
    }),
  })
  .openapi("PlannedPeriod");

/**
 * A work schedule as the prime contractor submits it: the bill of quantities and the planned
 * cumulative progress per period. Checks that need the project (periods inside the contract
 * period) are made by `submitSchedule`.
 */
export const scheduleInput = z
  .object({
    periodUnit: z.enum(["month", "week"], { error: "must be month or week" }),
    note: optionalText(2000),
    items: z
      .array(workItem, { error: "must be a list of work items" })
      .min(1, "must list at least one work item")
      .max(2000, "must list at most 2000 work items"),
    periods: z
      .array(plannedPeriod, { error: "must be a list of periods" })
      .min(1, "must list at least one period")
      .max(600, "must list at most 600 periods"),
  })
  .superRefine((value, context) => {
    const codes = new Set<string>();
    value.items.forEach((item, index) => {
      if (codes.has(item.code)) {
        context.addIssue({
          code: "custom",
          path: ["items", index, "code"],
          message: `repeats the code ${item.code}; each work item needs its own code`,
        });
      }
      codes.add(item.code);
    });

    const weighted = value.items.filter((item) => item.weight !== undefined).length;
    if (weighted > 0 && weighted < value.items.length) {
      context.addIssue({
        code: "custom",
        path: ["items"],
        message: "give a weight for every work item, or for none to weigh them by amount",
      });
    } else if (weighted > 0) {
      const sum = value.items.reduce((total, item) => total + (item.weight ?? 0), 0);
      if (Math.abs(sum - 100) > WEIGHT_TOLERANCE) {
        context.addIssue({
          code: "custom",
          path: ["items"],
          message: `the weights add up to ${Number(sum.toFixed(4))}%, not 100%`,
        });
      }
    } else if (value.items.every((item) => item.unitPrice === 0)) {
      context.addIssue({
        code: "custom",
        path: ["items"],
        message: "every unit price is 0, so weights cannot follow the amounts; give weights",
      });
    }

    value.periods.forEach((period, index) => {
      const previous = value.periods[index - 1];
      if (previous && period.end <= previous.end) {
        context.addIssue({
          code: "custom",
          path: ["periods", index, "end"],
          message: `must come after the previous period's end, ${previous.end}`,
        });
      }
      if (previous && period.plannedPercent < previous.plannedPercent) {
        context.addIssue({
          code: "custom",
          path: ["periods", index, "plannedPercent"],
          message: `must not fall below the previous period's ${previous.plannedPercent}%, because progress is cumulative`,
        });
      }
    });
    const last = value.periods.at(-1);
    if (last && last.plannedPercent !== 100) {
      context.addIssue({
        code: "custom",
        path: ["periods", value.periods.length - 1, "plannedPercent"],
        message: "the last period must reach 100%",
      });
    }
  })
  .openapi("WorkScheduleSubmission");

/** A work schedule after validation. */
export type ScheduleInput = z.infer<typeof scheduleInput>;

/**
 * Returns each item's weight in percent with four decimals: the given weights, or each item's
 * share of the total amount (quantity × unit price).
 */
export function itemWeights(items: ScheduleInput["items"]): number[] {
  if (items.every((item) => item.weight !== undefined)) {
    return items.map((item) => item.weight ?? 0);
  }
  const amounts = items.map((item) => item.quantity * item.unitPrice);
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  return amounts.map((amount) => Math.round((amount / total) * 1_000_000) / 10_000);
}
