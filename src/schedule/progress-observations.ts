import { TABLES } from "../projects/store-tables.js";
import { syncRows, type Executor, type Row } from "../projects/store-rows.js";

/** `progress_observations.source` of the figures the workspace writes. */
export const WORKSPACE_SOURCES = {
  planned: "workspace:schedule",
  actual: "workspace:daily-reports",
} as const;

/** One figure of a progress curve. */
export interface CurvePoint {
  /** "YYYY-MM-DD". */
  observedOn: string;
  percent: number;
}

/**
 * Replaces the workspace's physical-progress curve of one basis (planned or actual) for the
 * whole project in `progress_observations`, which the public project page draws. Figures from
 * other sources (an OC4IDS import) are kept, except on the days the workspace gives a figure
 * for, where the workspace's figure wins. Each change writes an `events` row with `actor`.
 * Storing a new version of the project (an OC4IDS re-import, a published change) keeps these
 * figures: the store leaves rows with a workspace source alone.
 */
export async function writeWorkspaceCurve(
  executor: Executor,
  projectId: string,
  basis: "planned" | "actual",
  points: CurvePoint[],
  actor: string,
): Promise<void> {
  const scope = { project_id: projectId, process_id: "", kind: "physical", basis };
  const existing = await executor
    .selectFrom("progress_observations")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("process_id", "=", "")
    .where("kind", "=", "physical")
    .where("basis", "=", basis)
    .execute();

  const workspaceDays = new Set(points.map((point) => point.observedOn));
  const kept: Row[] = existing
    .filter((row) => !row.source?.startsWith("workspace:") && !workspaceDays.has(row.observed_on))
    .map((row) => ({
      ...scope,
      observed_on: row.observed_on,
      percent: row.percent,
      source: row.source,
    }));
  const written: Row[] = points.map((point) => ({
    ...scope,
    observed_on: point.observedOn,
    percent: Math.round(point.percent * 100) / 100,
    source: WORKSPACE_SOURCES[basis],
  }));

  await syncRows(executor, TABLES.progressObservations, scope, [...kept, ...written], {
    actor,
    projectId,
  });
}
