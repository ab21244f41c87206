import { z } from "@hono/zod-openapi";
import { day, optionalText, requiredText } from "../schedule/input-fields.js";

const nonEmpty = (max: number) => requiredText(max).refine((text) => text !== "", "is missing");

/** A work directive as the agency official or the supervisor issues it. */
export const directiveInput = z
  .object({
    title: nonEmpty(200),
    instruction: nonEmpty(5000),
    dueDate: day.openapi({ type: "string", format: "date", description: "Day the action is due." }),
    addressedRole: z
      .enum(["agency_official", "supervisor", "prime_contractor", "subcontractor"], {
        error: "must be agency_official, supervisor, prime_contractor or subcontractor",
      })
      .openapi({ description: "The project role that must act." }),
    addressedOrganisationId: optionalText(200).openapi({
      description: "One organisation in that role, when the directive is for it alone.",
    }),
  })
  .openapi("DirectiveInput");

export type DirectiveInput = z.infer<typeof directiveInput>;

/** An action report: what was done, with references to documents or photos. */
export const actionReportInput = z
  .object({
    text: nonEmpty(5000),
    attachmentReferences: z
      .array(nonEmpty(500))
      .max(20, "must list at most 20 references")
      .default([])
      .openapi({
        description: "Ids of documents or photos stored in the workspace, or https URLs.",
      }),
  })
  .openapi("ActionReportInput");

/** The reason to reopen a directive; optional to close one. */
export const directiveStepInput = z
  .object({ reason: optionalText(2000) })
  .openapi("DirectiveStepInput");
