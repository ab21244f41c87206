/**
 * Workspace routes of the work schedule and the project's progress curve: submit a version,
 * approve or reject it, and read versions and the planned and actual curves.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { errors } from "../http/errors.js";
import { rejectionInput } from "../reports/report-input.js";
import { projectCurves } from "../reports/curves.js";
import { scheduleInput } from "../schedule/schedule-input.js";
import {
  decideSchedule,
  getSchedule,
  listSchedules,
  submitSchedule,
  type WorkSchedule,
} from "../schedule/schedules.js";
import { validationHook } from "./problems.js";
import { errorResponse, idParameter } from "./schemas.js";

const personSchema = z.object({ userId: z.number().int(), displayName: z.string() });

const scheduleSchema = z
  .object({
    projectId: z.string(),
    version: z.number().int(),
    status: z.enum(["submitted", "approved", "rejected", "superseded"]),
    periodUnit: z.enum(["month", "week"]),
    currency: z.string(),
    note: z.string().nullable(),
    submittedBy: personSchema,
    submittedAt: z.string().openapi({ format: "date-time" }),
    decidedBy: personSchema.nullable(),
    decidedAt: z.string().nullable().openapi({ format: "date-time" }),
    rejectionReason: z.string().nullable(),
    items: z.array(
      z.object({
        code: z.string(),
        description: z.string(),
        unit: z.string(),
        quantity: z.number(),
        unitPrice: z.number().openapi({ description: "Minor units of the currency." }),
        weight: z.number().openapi({ description: "Percent of the whole work." }),
      }),
    ),
    periods: z.array(z.object({ end: z.string(), plannedPercent: z.number() })),
  })
  .openapi("WorkSchedule");

const curvePoint = z.object({ observedOn: z.string(), percent: z.number() });

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: schedule and reports"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};
const versionParameters = idParameter("Project id.").extend({
  version: z.coerce
    .number({ error: "must be a version number" })
    .int("must be a version number")
    .min(1, "must be a version number")
    .openapi({ param: { name: "version", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

/** Serialises a schedule version for JSON. */
export function serialiseSchedule(schedule: WorkSchedule) {
  const { id: _id, ...rest } = schedule;
  return {
    ...rest,
    submittedAt: schedule.submittedAt.toISOString(),
    decidedAt: schedule.decidedAt?.toISOString() ?? null,
  };
}

/** Adds the schedule routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceScheduleRoutes(
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
      method: "post",
      path: "/workspace/projects/{id}/schedules",
      summary: "Submit a version of the work schedule",
      description:
        "Stores the bill of quantities and the planned cumulative progress per period as the next version, for the agency to approve. Allowed for the prime contractor.",
      ...secured,
      middleware: [requirePermission(accounts, "schedule.submit", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: { content: { "application/json": { schema: scheduleInput } }, required: true },
      },
      responses: {
        201: {
          description: "The submitted version.",
          content: { "application/json": { schema: scheduleSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        404: errorResponse("No project has this id."),
        409: errorResponse(
          "An earlier version waits for a decision, or the project is not registered.",
        ),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const schedule = await submitSchedule(db, id, context.req.valid("json"), actorOf(context));
      return context.json(serialiseSchedule(schedule), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/schedules",
      summary: "List the versions of the work schedule",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "Every version, newest first.",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(
                  z.object({
                    version: z.number().int(),
                    status: z.string(),
                    submittedByName: z.string(),
                    submittedAt: z.string(),
                    decidedAt: z.string().nullable(),
                    rejectionReason: z.string().nullable(),
                  }),
                ),
              }),
            },
          },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const rows = await listSchedules(db, context.req.valid("param").id);
      const items = rows.map((row) => ({
        version: row.version,
        status: row.status,
        submittedByName: row.submitted_by_name,
        submittedAt: row.submitted_at.toISOString(),
        decidedAt: row.decided_at?.toISOString() ?? null,
        rejectionReason: row.rejection_reason,
      }));
      return context.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/schedules/{version}",
      summary: "Get one version of the work schedule with its items and periods",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: versionParameters },
      responses: {
        200: {
          description: "The version.",
          content: { "application/json": { schema: scheduleSchema } },
        },
        404: errorResponse("No project or no version has this number."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, version } = context.req.valid("param");
      const schedule = await getSchedule(db, id, version);
      if (!schedule) throw errors.notFound(`Version ${version} of the schedule`);
      return context.json(serialiseSchedule(schedule), 200);
    },
  );

  for (const decision of ["approve", "reject"] as const) {
    api.openapi(
      createRoute({
        method: "post",
        path: `/workspace/projects/{id}/schedules/{version}/${decision}`,
        summary:
          decision === "approve"
            ? "Approve a submitted schedule version"
            : "Reject a submitted schedule version with a reason",
        description:
          decision === "approve"
            ? "Makes the version the project's schedule; the earlier approved version is kept as superseded, and the planned S-curve goes to the public project page. Allowed for the agency official."
            : "Sends the version back to the prime contractor, who may submit a new one. Allowed for the agency official.",
        ...secured,
        middleware: [requirePermission(accounts, "schedule.approve", projectIdOf)],
        request: {
          params: versionParameters,
          ...(decision === "reject"
            ? {
                body: {
                  content: { "application/json": { schema: rejectionInput } },
                  required: true,
                },
              }
            : {}),
        },
        responses: {
          200: {
            description: "The version after the decision.",
            content: { "application/json": { schema: scheduleSchema } },
          },
          400: errorResponse("The reason is missing."),
          404: errorResponse("No project or no version has this number."),
          409: errorResponse("The version does not wait for a decision."),
          ...denied,
        },
      }),
      async (context) => {
        const { id, version } = context.req.valid("param");
        let reason: string | undefined;
        if (decision === "reject") {
          // The validator has already checked the body against rejectionInput.
          const parsed = rejectionInput.safeParse(await context.req.json());
          validationHook(parsed);
          reason = parsed.data.reason;
        }
        const schedule = await decideSchedule(
          db,
          id,
          version,
          reason === undefined ? { approve: true } : { approve: false, reason },
          actorOf(context),
        );
        return context.json(serialiseSchedule(schedule), 200);
      },
    );
  }

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/progress",
      summary: "Get the planned and the actual physical progress curves",
      description:
        "The planned S-curve of the approved schedule and the actual progress computed from approved daily reports, as the public project page shows them.",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "Both curves, oldest point first.",
          content: {
            "application/json": {
              schema: z.object({ planned: z.array(curvePoint), actual: z.array(curvePoint) }),
            },
          },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      return context.json(await projectCurves(db, context.req.valid("param").id), 200);
    },
  );
}
