/**
 * Helpers shared by the page routes inside one workspace project: the project's page context,
 * the caller as an actor, permission checks, form reading, redirects and the problems of a
 * rejected input.
 */
import type { Context } from "hono";
import { clientAddress, type WorkspaceEnv } from "../accounts/middleware.js";
import { can, type Action } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import { changeMessages, type ChangeMessages } from "../i18n/changes.js";
import { evaluationMessages, type EvaluationMessages } from "../i18n/evaluations.js";
import { scheduleReportMessages } from "../i18n/schedule-reports.js";
import { workspaceMessages } from "../i18n/workspace.js";
import { chooseLanguage } from "../portal/language.js";
import type { ReportsPage } from "../reports/pages.js";

/** The request context of a workspace page. */
export type PageContext = Context<WorkspaceEnv>;

/** The page context of the directive, change and evaluation pages. */
export interface ProjectWorkPage extends ReportsPage {
  c: ChangeMessages;
  e: EvaluationMessages;
  /** The registered project's contract currency, the default of money fields. */
  contractCurrency: string;
}

/** Returns the helpers of the project page routes, bound to `accounts`. */
export function projectPageKit(accounts: AccountServices) {
  const { db } = accounts;
  const projectIdOf = (context: PageContext) => context.req.param("id") ?? "";

  const pageOf = async (context: PageContext): Promise<ProjectWorkPage> => {
    const t = chooseLanguage(context);
    const credential = context.get("credential");
    const projectId = projectIdOf(context);
    const project = await db
      .selectFrom("workspace_projects")
      .innerJoin("projects", "projects.id", "workspace_projects.project_id")
      .select(["projects.title", "workspace_projects.contract_currency"])
      .where("project_id", "=", projectId)
      .executeTakeFirst();
    if (!project) throw errors.notFound(`Registered project ${projectId}`);
    return {
      t,
      w: workspaceMessages(t.language),
      r: scheduleReportMessages(t.language),
      c: changeMessages(t.language),
      e: evaluationMessages(t.language),
      currentUrl: new URL(context.req.url),
      isDemo: false,
      principal: context.get("principal"),
      csrfToken: credential?.kind === "session" ? credential.csrfToken : undefined,
      projectId,
      projectTitle: project.title ?? projectId,
      contractCurrency: project.contract_currency,
    };
  };

  return {
    projectIdOf,
    pageOf,
    actorOf: (context: PageContext) => ({
      userId: context.get("principal")!.userId,
      clientAddress: clientAddress(context),
      now: accounts.clock(),
    }),
    may: (context: PageContext, action: Action) =>
      can(context.get("principal"), action, context.get("projectAccess")),
    redirectTo: (context: PageContext, rest: string) =>
      context.redirect(
        `/workspace/projects/${encodeURIComponent(projectIdOf(context))}${rest}`,
        303,
      ),
    /** Reads a form's text fields; file fields are ignored. */
    formOf: async (context: PageContext): Promise<Record<string, string>> =>
      Object.fromEntries(
        Object.entries(await context.req.parseBody()).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      ),
    inputProblems,
  };
}

/**
 * Returns the problems of an input that a service rejected (400) or that its status no longer
 * allows (409), to show on the form, and rethrows any other error.
 */
export function inputProblems(error: unknown): Problem[] {
  if (error instanceof AppError && (error.status === 400 || error.status === 409)) {
    return error.problems.length > 0 ? error.problems : [{ path: "", message: error.message }];
  }
  throw error;
}

/** Loads the organisations of a project's members and its agency, by name. */
export async function projectOrganisations(
  accounts: AccountServices,
  projectId: string,
): Promise<{ id: string; name: string }[]> {
  const { db } = accounts;
  const members = await db
    .selectFrom("project_memberships")
    .innerJoin("users", "users.id", "project_memberships.user_id")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select(["organisations.id", "organisations.name"])
    .where("project_memberships.project_id", "=", projectId)
    .execute();
  const agency = await db
    .selectFrom("workspace_projects")
    .innerJoin("organisations", "organisations.id", "workspace_projects.agency_id")
    .select(["organisations.id", "organisations.name"])
    .where("workspace_projects.project_id", "=", projectId)
    .execute();
  const byId = new Map([...agency, ...members].map((row) => [row.id, row.name]));
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
