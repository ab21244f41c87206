import type { Kysely } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { DB } from "../db/types.js";
import type { EvaluationScore, EvaluationSubject } from "../db/types-safety-evaluations.js";
import { errors } from "../http/errors.js";
import type { Executor } from "../projects/store-rows.js";
import type { Actor } from "../schedule/schedules.js";
import type { EvaluationInput } from "./evaluation-input.js";

/** Actual physical progress, in percent, at which performance evaluations are requested. */
export const EVALUATION_THRESHOLDS = [30, 60, 95] as const;

/** The parties evaluated at each threshold. */
export const EVALUATION_SUBJECTS: readonly EvaluationSubject[] = [
  "design",
  "construction",
  "supervision",
];

/** A performance evaluation, pending or recorded. */
export interface Evaluation {
  id: number;
  projectId: string;
  threshold: number;
  subject: EvaluationSubject;
  status: "pending" | "recorded";
  requestedAt: Date;
  progressPercent: number;
  scores: EvaluationScore[];
  averageScore: number | null;
  comment: string | null;
  recordedBy: { userId: number; displayName: string } | null;
  recordedAt: Date | null;
}

/**
 * Requests the evaluations due at `actualPercent`: one per subject for every threshold the
 * progress has reached, skipping those already requested, so each is requested only once even
 * when progress later drops below a threshold and passes it again. Does nothing for a
 * short-term project, which has no performance evaluation. Returns the number requested.
 * Runs on the caller's executor, so it commits with the progress change that triggered it.
 */
export async function requestDueEvaluations(
  executor: Executor,
  projectId: string,
  actualPercent: number,
  now: Date,
): Promise<number> {
  const project = await executor
    .selectFrom("workspace_projects")
    .select("mode")
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (project?.mode !== "long_term") return 0;

  const due = EVALUATION_THRESHOLDS.filter((threshold) => actualPercent >= threshold);
  if (due.length === 0) return 0;
  const rows = due.flatMap((threshold) =>
    EVALUATION_SUBJECTS.map((subject) => ({
      project_id: projectId,
      threshold,
      subject,
      status: "pending" as const,
      requested_at: now,
      progress_percent: actualPercent,
    })),
  );
  const inserted = await executor
    .insertInto("performance_evaluations")
    .values(rows)
    .onConflict((conflict) => conflict.columns(["project_id", "threshold", "subject"]).doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom("performance_evaluations")
    .leftJoin("users", "users.id", "performance_evaluations.recorded_by")
    .selectAll("performance_evaluations")
    .select("users.display_name");
}

type EvaluationRow = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function toEvaluation(row: EvaluationRow): Evaluation {
  return {
    id: row.id,
    projectId: row.project_id,
    threshold: row.threshold,
    subject: row.subject,
    status: row.status,
    requestedAt: row.requested_at,
    progressPercent: row.progress_percent,
    scores: row.scores ?? [],
    averageScore: row.average_score,
    comment: row.comment,
    recordedBy:
      row.recorded_by === null
        ? null
        : { userId: row.recorded_by, displayName: row.display_name ?? "" },
    recordedAt: row.recorded_at,
  };
}

/** Lists the project's evaluations by threshold, then subject. */
export async function listEvaluations(db: Kysely<DB>, projectId: string): Promise<Evaluation[]> {
  const rows = await baseQuery(db)
    .where("performance_evaluations.project_id", "=", projectId)
    .orderBy("performance_evaluations.threshold")
    .orderBy("performance_evaluations.subject")
    .execute();
  return rows.map(toEvaluation);
}

/** Loads one evaluation of the project, or undefined when there is none. */
export async function getEvaluation(
  db: Kysely<DB>,
  projectId: string,
  evaluationId: number,
): Promise<Evaluation | undefined> {
  const row = await baseQuery(db)
    .where("performance_evaluations.project_id", "=", projectId)
    .where("performance_evaluations.id", "=", evaluationId)
    .executeTakeFirst();
  return row ? toEvaluation(row) : undefined;
}

/**
 * Records the scores of a pending evaluation, with their average rounded to two decimals.
 * Throws 404 for an unknown evaluation and 409 when it is already recorded, because a recorded
 * evaluation never changes.
 */
export async function recordEvaluation(
  db: Kysely<DB>,
  projectId: string,
  evaluationId: number,
  input: EvaluationInput,
  actor: Actor,
): Promise<Evaluation> {
  await db.transaction().execute(async (trx) => {
    const evaluation = await trx
      .selectFrom("performance_evaluations")
      .select(["id", "status", "threshold", "subject"])
      .where("project_id", "=", projectId)
      .where("id", "=", evaluationId)
      .forUpdate()
      .executeTakeFirst();
    if (!evaluation) throw errors.notFound(`Evaluation ${evaluationId}`);
    if (evaluation.status !== "pending") {
      throw errors.conflict(`Evaluation ${evaluationId} is already recorded and cannot change.`);
    }

    const total = input.scores.reduce((sum, line) => sum + line.score, 0);
    const average = Math.round((total / input.scores.length) * 100) / 100;
    await trx
      .updateTable("performance_evaluations")
      .set({
        status: "recorded",
        scores: JSON.stringify(input.scores),
        average_score: average,
        comment: input.comment ?? null,
        recorded_by: actor.userId,
        recorded_at: actor.now,
      })
      .where("id", "=", evaluation.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "evaluation.record",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: {
        evaluationId,
        threshold: evaluation.threshold,
        subject: evaluation.subject,
        averageScore: average,
      },
      occurredAt: actor.now,
    });
  });
  return (await getEvaluation(db, projectId, evaluationId))!;
}
