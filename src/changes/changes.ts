/**
 * Change requests of a workspace project: design changes and time extensions requested by the
 * contractor or the supervisor, penalties issued by the agency. The supervisor reviews each
 * one and the agency official approves or rejects it. An approved change is published through
 * the public store when the jurisdiction's disclosure policy shows its category.
 */
import type { Kysely, Selectable } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { Action } from "../accounts/permissions.js";
import type { DB } from "../db/types.js";
import { errors, type Problem } from "../http/errors.js";
import { AmountError, fromMinorUnits, toMinorUnits } from "../shared/money.js";
import type { ChangeRequestInput } from "./change-input.js";
import { currentCompletionDate, publishChange } from "./publish.js";
import {
  baseTables,
  changeTables,
  type ChangeKind,
  type ChangeRequestsTable,
  type ChangeStatus,
  type ChangesDb,
} from "./tables.js";

/** The user taking a step, the client address and the time of the step. */
export interface ChangeActor {
  userId: number;
  clientAddress: string | null;
  now: Date;
}

/** A change request with its steps, as the workspace shows it. */
export interface ChangeRequest {
  id: number;
  projectId: string;
  kind: ChangeKind;
  status: ChangeStatus;
  description: string;
  reason: string;
  amount: number | null;
  currency: string | null;
  days: number | null;
  oldCompletionDate: string | null;
  newCompletionDate: string | null;
  againstOrganisationId: string | null;
  requestedBy: { userId: number; displayName: string };
  requestedAt: Date;
  modificationId: string | null;
  published: boolean;
  steps: {
    from: ChangeStatus | null;
    to: ChangeStatus;
    by: { userId: number; displayName: string };
    at: Date;
    comment: string | null;
  }[];
}

/** Returns the permission needed to request a change of `kind`. */
export function requestAction(kind: ChangeKind): Action {
  return kind === "penalty" ? "penalty.issue" : "change.request";
}

/** Adds days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const time = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * Records a change request in one transaction with its first step and an audit entry. Throws
 * invalid_input naming each bad field, and stores nothing then. Bad fields are an amount that
 * is not a number, a penalty that is not positive, an old completion date other than the one
 * in force, a new date other than old + days, and an unknown organisation.
 */
export async function requestChange(
  db: Kysely<DB>,
  projectId: string,
  input: ChangeRequestInput,
  actor: ChangeActor,
): Promise<ChangeRequest> {
  const id = await changeTables(db)
    .transaction()
    .execute(async (trx) => {
      const problems: Problem[] = [];
      const values = await checkedValues(trx, projectId, input, problems);
      if (problems.length > 0 || !values) throw errors.invalidInput(problems);

      const row = await trx
        .insertInto("change_requests")
        .values({
          project_id: projectId,
          kind: input.kind,
          status: "requested",
          description: input.description,
          reason: input.reason,
          requested_by: actor.userId,
          requested_at: actor.now,
          ...values,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("change_request_steps")
        .values({
          change_request_id: row.id,
          from_status: null,
          to_status: "requested",
          actor_user_id: actor.userId,
          occurred_at: actor.now,
          comment: null,
        })
        .execute();
      await recordAudit(baseTables(trx), {
        actorUserId: actor.userId,
        action: requestAction(input.kind),
        subject: `project:${projectId}`,
        outcome: "success",
        clientAddress: actor.clientAddress,
        details: { changeRequestId: row.id, kind: input.kind },
        occurredAt: actor.now,
      });
      return row.id;
    });
  return (await getChange(db, projectId, id))!;
}

type KindValues = Pick<
  ChangeRequestsTable,
  | "amount"
  | "currency"
  | "days"
  | "old_completion_date"
  | "new_completion_date"
  | "against_organisation_id"
>;

async function checkedValues(
  trx: ChangesDb,
  projectId: string,
  input: ChangeRequestInput,
  problems: Problem[],
): Promise<Partial<KindValues> | undefined> {
  if (input.kind === "design_change") {
    const amount = minorUnits(input.costImpact, input.currency, "costImpact", problems);
    const contract = await contractValueInForce(trx, projectId);
    if (contract && input.currency !== contract.currency) {
      problems.push({
        path: "currency",
        message: `must be the contract's currency, ${contract.currency}`,
      });
    } else if (contract && amount !== undefined && contract.amount + amount < 0) {
      problems.push({
        path: "costImpact",
        message: `may not take the contract value below zero: the contract value in force is ${fromMinorUnits(contract.amount, contract.currency)} ${contract.currency}`,
      });
    }
    return amount === undefined ? undefined : { amount, currency: input.currency };
  }
  if (input.kind === "penalty") {
    const amount = minorUnits(input.amount, input.currency, "amount", problems);
    if (amount !== undefined && amount <= 0) {
      problems.push({ path: "amount", message: "must be more than 0" });
    }
    const organisation = await trx
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", input.againstOrganisationId)
      .executeTakeFirst();
    if (!organisation) {
      problems.push({ path: "againstOrganisationId", message: "no organisation has this id" });
    }
    return amount === undefined
      ? undefined
      : { amount, currency: input.currency, against_organisation_id: input.againstOrganisationId };
  }

  const inForce = await currentCompletionDate(trx, projectId);
  if (inForce !== null && input.oldCompletionDate !== inForce) {
    problems.push({
      path: "oldCompletionDate",
      message: `must be the completion date in force, ${inForce}`,
    });
  }
  const expected = addDays(input.oldCompletionDate, input.days);
  if (input.newCompletionDate !== expected) {
    problems.push({
      path: "newCompletionDate",
      message: `must be the old completion date plus ${input.days} days, ${expected}`,
    });
  }
  return {
    days: input.days,
    old_completion_date: input.oldCompletionDate,
    new_completion_date: input.newCompletionDate,
  };
}

/**
 * Computes the contract value in force, in minor units: the registered contract amount plus
 * the cost impact of every approved design change. Undefined for a project not registered.
 */
async function contractValueInForce(
  trx: ChangesDb,
  projectId: string,
): Promise<{ amount: number; currency: string } | undefined> {
  const contract = await trx
    .selectFrom("workspace_projects")
    .select(["contract_amount", "contract_currency"])
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!contract) return undefined;
  const approved = await trx
    .selectFrom("change_requests")
    .select((eb) => eb.fn.sum<string | number | null>("amount").as("total"))
    .where("project_id", "=", projectId)
    .where("kind", "=", "design_change")
    .where("status", "=", "approved")
    .where("currency", "=", contract.contract_currency)
    .executeTakeFirst();
  return {
    amount: Number(contract.contract_amount) + Number(approved?.total ?? 0),
    currency: contract.contract_currency,
  };
}

function minorUnits(
  amount: number | string,
  currency: string,
  path: string,
  problems: Problem[],
): number | undefined {
  try {
    return toMinorUnits(amount, currency);
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    problems.push({
      path,
      message: `must be a number in major units, such as 1500000 or -1250.50 (got ${JSON.stringify(amount)})`,
    });
    return undefined;
  }
}

/** A review step on a change request. */
export type ChangeStep = "review" | "approve" | "reject";

const STEP_RULES: Record<ChangeStep, { from: ChangeStatus[]; to: ChangeStatus }> = {
  review: { from: ["requested"], to: "reviewed" },
  approve: { from: ["reviewed"], to: "approved" },
  reject: { from: ["requested", "reviewed"], to: "rejected" },
};

/** Returns the permission a step needs on a request in `status`. */
export function stepAction(step: ChangeStep, status: ChangeStatus): Action {
  if (step === "review") return "change.review";
  if (step === "reject" && status === "requested") return "change.review";
  return "change.approve";
}

/**
 * Takes a review step in one transaction: the supervisor reviews or rejects a requested change,
 * the agency official approves or rejects a reviewed one. A rejection needs a comment. On
 * approval the change is published through the public store when the disclosure policy allows.
 * Throws 404 for an unknown request, and 403 when `may` denies the step or a supervisor reviews
 * its own request. Throws 409 when the status does not allow the step, or when the completion
 * date in force has changed since a time extension was requested.
 */
export async function moveChange(
  db: Kysely<DB>,
  projectId: string,
  changeId: number,
  step: ChangeStep,
  options: { comment: string | undefined; may: (action: Action) => boolean },
  actor: ChangeActor,
): Promise<ChangeRequest> {
  await changeTables(db)
    .transaction()
    .execute(async (trx) => {
      const change = await trx
        .selectFrom("change_requests")
        .selectAll()
        .where("project_id", "=", projectId)
        .where("id", "=", changeId)
        .forUpdate()
        .executeTakeFirst();
      if (!change) throw errors.notFound(`Change request ${changeId}`);

      if (!options.may(stepAction(step, change.status))) throw errors.forbidden();
      if (step === "review" && change.requested_by === actor.userId) {
        throw errors.forbidden();
      }
      const rule = STEP_RULES[step];
      if (!rule.from.includes(change.status)) {
        throw errors.conflict(
          `Change request ${changeId} is ${change.status}; only a ${rule.from.join(" or ")} request can be ${rule.to}.`,
        );
      }
      if (step === "reject" && !options.comment) {
        throw errors.invalidInput([{ path: "comment", message: "is missing: give the reason" }]);
      }

      if (step === "approve" && change.kind === "design_change" && change.amount !== null) {
        const contract = await contractValueInForce(trx, projectId);
        if (contract && contract.amount + change.amount < 0) {
          throw errors.conflict(
            `Change request ${changeId} would take the contract value below zero: the contract value in force is ${fromMinorUnits(contract.amount, contract.currency)} ${contract.currency}.`,
          );
        }
      }
      const publication = step === "approve" ? await publishChange(trx, change, actor) : undefined;
      await trx
        .updateTable("change_requests")
        .set({
          status: rule.to,
          ...(publication
            ? { modification_id: publication.modificationId, published: publication.published }
            : {}),
        })
        .where("id", "=", changeId)
        .execute();
      await trx
        .insertInto("change_request_steps")
        .values({
          change_request_id: changeId,
          from_status: change.status,
          to_status: rule.to,
          actor_user_id: actor.userId,
          occurred_at: actor.now,
          comment: options.comment ?? null,
        })
        .execute();
      await recordAudit(baseTables(trx), {
        actorUserId: actor.userId,
        action: `change.${step}`,
        subject: `project:${projectId}`,
        outcome: "success",
        clientAddress: actor.clientAddress,
        details: { changeRequestId: changeId, kind: change.kind, ...(publication ?? {}) },
        occurredAt: actor.now,
      });
    });
  return (await getChange(db, projectId, changeId))!;
}

/** Loads one change request with its steps, or undefined. */
export async function getChange(
  db: Kysely<DB>,
  projectId: string,
  changeId: number,
): Promise<ChangeRequest | undefined> {
  const tables = changeTables(db);
  const row = await tables
    .selectFrom("change_requests")
    .innerJoin("users", "users.id", "change_requests.requested_by")
    .selectAll("change_requests")
    .select("users.display_name")
    .where("change_requests.project_id", "=", projectId)
    .where("change_requests.id", "=", changeId)
    .executeTakeFirst();
  if (!row) return undefined;
  const steps = await tables
    .selectFrom("change_request_steps")
    .innerJoin("users", "users.id", "change_request_steps.actor_user_id")
    .selectAll("change_request_steps")
    .select("users.display_name")
    .where("change_request_id", "=", changeId)
    .orderBy("change_request_steps.id")
    .execute();
  return {
    ...toChange(row),
    steps: steps.map((stepRow) => ({
      from: stepRow.from_status,
      to: stepRow.to_status,
      by: { userId: stepRow.actor_user_id, displayName: stepRow.display_name },
      at: stepRow.occurred_at,
      comment: stepRow.comment,
    })),
  };
}

/** Lists a project's change requests, newest first, without their steps. */
export async function listChanges(
  db: Kysely<DB>,
  projectId: string,
): Promise<Omit<ChangeRequest, "steps">[]> {
  const rows = await changeTables(db)
    .selectFrom("change_requests")
    .innerJoin("users", "users.id", "change_requests.requested_by")
    .selectAll("change_requests")
    .select("users.display_name")
    .where("change_requests.project_id", "=", projectId)
    .orderBy("change_requests.id", "desc")
    .limit(1000)
    .execute();
  return rows.map(toChange);
}

function toChange(
  row: Selectable<ChangeRequestsTable> & { display_name: string },
): Omit<ChangeRequest, "steps"> {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    status: row.status,
    description: row.description,
    reason: row.reason,
    amount: row.amount,
    currency: row.currency,
    days: row.days,
    oldCompletionDate: row.old_completion_date,
    newCompletionDate: row.new_completion_date,
    againstOrganisationId: row.against_organisation_id,
    requestedBy: { userId: row.requested_by, displayName: row.display_name },
    requestedAt: row.requested_at,
    modificationId: row.modification_id,
    published: row.published,
  };
}
