/**
 * What the direct payment workflow reads about a workspace project: its currency and agency,
 * and the work items of its approved schedule with the prime's unit prices.
 */
import { currentCompletionDate } from "../changes/publish.js";
import type { ChangesDb } from "../changes/tables.js";
import { errors } from "../http/errors.js";
import type { ClaimsDb } from "./tables.js";

/** A work item of the approved schedule, priced at the prime's unit price. */
export interface PricedItem {
  code: string;
  quantity: number;
  /** Minor units of the schedule's currency. */
  unitPrice: number;
}

/** Loads the registered project's currency and agency, or raises 409 when it is not registered. */
export async function loadPaymentProject(db: ClaimsDb, projectId: string) {
  const project = await db
    .selectFrom("workspace_projects")
    .select(["contract_currency", "agency_id"])
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!project) {
    throw errors.conflict(`Project ${projectId} is not registered in the workspace.`);
  }
  return { currency: project.contract_currency, agencyId: project.agency_id };
}

/**
 * Loads the project like `loadPaymentProject` and locks its workspace row until the caller's
 * transaction ends. Registrations whose uniqueness a plain read cannot guarantee (a claim
 * period that must not overlap another, the one prime contract, a worker reference) take this
 * lock first, so that on a PostgreSQL server concurrent requests for the same project run one
 * after the other and the second sees the first's row.
 */
export async function lockPaymentProject(trx: ClaimsDb, projectId: string) {
  const locked = await trx
    .selectFrom("workspace_projects")
    .select("project_id")
    .where("project_id", "=", projectId)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) {
    throw errors.conflict(`Project ${projectId} is not registered in the workspace.`);
  }
  return loadPaymentProject(trx, projectId);
}

/** Loads the items of the project's approved schedule by code; empty when none is approved. */
export async function loadPricedItems(
  db: ClaimsDb,
  projectId: string,
): Promise<Map<string, PricedItem>> {
  const rows = await db
    .selectFrom("schedule_items")
    .innerJoin("work_schedules", "work_schedules.id", "schedule_items.schedule_id")
    .select([
      "schedule_items.code",
      "schedule_items.quantity",
      "schedule_items.unit_price",
      "work_schedules.currency",
    ])
    .where("work_schedules.project_id", "=", projectId)
    .where("work_schedules.status", "=", "approved")
    .execute();
  return new Map(
    rows.map((row) => [
      row.code,
      { code: row.code, quantity: row.quantity, unitPrice: row.unit_price },
    ]),
  );
}

/**
 * Returns the project's contract period: the registered start date and the completion date in
 * force, which approved time extensions move (null when none is recorded).
 */
export async function loadContractPeriod(
  db: ClaimsDb,
  projectId: string,
): Promise<{ start: string; end: string | null }> {
  const project = await db
    .selectFrom("workspace_projects")
    .select("start_date")
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!project) throw errors.conflict(`Project ${projectId} is not registered in the workspace.`);
  // The change code is typed for its own tables; the connection is the same.
  const end = await currentCompletionDate(db as unknown as ChangesDb, projectId);
  return { start: project.start_date, end };
}
