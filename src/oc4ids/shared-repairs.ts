import type { JsonObject } from "../import/types.js";
import { withoutEmptyValues } from "./clean-values.js";
import { asObject, childPointer, quote } from "./repair-log.js";
import type { RepairLog } from "./repair-log.js";

/**
 * Splits a release `tag` given as a comma-joined string ("planning,tender"), the OC4IDS
 * 0.9.0–0.9.1 form, into the array that OC4IDS 0.9.2+ and OCDS require.
 */
export function repairReleaseTag(release: JsonObject, pointer: string, log: RepairLog): void {
  const tag = release.tag;
  if (typeof tag !== "string") return;

  const tags = tag
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (tags.length === 0) return;
  release.tag = tags;
  log.add("release-tag-string", `${pointer}/tag`, `changed ${quote(tag)} to ${quote(tags)}`);
}

/**
 * Repairs one closed-codelist code at `object[key]`: a retired code becomes its successor and
 * a code in the wrong letter case becomes the listed spelling. Returns false when the value is
 * a string that matches no code, so callers can decide what to do with it.
 */
export function repairCode(
  object: JsonObject,
  key: string,
  pointer: string,
  codes: readonly string[],
  log: RepairLog,
  retired: Record<string, string> = {},
): boolean {
  const value = object[key];
  if (typeof value !== "string" || codes.includes(value)) return true;

  const folded = value.trim().toLowerCase();
  const successor = Object.entries(retired).find(([code]) => code.toLowerCase() === folded)?.[1];
  if (successor !== undefined) {
    object[key] = successor;
    log.add(
      "retired-status-code",
      pointer,
      `changed ${quote(value)} to ${quote(successor)}: the code was retired from the codelist`,
    );
    return true;
  }

  const listed = codes.find((code) => code.toLowerCase() === folded);
  if (listed !== undefined) {
    object[key] = listed;
    log.add("code-case", pointer, `changed ${quote(value)} to ${quote(listed)}`);
    return true;
  }
  return false;
}

/**
 * Removes entries of `parties` that are identical to an earlier entry once empty values are
 * ignored (OC4IDS and OCDS require the entries to be unique).
 */
export function mergeDuplicateParties(
  container: JsonObject,
  pointer: string,
  log: RepairLog,
): void {
  removeDuplicateEntries(container, "parties", pointer, log, "duplicate-party-merged");
}

/**
 * Removes entries of the array `container[key]` that are identical to an earlier entry once
 * empty values are ignored, with one warning each. The schema requires such arrays to hold
 * unique items, and an identical copy carries no information of its own. Returns the positions
 * in the input of the entries kept.
 */
export function removeDuplicateEntries(
  container: JsonObject,
  key: string,
  pointer: string,
  log: RepairLog,
  code: "duplicate-party-merged" | "duplicate-entry-removed" = "duplicate-entry-removed",
): number[] {
  const entries = container[key];
  if (!Array.isArray(entries)) return [];

  const firstIndexByContent = new Map<string, number>();
  const kept: unknown[] = [];
  const keptIndices: number[] = [];
  entries.forEach((entry, index) => {
    const content = JSON.stringify(withoutEmptyValues(entry)) ?? "";
    const earlier = firstIndexByContent.get(content);
    if (earlier === undefined) {
      firstIndexByContent.set(content, index);
      kept.push(entry);
      keptIndices.push(index);
      return;
    }
    log.add(
      code,
      childPointer(`${pointer}/${key}`, index),
      `removed this ${key === "parties" ? "party" : "entry"} because it is identical to ` +
        `${pointer}/${key}/${earlier}`,
    );
  });
  container[key] = kept;
  return keptIndices;
}

/**
 * Gives each object of `entries` that has no `id` an id unique in the array: its 1-based
 * position, or the position with a suffix when another entry already uses that id.
 * `positionsAsRead` maps each entry to its position in the input, for the warnings' pointers,
 * when earlier repairs removed entries.
 */
export function assignMissingIds(
  entries: unknown[],
  pointer: string,
  log: RepairLog,
  positionsAsRead?: number[],
): void {
  const used = new Set(
    entries.map((entry) => asObject(entry)?.id).filter((id) => id !== undefined && id !== ""),
  );
  entries.forEach((entry, index) => {
    const object = asObject(entry);
    if (!object || (object.id !== undefined && object.id !== "")) return;

    let id = String(index + 1);
    for (let suffix = 2; used.has(id); suffix++) id = `${index + 1}-${suffix}`;
    used.add(id);
    object.id = id;
    log.add(
      "id-assigned",
      childPointer(pointer, positionsAsRead?.[index] ?? index),
      `gave the id "${id}" to this entry, which had none`,
    );
  });
}
