import type { Context } from "hono";
import { Hono } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { listDirectives } from "../directives/directives.js";
import { errors } from "../http/errors.js";
import { changeMessages } from "../i18n/changes.js";
import { workspaceMessages } from "../i18n/workspace.js";
import { chooseLanguage } from "../portal/language.js";
import { listChanges } from "./changes.js";
import { ChangesPage } from "./page.js";

type PageContext = Context<WorkspaceEnv>;

/**
 * Builds the directives and changes page under /workspace/projects/:id/changes. Mount it inside
 * the workspace router, whose middleware signs the caller in.
 */
export function createChangePages(accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { db } = accounts;
  const projectIdOf = (context: PageContext) => context.req.param("id") ?? "";

  router.get(
    "/:id/changes",
    requirePermission(accounts, "project.view", projectIdOf),
    async (context) => {
      const projectId = projectIdOf(context);
      const project = await db
        .selectFrom("workspace_projects")
        .innerJoin("projects", "projects.id", "workspace_projects.project_id")
        .select("projects.title")
        .where("project_id", "=", projectId)
        .executeTakeFirst();
      if (!project) throw errors.notFound(`Registered project ${projectId}`);

      const t = chooseLanguage(context);
      const credential = context.get("credential");
      const page = {
        t,
        w: workspaceMessages(t.language),
        currentUrl: new URL(context.req.url),
        isDemo: false,
        principal: context.get("principal"),
        csrfToken: credential?.kind === "session" ? credential.csrfToken : undefined,
      };
      return context.html(
        <ChangesPage
          page={page}
          c={changeMessages(t.language)}
          projectTitle={project.title}
          directives={await listDirectives(db, projectId, accounts.clock())}
          changes={await listChanges(db, projectId)}
        />,
      );
    },
  );
  return router;
}
