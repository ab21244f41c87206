import { z } from "@hono/zod-openapi";
import { count, day, decimal, optionalText, requiredText } from "../schedule/input-fields.js";

const nonEmpty = (max: number) => requiredText(max).refine((text) => text !== "", "is missing");

/**
 * A daily report as the prime contractor or the supervisor submits it. Work done names
 * schedule items by code; `submitDailyReport` checks the codes and the remaining quantities
 * against the approved schedule.
 */
export const dailyReportInput = z
  .object({
    date: day.openapi({ type: "string", format: "date", description: "The day reported." }),
    weather: nonEmpty(200).openapi({ description: "Weather on site, e.g. 'clear, 12 °C'." }),
    manpower: z
      .array(z.object({ trade: nonEmpty(100), count: count(1, 100_000) }).openapi("ManpowerLine"))
      .max(100, "must list at most 100 trades")
      .default([]),
    equipment: z
      .array(z.object({ kind: nonEmpty(100), count: count(1, 10_000) }).openapi("EquipmentLine"))
      .max(100, "must list at most 100 kinds of equipment")
      .default([]),
    materials: z
      .array(
        z
          .object({
            material: nonEmpty(200),
            quantity: decimal({ min: 0, max: 1e12, decimals: 3, above: true }),
            unit: nonEmpty(30),
          })
          .openapi("MaterialDelivery"),
      )
      .max(200, "must list at most 200 deliveries")
      .default([]),
    work: z
      .array(
        z
          .object({
            itemCode: nonEmpty(50),
            quantity: decimal({ min: 0, max: 1e12, decimals: 3, above: true }),
          })
          .openapi("WorkDone"),
      )
      .max(2000, "must list at most 2000 work items")
      .default([]),
    issues: optionalText(5000),
    photoReferences: z
      .array(nonEmpty(500))
      .max(50, "must list at most 50 photos")
      .default([])
      .openapi({
        description:
          "Site photos of the day: SHA-256 ids of photos uploaded to the project, or https URLs.",
      }),
  })
  .superRefine((value, context) => {
    const repeated = (list: string[], path: string, field: string, what: string) => {
      const seen = new Set<string>();
      list.forEach((name, index) => {
        if (seen.has(name)) {
          context.addIssue({
            code: "custom",
            path: [path, index, field],
            message: `repeats ${what} ${name}; give one line per ${what}`,
          });
        }
        seen.add(name);
      });
    };
    repeated(
      value.manpower.map((line) => line.trade),
      "manpower",
      "trade",
      "the trade",
    );
    repeated(
      value.equipment.map((line) => line.kind),
      "equipment",
      "kind",
      "the kind",
    );
    repeated(
      value.work.map((line) => line.itemCode),
      "work",
      "itemCode",
      "the work item",
    );
    value.photoReferences.forEach((reference, index) => {
      if (!/^[0-9a-f]{64}$/.test(reference) && !/^https:\/\/\S+$/.test(reference)) {
        context.addIssue({
          code: "custom",
          path: ["photoReferences", index],
          message: "must be the SHA-256 id of a photo uploaded to the project, or an https URL",
        });
      }
    });
  })
  .openapi("DailyReportSubmission");

/** A daily report after validation. */
export type DailyReportInput = z.infer<typeof dailyReportInput>;

/** The reason of a rejection. */
export const rejectionInput = z
  .object({ reason: nonEmpty(2000) })
  .openapi("Rejection", { description: "Why the report or schedule goes back." });
