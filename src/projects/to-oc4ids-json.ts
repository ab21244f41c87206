/**
 * JSON helpers for the OC4IDS export: compacting, dates, money and allow-lists of fields.
 */
import type { JsonObject } from "../import/types.js";
import { fromMinorUnits } from "../shared/money.js";

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Removes null, undefined, empty strings, empty arrays and empty objects, depth first, because
 * the OC4IDS schema rejects them (`minLength`, `minItems` and `minProperties` of 1 throughout).
 * Returns undefined when nothing is left.
 */
export function compact(value: unknown): unknown {
  if (value === null || value === undefined || value === "") return undefined;
  if (value instanceof Date) return toRfc3339(value);

  if (Array.isArray(value)) {
    const items = value.map(compact).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }

  if (isObject(value)) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, compact(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }

  return value;
}

/** Formats a timestamp as RFC 3339 in UTC, without fractional seconds when they are zero. */
export function toRfc3339(value: Date): string {
  return value.toISOString().replace(".000Z", "Z");
}

/** Formats a timestamp column, or returns undefined for null. */
export function dateTime(value: Date | null | undefined): string | undefined {
  return value ? toRfc3339(value) : undefined;
}

/** Turns a "YYYY-MM-DD" date column into midnight UTC in RFC 3339. */
export function dayToDateTime(day: string): string {
  return `${day}T00:00:00Z`;
}

/** Builds an OC4IDS Value in major units from minor units, or undefined when either is missing. */
export function money(
  amount: number | null | undefined,
  currency: string | null | undefined,
): JsonObject | undefined {
  if (amount === null || amount === undefined || !currency) return undefined;
  return { amount: fromMinorUnits(amount, currency), currency };
}

/** Builds an OC4IDS Period from two timestamps, or undefined when both are missing. */
export function period(start: Date | null, end: Date | null): JsonObject | undefined {
  if (!start && !end) return undefined;
  return { startDate: dateTime(start), endDate: dateTime(end) };
}

/** Keeps only the listed keys of `value`, so fields outside the standard never leave. */
export function pick(value: unknown, keys: readonly string[]): JsonObject {
  if (!isObject(value)) return {};
  const kept: JsonObject = {};
  for (const key of keys) {
    if (key in value) kept[key] = value[key];
  }
  return kept;
}

/**
 * Merges the allowed fields of `extra` with the fields built from columns, columns winning
 * unless they are null or undefined. Keys follow the order of `allowedKeys`, which lists them
 * in the schema's order, and column keys outside it come last.
 */
export function mergeExtra(
  extra: unknown,
  allowedKeys: readonly string[],
  columns: JsonObject,
): JsonObject {
  const kept = pick(extra, allowedKeys);
  const merged: JsonObject = {};
  for (const key of [...allowedKeys, ...Object.keys(columns)]) {
    if (key in merged) continue;
    const column = columns[key];
    const value = column === undefined || column === null ? kept[key] : column;
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Top-level fields of an OC4IDS 0.9.5 project. */
export const PROJECT_FIELDS = [
  "id",
  "updated",
  "language",
  "identifiers",
  "publicAuthority",
  "title",
  "description",
  "budget",
  "period",
  "locations",
  "status",
  "type",
  "sector",
  "purpose",
  "additionalClassifications",
  "parties",
  "assetLifetime",
  "identificationPeriod",
  "preparationPeriod",
  "implementationPeriod",
  "completionPeriod",
  "maintenancePeriod",
  "decommissioningPeriod",
  "forecasts",
  "metrics",
  "milestones",
  "completion",
  "costMeasurements",
  "transactions",
  "documents",
  "contractingProcesses",
  "relatedProjects",
  "policyAlignment",
  "benefits",
  "social",
  "environment",
  "lobbyingMeetings",
] as const;

export const BUDGET_FIELDS = [
  "description",
  "amount",
  "requestDate",
  "approvalDate",
  "budgetBreakdowns",
  "finance",
] as const;
export const PERIOD_FIELDS = ["startDate", "endDate", "maxExtentDate", "durationInDays"] as const;
export const ORGANIZATION_FIELDS = [
  "name",
  "id",
  "identifier",
  "additionalIdentifiers",
  "address",
  "contactPoint",
  "roles",
  "beneficialOwners",
  "classifications",
  "people",
] as const;
/**
 * Fields of a beneficial owner that may be published. Owners are private persons, so their
 * identity documents, addresses, e-mail and telephone numbers stay out of the export.
 */
export const BENEFICIAL_OWNER_FIELDS = ["id", "name", "nationalities"] as const;
export const CONTRACTING_PROCESS_FIELDS = ["id", "summary", "releases"] as const;
export const SUMMARY_FIELDS = [
  "ocid",
  "externalReference",
  "nature",
  "title",
  "description",
  "status",
  "tender",
  "suppliers",
  "contractValue",
  "contractPeriod",
  "finalValue",
  "documents",
  "modifications",
  "transactions",
  "milestones",
  "finance",
  "social",
] as const;
export const TENDER_FIELDS = [
  "procurementMethod",
  "procurementMethodDetails",
  "datePublished",
  "costEstimate",
  "numberOfTenderers",
  "tenderers",
  "procuringEntity",
  "administrativeEntity",
  "sustainability",
] as const;
export const DOCUMENT_FIELDS = [
  "id",
  "documentType",
  "title",
  "description",
  "url",
  "datePublished",
  "dateModified",
  "format",
  "language",
  "pageStart",
  "pageEnd",
  "accessDetails",
  "author",
] as const;
export const TRANSACTION_FIELDS = [
  "id",
  "source",
  "date",
  "value",
  "payer",
  "payee",
  "uri",
  "relatedImplementationMilestone",
] as const;
export const MODIFICATION_FIELDS = [
  "id",
  "date",
  "description",
  "rationale",
  "type",
  "releaseID",
  "oldContractValue",
  "newContractValue",
  "oldContractPeriod",
  "newContractPeriod",
] as const;
