/**
 * The public record history of a project: its stored versions, newest first, each with what
 * changed since the version before, for the API and the project page.
 */
import path from "node:path";
import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { diffJson, type VersionChange } from "./history.js";
import {
  BENEFICIAL_OWNER_FIELDS,
  ORGANIZATION_FIELDS,
  pick,
  PROJECT_FIELDS,
} from "./to-oc4ids-json.js";

/** Maximum number of changes listed per version, unless the caller sets another limit. */
export const DEFAULT_CHANGE_LIMIT = 200;

/** One version of a project and what changed since the version before it. */
export interface VersionHistoryEntry {
  version: number;
  recordedAt: Date;
  /** The OC4IDS `updated` date of this version, as the publisher wrote it. */
  updated: string | null;
  /** File name or URL of the import that recorded the version, or null when none is recorded. */
  source: string | null;
  publisher: string | null;
  /** True for the oldest stored version, which has nothing to be compared with. */
  isFirst: boolean;
  /** Number of changes since the version before, including those left out of `changes`. */
  changeCount: number;
  /** True when `changes` lists fewer than `changeCount` changes. */
  truncated: boolean;
  changes: VersionChange[];
}

/** The versions of one project, newest first, and how many versions it has in all. */
export interface VersionHistory {
  versionCount: number;
  versions: VersionHistoryEntry[];
}

/** Limits of one history read. */
export interface VersionHistoryOptions {
  /** Maximum number of versions returned, newest first. All are returned when not set. */
  versionLimit?: number | undefined;
  /** Maximum number of changes listed per version, DEFAULT_CHANGE_LIMIT when not set. */
  changeLimit?: number | undefined;
}

/**
 * Loads the record history of a public project: its newest versions, each compared with the
 * version before it. Only fields that the public OC4IDS export publishes are compared, so a
 * change to a private field (such as a beneficial owner's address) never shows. Changes come
 * shallowest first (see `shallowFirst`) before the change limit cuts them. Returns undefined
 * when no public project has the id.
 */
export async function loadVersionHistory(
  db: Kysely<DB>,
  projectId: string,
  options: VersionHistoryOptions = {},
): Promise<VersionHistory | undefined> {
  const project = await db
    .selectFrom("projects")
    .select((eb) =>
      eb
        .selectFrom("project_versions")
        .select((inner) => inner.fn.countAll<string>().as("count"))
        .where("project_versions.project_id", "=", projectId)
        .as("version_count"),
    )
    .where("id", "=", projectId)
    .where("is_public", "=", true)
    .executeTakeFirst();
  if (!project) return undefined;

  // One version more than returned, so that the oldest one returned has its predecessor.
  // NOTE: without a version limit, the data of every version is read at once, so memory grows
  // with the number and size of a project's versions.
  let query = db
    .selectFrom("project_versions")
    .leftJoin("imports", "imports.id", "project_versions.import_id")
    .select([
      "project_versions.version",
      "project_versions.recorded_at",
      "project_versions.data",
      "imports.source",
      "imports.publisher",
    ])
    .where("project_versions.project_id", "=", projectId)
    .orderBy("project_versions.version", "desc");
  if (options.versionLimit !== undefined) query = query.limit(options.versionLimit + 1);
  const rows = await query.execute();

  const changeLimit = options.changeLimit ?? DEFAULT_CHANGE_LIMIT;
  const returnedRows =
    options.versionLimit === undefined ? rows : rows.slice(0, options.versionLimit);
  const versions = returnedRows.map((row, index) => {
    const previous = rows[index + 1];
    const changes = previous
      ? shallowFirst(diffJson(publicVersionData(previous.data), publicVersionData(row.data)))
      : [];
    return {
      version: row.version,
      recordedAt: row.recorded_at,
      updated: typeof row.data.updated === "string" ? row.data.updated : null,
      source: row.source === null ? null : publicSourceName(row.source),
      publisher: row.publisher,
      isFirst: previous === undefined,
      changeCount: changes.length,
      truncated: changes.length > changeLimit,
      changes: changes.slice(0, changeLimit),
    };
  });
  return { versionCount: Number(project.version_count ?? 0), versions };
}

/**
 * Orders changes by the depth of their pointer, keeping the diff's order within one depth.
 * A changed budget, period or status then comes before the details of long lists. Between
 * the Nuevo León snapshots of March and April 2020, reordered budget measures alone gave over
 * a thousand changes to one project. Without this order, the change limit would list those
 * and cut the main facts.
 */
export function shallowFirst(changes: VersionChange[]): VersionChange[] {
  const depth = (change: VersionChange) => change.pointer.split("/").length;
  return [...changes].sort((a, b) => depth(a) - depth(b));
}

/**
 * Keeps the fields of a stored version that the public export publishes: the OC4IDS project
 * fields, the OC4IDS organisation fields of each party, and only the id, name and
 * nationalities of a beneficial owner, who is a private person.
 */
export function publicVersionData(data: unknown): Record<string, unknown> {
  const publicData = pick(data, PROJECT_FIELDS);
  if (Array.isArray(publicData.parties)) {
    publicData.parties = publicData.parties.map((party) => {
      const publicParty = pick(party, ORGANIZATION_FIELDS);
      if (Array.isArray(publicParty.beneficialOwners)) {
        publicParty.beneficialOwners = publicParty.beneficialOwners.map((owner) =>
          pick(owner, BENEFICIAL_OWNER_FIELDS),
        );
      }
      return publicParty;
    });
  }
  return publicData;
}

/**
 * Returns the part of an import source that may be published: a URL without its user name
 * and password, or the last segment of a file or folder path, so the server's folders stay
 * private.
 */
export function publicSourceName(source: string): string {
  if (/^https?:\/\//i.test(source)) {
    try {
      const url = new URL(source);
      url.username = "";
      url.password = "";
      return url.toString();
    } catch {
      // An unparsable URL is treated as a path below.
    }
  }
  const trimmed = source.replace(/[\\/]+$/, "");
  return path.basename(trimmed.replace(/\\/g, "/")) || source;
}
