import { z } from "@hono/zod-openapi";
import { count, day, requiredText } from "../schedule/input-fields.js";

const nonEmpty = (max: number) => requiredText(max).refine((text) => text !== "", "is missing");

/** An amount in major units as the user typed it, e.g. "-1250000" or 1250.5. */
const majorAmount = z
  .union([z.number(), z.string().trim().min(1, "is missing")], { error: "is missing" })
  .openapi({ type: "string", description: "Amount in major units, e.g. 1250000 or -300.50." });

const currency = z
  .string({ error: "is missing" })
  .trim()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as KRW or EUR")
  .openapi({ example: "KRW" });

const common = {
  description: nonEmpty(2000).openapi({
    description:
      "Scope of a design change, or what the extension or penalty is for. Public once approved.",
  }),
  reason: nonEmpty(2000).openapi({ description: "Why it is needed. Public once approved." }),
};

/** A design change: its scope, reason and signed cost impact. */
const designChange = z.object({
  kind: z.literal("design_change"),
  ...common,
  costImpact: majorAmount,
  currency,
});

/** A time extension: days added to the completion date in force. */
const timeExtension = z.object({
  kind: z.literal("time_extension"),
  ...common,
  days: count(1, 3650),
  oldCompletionDate: day.openapi({ type: "string", format: "date" }),
  newCompletionDate: day.openapi({ type: "string", format: "date" }),
});

/** A penalty against an organisation working on the project. */
const penalty = z.object({
  kind: z.literal("penalty"),
  ...common,
  amount: majorAmount,
  currency,
  againstOrganisationId: nonEmpty(200),
});

/** A change request as submitted; the service checks dates, amounts and the organisation. */
export const changeRequestInput = z
  .discriminatedUnion("kind", [designChange, timeExtension, penalty], {
    error: "must be design_change, time_extension or penalty",
  })
  .openapi("ChangeRequestInput");

export type ChangeRequestInput = z.infer<typeof changeRequestInput>;

/** The comment of a review step; required to reject. Stays inside the workspace. */
export const changeStepInput = z
  .object({ comment: z.string().trim().max(2000, "must be at most 2000 characters").optional() })
  .openapi("ChangeStepInput");
