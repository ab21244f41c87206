/**
 * Project routes: search, one project as OC4IDS and the bulk OC4IDS package.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { stream } from "hono/streaming";
import type { AppDependencies } from "../http/app.js";
import { errors } from "../http/errors.js";
import { log } from "../log.js";
import { writeProjectPackage } from "../projects/export-package.js";
import { projectSearchQuery, projectSummarySchema, searchProjects } from "../projects/search.js";
import { unknownStatusProblems } from "../projects/search-query.js";
import { projectToOc4ids } from "../projects/to-oc4ids.js";
import { errorResponse, idParameter, oc4idsPackageSchema, oc4idsProjectSchema } from "./schemas.js";

const listProjects = createRoute({
  method: "get",
  path: "/projects",
  summary: "Search public projects",
  tags: ["Projects"],
  request: { query: projectSearchQuery },
  responses: {
    200: {
      description: "One page of matching projects and the number of matches on all pages.",
      content: {
        "application/json": {
          schema: z
            .object({ total: z.number().int(), items: z.array(projectSummarySchema) })
            .openapi("ProjectList"),
        },
      },
    },
    400: errorResponse("A query parameter is invalid; each problem names it and says why."),
  },
});

const getProject = createRoute({
  method: "get",
  path: "/projects/{id}",
  summary: "Get a public project as OC4IDS",
  tags: ["Projects"],
  request: { params: idParameter("OC4IDS project id, including its prefix.") },
  responses: {
    200: {
      description: "The project in OC4IDS 0.9.5.",
      content: { "application/json": { schema: oc4idsProjectSchema } },
    },
    404: errorResponse("No public project has this id."),
  },
});

const getProjectPackage = createRoute({
  method: "get",
  path: "/oc4ids/project-package",
  summary: "Download every public project as one OC4IDS project package",
  tags: ["Open data"],
  responses: {
    200: {
      description: "The package, streamed as it is built.",
      content: { "application/json": { schema: oc4idsPackageSchema } },
    },
  },
});

/** Returns the public base URL of this server: the configured one, or the request's origin. */
export function publicBaseUrl(configured: string | undefined, requestUrl: string): string {
  return (configured ?? new URL(requestUrl).origin).replace(/\/+$/, "");
}

/** Adds the project routes to `api`. */
export function addProjectRoutes(api: OpenAPIHono, dependencies: AppDependencies): void {
  const { db } = dependencies.database;

  api.openapi(listProjects, async (context) => {
    const query = context.req.valid("query");
    const problems = await unknownStatusProblems(query, dependencies.config.oc4idsSchema);
    if (problems.length > 0)
      throw errors.invalidInput(problems, "Invalid request parameter: status.");
    const result = await searchProjects(db, query);
    return context.json(result, 200);
  });

  api.openapi(getProject, async (context) => {
    const { id } = context.req.valid("param");
    const baseUrl = publicBaseUrl(dependencies.config.publicUrl, context.req.url);
    const project = await projectToOc4ids(db, id, { publicBaseUrl: baseUrl });
    if (!project) throw errors.notFound(`Project ${JSON.stringify(id)}`);
    return context.json(project, 200);
  });

  // A streamed body has no typed JSON response, so the route is documented and served apart.
  api.openAPIRegistry.registerPath(getProjectPackage);
  api.get(getProjectPackage.path, (context) => {
    const baseUrl = publicBaseUrl(dependencies.config.publicUrl, context.req.url);
    context.header("Content-Type", "application/json; charset=utf-8");
    context.header("Content-Disposition", 'inline; filename="project-package.json"');
    return stream(
      context,
      async (output) => {
        const write = async (chunk: string) => {
          await output.write(chunk);
        };
        await writeProjectPackage(db, write, { publicBaseUrl: baseUrl });
      },
      // The status line is already sent, so a failure can only end the response early. The
      // truncated body is not valid JSON, which shows the client that the download failed.
      async (error) => {
        log.error({ err: error, path: context.req.path }, "project package export failed");
        await Promise.resolve();
      },
    );
  });
}
