import { z } from "@hono/zod-openapi";
import { count, day, optionalText, requiredText } from "../schedule/input-fields.js";

const nonEmpty = (max: number) => requiredText(max).refine((text) => text !== "", "is missing");

/**
 * A safety inspection: its checklist, and for each failed item the corrective action, the
 * organisation responsible for it and the deadline, from which a finding is raised.
 */
export const inspectionInput = z
  .object({
    date: day.openapi({ type: "string", format: "date", description: "Day of the inspection." }),
    note: optionalText(5000),
    items: z
      .array(
        z
          .object({
            item: nonEmpty(300),
            result: z.enum(["pass", "fail", "not_applicable"], {
              error: "must be pass, fail or not_applicable",
            }),
            note: optionalText(2000),
            correctiveAction: optionalText(2000),
            responsibleOrganisationId: optionalText(500),
            deadline: z.preprocess((value) => (value === "" ? undefined : value), day.optional()),
          })
          .openapi("ChecklistItem"),
      )
      .min(1, "must list at least one checklist item")
      .max(200, "must list at most 200 checklist items"),
  })
  .superRefine((value, context) => {
    value.items.forEach((line, index) => {
      if (line.result !== "fail") return;
      const missing = (field: string) =>
        context.addIssue({
          code: "custom",
          path: ["items", index, field],
          message: "is missing for a failed item",
        });
      if (!line.correctiveAction) missing("correctiveAction");
      if (!line.responsibleOrganisationId) missing("responsibleOrganisationId");
      if (!line.deadline) missing("deadline");
      else if (line.deadline < value.date) {
        context.addIssue({
          code: "custom",
          path: ["items", index, "deadline"],
          message: `must not be before the inspection date, ${value.date}`,
        });
      }
    });
  })
  .openapi("InspectionInput");

/** A validated inspection. */
export type InspectionInput = z.infer<typeof inspectionInput>;

/** The responsible organisation's report of the corrective action taken on a finding. */
export const actionReportInput = z
  .object({ action: nonEmpty(5000).openapi({ description: "What was done, and when." }) })
  .openapi("FindingActionReport");

/** The inspector's check of an action report: accepted closes the finding, else it reopens. */
export const verificationInput = z
  .object({
    accepted: z.boolean({ error: "must be true or false" }),
    note: optionalText(2000),
  })
  .superRefine((value, context) => {
    if (!value.accepted && !value.note) {
      context.addIssue({
        code: "custom",
        path: ["note"],
        message: "is missing: say why the action is not enough",
      });
    }
  })
  .openapi("FindingVerification");

/** A safety incident. Injured people are counted, never named. */
export const incidentInput = z
  .object({
    date: day.openapi({ type: "string", format: "date", description: "Day of the incident." }),
    kind: z.enum(
      ["fall", "struck_by", "collapse", "electrical", "fire", "equipment", "near_miss", "other"],
      {
        error: "must be fall, struck_by, collapse, electrical, fire, equipment, near_miss or other",
      },
    ),
    severity: z.enum(["minor", "serious", "fatal"], {
      error: "must be minor, serious or fatal",
    }),
    description: nonEmpty(5000),
    injuries: count(0, 10_000),
    actions: nonEmpty(5000).openapi({ description: "Actions taken after the incident." }),
  })
  .openapi("IncidentInput");

/** A validated incident. */
export type IncidentInput = z.infer<typeof incidentInput>;
