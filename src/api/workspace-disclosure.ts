/**
 * Workspace routes of the disclosure policy: read a jurisdiction's policy and change which
 * categories of workspace records the public portal shows.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import {
  loadDisclosurePolicy,
  updateDisclosurePolicy,
  type PolicyEntry,
} from "../disclosure/policy.js";
import { errorResponse } from "./schemas.js";

const policySchema = z
  .object({
    jurisdictionId: z.string(),
    categories: z.array(
      z.object({
        category: z.string(),
        description: z.string(),
        isPublic: z.boolean(),
        publicByDefault: z.boolean(),
        adjustable: z.boolean().openapi({
          description: "False for personal data, which always stays private.",
        }),
        updatedBy: z.number().int().nullable(),
        updatedAt: z.string().nullable().openapi({ format: "date-time" }),
      }),
    ),
  })
  .openapi("DisclosurePolicy");

const policyUpdate = z
  .object({
    categories: z.record(z.string(), z.boolean({ error: "must be true (public) or false" }), {
      error: "must be an object of category names to true (public) or false (private)",
    }),
  })
  .openapi("DisclosurePolicyUpdate");

const jurisdictionParameter = z.object({
  jurisdictionId: z
    .string()
    .min(1, "must not be empty")
    .max(200, "must be at most 200 characters")
    .openapi({ param: { name: "jurisdictionId", in: "path" } }),
});

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: disclosure policy"] };

function serialisePolicy(jurisdictionId: string, entries: PolicyEntry[]) {
  return {
    jurisdictionId,
    categories: entries.map((entry) => ({
      ...entry,
      updatedAt: entry.updatedAt?.toISOString() ?? null,
    })),
  };
}

/** Adds the disclosure policy routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceDisclosureRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/jurisdictions/{jurisdictionId}/disclosure-policy",
      summary: "Get the disclosure policy of a jurisdiction",
      description: "Any signed-in user may read which categories the public portal shows.",
      ...secured,
      request: { params: jurisdictionParameter },
      responses: {
        200: {
          description: "Every category, public or private.",
          content: { "application/json": { schema: policySchema } },
        },
        401: errorResponse("No valid token or session."),
        404: errorResponse("No jurisdiction has this id."),
      },
    }),
    async (context) => {
      const { jurisdictionId } = context.req.valid("param");
      const entries = await loadDisclosurePolicy(accounts.db, jurisdictionId);
      return context.json(serialisePolicy(jurisdictionId, entries), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/workspace/jurisdictions/{jurisdictionId}/disclosure-policy",
      summary: "Make categories public or private",
      description:
        "Sets the listed categories; the others keep their setting. Applies to records published from then on, when they are approved. Personal data cannot be made public. Administrators only.",
      ...secured,
      middleware: [requirePermission(accounts, "disclosure.policy.manage")],
      request: {
        params: jurisdictionParameter,
        body: { content: { "application/json": { schema: policyUpdate } }, required: true },
      },
      responses: {
        200: {
          description: "The policy after the change.",
          content: { "application/json": { schema: policySchema } },
        },
        400: errorResponse("An unknown category, or personal data made public. Nothing is stored."),
        401: errorResponse("No valid token or session."),
        403: errorResponse("Only an administrator may change the policy."),
        404: errorResponse("No jurisdiction has this id."),
      },
    }),
    async (context) => {
      const { jurisdictionId } = context.req.valid("param");
      const entries = await updateDisclosurePolicy(
        accounts.db,
        jurisdictionId,
        context.req.valid("json").categories,
        {
          userId: context.get("principal")!.userId,
          clientAddress: clientAddress(context),
          now: accounts.clock(),
        },
      );
      return context.json(serialisePolicy(jurisdictionId, entries), 200);
    },
  );
}
