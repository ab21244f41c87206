/**
 * Workspace routes of site safety: inspections with checklists, the findings they raise and
 * their corrective actions, and incidents.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { listIncidents, reportIncident, type Incident } from "../safety/incidents.js";
import {
  listInspections,
  moveFinding,
  recordInspection,
  type Finding,
  type Inspection,
} from "../safety/inspections.js";
import {
  actionReportInput,
  incidentInput,
  inspectionInput,
  verificationInput,
} from "../safety/safety-input.js";
import { errorResponse, idParameter } from "./schemas.js";

const person = z.object({ userId: z.number().int(), displayName: z.string() });
const timestamp = z.string().openapi({ format: "date-time" });

const findingSchema = z
  .object({
    id: z.number().int(),
    inspectionId: z.number().int(),
    item: z.string(),
    correctiveAction: z.string(),
    responsibleOrganisation: z.object({ id: z.string(), name: z.string() }),
    deadline: z.string().openapi({ format: "date" }),
    status: z.enum(["open", "action_reported", "closed"]),
    overdue: z.boolean(),
    actionReport: z.string().nullable(),
    actionReportedAt: timestamp.nullable(),
    verifiedAt: timestamp.nullable(),
    verificationNote: z.string().nullable(),
  })
  .openapi("SafetyFinding");

const inspectionSchema = z
  .object({
    id: z.number().int(),
    date: z.string().openapi({ format: "date" }),
    inspector: person,
    note: z.string().nullable(),
    items: z.array(
      z.object({
        item: z.string(),
        result: z.enum(["pass", "fail", "not_applicable"]),
        note: z.string().nullable(),
      }),
    ),
    findings: z.array(findingSchema),
  })
  .openapi("SafetyInspection");

const incidentSchema = z
  .object({
    id: z.number().int(),
    date: z.string().openapi({ format: "date" }),
    kind: z.string(),
    severity: z.enum(["minor", "serious", "fatal"]),
    description: z.string(),
    injuries: z.number().int(),
    actions: z.string(),
    reportedBy: person,
    reportedAt: timestamp,
  })
  .openapi("SafetyIncident");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: safety"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};
const findingParameters = idParameter("Project id.").extend({
  findingId: z.coerce
    .number({ error: "must be a finding id" })
    .int("must be a finding id")
    .openapi({ param: { name: "findingId", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

function serialiseFinding({ projectId: _projectId, ...finding }: Finding & { projectId?: string }) {
  return {
    ...finding,
    actionReportedAt: finding.actionReportedAt?.toISOString() ?? null,
    verifiedAt: finding.verifiedAt?.toISOString() ?? null,
  };
}

function serialiseInspection(inspection: Inspection) {
  return { ...inspection, findings: inspection.findings.map(serialiseFinding) };
}

function serialiseIncident(incident: Incident) {
  return { ...incident, reportedAt: incident.reportedAt.toISOString() };
}

/** Adds the safety routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceSafetyRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;
  const actorOf = (context: Context<WorkspaceEnv>) => ({
    userId: context.get("principal")!.userId,
    clientAddress: clientAddress(context),
    now: accounts.clock(),
  });

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/safety",
      summary: "List the project's safety inspections, findings and incidents",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "Inspections and incidents, newest first (at most 500 of each).",
          content: {
            "application/json": {
              schema: z.object({
                inspections: z.array(inspectionSchema),
                incidents: z.array(incidentSchema),
              }),
            },
          },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const [inspections, incidents] = await Promise.all([
        listInspections(db, id, accounts.clock()),
        listIncidents(db, id),
      ]);
      return context.json(
        {
          inspections: inspections.map(serialiseInspection),
          incidents: incidents.map(serialiseIncident),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/safety/inspections",
      summary: "Record a safety inspection",
      description:
        "The supervisor or the agency official records the checklist. Each failed item needs a corrective action, the responsible organisation and a deadline, and raises an open finding.",
      ...secured,
      middleware: [requirePermission(accounts, "safety.inspect", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: { content: { "application/json": { schema: inspectionInput } }, required: true },
      },
      responses: {
        201: {
          description: "The inspection with its findings.",
          content: { "application/json": { schema: inspectionSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const inspection = await recordInspection(
        db,
        id,
        context.req.valid("json"),
        actorOf(context),
      );
      return context.json(serialiseInspection(inspection), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/safety/findings/{findingId}/action-report",
      summary: "Report the corrective action taken on an open finding",
      ...secured,
      middleware: [requirePermission(accounts, "safety.report", projectIdOf)],
      request: {
        params: findingParameters,
        body: { content: { "application/json": { schema: actionReportInput } }, required: true },
      },
      responses: {
        200: {
          description: "The finding, now waiting for verification.",
          content: { "application/json": { schema: findingSchema } },
        },
        400: errorResponse("The action is missing or too long."),
        404: errorResponse("No project or no finding has this id."),
        409: errorResponse("The finding is not open."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, findingId } = context.req.valid("param");
      const { action } = context.req.valid("json");
      const finding = await moveFinding(
        db,
        id,
        findingId,
        { kind: "report", action },
        actorOf(context),
      );
      return context.json(serialiseFinding(finding), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/safety/findings/{findingId}/verify",
      summary: "Accept or reject the action report of a finding",
      description:
        "Accepting closes the finding. Rejecting, with a note saying why, reopens it for another action report.",
      ...secured,
      middleware: [requirePermission(accounts, "safety.inspect", projectIdOf)],
      request: {
        params: findingParameters,
        body: { content: { "application/json": { schema: verificationInput } }, required: true },
      },
      responses: {
        200: {
          description: "The finding after the check.",
          content: { "application/json": { schema: findingSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it."),
        404: errorResponse("No project or no finding has this id."),
        409: errorResponse("The finding has no action report waiting."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, findingId } = context.req.valid("param");
      const { accepted, note } = context.req.valid("json");
      const finding = await moveFinding(
        db,
        id,
        findingId,
        { kind: "verify", accepted, ...(note === undefined ? {} : { note }) },
        actorOf(context),
      );
      return context.json(serialiseFinding(finding), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/safety/incidents",
      summary: "Report a safety incident",
      description:
        "The prime contractor, a subcontractor or the supervisor reports an incident. Injured people are counted, never named.",
      ...secured,
      middleware: [requirePermission(accounts, "safety.report", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: { content: { "application/json": { schema: incidentInput } }, required: true },
      },
      responses: {
        201: {
          description: "The stored incident.",
          content: { "application/json": { schema: incidentSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const incident = await reportIncident(db, id, context.req.valid("json"), actorOf(context));
      return context.json(serialiseIncident(incident), 201);
    },
  );
}
