/**
 * The router of a project's document, site photo and safety pages under
 * /workspace/projects/:id. It is mounted before the rest of the workspace so that the size
 * limit of an upload runs before anything, the CSRF check included, reads the body.
 */
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  authenticate,
  clientAddress,
  requireCsrf,
  requirePermission,
  requireSignIn,
  type WorkspaceEnv,
} from "../accounts/middleware.js";
import { can, type Action } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { addPayeeAccountPages } from "../claims/accounts-page.js";
import { addAttendanceImportPages } from "../claims/attendance-import-page.js";
import { addRetentionPages } from "../claims/retention-page.js";
import { addDocumentPages } from "../documents/routes.js";
import type { AppDependencies } from "../http/app.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import { siteRecordMessages } from "../i18n/site-records.js";
import { workspaceMessages } from "../i18n/workspace.js";
import { addPhotoPages } from "../photos/routes.js";
import { chooseLanguage } from "../portal/language.js";
import { addSafetyPages } from "../safety/routes.js";
import type { WorkspacePage } from "./pages/frame.js";
import type { SitePage } from "./pages/site-page.js";
import { renderError } from "./routes.js";

/** A request to one of the project's pages. */
export type SiteContext = Context<WorkspaceEnv>;

/** Services and request helpers shared by the document, photo and safety pages. */
export interface SiteTools {
  accounts: AccountServices;
  dependencies: AppDependencies;
  projectIdOf(context: SiteContext): string;
  /** The page context with the project's title; 404 when the project is not registered. */
  pageOf(context: SiteContext): Promise<SitePage>;
  actorOf(context: SiteContext): { userId: number; clientAddress: string | null; now: Date };
  /** Tells whether the caller may take `action` in the project checked by the route. */
  may(context: SiteContext, action: Action): boolean;
  /** Redirects with 303 to a path under the project, so that reloading never posts again. */
  redirectTo(context: SiteContext, rest: string): Response;
  /** The text fields of a form body; file fields are dropped. */
  formOf(context: SiteContext): Promise<Record<string, string>>;
  /** The problems of a refused input (400, 409 or 413), or rethrows anything else. */
  inputProblems(error: unknown): Problem[];
  /**
   * The middleware of a POST: the permission check, then a body size limit when `maxBytes` is
   * given (an oversized body gets the response of `tooLarge`), then the CSRF check.
   */
  post(
    action: Action,
    limit?: { maxBytes: number; tooLarge: (context: SiteContext) => Response | Promise<Response> },
  ): MiddlewareHandler<WorkspaceEnv>;
  /** The permission check of a page that only reads. */
  read(action: Action): MiddlewareHandler<WorkspaceEnv>;
}

/** Builds the document, photo and safety pages, mounted at /workspace/projects. */
export function createSitePages(
  dependencies: AppDependencies,
  accounts: AccountServices,
): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { db } = accounts;
  const basePage = (context: SiteContext): WorkspacePage => {
    const t = chooseLanguage(context);
    const credential = context.get("credential");
    return {
      t,
      w: workspaceMessages(t.language),
      currentUrl: new URL(context.req.url),
      isDemo: false,
      principal: context.get("principal"),
      csrfToken: credential?.kind === "session" ? credential.csrfToken : undefined,
    };
  };
  router.onError((error, context) => renderError(error, context as SiteContext, basePage));
  const areas = [
    "documents",
    "photos",
    "safety",
    "final-inspection",
    "bank-accounts",
    "attendance-import",
    "retention",
  ];
  for (const area of areas) {
    router.use(`/:id/${area}`, authenticate(accounts), requireSignIn);
    router.use(`/:id/${area}/*`, authenticate(accounts), requireSignIn);
  }

  const projectIdOf = (context: SiteContext) => context.req.param("id") ?? "";
  const tools: SiteTools = {
    accounts,
    dependencies,
    projectIdOf,
    pageOf: async (context) => {
      const projectId = projectIdOf(context);
      const project = await db
        .selectFrom("workspace_projects")
        .innerJoin("projects", "projects.id", "workspace_projects.project_id")
        .select("projects.title")
        .where("project_id", "=", projectId)
        .executeTakeFirst();
      if (!project) throw errors.notFound(`Registered project ${projectId}`);
      const page = basePage(context);
      return {
        ...page,
        s: siteRecordMessages(page.t.language),
        projectId,
        projectTitle: project.title ?? projectId,
      };
    },
    actorOf: (context) => ({
      userId: context.get("principal")!.userId,
      clientAddress: clientAddress(context),
      now: accounts.clock(),
    }),
    may: (context, action) => can(context.get("principal"), action, context.get("projectAccess")),
    redirectTo: (context, rest) =>
      context.redirect(
        `/workspace/projects/${encodeURIComponent(projectIdOf(context))}${rest}`,
        303,
      ),
    formOf: async (context) =>
      Object.fromEntries(
        Object.entries(await context.req.parseBody()).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      ),
    inputProblems: (error) => {
      if (error instanceof AppError && [400, 409, 413].includes(error.status)) {
        return error.problems.length > 0 ? error.problems : [{ path: "", message: error.message }];
      }
      throw error;
    },
    post: (action, limit) =>
      chain([
        requirePermission(accounts, action, projectIdOf),
        ...(limit
          ? [
              bodyLimit({
                // Room for the multipart boundaries and the form's text fields.
                maxSize: limit.maxBytes + 64 * 1024,
                onError: (context) => limit.tooLarge(context as SiteContext),
              }),
            ]
          : []),
        requireCsrf,
      ]),
    read: (action) => requirePermission(accounts, action, projectIdOf),
  };

  addDocumentPages(router, tools);
  addPhotoPages(router, tools);
  addSafetyPages(router, tools);
  addPayeeAccountPages(router, tools);
  addAttendanceImportPages(router, tools);
  addRetentionPages(router, tools);
  return router;
}

/**
 * Runs middleware one after the other as one middleware. One that returns a response without
 * calling `next`, such as the size limit, ends the chain with that response.
 */
function chain(handlers: MiddlewareHandler<WorkspaceEnv>[]): MiddlewareHandler<WorkspaceEnv> {
  return async (context, next) => {
    const run = async (index: number): Promise<void> => {
      const handler = handlers[index];
      if (!handler) return next();
      const response = await handler(context, () => run(index + 1));
      // Hono's own chaining stores a returned response the same way.
      if (response instanceof Response) context.res = response;
    };
    await run(0);
  };
}
