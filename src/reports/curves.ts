import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { CurvePoint } from "../schedule/progress-observations.js";

/** Loads the project's planned and actual physical-progress curves for the whole project. */
export async function projectCurves(
  db: Kysely<DB>,
  projectId: string,
): Promise<{ planned: CurvePoint[]; actual: CurvePoint[] }> {
  const rows = await db
    .selectFrom("progress_observations")
    .select(["basis", "observed_on", "percent"])
    .where("project_id", "=", projectId)
    .where("process_id", "=", "")
    .where("kind", "=", "physical")
    .orderBy("observed_on")
    .execute();
  const of = (basis: "planned" | "actual") =>
    rows
      .filter((row) => row.basis === basis)
      .map((row) => ({ observedOn: row.observed_on, percent: row.percent }));
  return { planned: of("planned"), actual: of("actual") };
}
