/**
 * Workspace project routes: register a project, list and read registered projects, and link
 * users to them.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { errors } from "../http/errors.js";
import { addMember, PROJECT_ROLES, removeMember } from "../workspace/members.js";
import { getWorkspaceProject, listMyProjects } from "../workspace/projects.js";
import { registrationInput } from "../workspace/registration-input.js";
import { registerProject } from "../workspace/registration.js";
import { errorResponse, idParameter } from "./schemas.js";

const projectRole = z.enum(PROJECT_ROLES as [string, ...string[]], {
  error: `must be one of: ${PROJECT_ROLES.join(", ")}`,
});

const memberSchema = z
  .object({
    userId: z.number().int(),
    displayName: z.string(),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    role: z.string(),
    addedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("ProjectMember");

const summarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    mode: z.enum(["long_term", "short_term"]),
    agencyName: z.string(),
    startDate: z.string().openapi({ format: "date" }),
    plannedCompletionDate: z.string().openapi({ format: "date" }),
    roles: z.array(z.string()),
  })
  .openapi("WorkspaceProjectSummary");

const projectSchema = summarySchema
  .extend({
    agencyId: z.string(),
    contractAmount: z.number(),
    contractCurrency: z.string(),
    registeredAt: z.string().openapi({ format: "date-time" }),
    members: z.array(memberSchema),
  })
  .openapi("WorkspaceProject");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: projects"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

/** Adds the workspace project routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceProjectRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects",
      summary: "Register a project when its contract is signed",
      description:
        "Registers a new project, or one already imported from OC4IDS (`projectId`). The mode " +
        "(long_term or short_term) follows the jurisdiction's thresholds. Allowed for " +
        "administrators, agency managers and agency officials.",
      ...secured,
      middleware: [requirePermission(accounts, "project.register")],
      request: {
        body: { content: { "application/json": { schema: registrationInput } }, required: true },
      },
      responses: {
        201: {
          description: "The registered project.",
          content: { "application/json": { schema: projectSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        409: errorResponse("The project is already registered."),
        ...denied,
      },
    }),
    async (context) => {
      const principal = context.get("principal")!;
      const registered = await registerProject(
        db,
        context.req.valid("json"),
        { principal, clientAddress: clientAddress(context), now: accounts.clock() },
        accounts.settings,
      );
      const project = await getWorkspaceProject(db, registered.projectId, principal);
      return context.json(serialiseProject(project!), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects",
      summary: "List the registered projects the caller works on",
      description: "Oversight roles (administrator, agency manager, auditor) see every project.",
      ...secured,
      responses: {
        200: {
          description: "The projects, newest registration first.",
          content: {
            "application/json": { schema: z.object({ items: z.array(summarySchema) }) },
          },
        },
        401: denied[401],
      },
    }),
    async (context) => {
      const items = await listMyProjects(db, context.get("principal")!);
      return context.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}",
      summary: "Get a registered project with its members",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "The project.",
          content: { "application/json": { schema: projectSchema } },
        },
        404: errorResponse("No registered project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const project = await getWorkspaceProject(db, id, context.get("principal")!);
      if (!project) throw errors.notFound(`Registered project ${id}`);
      return context.json(serialiseProject(project), 200);
    },
  );

  const membershipBody = z
    .object({ userId: z.number({ error: "must be a user id" }).int(), role: projectRole })
    .openapi("ProjectMembership");

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/members",
      summary: "Link a user to a project in a role",
      ...secured,
      middleware: [requirePermission(accounts, "project.members.manage", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: { content: { "application/json": { schema: membershipBody } }, required: true },
      },
      responses: {
        201: {
          description: "The project's members after the change.",
          content: { "application/json": { schema: z.object({ members: z.array(memberSchema) }) } },
        },
        400: errorResponse("The user or role is invalid."),
        404: errorResponse("No project has this id."),
        409: errorResponse("The user already holds the role, or the project is not registered."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const body = context.req.valid("json");
      await addMember(
        db,
        id,
        { userId: body.userId, role: body.role as (typeof PROJECT_ROLES)[number] },
        actorOf(context, accounts),
      );
      const project = await getWorkspaceProject(db, id, context.get("principal")!);
      return context.json({ members: serialiseProject(project!).members }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/workspace/projects/{id}/members/{userId}/{role}",
      summary: "Remove a user's role from a project",
      ...secured,
      middleware: [requirePermission(accounts, "project.members.manage", projectIdOf)],
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .openapi({ param: { name: "id", in: "path" } }),
          userId: z.coerce
            .number({ error: "must be a user id" })
            .int()
            .openapi({ param: { name: "userId", in: "path" } }),
          role: projectRole.openapi({ param: { name: "role", in: "path" } }),
        }),
      },
      responses: {
        204: { description: "Removed." },
        404: errorResponse("The project, or the user's role in it, was not found."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, userId, role } = context.req.valid("param");
      await removeMember(
        db,
        id,
        { userId, role: role as (typeof PROJECT_ROLES)[number] },
        actorOf(context, accounts),
      );
      return context.body(null, 204);
    },
  );
}

function actorOf(context: Context<WorkspaceEnv>, accounts: AccountServices) {
  return {
    userId: context.get("principal")!.userId,
    clientAddress: clientAddress(context),
    now: accounts.clock(),
  };
}

function serialiseProject(project: NonNullable<Awaited<ReturnType<typeof getWorkspaceProject>>>) {
  return {
    ...project,
    registeredAt: project.registeredAt.toISOString(),
    members: project.members.map((member) => ({
      ...member,
      addedAt: member.addedAt.toISOString(),
    })),
  };
}
