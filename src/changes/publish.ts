/**
 * Publishes an approved change request on the public portal. It writes a new version of the
 * project through the public store (`storeProject`), so the change gets a project version,
 * `events` rows and an OC4IDS modification, as an import of the same data would.
 */
import type { Selectable } from "kysely";
import { isDisclosed } from "../disclosure/policy.js";
import { errors } from "../http/errors.js";
import type { JsonObject } from "../import/types.js";
import { storeProject } from "../projects/store.js";
import { fromMinorUnits } from "../shared/money.js";
import { baseTables, type ChangeKind, type ChangeRequestsTable, type ChangesDb } from "./tables.js";

/** Disclosure category of each kind of change. */
export const CHANGE_CATEGORIES: Record<ChangeKind, string> = {
  design_change: "design_changes",
  time_extension: "time_extensions",
  penalty: "penalties",
};

/** The outcome of publishing an approved change. */
export interface Publication {
  modificationId: string | null;
  published: boolean;
}

/**
 * Returns the project's completion date in force as "YYYY-MM-DD": the public project period's
 * end, or the planned completion date given at registration when the project has no period.
 */
export async function currentCompletionDate(
  db: ChangesDb,
  projectId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("projects")
    .leftJoin("workspace_projects", "workspace_projects.project_id", "projects.id")
    .select(["projects.period_end", "workspace_projects.planned_completion_date"])
    .where("projects.id", "=", projectId)
    .executeTakeFirst();
  if (row?.period_end) return new Date(row.period_end).toISOString().slice(0, 10);
  return row?.planned_completion_date ?? null;
}

/**
 * Writes an approved design change or time extension to the public record when the
 * jurisdiction's disclosure policy shows its category. The record gets an OC4IDS modification
 * on the project's first contracting process. A design change is of type `scope` and changes
 * the contract value by the cost impact when the currencies match. A time extension is of type
 * `duration` and moves the project's and the contract's period end. Review comments are never
 * written. Throws 409 when a time extension's old completion date is no longer in force.
 *
 * A penalty writes no project version, because OC4IDS 0.9.5 has no field for penalties: it is
 * only marked published, and the public project page lists it (see `loadPublicPenalties`).
 * NOTE: a later OC4IDS import of the same project replaces this version, and with it the
 * modification, unless the imported data carries the change too.
 */
export async function publishChange(
  trx: ChangesDb,
  change: Selectable<ChangeRequestsTable>,
  actor: { userId: number; now: Date },
): Promise<Publication> {
  if (change.kind === "time_extension") {
    const inForce = await currentCompletionDate(trx, change.project_id);
    if (inForce !== null && inForce !== change.old_completion_date) {
      throw errors.conflict(
        `The completion date in force is now ${inForce}, not ${change.old_completion_date}. Reject this request and request the extension again from the new date.`,
      );
    }
  }
  const modificationId = `workspace-change-${change.id}`;
  const project = await trx
    .selectFrom("projects")
    .select(["publisher", "jurisdiction_id", "is_demo"])
    .where("id", "=", change.project_id)
    .executeTakeFirstOrThrow();
  const disclosed = await isDisclosed(
    baseTables(trx),
    project.jurisdiction_id,
    CHANGE_CATEGORIES[change.kind],
  );
  if (change.kind === "penalty") return { modificationId: null, published: disclosed };
  if (!disclosed) return { modificationId: null, published: false };

  const latest = await trx
    .selectFrom("project_versions")
    .select("data")
    .where("project_id", "=", change.project_id)
    .orderBy("version", "desc")
    .executeTakeFirstOrThrow();
  const data = structuredClone(latest.data) as JsonObject;
  applyChange(data, change, modificationId, actor.now);

  const source = `workspace change request ${change.id} approved by user ${actor.userId}`;
  const run = await trx
    .insertInto("imports")
    .values({
      source,
      source_sha256: null,
      publisher: project.publisher,
      status: "succeeded",
      started_at: actor.now,
      finished_at: actor.now,
      counts: JSON.stringify({ projects: 1 }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await storeProject(baseTables(trx), data, {
    importId: run.id,
    actor: `user:${actor.userId}`,
    publisher: project.publisher,
    source,
    sourceSha256: "",
    jurisdictionId: project.jurisdiction_id ?? undefined,
    isDemo: project.is_demo,
  });
  return { modificationId, published: true };
}

/** Adds the change to an OC4IDS project as a modification and updates the values it changes. */
export function applyChange(
  project: JsonObject,
  change: Selectable<ChangeRequestsTable>,
  modificationId: string,
  now: Date,
): void {
  const processes = Array.isArray(project.contractingProcesses)
    ? (project.contractingProcesses as JsonObject[])
    : [];
  if (processes.length === 0) {
    processes.push({ id: `${String(project.id)}-workspace`, summary: {} });
  }
  project.contractingProcesses = processes;
  const process = processes[0]!;
  const summary = (process.summary ??= {}) as JsonObject;
  const modifications = Array.isArray(summary.modifications)
    ? (summary.modifications as JsonObject[])
    : [];
  summary.modifications = modifications;

  const modification: JsonObject = {
    id: modificationId,
    date: now.toISOString(),
    description: change.description,
    rationale: change.reason,
  };
  if (change.kind === "design_change") {
    modification.type = "scope";
    const value = summary.contractValue as JsonObject | undefined;
    if (
      change.amount !== null &&
      change.amount !== 0 &&
      change.currency !== null &&
      typeof value?.amount === "number" &&
      value.currency === change.currency
    ) {
      const newAmount = value.amount + fromMinorUnits(change.amount, change.currency);
      modification.oldContractValue = { amount: value.amount, currency: value.currency };
      modification.newContractValue = { amount: newAmount, currency: value.currency };
      summary.contractValue = { ...value, amount: newAmount };
    }
  } else {
    modification.type = "duration";
    const newEnd = `${change.new_completion_date}T00:00:00Z`;
    const contractPeriod = (summary.contractPeriod ?? project.period ?? {}) as JsonObject;
    modification.oldContractPeriod = {
      ...contractPeriod,
      endDate: `${change.old_completion_date}T00:00:00Z`,
    };
    modification.newContractPeriod = { ...contractPeriod, endDate: newEnd };
    summary.contractPeriod = { ...contractPeriod, endDate: newEnd };
    project.period = { ...((project.period ?? {}) as JsonObject), endDate: newEnd };
  }
  modifications.push(modification);
  project.updated = now.toISOString();
}
