import type { Executor } from "./store-rows.js";

/** One stored version of a project, without its data. */
export interface ProjectVersionSummary {
  version: number;
  importId: number | null;
  dataSha256: string;
  recordedAt: Date;
}

/** One difference between two versions: the JSON pointer and the values on each side. */
export interface VersionChange {
  pointer: string;
  /** Undefined when the value was added. */
  before: unknown;
  /** Undefined when the value was removed. */
  after: unknown;
}

/** One row of the event log of a project. */
export interface ProjectEvent {
  id: number;
  occurredAt: Date;
  actor: string;
  entityType: string;
  entityId: string;
  action: "create" | "update" | "delete";
  before: unknown;
  after: unknown;
}

/** Lists the stored versions of a project, oldest first. */
export async function listProjectVersions(
  db: Executor,
  projectId: string,
): Promise<ProjectVersionSummary[]> {
  const rows = await db
    .selectFrom("project_versions")
    .select(["version", "import_id", "data_sha256", "recorded_at"])
    .where("project_id", "=", projectId)
    .orderBy("version")
    .execute();
  return rows.map((row) => ({
    version: row.version,
    importId: row.import_id,
    dataSha256: row.data_sha256,
    recordedAt: row.recorded_at,
  }));
}

/** Lists the events of a project in the order they happened. */
export async function listProjectEvents(db: Executor, projectId: string): Promise<ProjectEvent[]> {
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    actor: row.actor,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    before: row.before,
    after: row.after,
  }));
}

/** Thrown when a requested version does not exist. */
export class VersionNotFoundError extends Error {
  constructor(
    readonly projectId: string,
    readonly version: number,
  ) {
    super(`project ${projectId} has no version ${version}`);
    this.name = "VersionNotFoundError";
  }
}

/**
 * Compares two stored versions of a project and returns every changed leaf by JSON pointer
 * (RFC 6901). Objects are compared key by key and arrays position by position; a value that
 * changes type is reported whole. Throws VersionNotFoundError for a missing version.
 */
export async function diffProjectVersions(
  db: Executor,
  projectId: string,
  fromVersion: number,
  toVersion: number,
): Promise<VersionChange[]> {
  const rows = await db
    .selectFrom("project_versions")
    .select(["version", "data"])
    .where("project_id", "=", projectId)
    .where("version", "in", [fromVersion, toVersion])
    .execute();
  const find = (version: number): unknown => {
    const row = rows.find((candidate) => candidate.version === version);
    if (!row) throw new VersionNotFoundError(projectId, version);
    return row.data;
  };
  return diffJson(find(fromVersion), find(toVersion));
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Returns the changed leaves between two JSON values, by JSON pointer. */
export function diffJson(before: unknown, after: unknown, pointer = ""): VersionChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffJson(before[key], after[key], `${pointer}/${escapePointerToken(key)}`),
    );
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    const changes: VersionChange[] = [];
    for (let index = 0; index < length; index++) {
      changes.push(...diffJson(before[index], after[index], `${pointer}/${index}`));
    }
    return changes;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ pointer, before, after }];
}
