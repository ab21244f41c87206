/**
 * Work directives of a workspace project. The agency official or the supervisor issues one to a
 * project role. The addressed role (or the supervisor) answers it with an action report, and
 * the issuing side closes it or reopens it with a reason. Directives stay inside the workspace:
 * the disclosure policy's `directives` category is private by default.
 */
import type { Kysely, Selectable } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { ProjectRole } from "../db/types-accounts.js";
import type { DB } from "../db/types.js";
import { errors } from "../http/errors.js";
import {
  baseTables,
  changeTables,
  type DirectiveStatus,
  type DirectiveStep,
  type DirectivesTable,
} from "../changes/tables.js";
import type { DirectiveInput } from "./directive-input.js";

/** The user taking a step, the client address and the time of the step. */
export interface DirectiveActor {
  userId: number;
  clientAddress: string | null;
  now: Date;
}

/** A directive as the workspace lists it. */
export interface DirectiveSummary {
  id: number;
  projectId: string;
  title: string;
  instruction: string;
  dueDate: string;
  addressedRole: ProjectRole;
  addressedOrganisationId: string | null;
  status: DirectiveStatus;
  /** True while the directive is open after its due date. */
  overdue: boolean;
  issuedBy: { userId: number; displayName: string };
  issuedAt: Date;
}

/** A directive with every step taken on it. */
export interface Directive extends DirectiveSummary {
  steps: {
    step: DirectiveStep;
    from: DirectiveStatus | null;
    to: DirectiveStatus;
    by: { userId: number; displayName: string };
    at: Date;
    text: string | null;
    attachmentReferences: string[];
  }[];
}

/**
 * Returns the calendar day of `now` as "YYYY-MM-DD" in UTC.
 *
 * NOTE: the day is taken in UTC, not in the jurisdiction's time zone, so a directive becomes
 * overdue up to a day early or late for jurisdictions far from UTC.
 */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Issues a directive in one transaction with its first step and an audit entry. Throws
 * invalid_input when the addressed organisation does not exist; nothing is stored then.
 */
export async function issueDirective(
  db: Kysely<DB>,
  projectId: string,
  input: DirectiveInput,
  actor: DirectiveActor,
): Promise<Directive> {
  const id = await changeTables(db)
    .transaction()
    .execute(async (trx) => {
      if (input.addressedOrganisationId) {
        const organisation = await trx
          .selectFrom("organisations")
          .select("id")
          .where("id", "=", input.addressedOrganisationId)
          .executeTakeFirst();
        if (!organisation) {
          throw errors.invalidInput([
            { path: "addressedOrganisationId", message: "no organisation has this id" },
          ]);
        }
      }
      const row = await trx
        .insertInto("directives")
        .values({
          project_id: projectId,
          title: input.title,
          instruction: input.instruction,
          due_date: input.dueDate,
          addressed_role: input.addressedRole,
          addressed_organisation_id: input.addressedOrganisationId ?? null,
          status: "open",
          issued_by: actor.userId,
          issued_at: actor.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("directive_steps")
        .values({
          directive_id: row.id,
          step: "issue",
          from_status: null,
          to_status: "open",
          actor_user_id: actor.userId,
          occurred_at: actor.now,
          text: null,
          attachment_references: "[]",
        })
        .execute();
      await recordAudit(baseTables(trx), {
        actorUserId: actor.userId,
        action: "directive.issue",
        subject: `project:${projectId}`,
        outcome: "success",
        clientAddress: actor.clientAddress,
        details: { directiveId: row.id },
        occurredAt: actor.now,
      });
      return row.id;
    });
  return (await getDirective(db, projectId, id, actor.now))!;
}

/** A step after the issue, with what it needs. */
export type DirectiveMove =
  | { step: "report"; text: string; attachmentReferences: string[]; callerRoles: ProjectRole[] }
  | { step: "close"; reason: string | undefined }
  | { step: "reopen"; reason: string | undefined };

const MOVES: Record<DirectiveMove["step"], { from: DirectiveStatus[]; to: DirectiveStatus }> = {
  report: { from: ["open"], to: "answered" },
  close: { from: ["answered"], to: "closed" },
  reopen: { from: ["answered", "closed"], to: "open" },
};

/**
 * Takes a step on a directive in one transaction with an audit entry. An action report must
 * come from the addressed role or from the supervisor, and a reopening needs a reason. The
 * caller's permission for the step is checked by the route. Throws 404 for an unknown
 * directive, 403 for a report from another role, 409 when the status does not allow the step,
 * and invalid_input when the reason is missing.
 */
export async function moveDirective(
  db: Kysely<DB>,
  projectId: string,
  directiveId: number,
  move: DirectiveMove,
  actor: DirectiveActor,
): Promise<Directive> {
  await changeTables(db)
    .transaction()
    .execute(async (trx) => {
      const directive = await trx
        .selectFrom("directives")
        .selectAll()
        .where("project_id", "=", projectId)
        .where("id", "=", directiveId)
        .forUpdate()
        .executeTakeFirst();
      if (!directive) throw errors.notFound(`Directive ${directiveId}`);

      if (
        move.step === "report" &&
        !move.callerRoles.includes(directive.addressed_role) &&
        !move.callerRoles.includes("supervisor")
      ) {
        throw errors.forbidden();
      }
      const rule = MOVES[move.step];
      if (!rule.from.includes(directive.status)) {
        throw errors.conflict(
          `Directive ${directiveId} is ${directive.status}; only an ${rule.from.join(" or ")} directive can be moved to ${rule.to}.`,
        );
      }
      if (move.step === "reopen" && !move.reason) {
        throw errors.invalidInput([
          { path: "reason", message: "is missing: say what is still to do" },
        ]);
      }

      await trx
        .updateTable("directives")
        .set({ status: rule.to })
        .where("id", "=", directiveId)
        .execute();
      await trx
        .insertInto("directive_steps")
        .values({
          directive_id: directiveId,
          step: move.step,
          from_status: directive.status,
          to_status: rule.to,
          actor_user_id: actor.userId,
          occurred_at: actor.now,
          text: move.step === "report" ? move.text : (move.reason ?? null),
          attachment_references: JSON.stringify(
            move.step === "report" ? move.attachmentReferences : [],
          ),
        })
        .execute();
      await recordAudit(baseTables(trx), {
        actorUserId: actor.userId,
        action: move.step === "report" ? "directive.respond" : `directive.${move.step}`,
        subject: `project:${projectId}`,
        outcome: "success",
        clientAddress: actor.clientAddress,
        details: { directiveId },
        occurredAt: actor.now,
      });
    });
  return (await getDirective(db, projectId, directiveId, actor.now))!;
}

/** Loads one directive with its steps, or undefined. */
export async function getDirective(
  db: Kysely<DB>,
  projectId: string,
  directiveId: number,
  now: Date,
): Promise<Directive | undefined> {
  const tables = changeTables(db);
  const row = await tables
    .selectFrom("directives")
    .innerJoin("users", "users.id", "directives.issued_by")
    .selectAll("directives")
    .select("users.display_name")
    .where("directives.project_id", "=", projectId)
    .where("directives.id", "=", directiveId)
    .executeTakeFirst();
  if (!row) return undefined;
  const steps = await tables
    .selectFrom("directive_steps")
    .innerJoin("users", "users.id", "directive_steps.actor_user_id")
    .selectAll("directive_steps")
    .select("users.display_name")
    .where("directive_id", "=", directiveId)
    .orderBy("directive_steps.id")
    .execute();
  return {
    ...toSummary(row, now),
    steps: steps.map((step) => ({
      step: step.step,
      from: step.from_status,
      to: step.to_status,
      by: { userId: step.actor_user_id, displayName: step.display_name },
      at: step.occurred_at,
      text: step.text,
      attachmentReferences: step.attachment_references,
    })),
  };
}

/** Lists a project's directives, open ones first and then by due date (at most 1000). */
export async function listDirectives(
  db: Kysely<DB>,
  projectId: string,
  now: Date,
): Promise<DirectiveSummary[]> {
  const rows = await changeTables(db)
    .selectFrom("directives")
    .innerJoin("users", "users.id", "directives.issued_by")
    .selectAll("directives")
    .select("users.display_name")
    .where("directives.project_id", "=", projectId)
    .orderBy("directives.status", "desc")
    .orderBy("directives.due_date")
    .orderBy("directives.id")
    .limit(1000)
    .execute();
  return rows.map((row) => toSummary(row, now));
}

/** Counts of a project's directives that wait for an action report. */
export interface DirectiveCounts {
  open: number;
  overdue: number;
}

/**
 * Counts the open and the overdue directives addressed to `roles` in each of `projectIds`, for
 * dashboards and a user's "waiting for me" list. Without `roles`, counts every open directive.
 * Projects without open directives are left out of the map.
 */
export async function countOpenDirectives(
  db: Kysely<DB>,
  projectIds: string[],
  now: Date,
  roles?: ProjectRole[],
): Promise<Map<string, DirectiveCounts>> {
  const counts = new Map<string, DirectiveCounts>();
  if (projectIds.length === 0 || roles?.length === 0) return counts;
  let query = changeTables(db)
    .selectFrom("directives")
    .select(["project_id", "due_date"])
    .where("project_id", "in", projectIds)
    .where("status", "=", "open");
  if (roles) query = query.where("addressed_role", "in", roles);
  const today = dayOf(now);
  for (const row of await query.execute()) {
    const entry = counts.get(row.project_id) ?? { open: 0, overdue: 0 };
    entry.open += 1;
    if (row.due_date < today) entry.overdue += 1;
    counts.set(row.project_id, entry);
  }
  return counts;
}

function toSummary(
  row: Selectable<DirectivesTable> & { display_name: string },
  now: Date,
): DirectiveSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    title: row.title,
    instruction: row.instruction,
    dueDate: row.due_date,
    addressedRole: row.addressed_role,
    addressedOrganisationId: row.addressed_organisation_id,
    status: row.status,
    overdue: row.status === "open" && row.due_date < dayOf(now),
    issuedBy: { userId: row.issued_by, displayName: row.display_name },
    issuedAt: row.issued_at,
  };
}
