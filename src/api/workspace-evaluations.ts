/**
 * Workspace routes of performance evaluations: list the project's evaluations (requested
 * automatically when actual progress passes 30, 60 and 95%) and record one.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { evaluationInput } from "../evaluations/evaluation-input.js";
import {
  getEvaluation,
  listEvaluations,
  recordEvaluation,
  type Evaluation,
} from "../evaluations/evaluations.js";
import { errors } from "../http/errors.js";
import { errorResponse, idParameter } from "./schemas.js";

const evaluationSchema = z
  .object({
    id: z.number().int(),
    projectId: z.string(),
    threshold: z.number().int().openapi({ description: "30, 60 or 95 (percent)." }),
    subject: z.enum(["design", "construction", "supervision"]),
    status: z.enum(["pending", "recorded"]),
    requestedAt: z.string().openapi({ format: "date-time" }),
    progressPercent: z.number(),
    scores: z.array(z.object({ criterion: z.string(), score: z.number().int() })),
    averageScore: z.number().nullable(),
    comment: z.string().nullable(),
    recordedBy: z.object({ userId: z.number().int(), displayName: z.string() }).nullable(),
    recordedAt: z.string().openapi({ format: "date-time" }).nullable(),
  })
  .openapi("Evaluation");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: evaluations"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this, or the project is short-term."),
};
const evaluationParameters = idParameter("Project id.").extend({
  evaluationId: z.coerce
    .number({ error: "must be an evaluation id" })
    .int("must be an evaluation id")
    .openapi({ param: { name: "evaluationId", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

function serialise(evaluation: Evaluation) {
  return {
    ...evaluation,
    requestedAt: evaluation.requestedAt.toISOString(),
    recordedAt: evaluation.recordedAt?.toISOString() ?? null,
  };
}

/** Adds the evaluation routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceEvaluationRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/evaluations",
      summary: "List the project's performance evaluations",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "Pending and recorded evaluations, by threshold and subject.",
          content: {
            "application/json": { schema: z.object({ items: z.array(evaluationSchema) }) },
          },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const items = await listEvaluations(db, context.req.valid("param").id);
      return context.json({ items: items.map(serialise) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/evaluations/{evaluationId}",
      summary: "Get one performance evaluation",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: evaluationParameters },
      responses: {
        200: {
          description: "The evaluation.",
          content: { "application/json": { schema: evaluationSchema } },
        },
        404: errorResponse("No project or no evaluation has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, evaluationId } = context.req.valid("param");
      const evaluation = await getEvaluation(db, id, evaluationId);
      if (!evaluation) throw errors.notFound(`Evaluation ${evaluationId}`);
      return context.json(serialise(evaluation), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/evaluations/{evaluationId}",
      summary: "Record a pending performance evaluation",
      description:
        "The agency official scores each criterion from 0 to 100 and may add a comment. A recorded evaluation never changes. Long-term projects only.",
      ...secured,
      middleware: [requirePermission(accounts, "evaluation.record", projectIdOf)],
      request: {
        params: evaluationParameters,
        body: { content: { "application/json": { schema: evaluationInput } }, required: true },
      },
      responses: {
        200: {
          description: "The recorded evaluation.",
          content: { "application/json": { schema: evaluationSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        404: errorResponse("No project or no evaluation has this id."),
        409: errorResponse("The evaluation is already recorded."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, evaluationId } = context.req.valid("param");
      const evaluation = await recordEvaluation(db, id, evaluationId, context.req.valid("json"), {
        userId: context.get("principal")!.userId,
        clientAddress: clientAddress(context),
        now: accounts.clock(),
      });
      return context.json(serialise(evaluation), 200);
    },
  );
}
