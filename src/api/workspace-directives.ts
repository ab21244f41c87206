/**
 * Workspace routes of work directives: issue one, list and read them, answer one with an action
 * report, and close or reopen it.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../accounts/audit.js";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import {
  actionReportInput,
  directiveInput,
  directiveStepInput,
} from "../directives/directive-input.js";
import {
  getDirective,
  issueDirective,
  listDirectives,
  moveDirective,
  type Directive,
  type DirectiveMove,
} from "../directives/directives.js";
import { AppError, errors } from "../http/errors.js";
import { errorResponse, idParameter } from "./schemas.js";

const statusSchema = z.enum(["open", "answered", "closed"]);
const personSchema = z.object({ userId: z.number().int(), displayName: z.string() });
const summaryFields = {
  id: z.number().int(),
  projectId: z.string(),
  title: z.string(),
  instruction: z.string(),
  dueDate: z.string().openapi({ format: "date" }),
  addressedRole: z.enum(["agency_official", "supervisor", "prime_contractor", "subcontractor"]),
  addressedOrganisationId: z.string().nullable(),
  status: statusSchema,
  overdue: z.boolean().openapi({ description: "Open after its due date." }),
  issuedBy: personSchema,
  issuedAt: z.string().openapi({ format: "date-time" }),
};
const directiveSchema = z
  .object({
    ...summaryFields,
    steps: z.array(
      z.object({
        step: z.enum(["issue", "report", "close", "reopen"]),
        from: statusSchema.nullable(),
        to: statusSchema,
        by: personSchema,
        at: z.string().openapi({ format: "date-time" }),
        text: z.string().nullable(),
        attachmentReferences: z.array(z.string()),
      }),
    ),
  })
  .openapi("Directive");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: directives"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};
const directiveParameters = idParameter("Project id.").extend({
  directiveId: z.coerce
    .number({ error: "must be a directive id" })
    .int("must be a directive id")
    .openapi({ param: { name: "directiveId", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

function serialiseDirective(directive: Directive) {
  return {
    ...directive,
    issuedAt: directive.issuedAt.toISOString(),
    steps: directive.steps.map((step) => ({ ...step, at: step.at.toISOString() })),
  };
}

/** Adds the directive routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceDirectiveRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;
  const actorOf = (context: Context<WorkspaceEnv>) => ({
    userId: context.get("principal")!.userId,
    clientAddress: clientAddress(context),
    now: accounts.clock(),
  });
  const responses = {
    200: {
      description: "The directive after the step.",
      content: { "application/json": { schema: directiveSchema } },
    },
    400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
    404: errorResponse("No project or no directive has this id."),
    409: errorResponse("The directive's status does not allow this step."),
    ...denied,
  };

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/directives",
      summary: "Issue a work directive",
      description:
        "The agency official or the supervisor instructs a project role, with a due date.",
      ...secured,
      middleware: [requirePermission(accounts, "directive.issue", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: { content: { "application/json": { schema: directiveInput } }, required: true },
      },
      responses: {
        201: {
          description: "The issued directive.",
          content: { "application/json": { schema: directiveSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const directive = await issueDirective(db, id, context.req.valid("json"), actorOf(context));
      return context.json(serialiseDirective(directive), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/directives",
      summary: "List the project's directives",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "The directives, open ones first, then by due date (at most 1000).",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(z.object(summaryFields)) }),
            },
          },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const rows = await listDirectives(db, context.req.valid("param").id, accounts.clock());
      const items = rows.map((row) => ({ ...row, issuedAt: row.issuedAt.toISOString() }));
      return context.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/directives/{directiveId}",
      summary: "Get a directive with its action reports and steps",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: directiveParameters },
      responses: {
        200: {
          description: "The directive.",
          content: { "application/json": { schema: directiveSchema } },
        },
        404: errorResponse("No project or no directive has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, directiveId } = context.req.valid("param");
      const directive = await getDirective(db, id, directiveId, accounts.clock());
      if (!directive) throw errors.notFound(`Directive ${directiveId}`);
      return context.json(serialiseDirective(directive), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/directives/{directiveId}/report",
      summary: "Answer a directive with an action report",
      description:
        "The addressed role, or the supervisor, reports what was done. The directive becomes answered.",
      ...secured,
      middleware: [requirePermission(accounts, "directive.respond", projectIdOf)],
      request: {
        params: directiveParameters,
        body: { content: { "application/json": { schema: actionReportInput } }, required: true },
      },
      responses,
    }),
    async (context) => {
      const { id, directiveId } = context.req.valid("param");
      const input = context.req.valid("json");
      const move: DirectiveMove = {
        step: "report",
        text: input.text,
        attachmentReferences: input.attachmentReferences,
        callerRoles: [...(context.get("projectAccess")?.roles ?? [])],
      };
      try {
        const directive = await moveDirective(db, id, directiveId, move, actorOf(context));
        return context.json(serialiseDirective(directive), 200);
      } catch (error) {
        // A report from a role the directive is not addressed to is a refusal like any other.
        if (error instanceof AppError && error.status === 403) {
          await recordAudit(db, {
            actorUserId: context.get("principal")!.userId,
            action: "directive.respond",
            subject: `project:${id}`,
            outcome: "denied",
            clientAddress: clientAddress(context),
            details: { directiveId },
          });
        }
        throw error;
      }
    },
  );

  const steps = {
    close: ["Close an answered directive", "The issuing side accepts the action report."],
    reopen: [
      "Reopen a directive with a reason",
      "The issuing side finds the action insufficient; the directive is open again.",
    ],
  } as const;
  for (const step of ["close", "reopen"] as const) {
    api.openapi(
      createRoute({
        method: "post",
        path: `/workspace/projects/{id}/directives/{directiveId}/${step}`,
        summary: steps[step][0],
        description: `${steps[step][1]} Allowed for the agency official and the supervisor.`,
        ...secured,
        middleware: [requirePermission(accounts, "directive.issue", projectIdOf)],
        request: {
          params: directiveParameters,
          body: {
            content: { "application/json": { schema: directiveStepInput } },
            required: step === "reopen",
          },
        },
        responses,
      }),
      async (context) => {
        const { id, directiveId } = context.req.valid("param");
        const { reason } = context.req.valid("json") ?? {};
        const directive = await moveDirective(
          db,
          id,
          directiveId,
          { step, reason },
          actorOf(context),
        );
        return context.json(serialiseDirective(directive), 200);
      },
    );
  }
}
