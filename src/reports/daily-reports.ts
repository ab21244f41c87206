import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { Action } from "../accounts/permissions.js";
import type { DB } from "../db/types.js";
import { requestDueEvaluations } from "../evaluations/evaluations.js";
import type {
  EquipmentLine,
  ManpowerLine,
  MaterialLine,
  ReportStatus,
} from "../db/types-schedule-reports.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import type { Actor } from "../schedule/schedules.js";
import { writeWorkspaceCurve } from "../schedule/progress-observations.js";
import { computeActualCurve, loadApprovedItems } from "./actual-progress.js";
import type { DailyReportInput } from "./report-input.js";
import { publishReportPhotos } from "../photos/photos.js";

/** One version of a daily report, with its work done and its status history. */
export interface DailyReport {
  id: number;
  projectId: string;
  date: string;
  version: number;
  isCurrent: boolean;
  status: ReportStatus;
  weather: string;
  manpower: ManpowerLine[];
  equipment: EquipmentLine[];
  materials: MaterialLine[];
  work: { itemCode: string; description: string | null; unit: string | null; quantity: number }[];
  issues: string | null;
  photoReferences: string[];
  submittedBy: { userId: number; displayName: string };
  submittedAt: Date;
  transitions: {
    from: ReportStatus | null;
    to: ReportStatus;
    by: { userId: number; displayName: string };
    at: Date;
    reason: string | null;
  }[];
  /** Every version of the same day, oldest first. */
  versions: { id: number; version: number; status: ReportStatus }[];
}

/** A review step on a daily report. */
export type ReportStep = "review" | "approve" | "reject";

/** Returns the actions of which a caller needs one to take `step` in any status. */
function actionsFor(step: ReportStep): Action[] {
  if (step === "review") return ["report.review"];
  if (step === "approve") return ["report.approve"];
  return ["report.review", "report.approve"];
}

/** Returns the permission that `step` needs on a report in `status`, or null when not allowed. */
export function permissionFor(step: ReportStep, status: ReportStatus): Action | null {
  if (step === "review") return status === "submitted" ? "report.review" : null;
  if (step === "approve") return status === "reviewed" ? "report.approve" : null;
  if (status === "submitted") return "report.review";
  if (status === "reviewed") return "report.approve";
  return null;
}

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Stores a daily report as submitted. A day that already has a rejected or an approved report
 * gets the next version (a resubmission or a correction), and the earlier version is kept
 * unchanged. Throws 400 naming each bad field (a date outside the contract or in the future,
 * an unknown work item, more work than the item has left), and 409 while the day's report
 * still waits for review or approval.
 */
export async function submitDailyReport(
  db: Kysely<DB>,
  projectId: string,
  input: DailyReportInput,
  actor: Actor,
): Promise<DailyReport> {
  const id = await db.transaction().execute(async (trx) => {
    // Locking the project's row makes two submissions of the project wait for each other, so
    // the second sees the first's report instead of colliding with it on the day's index.
    const project = await trx
      .selectFrom("workspace_projects")
      .select(["start_date"])
      .where("project_id", "=", projectId)
      .forUpdate()
      .executeTakeFirst();
    if (!project) throw errors.conflict(`Project ${projectId} is not registered in the workspace.`);

    const problems: Problem[] = [];
    const today = actor.now.toISOString().slice(0, 10);
    if (input.date < project.start_date) {
      problems.push({
        path: "date",
        message: `must not be before the contract start, ${project.start_date}`,
      });
    } else if (input.date > today) {
      problems.push({ path: "date", message: `must not be in the future (today is ${today})` });
    }
    problems.push(...(await checkWork(trx, projectId, input)));
    problems.push(...(await checkPhotoReferences(trx, projectId, input.photoReferences)));
    if (problems.length > 0) throw errors.invalidInput(problems);

    const previous = await trx
      .selectFrom("daily_reports")
      .select(["id", "version", "status"])
      .where("project_id", "=", projectId)
      .where("report_date", "=", input.date)
      .where("is_current", "=", true)
      .forUpdate()
      .executeTakeFirst();
    if (previous && (previous.status === "submitted" || previous.status === "reviewed")) {
      throw errors.conflict(
        `The report of ${input.date} is ${previous.status} and waits for a decision; it can be changed only after a rejection.`,
      );
    }
    if (previous) {
      await trx
        .updateTable("daily_reports")
        .set({ is_current: false })
        .where("id", "=", previous.id)
        .execute();
    }

    const report = await trx
      .insertInto("daily_reports")
      .values({
        project_id: projectId,
        report_date: input.date,
        version: (previous?.version ?? 0) + 1,
        status: "submitted",
        weather: input.weather,
        manpower: JSON.stringify(input.manpower),
        equipment: JSON.stringify(input.equipment),
        materials: JSON.stringify(input.materials),
        issues: input.issues ?? null,
        photo_references: JSON.stringify(input.photoReferences),
        submitted_by: actor.userId,
        submitted_at: actor.now,
      })
      .returning(["id", "version"])
      .executeTakeFirstOrThrow();
    if (input.work.length > 0) {
      await trx
        .insertInto("daily_report_work")
        .values(
          input.work.map((line) => ({
            report_id: report.id,
            item_code: line.itemCode,
            quantity: line.quantity,
          })),
        )
        .execute();
    }
    await trx
      .insertInto("daily_report_transitions")
      .values({
        report_id: report.id,
        from_status: null,
        to_status: "submitted",
        actor_user_id: actor.userId,
        occurred_at: actor.now,
        reason: null,
      })
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "report.submit",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { reportId: report.id, date: input.date, version: report.version },
      occurredAt: actor.now,
    });
    return report.id;
  });
  return (await getDailyReport(db, projectId, id))!;
}

/**
 * Checks that each SHA-256 photo reference names a photo uploaded to this project; an https
 * address is taken as it is.
 */
async function checkPhotoReferences(
  trx: Transaction<DB>,
  projectId: string,
  references: readonly string[],
): Promise<Problem[]> {
  const ids = references.filter((reference) => !reference.startsWith("https://"));
  if (ids.length === 0) return [];
  const stored = await trx
    .selectFrom("workspace_photos")
    .select("sha256")
    .where("project_id", "=", projectId)
    .where("sha256", "in", ids)
    .execute();
  const known = new Set(stored.map((row) => row.sha256));
  return references.flatMap((reference, index) =>
    reference.startsWith("https://") || known.has(reference)
      ? []
      : [
          {
            path: `photoReferences.${index}`,
            message: "no photo of this project has this SHA-256 id; upload the photo first",
          },
        ],
  );
}

/**
 * Checks each line of work done: the code must name an item of the approved schedule, and the
 * quantity must not exceed what the item has left after the other days' reports.
 *
 * NOTE: the other days counted are each day's current version unless it was rejected, so a
 * rejected correction of an approved day leaves that day's approved quantities out of the check.
 */
async function checkWork(
  executor: Executor,
  projectId: string,
  input: DailyReportInput,
): Promise<Problem[]> {
  if (input.work.length === 0) return [];
  const items = new Map(
    (await loadApprovedItems(executor, projectId)).map((item) => [item.code, item]),
  );
  if (items.size === 0) {
    return [{ path: "work", message: "the project has no approved work schedule yet" }];
  }
  const doneElsewhere = await executor
    .selectFrom("daily_report_work")
    .innerJoin("daily_reports", "daily_reports.id", "daily_report_work.report_id")
    .select(["daily_report_work.item_code", (eb) => eb.fn.sum<string>("quantity").as("done")])
    .where("daily_reports.project_id", "=", projectId)
    .where("daily_reports.report_date", "<>", input.date)
    .where("daily_reports.is_current", "=", true)
    .where("daily_reports.status", "<>", "rejected")
    .groupBy("daily_report_work.item_code")
    .execute();
  const done = new Map(doneElsewhere.map((row) => [row.item_code, Number(row.done)]));

  const problems: Problem[] = [];
  input.work.forEach((line, index) => {
    const item = items.get(line.itemCode);
    if (!item) {
      problems.push({
        path: `work.${index}.itemCode`,
        message: `no work item of the approved schedule has the code ${line.itemCode}`,
      });
      return;
    }
    const remaining = Math.round((item.quantity - (done.get(line.itemCode) ?? 0)) * 1000) / 1000;
    if (line.quantity > remaining) {
      problems.push({
        path: `work.${index}.quantity`,
        message: `exceeds the ${remaining} ${item.unit} left of item ${item.code} (${item.quantity} ${item.unit} in the schedule)`,
      });
    }
  });
  return problems;
}

/**
 * Moves the current version of a report one step: the supervisor's review, the agency's
 * approval, or a rejection with a reason by either. `may` returns whether the caller has a
 * permission in the project. Approval writes the actual progress curve to
 * `progress_observations` and requests the performance evaluations that the new progress makes
 * due. Throws 403 when the caller may not take the step (or reviews its
 * own report), 404 for an unknown report, and 409 when the report is not in a state that
 * allows the step.
 */
export async function moveDailyReport(
  db: Kysely<DB>,
  projectId: string,
  reportId: number,
  step: ReportStep,
  options: { reason?: string; may: (action: Action) => boolean },
  actor: Actor,
): Promise<DailyReport> {
  await db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom("daily_reports")
      .select([
        "id",
        "status",
        "is_current",
        "submitted_by",
        "report_date",
        "version",
        "photo_references",
      ])
      .where("project_id", "=", projectId)
      .where("id", "=", reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!report) throw errors.notFound(`Daily report ${reportId}`);
    // A caller who may never take this step is denied before the status is checked, so a
    // contractor approving its own report learns nothing of the report's status.
    if (!actionsFor(step).some(options.may)) throw errors.forbidden();

    const needed = permissionFor(step, report.status);
    if (!report.is_current || needed === null) {
      throw errors.conflict(
        `The report is ${report.is_current ? report.status : "replaced by a later version"}, so it cannot be ${STEP_RESULTS[step]}.`,
      );
    }
    if (!options.may(needed)) throw errors.forbidden();
    if (step === "review" && report.submitted_by === actor.userId) {
      throw new AppError(
        "forbidden",
        403,
        "You submitted this report, so another supervisor of the project must review it.",
      );
    }

    const to = STEP_RESULTS[step];
    await trx
      .updateTable("daily_reports")
      .set({ status: to })
      .where("id", "=", report.id)
      .execute();
    await trx
      .insertInto("daily_report_transitions")
      .values({
        report_id: report.id,
        from_status: report.status,
        to_status: to,
        actor_user_id: actor.userId,
        occurred_at: actor.now,
        reason: step === "reject" ? (options.reason ?? null) : null,
      })
      .execute();
    if (to === "approved") {
      const curve = await computeActualCurve(trx, projectId);
      await writeWorkspaceCurve(trx, projectId, "actual", curve, `user:${actor.userId}`);
      await publishReportPhotos(trx, projectId, report.photo_references, actor.userId);
      await requestDueEvaluations(trx, projectId, curve.at(-1)?.percent ?? 0, actor.now);
    }
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: `report.${step}`,
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: {
        reportId: report.id,
        date: report.report_date,
        version: report.version,
        ...(step === "reject" ? { reason: options.reason } : {}),
      },
      occurredAt: actor.now,
    });
  });
  return (await getDailyReport(db, projectId, reportId))!;
}

/** The status a report gets from each step. */
const STEP_RESULTS: Record<ReportStep, ReportStatus> = {
  review: "reviewed",
  approve: "approved",
  reject: "rejected",
};

/** Lists the current version of each day's report, newest day first, within `[from, to]`. */
export async function listDailyReports(
  db: Kysely<DB>,
  projectId: string,
  range: { from?: string | undefined; to?: string | undefined } = {},
) {
  let query = db
    .selectFrom("daily_reports")
    .innerJoin("users", "users.id", "daily_reports.submitted_by")
    .select([
      "daily_reports.id",
      "daily_reports.report_date as date",
      "daily_reports.version",
      "daily_reports.status",
      "daily_reports.weather",
      "daily_reports.manpower",
      "daily_reports.submitted_at as submittedAt",
      "users.display_name as submittedByName",
    ])
    .where("daily_reports.project_id", "=", projectId)
    .where("daily_reports.is_current", "=", true)
    .orderBy("daily_reports.report_date", "desc")
    .limit(1000);
  if (range.from) query = query.where("daily_reports.report_date", ">=", range.from);
  if (range.to) query = query.where("daily_reports.report_date", "<=", range.to);
  const rows = await query.execute();
  return rows.map(({ manpower, ...row }) => ({
    ...row,
    workers: manpower.reduce((sum, line) => sum + line.count, 0),
  }));
}

/** Loads one version of a daily report of the project, or undefined when there is none. */
export async function getDailyReport(
  db: Kysely<DB>,
  projectId: string,
  reportId: number,
): Promise<DailyReport | undefined> {
  const row = await db
    .selectFrom("daily_reports")
    .innerJoin("users", "users.id", "daily_reports.submitted_by")
    .selectAll("daily_reports")
    .select("users.display_name")
    .where("daily_reports.project_id", "=", projectId)
    .where("daily_reports.id", "=", reportId)
    .executeTakeFirst();
  if (!row) return undefined;

  const [work, items, transitions, versions] = await Promise.all([
    db
      .selectFrom("daily_report_work")
      .select(["item_code", "quantity"])
      .where("report_id", "=", reportId)
      .orderBy("item_code")
      .execute(),
    loadApprovedItems(db, projectId),
    db
      .selectFrom("daily_report_transitions")
      .innerJoin("users", "users.id", "daily_report_transitions.actor_user_id")
      .select([
        "from_status",
        "to_status",
        "actor_user_id",
        "users.display_name",
        "occurred_at",
        "reason",
      ])
      .where("report_id", "=", reportId)
      .orderBy("daily_report_transitions.id")
      .execute(),
    db
      .selectFrom("daily_reports")
      .select(["id", "version", "status"])
      .where("project_id", "=", projectId)
      .where("report_date", "=", row.report_date)
      .orderBy("version")
      .execute(),
  ]);
  const itemByCode = new Map(items.map((item) => [item.code, item]));
  return {
    id: row.id,
    projectId: row.project_id,
    date: row.report_date,
    version: row.version,
    isCurrent: row.is_current,
    status: row.status,
    weather: row.weather,
    manpower: row.manpower,
    equipment: row.equipment,
    materials: row.materials,
    work: work.map((line) => ({
      itemCode: line.item_code,
      description: itemByCode.get(line.item_code)?.description ?? null,
      unit: itemByCode.get(line.item_code)?.unit ?? null,
      quantity: line.quantity,
    })),
    issues: row.issues,
    photoReferences: row.photo_references,
    submittedBy: { userId: row.submitted_by, displayName: row.display_name },
    submittedAt: row.submitted_at,
    transitions: transitions.map((transition) => ({
      from: transition.from_status,
      to: transition.to_status,
      by: { userId: transition.actor_user_id, displayName: transition.display_name },
      at: transition.occurred_at,
      reason: transition.reason,
    })),
    versions,
  };
}
