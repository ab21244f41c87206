import type { Context } from "hono";
import { Hono } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import { can } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { problemsFromZodError } from "../api/problems.js";
import { moveReport } from "../api/workspace-reports.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import { scheduleReportMessages } from "../i18n/schedule-reports.js";
import { workspaceMessages } from "../i18n/workspace.js";
import { chooseLanguage } from "../portal/language.js";
import { SchedulePage } from "../schedule/page.js";
import { scheduleInput } from "../schedule/schedule-input.js";
import {
  decideSchedule,
  getSchedule,
  listSchedules,
  submitSchedule,
} from "../schedule/schedules.js";
import { clientAddress } from "../accounts/middleware.js";
import { loadApprovedItems } from "./actual-progress.js";
import {
  getDailyReport,
  listDailyReports,
  permissionFor,
  submitDailyReport,
  type ReportStep,
} from "./daily-reports.js";
import { dailyReportFromForm, scheduleFromForm } from "./form-values.js";
import {
  DailyReportFormPage,
  DailyReportPage,
  ReportListPage,
  RollupPage,
  type ReportsPage,
} from "./pages.js";
import { dailyReportInput, rejectionInput } from "./report-input.js";
import { monthOf, rollUp, weekOf } from "./rollups.js";

type PageContext = Context<WorkspaceEnv>;

/**
 * Builds the schedule and daily report pages under /workspace/projects/:id. Mount it inside the
 * workspace router, whose middleware signs the caller in and checks CSRF tokens.
 */
export function createScheduleReportPages(accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { db } = accounts;
  const projectIdOf = (context: PageContext) => context.req.param("id") ?? "";
  const view = requirePermission(accounts, "project.view", projectIdOf);
  const actorOf = (context: PageContext) => ({
    userId: context.get("principal")!.userId,
    clientAddress: clientAddress(context),
    now: accounts.clock(),
  });
  const may = (context: PageContext, action: Parameters<typeof can>[1]) =>
    can(context.get("principal"), action, context.get("projectAccess"));

  const pageOf = async (context: PageContext): Promise<ReportsPage> => {
    const t = chooseLanguage(context);
    const credential = context.get("credential");
    const projectId = projectIdOf(context);
    const project = await db
      .selectFrom("workspace_projects")
      .innerJoin("projects", "projects.id", "workspace_projects.project_id")
      .select("projects.title")
      .where("project_id", "=", projectId)
      .executeTakeFirst();
    if (!project) throw errors.notFound(`Registered project ${projectId}`);
    return {
      t,
      w: workspaceMessages(t.language),
      r: scheduleReportMessages(t.language),
      currentUrl: new URL(context.req.url),
      isDemo: false,
      principal: context.get("principal"),
      csrfToken: credential?.kind === "session" ? credential.csrfToken : undefined,
      projectId,
      projectTitle: project.title ?? projectId,
    };
  };
  const redirectTo = (context: PageContext, rest: string) =>
    context.redirect(`/workspace/projects/${encodeURIComponent(projectIdOf(context))}${rest}`, 303);
  const formOf = async (context: PageContext) =>
    Object.fromEntries(
      Object.entries(await context.req.parseBody()).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      ),
    );
  /** Problems of a rejected input, or rethrows anything else. */
  const inputProblems = (error: unknown): Problem[] => {
    if (error instanceof AppError && (error.status === 400 || error.status === 409)) {
      return error.problems.length > 0 ? error.problems : [{ path: "", message: error.message }];
    }
    throw error;
  };

  // Schedule.
  const showSchedule = async (
    context: PageContext,
    values: Record<string, string>,
    problems: Problem[],
  ) => {
    const projectId = projectIdOf(context);
    const versions = await listSchedules(db, projectId);
    const pending = versions.find((version) => version.status === "submitted");
    const shown = await getSchedule(db, projectId, pending ? pending.version : "approved");
    return context.html(
      <SchedulePage
        page={await pageOf(context)}
        shown={shown}
        versions={versions.map((version) => ({
          version: version.version,
          status: version.status,
          rejectionReason: version.rejection_reason,
        }))}
        canSubmit={may(context, "schedule.submit") && pending === undefined}
        canDecide={may(context, "schedule.approve")}
        values={values}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };
  router.get("/:id/schedule", view, (context) => showSchedule(context, {}, []));
  router.post(
    "/:id/schedule",
    requirePermission(accounts, "schedule.submit", projectIdOf),
    async (context) => {
      const values = await formOf(context);
      const parsed = scheduleInput.safeParse(scheduleFromForm(values));
      let problems: Problem[];
      if (parsed.success) {
        try {
          await submitSchedule(db, projectIdOf(context), parsed.data, actorOf(context));
          return redirectTo(context, "/schedule");
        } catch (error) {
          problems = inputProblems(error);
        }
      } else {
        problems = problemsFromZodError(parsed.error);
      }
      return showSchedule(context, values, problems.map(scheduleProblem));
    },
  );
  router.post(
    "/:id/schedule/:version/:decision{approve|reject}",
    requirePermission(accounts, "schedule.approve", projectIdOf),
    async (context) => {
      const version = Number(context.req.param("version"));
      const decision = context.req.param("decision");
      const values = await formOf(context);
      let reason: string | undefined;
      if (decision === "reject") {
        const parsed = rejectionInput.safeParse(values);
        if (!parsed.success) {
          return showSchedule(context, {}, problemsFromZodError(parsed.error));
        }
        reason = parsed.data.reason;
      }
      try {
        await decideSchedule(
          db,
          projectIdOf(context),
          version,
          reason === undefined ? { approve: true } : { approve: false, reason },
          actorOf(context),
        );
      } catch (error) {
        return showSchedule(context, {}, inputProblems(error));
      }
      return redirectTo(context, "/schedule");
    },
  );

  // Daily reports.
  router.get("/:id/reports", view, async (context) => {
    const page = await pageOf(context);
    const access = context.get("projectAccess");
    if (access?.mode === "short_term") {
      return context.html(
        <ReportListPage
          page={page}
          reports={[]}
          canSubmit={false}
          today={today(accounts)}
          shortTerm
        />,
      );
    }
    const reports = await listDailyReports(db, projectIdOf(context));
    return context.html(
      <ReportListPage
        page={page}
        reports={reports}
        canSubmit={may(context, "report.submit")}
        today={today(accounts)}
        shortTerm={false}
      />,
    );
  });

  const showForm = async (
    context: PageContext,
    values: Record<string, string>,
    problems: Problem[],
  ) => {
    const projectId = projectIdOf(context);
    const items = await loadApprovedItems(db, projectId);
    const done = await db
      .selectFrom("daily_report_work")
      .innerJoin("daily_reports", "daily_reports.id", "daily_report_work.report_id")
      .select(["item_code", (eb) => eb.fn.sum<string>("quantity").as("done")])
      .where("daily_reports.project_id", "=", projectId)
      .where("daily_reports.is_current", "=", true)
      .where("daily_reports.status", "<>", "rejected")
      .groupBy("item_code")
      .execute();
    const doneByCode = new Map(done.map((row) => [row.item_code, Number(row.done)]));
    return context.html(
      <DailyReportFormPage
        page={await pageOf(context)}
        items={items.map((item) => ({
          ...item,
          remaining: Math.round((item.quantity - (doneByCode.get(item.code) ?? 0)) * 1000) / 1000,
        }))}
        values={values}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };
  const submit = requirePermission(accounts, "report.submit", projectIdOf);
  router.get("/:id/reports/new", submit, (context) =>
    showForm(context, { date: today(accounts) }, []),
  );
  router.post("/:id/reports", submit, async (context) => {
    const values = await formOf(context);
    const { input, rename } = dailyReportFromForm(values);
    const parsed = dailyReportInput.safeParse(input);
    let problems: Problem[];
    if (parsed.success) {
      try {
        const report = await submitDailyReport(
          db,
          projectIdOf(context),
          parsed.data,
          actorOf(context),
        );
        return redirectTo(context, `/reports/${report.id}`);
      } catch (error) {
        problems = inputProblems(error);
      }
    } else {
      problems = problemsFromZodError(parsed.error);
    }
    return showForm(context, values, problems.map(rename));
  });

  const weekly = async (context: PageContext) => {
    const date = context.req.query("date") ?? today(accounts);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      throw errors.invalidInput([{ path: "date", message: "must be a date as YYYY-MM-DD" }]);
    }
    const rollup = await rollUp(db, projectIdOf(context), "week", weekOf(date));
    return context.html(<RollupPage page={await pageOf(context)} rollup={rollup} />);
  };
  router.get("/:id/reports/weekly", view, weekly);
  router.get("/:id/reports/monthly", view, async (context) => {
    const month = context.req.query("month") ?? today(accounts).slice(0, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw errors.invalidInput([{ path: "month", message: "must be a month as YYYY-MM" }]);
    }
    const rollup = await rollUp(db, projectIdOf(context), "month", monthOf(month));
    return context.html(<RollupPage page={await pageOf(context)} rollup={rollup} />);
  });

  const showReport = async (context: PageContext, problems: Problem[]) => {
    const report = await getDailyReport(
      db,
      projectIdOf(context),
      Number(context.req.param("reportId")),
    );
    if (!report) throw errors.notFound(`Daily report ${context.req.param("reportId")}`);
    const steps = (["review", "approve", "reject"] as const).filter((step) => {
      const needed = permissionFor(step, report.status);
      if (!report.isCurrent || needed === null || !may(context, needed)) return false;
      return !(step === "review" && report.submittedBy.userId === context.get("principal")!.userId);
    });
    return context.html(
      <DailyReportPage
        page={await pageOf(context)}
        report={report}
        steps={steps}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };
  router.get("/:id/reports/:reportId{[0-9]+}", view, (context) => showReport(context, []));
  router.post(
    "/:id/reports/:reportId{[0-9]+}/:step{review|approve|reject}",
    view,
    async (context) => {
      const step = context.req.param("step") as ReportStep;
      const values = await formOf(context);
      let reason: string | undefined;
      if (step === "reject") {
        const parsed = rejectionInput.safeParse(values);
        if (!parsed.success) return showReport(context, problemsFromZodError(parsed.error));
        reason = parsed.data.reason;
      }
      const reportId = Number(context.req.param("reportId"));
      try {
        await moveReport(context, accounts, projectIdOf(context), reportId, step, reason);
      } catch (error) {
        return showReport(context, inputProblems(error));
      }
      return redirectTo(context, `/reports/${reportId}`);
    },
  );

  return router;
}

function today(accounts: AccountServices): string {
  return accounts.clock().toISOString().slice(0, 10);
}

/** Points a problem of one schedule line at its text area, naming the line. */
function scheduleProblem(problem: Problem): Problem {
  const match = /^(items|periods)\.(\d+)\.(\w+)$/.exec(problem.path);
  if (!match) return problem;
  return {
    path: match[1]!,
    message: `line ${Number(match[2]) + 1}, ${match[3]}: ${problem.message}`,
  };
}
