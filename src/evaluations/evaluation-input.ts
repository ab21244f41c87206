import { z } from "@hono/zod-openapi";
import { count, optionalText, requiredText } from "../schedule/input-fields.js";

/** A performance evaluation as the agency official records it: scores per criterion. */
export const evaluationInput = z
  .object({
    scores: z
      .array(
        z
          .object({
            criterion: requiredText(200).refine((text) => text !== "", "is missing"),
            score: count(0, 100),
          })
          .openapi("EvaluationScore"),
      )
      .min(1, "must list at least one criterion")
      .max(30, "must list at most 30 criteria"),
    comment: optionalText(5000),
  })
  .superRefine((value, context) => {
    const seen = new Set<string>();
    value.scores.forEach((line, index) => {
      const key = line.criterion.toLowerCase();
      if (seen.has(key)) {
        context.addIssue({
          code: "custom",
          path: ["scores", index, "criterion"],
          message: `repeats the criterion ${line.criterion}`,
        });
      }
      seen.add(key);
    });
  })
  .openapi("EvaluationInput");

/** A validated evaluation. */
export type EvaluationInput = z.infer<typeof evaluationInput>;
