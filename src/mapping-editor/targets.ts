/**
 * The OC4IDS fields that the mapping page offers, each with the way its cells are read. The
 * mapping format accepts more (contracting processes, photos, documents, several columns per
 * field); those are kept from the YAML text and shown there.
 */
import type { FieldMapping, Mapping } from "../mapping/schema.js";
import type { CodedField } from "../mapping/codelists.js";

/** One field of the mapping page. */
export interface Target {
  /** Key under `fields`, or `location.<key>` for a key under `fields.location`. */
  key: string;
  parse: FieldMapping["parse"];
  /** Codelist whose codes the field's words translate to. */
  coded?: CodedField;
}

/** The fields of the mapping page, in the order the page lists them. */
export const TARGETS: readonly Target[] = [
  { key: "title", parse: "text" },
  { key: "description", parse: "text" },
  { key: "status", parse: "text", coded: "status" },
  { key: "type", parse: "text", coded: "type" },
  { key: "sector", parse: "text", coded: "sector" },
  { key: "purpose", parse: "text" },
  { key: "publicAuthority.name", parse: "text" },
  { key: "budget.amount", parse: "amount" },
  { key: "period.startDate", parse: "date" },
  { key: "period.endDate", parse: "date" },
  { key: "period.durationInMonths", parse: "number" },
  { key: "physicalProgress", parse: "percent" },
  { key: "location.latitude", parse: "number" },
  { key: "location.longitude", parse: "number" },
  { key: "location.streetAddress", parse: "text" },
  { key: "location.locality", parse: "text" },
  { key: "location.region", parse: "text" },
];

/** Parse kinds whose cells are numbers with a decimal and a thousands separator. */
export const NUMBER_KINDS: ReadonlySet<string> = new Set([
  "number",
  "amount",
  "percent",
  "integer",
]);

type Fields = Record<string, unknown>;

function locationKey(key: string): string | undefined {
  return key.startsWith("location.") ? key.slice("location.".length) : undefined;
}

/** Returns the target's field of a mapping document's `fields`, if set. */
export function targetField(
  fields: Mapping["fields"] | Fields | undefined,
  key: string,
): Partial<FieldMapping> | undefined {
  if (!fields) return undefined;
  const record = fields as Fields;
  const inLocation = locationKey(key);
  const holder = inLocation === undefined ? record : (record.location as Fields | undefined);
  const field = holder?.[inLocation ?? key];
  return field && typeof field === "object" ? field : undefined;
}

/** Sets or, with undefined, removes the target's field in a mapping document's `fields`. */
export function setTargetField(fields: Fields, key: string, field: object | undefined): void {
  const inLocation = locationKey(key);
  if (inLocation === undefined) {
    if (field === undefined) delete fields[key];
    else fields[key] = field;
    return;
  }
  const location = { ...((fields.location as Fields | undefined) ?? {}) };
  if (field === undefined) delete location[inLocation];
  else location[inLocation] = field;
  const hasField = Object.keys(location).some((name) => name !== "onMissingCoordinates");
  if (hasField) fields.location = location;
  else delete fields.location;
}
