import { z } from "@hono/zod-openapi";

/**
 * How the all-projects view can be sorted: by title, or by actual minus planned progress,
 * furthest behind first ("difference") or furthest ahead first ("-difference").
 */
export const OVERVIEW_SORTS = ["title", "difference", "-difference"] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];

export const DEFAULT_OVERVIEW_PAGE_SIZE = 50;
export const MAX_OVERVIEW_PAGE_SIZE = 100;
const MAX_PAGE = 10_000;

/** Treats an empty form field ("?mode=") as an absent one. */
function emptyToUndefined(value: unknown): unknown {
  return value === "" ? undefined : value;
}

function wholeNumber(maximum: number, description: string) {
  const message = `must be a whole number from 1 to ${maximum}`;
  return z
    .preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: message })
        .int({ error: message })
        .min(1, { error: message })
        .max(maximum, { error: message })
        .optional(),
    )
    .openapi({ description, type: "integer", minimum: 1, maximum });
}

/**
 * The query parameters of the all-projects view, shared by the page and the API so that both
 * answer a bad value with a 400 naming the parameter. Empty values count as unset, because a
 * form sent without JavaScript carries every field.
 */
export const overviewQuery = z.object({
  agency: z
    .preprocess(
      emptyToUndefined,
      z
        .string({ error: "must be given once, as an organisation id" })
        .max(200, { error: "must be at most 200 characters" })
        .optional(),
    )
    .openapi({
      description: "Only projects of this ordering agency (organisation id).",
      type: "string",
    }),
  mode: z
    .preprocess(
      emptyToUndefined,
      z.enum(["long_term", "short_term"], { error: "must be long_term or short_term" }).optional(),
    )
    .openapi({
      description: "Only long-term or only short-term projects.",
      type: "string",
      enum: ["long_term", "short_term"],
    }),
  behind: z
    .preprocess(
      emptyToUndefined,
      z.enum(["1", "0", "true", "false"], { error: "must be 1, 0, true or false" }).optional(),
    )
    .openapi({
      description: "1 or true: only the projects flagged behind plan.",
      type: "string",
      enum: ["1", "0", "true", "false"],
    }),
  sort: z
    .preprocess(
      emptyToUndefined,
      z.enum(OVERVIEW_SORTS, { error: `must be one of: ${OVERVIEW_SORTS.join(", ")}` }).optional(),
    )
    .openapi({
      description:
        "title (the default); difference: furthest behind plan first; -difference: furthest ahead first.",
      type: "string",
      enum: [...OVERVIEW_SORTS],
    }),
  page: wholeNumber(MAX_PAGE, "Page number, from 1."),
  pageSize: wholeNumber(
    MAX_OVERVIEW_PAGE_SIZE,
    `Projects per page; ${DEFAULT_OVERVIEW_PAGE_SIZE} by default.`,
  ),
});

/** The parameters of the all-projects view as given; unset ones take their defaults. */
export type OverviewQuery = z.output<typeof overviewQuery>;
