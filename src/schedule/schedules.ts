import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { DB } from "../db/types.js";
import type { ScheduleStatus } from "../db/types-schedule-reports.js";
import { errors, type Problem } from "../http/errors.js";
import { fromMinorUnits, toMinorUnits } from "../shared/money.js";
import { writeWorkspaceCurve } from "./progress-observations.js";
import { itemWeights, type ScheduleInput } from "./schedule-input.js";

/** The acting user, its client address and the time, written to the records and the audit trail. */
export interface Actor {
  userId: number;
  clientAddress: string | null;
  now: Date;
}

/** One work item of a schedule version. */
export interface WorkItem {
  code: string;
  description: string;
  unit: string;
  quantity: number;
  /** Unit price in minor units of the schedule's currency. */
  unitPrice: number;
  /** Share of the whole work, in percent. */
  weight: number;
}

/** One version of a project's work schedule. */
export interface WorkSchedule {
  id: number;
  projectId: string;
  version: number;
  status: ScheduleStatus;
  periodUnit: "month" | "week";
  currency: string;
  note: string | null;
  submittedBy: { userId: number; displayName: string };
  submittedAt: Date;
  decidedBy: { userId: number; displayName: string } | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  items: WorkItem[];
  periods: { end: string; plannedPercent: number }[];
}

/** Loads the project's contract period and currency, or throws 409 when it is not registered. */
async function registeredProject(db: Kysely<DB> | Transaction<DB>, projectId: string) {
  const project = await db
    .selectFrom("workspace_projects")
    .select(["start_date", "planned_completion_date", "contract_currency"])
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!project) {
    throw errors.conflict(`Project ${projectId} is not registered in the workspace.`);
  }
  return project;
}

/**
 * Stores a new version of the project's work schedule as submitted, for the agency to approve.
 * Rejects it with 400 when a period lies outside the contract period or a unit price has more
 * decimals than the currency, and with 409 while an earlier version still waits for a decision.
 */
export async function submitSchedule(
  db: Kysely<DB>,
  projectId: string,
  input: ScheduleInput,
  actor: Actor,
): Promise<WorkSchedule> {
  const id = await db.transaction().execute(async (trx) => {
    const project = await registeredProject(trx, projectId);
    const problems: Problem[] = [];
    input.periods.forEach((period, index) => {
      if (period.end < project.start_date || period.end > project.planned_completion_date) {
        problems.push({
          path: `periods.${index}.end`,
          message: `must lie inside the contract period, ${project.start_date} to ${project.planned_completion_date}`,
        });
      }
    });
    const unitPrices = input.items.map((item, index) => {
      try {
        return toMinorUnits(item.unitPrice, project.contract_currency);
      } catch {
        problems.push({
          path: `items.${index}.unitPrice`,
          message: `has more decimals than ${project.contract_currency} allows`,
        });
        return 0;
      }
    });
    if (problems.length > 0) throw errors.invalidInput(problems);

    const versions = await trx
      .selectFrom("work_schedules")
      .select(["version", "status"])
      .where("project_id", "=", projectId)
      .orderBy("version", "desc")
      .forUpdate()
      .execute();
    if (versions.some((row) => row.status === "submitted")) {
      throw errors.conflict(
        "An earlier version of the schedule still waits for the agency's decision.",
      );
    }

    const schedule = await trx
      .insertInto("work_schedules")
      .values({
        project_id: projectId,
        version: (versions[0]?.version ?? 0) + 1,
        status: "submitted",
        period_unit: input.periodUnit,
        currency: project.contract_currency,
        note: input.note ?? null,
        submitted_by: actor.userId,
        submitted_at: actor.now,
      })
      .returning(["id", "version"])
      .executeTakeFirstOrThrow();
    const weights = itemWeights(input.items);
    await trx
      .insertInto("schedule_items")
      .values(
        input.items.map((item, index) => ({
          schedule_id: schedule.id,
          position: index,
          code: item.code,
          description: item.description,
          unit: item.unit,
          quantity: item.quantity,
          unit_price: unitPrices[index] ?? 0,
          weight: weights[index] ?? 0,
        })),
      )
      .execute();
    await trx
      .insertInto("schedule_periods")
      .values(
        input.periods.map((period) => ({
          schedule_id: schedule.id,
          period_end: period.end,
          planned_percent: period.plannedPercent,
        })),
      )
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "schedule.submit",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { version: schedule.version, items: input.items.length },
      occurredAt: actor.now,
    });
    return schedule.id;
  });
  return (await loadSchedule(db, id))!;
}

/**
 * Approves or rejects the submitted version `version`. Approval makes it the project's
 * schedule (the earlier approved version becomes superseded) and writes its planned S-curve to
 * `progress_observations`; a rejection needs a reason. Throws 404 for an unknown version and
 * 409 when the version is not waiting for a decision.
 */
export async function decideSchedule(
  db: Kysely<DB>,
  projectId: string,
  version: number,
  decision: { approve: true } | { approve: false; reason: string },
  actor: Actor,
): Promise<WorkSchedule> {
  const id = await db.transaction().execute(async (trx) => {
    const schedule = await trx
      .selectFrom("work_schedules")
      .select(["id", "status"])
      .where("project_id", "=", projectId)
      .where("version", "=", version)
      .forUpdate()
      .executeTakeFirst();
    if (!schedule) throw errors.notFound(`Version ${version} of the schedule`);
    if (schedule.status !== "submitted") {
      throw errors.conflict(
        `Version ${version} of the schedule is ${schedule.status}; only a submitted version can be approved or rejected.`,
      );
    }

    if (decision.approve) {
      await trx
        .updateTable("work_schedules")
        .set({ status: "superseded" })
        .where("project_id", "=", projectId)
        .where("status", "=", "approved")
        .execute();
    }
    await trx
      .updateTable("work_schedules")
      .set({
        status: decision.approve ? "approved" : "rejected",
        decided_by: actor.userId,
        decided_at: actor.now,
        rejection_reason: decision.approve ? null : decision.reason,
      })
      .where("id", "=", schedule.id)
      .execute();

    if (decision.approve) {
      const periods = await trx
        .selectFrom("schedule_periods")
        .select(["period_end", "planned_percent"])
        .where("schedule_id", "=", schedule.id)
        .orderBy("period_end")
        .execute();
      await writeWorkspaceCurve(
        trx,
        projectId,
        "planned",
        periods.map((row) => ({ observedOn: row.period_end, percent: row.planned_percent })),
        `user:${actor.userId}`,
      );
    }
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: decision.approve ? "schedule.approve" : "schedule.reject",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: decision.approve ? { version } : { version, reason: decision.reason },
      occurredAt: actor.now,
    });
    return schedule.id;
  });
  return (await loadSchedule(db, id))!;
}

/** Lists every version of the project's schedule, newest first, without items and periods. */
export async function listSchedules(db: Kysely<DB>, projectId: string) {
  return db
    .selectFrom("work_schedules")
    .innerJoin("users", "users.id", "work_schedules.submitted_by")
    .select([
      "work_schedules.version",
      "work_schedules.status",
      "work_schedules.submitted_at",
      "work_schedules.decided_at",
      "work_schedules.rejection_reason",
      "users.display_name as submitted_by_name",
    ])
    .where("project_id", "=", projectId)
    .orderBy("version", "desc")
    .execute();
}

/** Loads one version by number, or the approved version when `version` is "approved". */
export async function getSchedule(
  db: Kysely<DB>,
  projectId: string,
  version: number | "approved",
): Promise<WorkSchedule | undefined> {
  let query = db.selectFrom("work_schedules").select("id").where("project_id", "=", projectId);
  query =
    version === "approved"
      ? query.where("status", "=", "approved")
      : query.where("version", "=", version);
  const row = await query.executeTakeFirst();
  return row ? loadSchedule(db, row.id) : undefined;
}

async function loadSchedule(db: Kysely<DB>, id: number): Promise<WorkSchedule | undefined> {
  const row = await db
    .selectFrom("work_schedules")
    .innerJoin("users as submitter", "submitter.id", "work_schedules.submitted_by")
    .leftJoin("users as decider", "decider.id", "work_schedules.decided_by")
    .selectAll("work_schedules")
    .select(["submitter.display_name as submitter_name", "decider.display_name as decider_name"])
    .where("work_schedules.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;

  const [items, periods] = await Promise.all([
    db
      .selectFrom("schedule_items")
      .selectAll()
      .where("schedule_id", "=", id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("schedule_periods")
      .selectAll()
      .where("schedule_id", "=", id)
      .orderBy("period_end")
      .execute(),
  ]);
  return {
    id: row.id,
    projectId: row.project_id,
    version: row.version,
    status: row.status,
    periodUnit: row.period_unit,
    currency: row.currency,
    note: row.note,
    submittedBy: { userId: row.submitted_by, displayName: row.submitter_name },
    submittedAt: row.submitted_at,
    decidedBy:
      row.decided_by === null
        ? null
        : { userId: row.decided_by, displayName: row.decider_name ?? "" },
    decidedAt: row.decided_at,
    rejectionReason: row.rejection_reason,
    items: items.map((item) => ({
      code: item.code,
      description: item.description,
      unit: item.unit,
      quantity: item.quantity,
      unitPrice: item.unit_price,
      weight: item.weight,
    })),
    periods: periods.map((period) => ({
      end: period.period_end,
      plannedPercent: period.planned_percent,
    })),
  };
}

/** Returns an item's amount (quantity × unit price) in major units of the currency. */
export function itemAmount(item: WorkItem, currency: string): number {
  return fromMinorUnits(Math.round(item.quantity * item.unitPrice), currency);
}
