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

/**
 * Finds every text in a parsed request value (strings and object keys, at any depth) that holds
 * a NUL character, which PostgreSQL cannot store in text. Returns one problem per such field,
 * its path dotted like the validation problems ("workers.0.name").
 */
export function nulCharacterProblems(value: unknown, path: string[] = []): Problem[] {
  const here = path.join(".");
  const message = "contains a NUL character (U+0000), which no text may hold";
  if (typeof value === "string") return value.includes("\u0000") ? [{ path: here, message }] : [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => nulCharacterProblems(item, [...path, String(index)]));
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) =>
      key.includes("\u0000")
        ? [{ path: [...path, key.replaceAll("\u0000", "\\u0000")].join("."), message }]
        : nulCharacterProblems(item, [...path, key]),
    );
  }
  return [];
}

/**
 * The validation hook of every JSON API router: a failed parse becomes "invalid_input" naming
 * each field, and so does a parsed value holding a NUL character, before any handler stores it.
 */
export function validationHook<T>(
  result: { success: true; data: T } | { success: false; error: z.ZodError },
): asserts result is { success: true; data: T } {
  if (!result.success) throw invalidParameters(result.error);
  const problems = nulCharacterProblems(result.data);
  if (problems.length > 0) {
    throw errors.invalidInput(
      problems,
      `Invalid request parameter${problems.length > 1 ? "s" : ""}: ${problems.map((problem) => problem.path).join(", ")}.`,
    );
  }
}
