import type { Kysely } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { DB } from "../db/types.js";
import type { IncidentKind, IncidentSeverity } from "../db/types-safety-evaluations.js";
import { errors } from "../http/errors.js";
import type { Actor } from "../schedule/schedules.js";
import { checkProjectDay } from "./inspections.js";
import type { IncidentInput } from "./safety-input.js";

/** A safety incident as the workspace shows it. */
export interface Incident {
  id: number;
  date: string;
  kind: IncidentKind;
  severity: IncidentSeverity;
  description: string;
  injuries: number;
  actions: string;
  reportedBy: { userId: number; displayName: string };
  reportedAt: Date;
}

/**
 * Stores an incident. Throws 400 when its date is before the contract start or in the future.
 */
export async function reportIncident(
  db: Kysely<DB>,
  projectId: string,
  input: IncidentInput,
  actor: Actor,
): Promise<Incident> {
  const id = await db.transaction().execute(async (trx) => {
    const problems = await checkProjectDay(trx, projectId, input.date, "date", actor.now);
    if (problems.length > 0) throw errors.invalidInput(problems);
    const incident = await trx
      .insertInto("safety_incidents")
      .values({
        project_id: projectId,
        occurred_on: input.date,
        kind: input.kind,
        severity: input.severity,
        description: input.description,
        injuries: input.injuries,
        actions_taken: input.actions,
        reported_by: actor.userId,
        reported_at: actor.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "safety.report",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { incidentId: incident.id, date: input.date, severity: input.severity },
      occurredAt: actor.now,
    });
    return incident.id;
  });
  return (await listIncidents(db, projectId)).find((incident) => incident.id === id)!;
}

/** Lists the project's incidents, newest first (at most 500). */
export async function listIncidents(db: Kysely<DB>, projectId: string): Promise<Incident[]> {
  const rows = await db
    .selectFrom("safety_incidents")
    .innerJoin("users", "users.id", "safety_incidents.reported_by")
    .selectAll("safety_incidents")
    .select("users.display_name")
    .where("safety_incidents.project_id", "=", projectId)
    .orderBy("safety_incidents.occurred_on", "desc")
    .orderBy("safety_incidents.id", "desc")
    .limit(500)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    date: row.occurred_on,
    kind: row.kind,
    severity: row.severity,
    description: row.description,
    injuries: row.injuries,
    actions: row.actions_taken,
    reportedBy: { userId: row.reported_by, displayName: row.display_name },
    reportedAt: row.reported_at,
  }));
}
