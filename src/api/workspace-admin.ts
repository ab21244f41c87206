/**
 * Workspace administration routes: the caller's own account, users, organisations and the
 * audit trail.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listAuditEvents } from "../accounts/audit.js";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import {
  createOrganisation,
  createUser,
  JURISDICTION_ROLES,
  listUsers,
} from "../accounts/users.js";
import { errorResponse } from "./schemas.js";

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: accounts"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};

const userSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    organisationId: z.string().nullable(),
    disabled: z.boolean(),
    jurisdictionRoles: z.array(z.string()),
  })
  .openapi("User");

const newUserBody = z
  .object({
    email: z.string({ error: "is missing" }),
    displayName: z.string({ error: "is missing" }),
    password: z.string({ error: "is missing" }),
    organisationId: z.string().optional(),
    jurisdictionRoles: z
      .array(z.enum(JURISDICTION_ROLES as [string, ...string[]]))
      .optional()
      .openapi({ description: `Any of: ${JURISDICTION_ROLES.join(", ")}.` }),
  })
  .openapi("NewUser");

const newOrganisationBody = z
  .object({
    name: z.string({ error: "is missing" }),
    identifierScheme: z
      .string()
      .optional()
      .openapi({ description: "org-id.guide scheme, e.g. KR-BRN." }),
    identifierId: z.string().optional(),
  })
  .openapi("NewOrganisation");

/** Adds the administration routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceAdminRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/me",
      summary: "Get the signed-in user and its jurisdiction roles",
      ...secured,
      responses: {
        200: {
          description: "The caller.",
          content: {
            "application/json": {
              schema: z.object({
                userId: z.number().int(),
                displayName: z.string(),
                organisationId: z.string().nullable(),
                jurisdictionRoles: z.array(z.string()),
              }),
            },
          },
        },
        401: denied[401],
      },
    }),
    (context) => {
      const principal = context.get("principal")!;
      return context.json(
        { ...principal, jurisdictionRoles: [...principal.jurisdictionRoles] },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/users",
      summary: "List users",
      ...secured,
      middleware: [requirePermission(accounts, "user.manage")],
      responses: {
        200: {
          description: "Every user, by name.",
          content: { "application/json": { schema: z.object({ items: z.array(userSchema) }) } },
        },
        ...denied,
      },
    }),
    async (context) => context.json({ items: await listUsers(db) }, 200),
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/users",
      summary: "Create a user",
      ...secured,
      middleware: [requirePermission(accounts, "user.manage")],
      request: {
        body: { content: { "application/json": { schema: newUserBody } }, required: true },
      },
      responses: {
        201: { description: "The user.", content: { "application/json": { schema: userSchema } } },
        400: errorResponse("A field is invalid or the e-mail address is taken."),
        ...denied,
      },
    }),
    async (context) => {
      const body = context.req.valid("json");
      const user = await createUser(
        db,
        {
          ...body,
          jurisdictionRoles: body.jurisdictionRoles as (typeof JURISDICTION_ROLES)[number][],
        },
        { userId: context.get("principal")!.userId, clientAddress: clientAddress(context) },
      );
      return context.json(user, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/organisations",
      summary: "Create an organisation",
      description:
        "The id follows the import rule: `<scheme>-<identifier>` with an identifier, otherwise `name-` and the folded name.",
      ...secured,
      middleware: [requirePermission(accounts, "organisation.manage")],
      request: {
        body: { content: { "application/json": { schema: newOrganisationBody } }, required: true },
      },
      responses: {
        201: {
          description: "The organisation.",
          content: {
            "application/json": { schema: z.object({ id: z.string(), name: z.string() }) },
          },
        },
        400: errorResponse("A field is invalid."),
        409: errorResponse("An organisation with this id exists."),
        ...denied,
      },
    }),
    async (context) => {
      const organisation = await createOrganisation(db, context.req.valid("json"), {
        userId: context.get("principal")!.userId,
        clientAddress: clientAddress(context),
      });
      return context.json(organisation, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/audit-events",
      summary: "Read the audit trail, newest first",
      ...secured,
      middleware: [requirePermission(accounts, "audit.read")],
      request: {
        query: z.object({
          actorUserId: z.coerce.number().int().optional(),
          subject: z
            .string()
            .optional()
            .openapi({ description: 'e.g. "project:<id>" or "user:7"' }),
          before: z.coerce
            .number()
            .int()
            .optional()
            .openapi({ description: "Entries with a lower id." }),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: {
          description: "One page of entries.",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(
                  z.object({
                    id: z.number().int(),
                    occurredAt: z.string().openapi({ format: "date-time" }),
                    actorUserId: z.number().int().nullable(),
                    action: z.string(),
                    subject: z.string().nullable(),
                    outcome: z.string(),
                    clientAddress: z.string().nullable(),
                    details: z.record(z.string(), z.unknown()),
                  }),
                ),
              }),
            },
          },
        },
        ...denied,
      },
    }),
    async (context) => {
      const rows = await listAuditEvents(db, context.req.valid("query"));
      const items = rows.map((row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        actorUserId: row.actor_user_id,
        action: row.action,
        subject: row.subject,
        outcome: row.outcome,
        clientAddress: row.client_address,
        details: row.details,
      }));
      return context.json({ items }, 200);
    },
  );
}
