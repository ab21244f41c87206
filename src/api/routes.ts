import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import type { AccountServices } from "../accounts/services.js";
import type { AppDependencies } from "../http/app.js";
import { addOrganisationRoutes } from "./organisations.js";
import { validationHook } from "./problems.js";
import { addProjectHistoryRoute } from "./project-history.js";
import { addProjectRoutes } from "./projects.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { registerSelfcheckDocs } from "../selfcheck/openapi.js";
import { createWorkspaceApiRouter } from "./workspace.js";
import { createWorkspaceImportsApi } from "./workspace-imports.js";
import { createWorkspacePhotosApi } from "./workspace-photos.js";
import { createWorkspaceDocumentsApi } from "./workspace-documents.js";

/**
 * Builds the JSON API mounted at /api/v1: the public routes, GETs that need no sign-in, and the
 * workspace routes under /auth and /workspace (see `createWorkspaceApiRouter`). The zod schemas
 * that validate requests also generate the OpenAPI document at /openapi.json.
 */
export function createApiRouter(
  dependencies: AppDependencies,
  accounts: AccountServices,
): OpenAPIHono {
  const api = new OpenAPIHono({
    // Validation failures become the "invalid_input" error, rendered by the application's
    // error handler like every other error.
    defaultHook: validationHook,
  });

  api.use("*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"] }));

  addProjectRoutes(api, dependencies);
  addProjectHistoryRoute(api, dependencies);
  addOrganisationRoutes(api, dependencies);
  // Before the other workspace routes, so that the upload size limit runs before any body is read.
  api.route("/", createWorkspaceImportsApi(dependencies, accounts));
  api.route("/", createWorkspacePhotosApi(dependencies, accounts));
  api.route("/", createWorkspaceDocumentsApi(dependencies, accounts));
  // The server passes the bank its settings name (see BANK); tests that pass none get a
  // simulated bank held in memory.
  api.route("/", createWorkspaceApiRouter(accounts, dependencies.bank ?? new SimulatedBank()));

  // The self-check's routes are served before this router; only their description is here.
  registerSelfcheckDocs(api);

  api.doc("/openapi.json", (context) => ({
    openapi: "3.0.3",
    info: {
      title: "Clean Construction API",
      version: "1",
      description:
        "Public data on construction projects: search, OC4IDS 0.9.5 projects and packages, the record history of each project, and organisations. The workspace routes need a bearer token from POST /auth/login.",
    },
    servers: [{ url: `${new URL(context.req.url).origin}/api/v1` }],
  }));
  return api;
}
