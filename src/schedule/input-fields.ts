import { z } from "@hono/zod-openapi";

/**
 * Zod fields shared by the schedule and daily report inputs. Each accepts the JSON value and
 * the text of a form field, so one schema validates both the API and the pages.
 */

/** Treats an empty form field as absent. */
export const blankAsAbsent = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** Required text of at most `max` characters, trimmed. */
export const requiredText = (max: number) =>
  z.preprocess(
    blankAsAbsent,
    z.string({ error: "is missing" }).trim().max(max, `must be at most ${max} characters`),
  );

/** Optional text of at most `max` characters, trimmed; blank is absent. */
export const optionalText = (max: number) =>
  z.preprocess(
    blankAsAbsent,
    z.string().trim().max(max, `must be at most ${max} characters`).optional(),
  );

/** A calendar day as "YYYY-MM-DD". */
export const day = z.preprocess(
  blankAsAbsent,
  z
    .string({ error: "is missing" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
    .refine(isCalendarDay, "is not a real calendar date"),
);

/**
 * Whether "YYYY-MM-DD" names a day of the calendar: 2026-02-31 and 2026-13-01 do not, where
 * Date would roll the first over into March and reject the second.
 */
export function isCalendarDay(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

/** A number with at most `decimals` decimals, given as a JSON number or as text. */
export const decimal = (options: { min: number; max: number; decimals: number; above?: boolean }) =>
  z.preprocess(
    (value) => {
      const blank = blankAsAbsent(value);
      return typeof blank === "string" ? Number(blank.trim()) : blank;
    },
    z
      .number({ error: "must be a number" })
      .refine((value) => Number.isFinite(value), "must be a number")
      .refine(
        (value) => (options.above ? value > options.min : value >= options.min),
        options.above ? `must be more than ${options.min}` : `must be at least ${options.min}`,
      )
      .refine((value) => value <= options.max, `must be at most ${options.max}`)
      .refine(
        (value) => Number(value.toFixed(options.decimals)) === value,
        `must have at most ${options.decimals} decimals`,
      ),
  );

/** A whole number from `min` to `max`, given as a JSON number or as text. */
export const count = (min: number, max: number) =>
  z.preprocess(
    (value) => {
      const blank = blankAsAbsent(value);
      return typeof blank === "string" ? Number(blank.trim()) : blank;
    },
    z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );
