import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { recordAudit } from "../accounts/audit.js";
import {
  authenticate,
  clientAddress,
  requireCsrf,
  requirePermission,
  requireSignIn,
  SESSION_COOKIE,
  type WorkspaceEnv,
} from "../accounts/middleware.js";
import { can } from "../accounts/permissions.js";
import { newSecret, secretsEqual } from "../accounts/secrets.js";
import type { AccountServices } from "../accounts/services.js";
import { createSession, deleteSession } from "../accounts/sessions.js";
import { createOrganisation, createUser, listUsers } from "../accounts/users.js";
import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { JurisdictionRole, ProjectRole } from "../db/types-accounts.js";
import { problemsFromZodError } from "../api/problems.js";
import { AppError, type Problem } from "../http/errors.js";
import { workspaceMessages } from "../i18n/workspace.js";
import { log } from "../log.js";
import { chooseLanguage } from "../portal/language.js";
import { formatMoney, toMinorUnits } from "../shared/money.js";
import { addMember } from "./members.js";
import type { WorkspacePage } from "./pages/frame.js";
import { WorkspaceHomePage } from "./pages/home-page.js";
import { LOGIN_CSRF_FIELD, LoginPage } from "./pages/login-page.js";
import { MessagePage } from "./pages/message-page.js";
import { WorkspaceProjectPage } from "./pages/project-page.js";
import { RegisterProjectPage } from "./pages/register-page.js";
import { UsersPage } from "./pages/users-page.js";
import { getWorkspaceProject, listMyProjects } from "./projects.js";
import { registrationInput } from "./registration-input.js";
import { registerProject } from "./registration.js";
import { createScheduleReportPages } from "../reports/routes.js";
import { createDisclosurePages } from "../disclosure/routes.js";
import { createChangePages } from "../changes/routes.js";
import { readOverview, type Overview } from "../dashboards/overview.js";
import { overviewQuery } from "../dashboards/overview-query.js";
import { OverviewPage } from "../dashboards/pages/overview-page.js";
import { listWaiting } from "../dashboards/waiting.js";
import { createDirectivePages } from "../directives/routes.js";
import { createEvaluationPages } from "../evaluations/routes.js";

/** Cookie that carries the sign-in form's own CSRF token before any session exists. */
const LOGIN_COOKIE = "ccs_login";

type WorkspaceContext = Context<WorkspaceEnv>;

/**
 * Builds the workspace pages mounted at /workspace: sign-in, my projects, project registration,
 * a project's overview and members, and the administrator's users page. Every page but sign-in
 * needs a session; every form POST needs the session's CSRF token.
 */
export function createWorkspaceRouter(accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { db } = accounts;
  const cookieOptions = {
    path: "/",
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: accounts.secureCookies,
  };

  const pageOf = (context: WorkspaceContext): WorkspacePage => {
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

  router.onError((error, context) => renderError(error, context as WorkspaceContext, pageOf));
  router.use("*", authenticate(accounts));

  const showLogin = (
    context: WorkspaceContext,
    email: string,
    next: string,
    problems: Problem[],
    status: 200 | 400 | 401 | 403 | 429,
  ) => {
    const loginToken = newSecret();
    setCookie(context, LOGIN_COOKIE, loginToken, { ...cookieOptions, maxAge: 3600 });
    const page = pageOf(context);
    return context.html(
      <LoginPage
        page={page}
        loginToken={loginToken}
        email={email}
        next={next}
        problems={problems}
      />,
      status,
    );
  };

  router.get("/login", (context) => {
    if (context.get("principal")) return context.redirect("/workspace", 303);
    return showLogin(context, "", safeNext(context.req.query("next")), [], 200);
  });

  router.post("/login", async (context) => {
    const form = await formOf(context);
    const email = form.email ?? "";
    const next = safeNext(form.next);
    const expected = getCookie(context, LOGIN_COOKIE);
    const sentToken = form[LOGIN_CSRF_FIELD];
    if (!expected || !sentToken || !secretsEqual(sentToken, expected)) {
      const message = pageOf(context).w.formExpired;
      return showLogin(context, email, next, [{ path: "", message }], 403);
    }

    let userId: number;
    try {
      userId = await accounts.signIn.verify(email, form.password ?? "", clientAddress(context));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return showLogin(
        context,
        email,
        next,
        [{ path: "", message: error.message }],
        error.status === 429 ? 429 : 401,
      );
    }

    const session = await createSession(
      db,
      userId,
      accounts.clock(),
      accounts.settings.sessionHours,
    );
    deleteCookie(context, LOGIN_COOKIE, { path: "/" });
    setCookie(context, SESSION_COOKIE, session.sessionId, {
      ...cookieOptions,
      expires: session.expiresAt,
    });
    return context.redirect(next, 303);
  });

  router.use("*", requireSignIn, requireCsrf);

  router.post("/logout", async (context) => {
    const credential = context.get("credential");
    if (credential?.kind === "session") await deleteSession(db, credential.sessionId);
    await recordAudit(db, {
      actorUserId: context.get("principal")?.userId ?? null,
      action: "auth.logout",
      subject: `user:${context.get("principal")?.userId}`,
      outcome: "success",
      clientAddress: clientAddress(context),
    });
    deleteCookie(context, SESSION_COOKIE, { path: "/" });
    return context.redirect("/workspace/login", 303);
  });

  router.get("/", async (context) => {
    const principal = context.get("principal")!;
    const projects = await listMyProjects(db, principal);
    const waiting = await listWaiting(
      db,
      principal,
      accounts.clock(),
      accounts.settings.approvalDays,
    );
    return context.html(
      <WorkspaceHomePage page={pageOf(context)} projects={projects} waiting={waiting} />,
    );
  });

  router.get("/overview", requirePermission(accounts, "project.list.all"), async (context) => {
    const values = context.req.query();
    const show = (overview: Overview | undefined, problems: Problem[]) =>
      context.html(
        <OverviewPage
          page={pageOf(context)}
          values={values}
          overview={overview}
          problems={problems}
          settings={accounts.settings}
        />,
        problems.length > 0 ? 400 : 200,
      );
    const parsed = overviewQuery.safeParse(values);
    if (!parsed.success) return show(undefined, problemsFromZodError(parsed.error));
    try {
      return show(await readOverview(db, parsed.data, accounts.clock(), accounts.settings), []);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      return show(undefined, error.problems);
    }
  });

  const showRegistration = async (
    context: WorkspaceContext,
    values: Record<string, string>,
    problems: Problem[],
  ) => {
    const page = pageOf(context);
    const [minimum] = Object.entries(accounts.settings.longTermMinAmount);
    const modeHint = page.w.modeHint
      .replace("{amount}", minimum ? formatMoney(minimum[1], minimum[0], page.t.language) : "")
      .replace("{months}", String(accounts.settings.longTermMinMonths));
    return context.html(
      <RegisterProjectPage
        page={page}
        values={values}
        problems={problems}
        organisations={await userOrganisations(accounts)}
        jurisdictions={await realJurisdictions(db, page.t.language)}
        modeHint={modeHint}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };

  router.get("/projects/new", requirePermission(accounts, "project.register"), (context) =>
    showRegistration(context, { currency: defaultCurrency(accounts) }, []),
  );

  router.post("/projects", requirePermission(accounts, "project.register"), async (context) => {
    const values = await formOf(context);
    const parsed = registrationInput.safeParse(values);
    if (!parsed.success)
      return showRegistration(context, values, problemsFromZodError(parsed.error));
    try {
      const registered = await registerProject(
        db,
        parsed.data,
        {
          principal: context.get("principal")!,
          clientAddress: clientAddress(context),
          now: accounts.clock(),
        },
        accounts.settings,
      );
      return context.redirect(
        `/workspace/projects/${encodeURIComponent(registered.projectId)}`,
        303,
      );
    } catch (error) {
      if (error instanceof AppError && [400, 403, 409].includes(error.status)) {
        const problems =
          error.problems.length > 0
            ? error.problems
            : [{ path: "projectId", message: error.message }];
        return showRegistration(context, values, problems);
      }
      throw error;
    }
  });

  const projectIdOf = (context: WorkspaceContext) => context.req.param("id") ?? "";

  const showProject = async (
    context: WorkspaceContext,
    values: Record<string, string>,
    problems: Problem[],
  ) => {
    const principal = context.get("principal")!;
    const project = await getWorkspaceProject(db, projectIdOf(context), principal);
    if (!project)
      throw new AppError(
        "not_found",
        404,
        `Project ${projectIdOf(context)} is not registered in the workspace.`,
      );
    const page = pageOf(context);
    const manage = can(principal, "project.members.manage", context.get("projectAccess"));
    const candidates = manage ? (await listUsers(db)).filter((user) => !user.disabled) : [];
    return context.html(
      <WorkspaceProjectPage
        page={page}
        project={project}
        amount={formatMoney(
          toMinorUnits(project.contractAmount, project.contractCurrency),
          project.contractCurrency,
          page.t.language,
        )}
        candidates={candidates}
        canManageMembers={manage}
        problems={problems}
        values={values}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };

  router.get("/projects/:id", requirePermission(accounts, "project.view", projectIdOf), (context) =>
    showProject(context, {}, []),
  );

  router.post(
    "/projects/:id/members",
    requirePermission(accounts, "project.members.manage", projectIdOf),
    async (context) => {
      const values = await formOf(context);
      const userId = Number(values.userId);
      const role = values.role as ProjectRole;
      const problems: Problem[] = [];
      if (!Number.isInteger(userId)) problems.push({ path: "userId", message: "choose a user" });
      if (!["agency_official", "supervisor", "prime_contractor", "subcontractor"].includes(role)) {
        problems.push({ path: "role", message: "choose a role" });
      }
      if (problems.length === 0) {
        try {
          await addMember(
            db,
            projectIdOf(context),
            { userId, role },
            {
              userId: context.get("principal")!.userId,
              clientAddress: clientAddress(context),
              now: accounts.clock(),
            },
          );
          return context.redirect(
            `/workspace/projects/${encodeURIComponent(projectIdOf(context))}`,
            303,
          );
        } catch (error) {
          if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409))
            throw error;
          problems.push(
            ...(error.problems.length > 0
              ? error.problems
              : [{ path: "", message: error.message }]),
          );
        }
      }
      return showProject(context, values, problems);
    },
  );

  const showUsers = async (
    context: WorkspaceContext,
    form: "user" | "organisation" | undefined,
    values: Record<string, string | string[]>,
    problems: Problem[],
  ) => {
    const organisations = await userOrganisations(accounts, true);
    return context.html(
      <UsersPage
        page={pageOf(context)}
        users={await listUsers(db)}
        organisations={organisations}
        form={form}
        values={values}
        problems={problems}
        saved={context.req.query("saved") === "1"}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };

  router.get("/users", requirePermission(accounts, "user.manage"), (context) =>
    showUsers(context, undefined, {}, []),
  );

  router.post("/users", requirePermission(accounts, "user.manage"), async (context) => {
    const body = await context.req.parseBody({ all: true });
    const text = (name: string) => (typeof body[name] === "string" ? body[name] : "");
    const roles = ([] as unknown[])
      .concat(body.jurisdictionRoles ?? [])
      .filter((role): role is string => typeof role === "string");
    const values = {
      displayName: text("displayName"),
      email: text("email"),
      organisationId: text("organisationId"),
      jurisdictionRoles: roles,
    };
    try {
      await createUser(
        db,
        { ...values, password: text("password"), jurisdictionRoles: roles as JurisdictionRole[] },
        { userId: context.get("principal")!.userId, clientAddress: clientAddress(context) },
      );
      return context.redirect("/workspace/users?saved=1", 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      return showUsers(context, "user", values, error.problems);
    }
  });

  router.post(
    "/organisations",
    requirePermission(accounts, "organisation.manage"),
    async (context) => {
      const values = await formOf(context);
      try {
        await createOrganisation(db, values as { name: string }, {
          userId: context.get("principal")!.userId,
          clientAddress: clientAddress(context),
        });
        return context.redirect("/workspace/users?saved=1", 303);
      } catch (error) {
        if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409))
          throw error;
        const problems =
          error.problems.length > 0 ? error.problems : [{ path: "name", message: error.message }];
        return showUsers(context, "organisation", values, problems);
      }
    },
  );

  router.route("/projects", createScheduleReportPages(accounts));
  router.route("/projects", createChangePages(accounts));
  router.route("/projects", createDirectivePages(accounts));
  router.route("/projects", createEvaluationPages(accounts));
  router.route("/jurisdictions", createDisclosurePages(accounts));

  return router;
}

/** Reads a form body as text fields; file fields are dropped. */
async function formOf(context: WorkspaceContext): Promise<Record<string, string>> {
  const body = await context.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** Keeps a post-sign-in target inside the workspace, so a link cannot send users elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/workspace(\/[^/\\]|$|\?)/.test(next) ? next : "/workspace";
}

function defaultCurrency(accounts: AccountServices): string {
  return Object.keys(accounts.settings.longTermMinAmount)[0] ?? "";
}

/** Organisations users belong to, by name: the choices for an agency or a new user. */
async function userOrganisations(
  accounts: AccountServices,
  all = false,
): Promise<{ id: string; name: string }[]> {
  let query = accounts.db.selectFrom("organisations").select(["id", "name"]).orderBy("name");
  if (!all) {
    query = query.where(
      "id",
      "in",
      accounts.db
        .selectFrom("users")
        .select("organisation_id")
        .where("organisation_id", "is not", null)
        .$castTo<string>(),
    );
  } else {
    // Organisations created in the workspace, and those users already belong to. Imported
    // organisations can run to thousands, so they are left out of the list.
    query = query.where((eb) =>
      eb.or([
        eb(
          "id",
          "in",
          eb
            .selectFrom("users")
            .select("organisation_id")
            .where("organisation_id", "is not", null)
            .$castTo<string>(),
        ),
        eb(
          "id",
          "in",
          eb
            .selectFrom("events")
            .select("entity_id")
            .where("entity_type", "=", "organisation")
            .where("actor", "like", "user:%"),
        ),
      ]),
    );
  }
  return query.limit(1000).execute();
}

/** Renders an error as a page: sign-in for 401, a message page otherwise. */
export function renderError(
  error: Error,
  context: WorkspaceContext,
  pageOf: (context: WorkspaceContext) => WorkspacePage,
) {
  const page = pageOf(context);
  if (error instanceof AppError && error.status === 401) {
    const next = new URL(context.req.url);
    return context.redirect(
      `/workspace/login?next=${encodeURIComponent(next.pathname + next.search)}`,
      303,
    );
  }
  if (error instanceof AppError) {
    const heading =
      error.status === 403
        ? page.w.forbiddenHeading
        : error.status === 404
          ? page.w.notFoundHeading
          : page.w.errorHeading;
    return context.html(
      <MessagePage page={page} heading={heading} message={error.message} />,
      error.status,
    );
  }
  log.error(
    { err: error, correlationId: context.get("correlationId"), path: context.req.path },
    "workspace request failed",
  );
  return context.html(
    <MessagePage
      page={page}
      heading={page.w.errorHeading}
      message={`Correlation id: ${context.get("correlationId")}`}
    />,
    500,
  );
}

/** Lists the jurisdictions a new project may join, named in `language`, demo ones left out. */
async function realJurisdictions(
  db: Kysely<DB>,
  language: string,
): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom("jurisdictions")
    .select(["id", "name"])
    .where("is_demo", "=", false)
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name[language] ?? row.name.en ?? row.id }));
}
