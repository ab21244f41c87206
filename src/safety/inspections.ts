import type { Kysely } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { DB } from "../db/types.js";
import type { ChecklistResult, FindingStatus } from "../db/types-safety-evaluations.js";
import { errors, type Problem } from "../http/errors.js";
import type { Executor } from "../projects/store-rows.js";
import type { Actor } from "../schedule/schedules.js";
import type { InspectionInput } from "./safety-input.js";

/** A finding raised by a failed checklist item. */
export interface Finding {
  id: number;
  inspectionId: number;
  item: string;
  correctiveAction: string;
  responsibleOrganisation: { id: string; name: string };
  deadline: string;
  status: FindingStatus;
  /** True when the deadline has passed and the finding is not closed. */
  overdue: boolean;
  actionReport: string | null;
  actionReportedAt: Date | null;
  verifiedAt: Date | null;
  verificationNote: string | null;
}

/** A safety inspection with its checklist and findings. */
export interface Inspection {
  id: number;
  date: string;
  inspector: { userId: number; displayName: string };
  note: string | null;
  items: { item: string; result: ChecklistResult; note: string | null }[];
  findings: Finding[];
}

/**
 * Checks that a report date lies between the contract start and today. Returns the problems
 * found, with `path` naming the field.
 */
export async function checkProjectDay(
  executor: Executor,
  projectId: string,
  date: string,
  path: string,
  now: Date,
): Promise<Problem[]> {
  const project = await executor
    .selectFrom("workspace_projects")
    .select("start_date")
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!project) throw errors.notFound(`Project ${projectId}`);
  const today = now.toISOString().slice(0, 10);
  if (date < project.start_date) {
    return [{ path, message: `must not be before the contract start, ${project.start_date}` }];
  }
  if (date > today) return [{ path, message: `must not be in the future (today is ${today})` }];
  return [];
}

/**
 * Stores an inspection with its checklist, and raises an open finding for each failed item.
 * Throws 400 naming each bad field (a date outside the contract or in the future, an unknown
 * responsible organisation). Nothing is stored unless everything is valid.
 */
export async function recordInspection(
  db: Kysely<DB>,
  projectId: string,
  input: InspectionInput,
  actor: Actor,
): Promise<Inspection> {
  const id = await db.transaction().execute(async (trx) => {
    const problems = await checkProjectDay(trx, projectId, input.date, "date", actor.now);
    const organisationIds = [
      ...new Set(input.items.flatMap((line) => line.responsibleOrganisationId ?? [])),
    ];
    const known = new Set(
      organisationIds.length === 0
        ? []
        : (
            await trx
              .selectFrom("organisations")
              .select("id")
              .where("id", "in", organisationIds)
              .execute()
          ).map((row) => row.id),
    );
    input.items.forEach((line, index) => {
      if (line.result === "fail" && !known.has(line.responsibleOrganisationId!)) {
        problems.push({
          path: `items.${index}.responsibleOrganisationId`,
          message: `no organisation has the id ${line.responsibleOrganisationId}`,
        });
      }
    });
    if (problems.length > 0) throw errors.invalidInput(problems);

    const inspection = await trx
      .insertInto("safety_inspections")
      .values({
        project_id: projectId,
        inspected_on: input.date,
        inspector_user_id: actor.userId,
        note: input.note ?? null,
        recorded_at: actor.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("safety_checklist_items")
      .values(
        input.items.map((line, index) => ({
          inspection_id: inspection.id,
          position: index,
          item: line.item,
          result: line.result,
          note: line.note ?? null,
        })),
      )
      .execute();
    const findings = input.items
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.result === "fail")
      .map(({ line, index }) => ({
        inspection_id: inspection.id,
        item_position: index,
        project_id: projectId,
        corrective_action: line.correctiveAction!,
        responsible_organisation_id: line.responsibleOrganisationId!,
        deadline: line.deadline!,
        status: "open" as const,
      }));
    if (findings.length > 0) await trx.insertInto("safety_findings").values(findings).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "safety.inspect",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { inspectionId: inspection.id, date: input.date, findings: findings.length },
      occurredAt: actor.now,
    });
    return inspection.id;
  });
  return (await listInspections(db, projectId, actor.now, id))[0]!;
}

/**
 * Moves a finding one step: the responsible side's action report (open → action_reported), or
 * the inspection's check of it (accepted → closed, else back to open). Throws 404 for an
 * unknown finding and 409 when its status does not allow the step.
 */
export async function moveFinding(
  db: Kysely<DB>,
  projectId: string,
  findingId: number,
  step: { kind: "report"; action: string } | { kind: "verify"; accepted: boolean; note?: string },
  actor: Actor,
): Promise<Finding> {
  await db.transaction().execute(async (trx) => {
    const finding = await trx
      .selectFrom("safety_findings")
      .select(["id", "status"])
      .where("project_id", "=", projectId)
      .where("id", "=", findingId)
      .forUpdate()
      .executeTakeFirst();
    if (!finding) throw errors.notFound(`Safety finding ${findingId}`);

    const expected: FindingStatus = step.kind === "report" ? "open" : "action_reported";
    if (finding.status !== expected) {
      throw errors.conflict(
        step.kind === "report"
          ? `The finding is ${finding.status}, so it takes no action report until it is open again.`
          : `The finding is ${finding.status}; only a finding with an action report can be verified.`,
      );
    }
    const changes =
      step.kind === "report"
        ? {
            status: "action_reported" as const,
            action_report: step.action,
            action_reported_by: actor.userId,
            action_reported_at: actor.now,
          }
        : {
            status: step.accepted ? ("closed" as const) : ("open" as const),
            verified_by: actor.userId,
            verified_at: actor.now,
            verification_note: step.note ?? null,
          };
    await trx.updateTable("safety_findings").set(changes).where("id", "=", finding.id).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: step.kind === "report" ? "safety.report" : "safety.inspect",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { findingId, from: finding.status, to: changes.status },
      occurredAt: actor.now,
    });
  });
  const findings = await listFindings(db, { projectIds: [projectId], findingId }, actor.now);
  return findings[0]!;
}

/**
 * Lists findings, overdue ones marked against `now`: of some projects, one finding, or only
 * the overdue ones. Earliest deadline first.
 */
export async function listFindings(
  executor: Executor,
  filter: {
    projectIds?: string[];
    findingId?: number;
    inspectionIds?: number[];
    overdueOnly?: boolean;
  },
  now: Date,
): Promise<(Finding & { projectId: string })[]> {
  if (filter.projectIds?.length === 0 || filter.inspectionIds?.length === 0) return [];
  const today = now.toISOString().slice(0, 10);
  let query = executor
    .selectFrom("safety_findings")
    .innerJoin("safety_checklist_items", (join) =>
      join
        .onRef("safety_checklist_items.inspection_id", "=", "safety_findings.inspection_id")
        .onRef("safety_checklist_items.position", "=", "safety_findings.item_position"),
    )
    .innerJoin("organisations", "organisations.id", "safety_findings.responsible_organisation_id")
    .selectAll("safety_findings")
    .select(["safety_checklist_items.item", "organisations.name as organisation_name"])
    .orderBy("safety_findings.deadline")
    .orderBy("safety_findings.id");
  if (filter.projectIds) query = query.where("safety_findings.project_id", "in", filter.projectIds);
  if (filter.findingId !== undefined)
    query = query.where("safety_findings.id", "=", filter.findingId);
  if (filter.inspectionIds) {
    query = query.where("safety_findings.inspection_id", "in", filter.inspectionIds);
  }
  if (filter.overdueOnly) {
    query = query
      .where("safety_findings.status", "<>", "closed")
      .where("safety_findings.deadline", "<", today);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    projectId: row.project_id,
    inspectionId: row.inspection_id,
    item: row.item,
    correctiveAction: row.corrective_action,
    responsibleOrganisation: { id: row.responsible_organisation_id, name: row.organisation_name },
    deadline: row.deadline,
    status: row.status,
    overdue: row.status !== "closed" && row.deadline < today,
    actionReport: row.action_report,
    actionReportedAt: row.action_reported_at,
    verifiedAt: row.verified_at,
    verificationNote: row.verification_note,
  }));
}

/** Lists the project's inspections, newest first, or only the one with `inspectionId`. */
export async function listInspections(
  db: Kysely<DB>,
  projectId: string,
  now: Date,
  inspectionId?: number,
): Promise<Inspection[]> {
  let query = db
    .selectFrom("safety_inspections")
    .innerJoin("users", "users.id", "safety_inspections.inspector_user_id")
    .select([
      "safety_inspections.id",
      "safety_inspections.inspected_on",
      "safety_inspections.note",
      "safety_inspections.inspector_user_id",
      "users.display_name",
    ])
    .where("safety_inspections.project_id", "=", projectId)
    .orderBy("safety_inspections.inspected_on", "desc")
    .orderBy("safety_inspections.id", "desc")
    .limit(500);
  if (inspectionId !== undefined) query = query.where("safety_inspections.id", "=", inspectionId);
  const inspections = await query.execute();
  const ids = inspections.map((inspection) => inspection.id);
  if (ids.length === 0) return [];

  const [items, findings] = await Promise.all([
    db
      .selectFrom("safety_checklist_items")
      .selectAll()
      .where("inspection_id", "in", ids)
      .orderBy("inspection_id")
      .orderBy("position")
      .execute(),
    listFindings(db, { projectIds: [projectId], inspectionIds: ids }, now),
  ]);
  return inspections.map((inspection) => ({
    id: inspection.id,
    date: inspection.inspected_on,
    inspector: { userId: inspection.inspector_user_id, displayName: inspection.display_name },
    note: inspection.note,
    items: items
      .filter((item) => item.inspection_id === inspection.id)
      .map((item) => ({ item: item.item, result: item.result, note: item.note })),
    findings: findings
      .filter((finding) => finding.inspectionId === inspection.id)
      .map(({ projectId: _projectId, ...finding }) => finding),
  }));
}
