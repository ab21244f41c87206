/**
 * Workspace routes of change requests: request a design change, a time extension or a
 * penalty, list and read them, and review, approve or reject one.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../accounts/audit.js";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import { can, type Action } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { changeRequestInput, changeStepInput } from "../changes/change-input.js";
import {
  getChange,
  listChanges,
  moveChange,
  requestAction,
  requestChange,
  type ChangeRequest,
  type ChangeStep,
} from "../changes/changes.js";
import { AppError, errors } from "../http/errors.js";
import { errorResponse, idParameter } from "./schemas.js";

const statusSchema = z.enum(["requested", "reviewed", "approved", "rejected"]);
const personSchema = z.object({ userId: z.number().int(), displayName: z.string() });
const changeFields = {
  id: z.number().int(),
  projectId: z.string(),
  kind: z.enum(["design_change", "time_extension", "penalty"]),
  status: statusSchema,
  description: z.string(),
  reason: z.string(),
  amount: z.number().int().nullable().openapi({
    description: "Cost impact (signed) or penalty, in minor units of `currency`.",
  }),
  currency: z.string().nullable(),
  days: z.number().int().nullable(),
  oldCompletionDate: z.string().nullable(),
  newCompletionDate: z.string().nullable(),
  againstOrganisationId: z.string().nullable(),
  requestedBy: personSchema,
  requestedAt: z.string().openapi({ format: "date-time" }),
  modificationId: z.string().nullable().openapi({
    description: "Id of the OC4IDS modification published on approval.",
  }),
  published: z.boolean(),
};
const changeSchema = z
  .object({
    ...changeFields,
    steps: z.array(
      z.object({
        from: statusSchema.nullable(),
        to: statusSchema,
        by: personSchema,
        at: z.string().openapi({ format: "date-time" }),
        comment: z.string().nullable(),
      }),
    ),
  })
  .openapi("ChangeRequest");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: changes"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};
const changeParameters = idParameter("Project id.").extend({
  changeId: z.coerce
    .number({ error: "must be a change request id" })
    .int("must be a change request id")
    .openapi({ param: { name: "changeId", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

function serialiseChange(change: ChangeRequest) {
  return {
    ...change,
    requestedAt: change.requestedAt.toISOString(),
    steps: change.steps.map((step) => ({ ...step, at: step.at.toISOString() })),
  };
}

/** Adds the change request routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceChangeRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/changes",
      summary: "Request a design change, a time extension or a penalty",
      description:
        "The prime contractor or the supervisor requests a design change or a time extension; the agency official issues a penalty. A time extension must start from the completion date in force and end `days` later.",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: { content: { "application/json": { schema: changeRequestInput } }, required: true },
      },
      responses: {
        201: {
          description: "The recorded request.",
          content: { "application/json": { schema: changeSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const input = context.req.valid("json");
      await requireAction(context, accounts, requestAction(input.kind), id);
      const change = await requestChange(db, id, input, {
        userId: context.get("principal")!.userId,
        clientAddress: clientAddress(context),
        now: accounts.clock(),
      });
      return context.json(serialiseChange(change), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/changes",
      summary: "List the project's change requests",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "The requests, newest first (at most 1000), without their steps.",
          content: {
            "application/json": { schema: z.object({ items: z.array(z.object(changeFields)) }) },
          },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const rows = await listChanges(db, context.req.valid("param").id);
      const items = rows.map((row) => ({ ...row, requestedAt: row.requestedAt.toISOString() }));
      return context.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/changes/{changeId}",
      summary: "Get a change request with its steps and review comments",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: changeParameters },
      responses: {
        200: {
          description: "The request.",
          content: { "application/json": { schema: changeSchema } },
        },
        404: errorResponse("No project or no change request has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, changeId } = context.req.valid("param");
      const change = await getChange(db, id, changeId);
      if (!change) throw errors.notFound(`Change request ${changeId}`);
      return context.json(serialiseChange(change), 200);
    },
  );

  const stepDescriptions: Record<ChangeStep, [string, string]> = {
    review: [
      "Review a requested change",
      "The supervisor confirms a requested change; it then waits for the agency official. A supervisor cannot review its own request.",
    ],
    approve: [
      "Approve a reviewed change",
      "The agency official approves a reviewed change. A design change or time extension is then published on the public project page as an OC4IDS modification, if the jurisdiction's disclosure policy shows its category; a time extension also moves the project's completion date.",
    ],
    reject: [
      "Reject a change with a reason",
      "The supervisor rejects a requested change, or the agency official a reviewed one. The comment stays inside the workspace.",
    ],
  };
  for (const step of ["review", "approve", "reject"] as const) {
    api.openapi(
      createRoute({
        method: "post",
        path: `/workspace/projects/{id}/changes/{changeId}/${step}`,
        summary: stepDescriptions[step][0],
        description: stepDescriptions[step][1],
        ...secured,
        middleware: [requirePermission(accounts, "project.view", projectIdOf)],
        request: {
          params: changeParameters,
          body: {
            content: { "application/json": { schema: changeStepInput } },
            required: step === "reject",
          },
        },
        responses: {
          200: {
            description: "The request after the step.",
            content: { "application/json": { schema: changeSchema } },
          },
          400: errorResponse("The comment is missing or too long."),
          404: errorResponse("No project or no change request has this id."),
          409: errorResponse(
            "The request's status does not allow this step, or the completion date in force changed.",
          ),
          ...denied,
        },
      }),
      async (context) => {
        const { id, changeId } = context.req.valid("param");
        const { comment } = context.req.valid("json") ?? {};
        const principal = context.get("principal")!;
        const access = context.get("projectAccess");
        try {
          const change = await moveChange(
            db,
            id,
            changeId,
            step,
            { comment, may: (action) => can(principal, action, access) },
            {
              userId: principal.userId,
              clientAddress: clientAddress(context),
              now: accounts.clock(),
            },
          );
          return context.json(serialiseChange(change), 200);
        } catch (error) {
          if (error instanceof AppError && error.status === 403) {
            await auditDenial(context, accounts, `change.${step}`, id, {
              changeRequestId: changeId,
            });
          }
          throw error;
        }
      },
    );
  }
}

/** Rejects the request with 403, recorded in the audit trail, unless the caller may `action`. */
async function requireAction(
  context: Context<WorkspaceEnv>,
  accounts: AccountServices,
  action: Action,
  projectId: string,
): Promise<void> {
  if (can(context.get("principal"), action, context.get("projectAccess"))) return;
  await auditDenial(context, accounts, action, projectId, {});
  throw errors.forbidden();
}

async function auditDenial(
  context: Context<WorkspaceEnv>,
  accounts: AccountServices,
  action: string,
  projectId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(accounts.db, {
    actorUserId: context.get("principal")!.userId,
    action,
    subject: `project:${projectId}`,
    outcome: "denied",
    clientAddress: clientAddress(context),
    details,
  });
}
