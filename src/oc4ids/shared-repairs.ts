import type { JsonObject } from "../import/types.js";
import { withoutEmptyValues } from "./clean-values.js";
import { childPointer, quote } from "./repair-log.js";
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
  const parties = container.parties;
  if (!Array.isArray(parties)) return;

  const firstIndexByContent = new Map<string, number>();
  const kept: unknown[] = [];
  parties.forEach((party, index) => {
    const content = JSON.stringify(withoutEmptyValues(party)) ?? "";
    const earlier = firstIndexByContent.get(content);
    if (earlier === undefined) {
      firstIndexByContent.set(content, index);
      kept.push(party);
      return;
    }
    log.add(
      "duplicate-party-merged",
      childPointer(`${pointer}/parties`, index),
      `removed this party because it is identical to ${pointer}/parties/${earlier}`,
    );
  });
  container.parties = kept;
}
