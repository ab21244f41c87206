import { z } from "@hono/zod-openapi";
import { AmountError, toMinorUnits } from "../shared/money.js";

/** Treats an empty form field as absent, so one schema serves forms and JSON. */
const blankAsAbsent = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalText = (max: number) =>
  z.preprocess(
    blankAsAbsent,
    z.string().trim().max(max, `must be at most ${max} characters`).optional(),
  );

const day = z.preprocess(
  blankAsAbsent,
  z
    .string({ error: "is missing" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
    .refine(
      (text) =>
        !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
        new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
      "is not a real calendar date",
    ),
);

const coordinate = (min: number, max: number) =>
  z.preprocess(
    blankAsAbsent,
    z.coerce
      .number({ error: "must be a number" })
      .min(min, `must be from ${min} to ${max}`)
      .max(max, `must be from ${min} to ${max}`)
      .optional(),
  );

/**
 * A project registration, from the JSON API or the form. Give `projectId` to register a project
 * already imported from OC4IDS, or `title` (and the rest) for a new one.
 */
export const registrationInput = z
  .object({
    projectId: optionalText(300).openapi({
      description: "Id of a project already imported from OC4IDS. Leave out for a new project.",
    }),
    title: optionalText(500).openapi({ description: "Title of a new project." }),
    description: optionalText(5000),
    agencyId: optionalText(300).openapi({
      description:
        "Organisation id of the ordering agency. Defaults to the organisation of the user who registers.",
    }),
    jurisdictionId: optionalText(100).openapi({
      description:
        "Jurisdiction a new project joins (its time zone and disclosure policy). A demonstration " +
        "jurisdiction is refused. Leave out for none: the project then uses UTC and the default policy.",
    }),
    contractAmount: z
      .preprocess(blankAsAbsent, z.union([z.number(), z.string()], { error: "is missing" }))
      .openapi({
        type: "string",
        description:
          'Contract amount in major units of the currency, e.g. 1500000000 or "1250.50".',
      }),
    currency: z.preprocess(
      (value) => (typeof value === "string" ? blankAsAbsent(value.trim().toUpperCase()) : value),
      z
        .string({ error: "is missing" })
        .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as KRW"),
    ),
    startDate: day.openapi({
      type: "string",
      format: "date",
      description: "Contract start, YYYY-MM-DD.",
    }),
    plannedCompletionDate: day.openapi({
      type: "string",
      format: "date",
      description: "Planned completion, YYYY-MM-DD; not before the start.",
    }),
    locationDescription: optionalText(500),
    locality: optionalText(200).openapi({ description: "District or municipality of the site." }),
    latitude: coordinate(-90, 90),
    longitude: coordinate(-180, 180),
  })
  .superRefine((value, context) => {
    if (!value.projectId && !value.title) {
      context.addIssue({
        code: "custom",
        path: ["title"],
        message: "is missing: give the title of a new project, or the id of an imported one",
      });
    }
    if (value.projectId && value.jurisdictionId) {
      context.addIssue({
        code: "custom",
        path: ["jurisdictionId"],
        message: "applies to a new project only: an imported project keeps its own jurisdiction",
      });
    }
    if (
      value.startDate &&
      value.plannedCompletionDate &&
      value.plannedCompletionDate < value.startDate
    ) {
      context.addIssue({
        code: "custom",
        path: ["plannedCompletionDate"],
        message: "must not be before the start date",
      });
    }
    try {
      if (toMinorUnits(value.contractAmount, value.currency) < 0) {
        context.addIssue({
          code: "custom",
          path: ["contractAmount"],
          message: "must not be negative",
        });
      }
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      context.addIssue({
        code: "custom",
        path: ["contractAmount"],
        message: `must be a number in major units, such as 1500000000 or 1250.50 (got ${JSON.stringify(value.contractAmount)})`,
      });
    }
    if ((value.latitude === undefined) !== (value.longitude === undefined)) {
      context.addIssue({
        code: "custom",
        path: [value.latitude === undefined ? "latitude" : "longitude"],
        message: "give both latitude and longitude, or neither",
      });
    }
  })
  .openapi("ProjectRegistration");

/** A registration after validation. */
export type RegistrationInput = z.infer<typeof registrationInput>;
