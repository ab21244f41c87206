/**
 * The mapping file: how the columns of a publisher's spreadsheet become OC4IDS 0.9.5 projects.
 * One zod schema validates the file and gives its TypeScript type; docs/importing.md describes
 * every field with the Buenos Aires mapping as the example.
 */
import { z } from "zod";
import { isCalendarDate } from "../shared/dates.js";
import { foldForSearch } from "../shared/text.js";
import { checkDateFormat, SUPPORTED_DATE_FORMATS } from "../spreadsheet/parse-date.js";

/** Action on a row when one of its values cannot be read. */
export const onProblemSchema = z.enum(["warn", "skip-row"]);

/** Parser that reads a cell's text before it is written into the project. */
export const parseKindSchema = z.enum(["text", "number", "amount", "date", "percent", "integer"]);

const numberFormatSchema = z.strictObject({
  decimal: z.enum([",", "."]).optional(),
  thousands: z.enum([",", ".", " ", "'", ""]).optional(),
});

const isoDay = z.string().refine(isCalendarDate, "expected a calendar date as YYYY-MM-DD");

/** A date format that parseDate reads; the message lists the supported ones. */
const dateFormatSchema = z
  .string()
  .min(1)
  .superRefine((format, context) => {
    const problem = checkDateFormat(format);
    if (problem === undefined) return;
    context.addIssue({
      code: "custom",
      message: `${problem}. Supported formats: ${SUPPORTED_DATE_FORMATS}`,
    });
  });

/** ISO 4217 codes of the currencies in use today, as listed by Node's ICU data. */
const CURRENCY_CODES = new Set(Intl.supportedValuesOf("currency"));

/**
 * Reports words of a value table that the reader cannot tell apart (they fold to the same text
 * without case, accents and outer spaces) when they map to different codes.
 */
function checkValueTable(
  values: Record<string, string | null> | undefined,
  context: z.core.$RefinementCtx,
): void {
  const firstByFolded = new Map<string, string>();
  for (const [word, code] of Object.entries(values ?? {})) {
    const folded = foldForSearch(word);
    const first = firstByFolded.get(folded);
    if (first === undefined) {
      firstByFolded.set(folded, word);
      continue;
    }
    if (values?.[first] === code) continue;
    context.addIssue({
      code: "custom",
      path: ["values", word],
      message:
        `"${first}" and "${word}" are the same word without case, accents and outer spaces ` +
        `but map to ${String(values?.[first])} and ${String(code)}; keep one of them`,
    });
  }
}

/** Source column or columns of a value (several are joined) and the way it is read. */
export const fieldSchema = z
  .strictObject({
    column: z.string().min(1).optional(),
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** Separator placed between the non-empty cells of `columns`. */
    join: z.string().default(" "),
    parse: parseKindSchema.default("text"),
    /** Number format of `number`, `amount`, `percent` and `integer` cells. */
    format: numberFormatSchema.optional(),
    /**
     * Number formats tried in order when a cell cannot be read in `format`, for a column where
     * some rows were typed in another style ("$28,470,000" among "1.234.567,89").
     */
    otherFormats: z.array(numberFormatSchema).min(1).optional(),
    /** Accepted date formats, tried in order, such as "YYYY-MM-DD" or "DD/MM/YYYY". */
    formats: z.array(dateFormatSchema).min(1).optional(),
    /** Earliest and latest accepted date (YYYY-MM-DD), or smallest and largest number. */
    range: z
      .strictObject({
        min: z.union([isoDay, z.number()]).optional(),
        max: z.union([isoDay, z.number()]).optional(),
      })
      .optional(),
    /** Publisher's words to codelist codes, matched without case, accents or outer spaces. */
    values: z.record(z.string(), z.string().nullable()).optional(),
    /** Value used when the cell is empty. */
    default: z.string().optional(),
    required: z.boolean().default(false),
    onProblem: onProblemSchema.optional(),
  })
  .refine((field) => (field.column === undefined) !== (field.columns === undefined), {
    message: "give either column or columns",
  })
  .superRefine((field, context) => checkValueTable(field.values, context));

const publisherSchema = z.strictObject({
  name: z.string().min(1),
  uid: z.string().min(1).optional(),
  scheme: z.string().min(1).optional(),
  uri: z.string().url().optional(),
});

const boundsSchema = z
  .strictObject({
    south: z.number().min(-90).max(90),
    west: z.number().min(-180).max(180),
    north: z.number().min(-90).max(90),
    east: z.number().min(-180).max(180),
  })
  .refine((bounds) => bounds.south < bounds.north, { message: "south must be below north" });

const idSchema = z.union([
  z.strictObject({ prefix: z.string().min(1), column: z.string().min(1) }),
  z.strictObject({
    template: z.string().regex(/\{[^{}]+\}/, "expected a template naming a column as {column}"),
  }),
]);

const locationSchema = z.strictObject({
  latitude: fieldSchema.optional(),
  longitude: fieldSchema.optional(),
  description: fieldSchema.optional(),
  streetAddress: fieldSchema.optional(),
  locality: fieldSchema.optional(),
  region: fieldSchema.optional(),
  postalCode: fieldSchema.optional(),
  /** Problem kind used when both coordinate cells are empty. */
  onMissingCoordinates: onProblemSchema.optional(),
});

const contractingProcessSchema = z.strictObject({
  /** Column whose value, prefixed by the project id, identifies the process. */
  id: fieldSchema.optional(),
  title: fieldSchema.optional(),
  procurementMethodDetails: fieldSchema.optional(),
  /** Tender reference, written to the process's `externalReference`. */
  externalReference: fieldSchema.optional(),
  /** Year of the tender, kept as the process's `tenderYear` extension field. */
  tenderYear: fieldSchema.optional(),
  contractValue: fieldSchema.optional(),
  supplier: z
    .strictObject({
      name: fieldSchema,
      identifier: z.strictObject({ scheme: z.string().min(1), id: fieldSchema }).optional(),
    })
    .optional(),
});

const photosSchema = z.strictObject({
  columns: z.array(z.string().min(1)).min(1),
  /** Title given to each photo, "{n}" being its position. */
  title: z.string().default("Photo {n}"),
});

const documentSchema = z.strictObject({
  column: z.string().min(1),
  /** OC4IDS documentType code. */
  documentType: z.string().min(1),
  title: z.string().min(1),
});

/** The mapping file, version 1. */
export const mappingSchema = z.strictObject({
  version: z.literal(1),
  source: z
    .strictObject({
      /** Stable name of the source; projects it no longer lists are reported on re-import. */
      key: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "expected lower-case letters, digits, . _ -"),
      format: z.enum(["csv", "xlsx"]).optional(),
      encoding: z.string().min(1).optional(),
      delimiter: z.enum([",", ";", "\t", "|"]).optional(),
      sheet: z.string().min(1).optional(),
      /** Date of the data (YYYY-MM-DD): the projects' `updated` and the progress date. */
      asOf: isoDay,
    })
    .strict(),
  project: z.strictObject({
    id: idSchema,
    currency: z
      .string()
      .refine((code) => CURRENCY_CODES.has(code), "expected an ISO 4217 code such as ARS"),
    /** Digits after the decimal point of the currency (2 for ARS, 0 for KRW). */
    minorDigits: z.number().int().min(0).max(4).default(2),
    country: z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code such as AR"),
    language: z.string().min(2),
    publisher: publisherSchema,
    bounds: boundsSchema.optional(),
  }),
  onProblem: onProblemSchema.default("warn"),
  /** Cell texts that mean "no value", such as "-"; matched without case or accents. */
  emptyValues: z.array(z.string()).default([]),
  /** Repairs text decoded twice, such as "Secretarí­a" for "Secretaría". */
  repairMojibake: z.boolean().default(false),
  fields: z.strictObject({
    title: fieldSchema,
    description: fieldSchema.optional(),
    status: fieldSchema.optional(),
    type: fieldSchema.optional(),
    sector: fieldSchema.optional(),
    purpose: fieldSchema.optional(),
    "publicAuthority.name": fieldSchema.optional(),
    "budget.amount": fieldSchema.optional(),
    "period.startDate": fieldSchema.optional(),
    "period.endDate": fieldSchema.optional(),
    /** Planned duration in months; stored as `period.durationInDays` (30 days a month). */
    "period.durationInMonths": fieldSchema.optional(),
    physicalProgress: fieldSchema.optional(),
    location: locationSchema.optional(),
    contractingProcess: contractingProcessSchema.optional(),
    photos: photosSchema.optional(),
    documents: z.array(documentSchema).optional(),
  }),
});

/** A checked mapping, defaults filled in. */
export type Mapping = z.infer<typeof mappingSchema>;
/** Mapping of one value from its cells. */
export type FieldMapping = z.infer<typeof fieldSchema>;
export type OnProblem = z.infer<typeof onProblemSchema>;
