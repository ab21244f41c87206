/**
 * Compiles the releases of one contracting process into its current state, following the
 * OCDS 1.1 merge rules (https://standard.open-contracting.org/1.1/en/schema/merging/):
 *
 * - releases are applied in order of `date`; for equal dates, in the order given;
 * - objects merge field by field, and a later value replaces an earlier one;
 * - `null` removes the field;
 * - an array whose items are all objects with an `id` merges item by item on `id`. Items with
 *   a new id are appended, and if one release repeats an id, its last item counts;
 * - any other array (strings, objects without ids, mixed) replaces the earlier array whole, and
 *   so do the arrays that the release schema marks `wholeListMerge` (see WHOLE_LIST_FIELDS);
 * - `id`, `date` and `tag` of each release, which the schema marks `omitWhenMerged`, are not
 *   merged: the compiled release gets the id "<ocid>-<latest date>", the latest date and the
 *   tag "compiled".
 *
 * NOTE: the schema's annotations are not read at run time; WHOLE_LIST_FIELDS copies the
 * `wholeListMerge` fields of the OCDS 1.1.5 release schema, so an extension that marks another
 * list `wholeListMerge` is merged by id here.
 */

/**
 * Fields whose lists the OCDS 1.1.5 release schema marks `wholeListMerge`: the
 * `additionalIdentifiers` of Organization and OrganizationReference, and the
 * `additionalClassifications` of Item. Their items have ids, but a later list replaces the
 * earlier one whole.
 */
const WHOLE_LIST_FIELDS = new Set(["additionalIdentifiers", "additionalClassifications"]);

type JsonValue = unknown;
type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isIdentifiedList(value: unknown[]): boolean {
  return (
    value.length > 0 &&
    value.every(
      (item) =>
        isRecord(item) &&
        (typeof item.id === "string" || typeof item.id === "number") &&
        item.id !== "",
    )
  );
}

/** Removes nulls from a value that is added without anything to merge into. */
function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isRecord(value)) return mergeObject({}, value);
  return value;
}

function mergeList(previous: JsonValue, next: unknown[], field: string | undefined): JsonValue {
  if (!isIdentifiedList(next) || (field !== undefined && WHOLE_LIST_FIELDS.has(field))) {
    return next.map(withoutNulls);
  }

  const merged = new Map<string, JsonValue>();
  if (Array.isArray(previous) && isIdentifiedList(previous)) {
    for (const item of previous as JsonRecord[]) merged.set(String(item.id), item);
  }
  // Within one release the last item with an id replaces earlier ones instead of merging.
  const lastById = new Map<string, JsonRecord>();
  for (const item of next as JsonRecord[]) lastById.set(String(item.id), item);
  for (const [id, item] of lastById) merged.set(id, mergeValue(merged.get(id), item));
  return [...merged.values()];
}

function mergeObject(previous: JsonRecord, next: JsonRecord): JsonRecord {
  const result: JsonRecord = { ...previous };
  for (const [key, value] of Object.entries(next)) {
    const merged = mergeValue(previous[key], value, key);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  return result;
}

/**
 * Merges `next` over `previous`, and returns undefined when `next` removes the value. `field`
 * names the field that contains the value, because the field decides how a list merges.
 */
export function mergeValue(previous: JsonValue, next: JsonValue, field?: string): JsonValue {
  if (next === null) return undefined;
  if (Array.isArray(next)) return mergeList(previous, next, field);
  if (isRecord(next)) return mergeObject(isRecord(previous) ? previous : {}, next);
  return next;
}

function timeOf(release: JsonRecord): number {
  const time = typeof release.date === "string" ? Date.parse(release.date) : Number.NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/**
 * Compiles full releases of one ocid into a compiled release. Releases without a valid date
 * count as the earliest.
 */
export function compileReleases(releases: JsonRecord[]): JsonRecord {
  const ordered = releases
    .map((release, index) => ({ release, index, time: timeOf(release) }))
    .sort((a, b) => a.time - b.time || a.index - b.index);

  let compiled: JsonRecord = {};
  for (const { release } of ordered) {
    const { id: _id, date: _date, tag: _tag, ...fields } = release;
    compiled = mergeObject(compiled, fields);
  }

  const latest = ordered.at(-1)?.release;
  const date = typeof latest?.date === "string" ? latest.date : undefined;
  const ocid = typeof compiled.ocid === "string" ? compiled.ocid : "";
  return {
    ocid,
    id: date ? `${ocid}-${date}` : `${ocid}-compiled`,
    ...(date ? { date } : {}),
    tag: ["compiled"],
    ...compiled,
  };
}
