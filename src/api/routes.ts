import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import type { AppDependencies } from "../http/app.js";
import { addOrganisationRoutes } from "./organisations.js";
import { invalidParameters } from "./problems.js";
import { addProjectHistoryRoute } from "./project-history.js";
import { addProjectRoutes } from "./projects.js";

/**
 * Builds the public JSON API mounted at /api/v1. Every route is a GET that needs no sign-in.
 * The zod schemas that validate requests also generate the OpenAPI document at /openapi.json.
 */
export function createApiRouter(dependencies: AppDependencies): OpenAPIHono {
  const api = new OpenAPIHono({
    // Validation failures become the "invalid_input" error, rendered by the application's
    // error handler like every other error.
    defaultHook: (result) => {
      if (!result.success) throw invalidParameters(result.error);
    },
  });

  api.use("*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"] }));

  addProjectRoutes(api, dependencies);
  addProjectHistoryRoute(api, dependencies);
  addOrganisationRoutes(api, dependencies);

  api.doc("/openapi.json", (context) => ({
    openapi: "3.0.3",
    info: {
      title: "Clean Construction API",
      version: "1",
      description:
        "Public data on construction projects: search, OC4IDS 0.9.5 projects and packages, the record history of each project, and organisations.",
    },
    servers: [{ url: `${new URL(context.req.url).origin}/api/v1` }],
  }));
  return api;
}
