import { sql } from "kysely";
import type { JsonObject } from "../import/types.js";
import { canonicalJson, type Executor } from "../projects/store-rows.js";
import {
  objectAt,
  objectsAt,
  StoreValueError,
  stringsAt,
  textAt,
  timestampAt,
} from "../projects/store-values.js";
import { compileReleases } from "./merge.js";

/** Outcome of storing one release. */
export type ReleaseOutcome = "created" | "updated" | "unchanged";

interface ReleaseRow {
  ocid: string;
  releaseId: string;
  date: string | null;
  tags: string[];
  isCompiled: boolean;
  url: string | null;
  data: JsonObject | null;
}

async function upsertRelease(
  executor: Executor,
  row: ReleaseRow,
  importId: number,
): Promise<ReleaseOutcome> {
  const current = await executor
    .selectFrom("ocds_releases")
    .select(["data", "url", "is_compiled"])
    .where("ocid", "=", row.ocid)
    .where("release_id", "=", row.releaseId)
    .executeTakeFirst();

  const values = {
    date: row.date,
    tags: row.tags,
    is_compiled: row.isCompiled,
    url: row.url,
    data: row.data === null ? null : JSON.stringify(row.data),
    import_id: importId,
  };
  if (!current) {
    await executor
      .insertInto("ocds_releases")
      // clock_timestamp(), unlike now(), advances within the import's transaction, so
      // recorded_at keeps the order in which the releases were read.
      .values({
        ocid: row.ocid,
        release_id: row.releaseId,
        ...values,
        recorded_at: sql<Date>`clock_timestamp()`,
      })
      .execute();
    return "created";
  }

  const same =
    canonicalJson(current.data) === canonicalJson(row.data) &&
    current.url === row.url &&
    current.is_compiled === row.isCompiled;
  if (same) return "unchanged";

  // A release id should never be reused for other content; when a publisher does so anyway,
  // the copy read last replaces the stored one.
  await executor
    .updateTable("ocds_releases")
    .set({ ...values, recorded_at: sql<Date>`clock_timestamp()` })
    .where("ocid", "=", row.ocid)
    .where("release_id", "=", row.releaseId)
    .execute();
  return "updated";
}

function releaseRow(release: JsonObject, isCompiled: boolean, pointer: string): ReleaseRow {
  const ocid = textAt(release.ocid);
  if (ocid === null) throw new StoreValueError(`${pointer}/ocid`, "an OCDS release needs an ocid");
  const releaseId = textAt(release.id);
  if (releaseId === null) throw new StoreValueError(`${pointer}/id`, "an OCDS release needs an id");
  return {
    ocid,
    releaseId,
    date: timestampAt(release.date, `${pointer}/date`),
    tags: Array.isArray(release.tag) ? stringsAt(release.tag) : stringsAt([release.tag]),
    isCompiled,
    url: null,
    data: release,
  };
}

/**
 * Stores one full OCDS release in `ocds_releases` under `key` (see `ocidKey`; the release's
 * own ocid when not given). Returns the key it was stored under and what happened.
 */
export async function storeOcdsRelease(
  executor: Executor,
  release: JsonObject,
  importId: number,
  key?: string,
): Promise<{ ocid: string; outcome: ReleaseOutcome }> {
  const row = releaseRow(release, false, "");
  if (key !== undefined) row.ocid = key;
  return { ocid: row.ocid, outcome: await upsertRelease(executor, row, importId) };
}

/**
 * Stores an OCDS record: its `compiledRelease` with `is_compiled`, each full release, and
 * each linked release (known only by url and date) with null data. A linked release without
 * an id is stored under its url. Every row is stored under `key` (see `ocidKey`; the record's
 * own ocid when not given).
 */
export async function storeOcdsRecord(
  executor: Executor,
  record: JsonObject,
  importId: number,
  key?: string,
): Promise<{ ocid: string; releases: number }> {
  const publishedOcid = textAt(record.ocid);
  if (publishedOcid === null) throw new StoreValueError("/ocid", "an OCDS record needs an ocid");
  const ocid = key ?? publishedOcid;

  let releases = 0;
  const compiled = objectAt(record.compiledRelease);
  if (compiled) {
    const row = releaseRow({ ocid: publishedOcid, ...compiled }, true, "/compiledRelease");
    await upsertRelease(executor, { ...row, ocid }, importId);
  }

  for (const [release, index] of objectsAt(record.releases)) {
    const pointer = `/releases/${index}`;
    const isLinked =
      textAt(release.url) !== null &&
      !(
        "tender" in release ||
        "contracts" in release ||
        "awards" in release ||
        "planning" in release ||
        "parties" in release
      );
    if (!isLinked) {
      const row = releaseRow({ ocid: publishedOcid, ...release }, false, pointer);
      await upsertRelease(executor, { ...row, ocid }, importId);
      releases++;
      continue;
    }
    const url = textAt(release.url) as string;
    await upsertRelease(
      executor,
      {
        ocid,
        releaseId: textAt(release.id) ?? url,
        date: timestampAt(release.date, `${pointer}/date`),
        tags: Array.isArray(release.tag) ? stringsAt(release.tag) : stringsAt([release.tag]),
        isCompiled: false,
        url,
        data: null,
      },
      importId,
    );
    releases++;
  }
  return { ocid, releases };
}

/**
 * Returns the current state of a contracting process: the latest stored compiled release
 * when a record gave one, otherwise the stored full releases merged by the OCDS rules.
 * Returns undefined when nothing with data is stored for the ocid.
 */
export async function loadCompiledRelease(
  executor: Executor,
  ocid: string,
): Promise<JsonObject | undefined> {
  const rows = await executor
    .selectFrom("ocds_releases")
    .select(["data", "is_compiled", "date", "recorded_at"])
    .where("ocid", "=", ocid)
    .where("data", "is not", null)
    // Releases with the same date merge in this order, so the one read last wins: the later
    // import, then the later in the files' reading order. Rows recorded in the same instant
    // fall back to the release id.
    .orderBy("import_id")
    .orderBy("recorded_at")
    .orderBy("release_id")
    .execute();
  if (rows.length === 0) return undefined;

  const compiled = rows
    .filter((row) => row.is_compiled)
    .sort(
      (a, b) =>
        (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0) ||
        a.recorded_at.getTime() - b.recorded_at.getTime(),
    );
  const latestCompiled = compiled.at(-1);
  if (latestCompiled) return latestCompiled.data as JsonObject;

  return compileReleases(rows.map((row) => row.data as JsonObject));
}
