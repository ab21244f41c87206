import type { z } from "zod";
import { errors, type AppError, type Problem } from "../http/errors.js";

/** Turns zod issues into problems whose path names the field, e.g. "pageSize" or "budget.amount". */
export function problemsFromZodError(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** Builds the "invalid_input" error for a failed zod parse of request parameters. */
export function invalidParameters(error: z.ZodError): AppError {
  const problems = problemsFromZodError(error);
  const names = [...new Set(problems.map((problem) => problem.path).filter(Boolean))];
  const message =
    names.length > 0
      ? `Invalid request parameter${names.length > 1 ? "s" : ""}: ${names.join(", ")}.`
      : "The request is invalid.";
  return errors.invalidInput(problems, message);
}
