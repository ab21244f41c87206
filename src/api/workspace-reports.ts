/**
 * Workspace routes of daily reports: submit (or resubmit) a day's report, review, approve or
 * reject it, read reports, and the weekly and monthly roll-ups.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAudit } from "../accounts/audit.js";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import { can } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { AppError, errors } from "../http/errors.js";
import {
  getDailyReport,
  listDailyReports,
  moveDailyReport,
  type DailyReport,
  type ReportStep,
} from "../reports/daily-reports.js";
import { dailyReportInput, rejectionInput } from "../reports/report-input.js";
import { monthOf, rollUp, weekOf } from "../reports/rollups.js";
import { submitDailyReport } from "../reports/daily-reports.js";
import { isCalendarDay } from "../schedule/input-fields.js";
import { validationHook } from "./problems.js";
import { errorResponse, idParameter } from "./schemas.js";

const statusSchema = z.enum(["submitted", "reviewed", "approved", "rejected"]);
const personSchema = z.object({ userId: z.number().int(), displayName: z.string() });

const reportSchema = z
  .object({
    id: z.number().int(),
    projectId: z.string(),
    date: z.string().openapi({ format: "date" }),
    version: z.number().int(),
    isCurrent: z.boolean(),
    status: statusSchema,
    weather: z.string(),
    manpower: z.array(z.object({ trade: z.string(), count: z.number() })),
    equipment: z.array(z.object({ kind: z.string(), count: z.number() })),
    materials: z.array(z.object({ material: z.string(), quantity: z.number(), unit: z.string() })),
    work: z.array(
      z.object({
        itemCode: z.string(),
        description: z.string().nullable(),
        unit: z.string().nullable(),
        quantity: z.number(),
      }),
    ),
    issues: z.string().nullable(),
    photoReferences: z.array(z.string()),
    submittedBy: personSchema,
    submittedAt: z.string().openapi({ format: "date-time" }),
    transitions: z.array(
      z.object({
        from: statusSchema.nullable(),
        to: statusSchema,
        by: personSchema,
        at: z.string().openapi({ format: "date-time" }),
        reason: z.string().nullable(),
      }),
    ),
    versions: z.array(
      z.object({ id: z.number().int(), version: z.number(), status: statusSchema }),
    ),
  })
  .openapi("DailyReport");

const rollupSchema = z
  .object({
    period: z.enum(["week", "month"]),
    from: z.string(),
    to: z.string(),
    daysReported: z.number().int(),
    daysPending: z.number().int(),
    manpowerDays: z.array(z.object({ trade: z.string(), days: z.number() })),
    equipmentDays: z.array(z.object({ kind: z.string(), days: z.number() })),
    materials: z.array(z.object({ material: z.string(), unit: z.string(), quantity: z.number() })),
    work: z.array(
      z.object({
        itemCode: z.string(),
        description: z.string(),
        unit: z.string(),
        quantity: z.number(),
      }),
    ),
    actualPercent: z.number(),
    plannedPercent: z.number().nullable(),
  })
  .openapi("ReportRollup");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: schedule and reports"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this, or the project is short-term."),
};
const reportParameters = idParameter("Project id.").extend({
  reportId: z.coerce
    .number({ error: "must be a report id" })
    .int("must be a report id")
    .openapi({ param: { name: "reportId", in: "path" } }),
});
const dayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine(isCalendarDay, "is not a real calendar date");
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

/** Serialises a daily report for JSON. */
export function serialiseReport(report: DailyReport) {
  return {
    ...report,
    submittedAt: report.submittedAt.toISOString(),
    transitions: report.transitions.map((transition) => ({
      ...transition,
      at: transition.at.toISOString(),
    })),
  };
}

/** Adds the daily report routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceReportRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;
  const actorOf = (context: Context<WorkspaceEnv>) => ({
    userId: context.get("principal")!.userId,
    clientAddress: clientAddress(context),
    now: accounts.clock(),
  });

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/daily-reports",
      summary: "Submit a daily report",
      description:
        "Submits the report of a day. After a rejection, or to correct an approved report, submitting the same date again adds the next version. Allowed for the prime contractor and the supervisor of a long-term project.",
      ...secured,
      middleware: [requirePermission(accounts, "report.submit", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: { content: { "application/json": { schema: dailyReportInput } }, required: true },
      },
      responses: {
        201: {
          description: "The submitted report.",
          content: { "application/json": { schema: reportSchema } },
        },
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        404: errorResponse("No project has this id."),
        409: errorResponse("The day's report waits for a decision."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const report = await submitDailyReport(db, id, context.req.valid("json"), actorOf(context));
      return context.json(serialiseReport(report), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/daily-reports",
      summary: "List the current version of each day's report",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        query: z.object({
          from: dayText.optional().openapi({ description: "First day, YYYY-MM-DD." }),
          to: dayText.optional().openapi({ description: "Last day, YYYY-MM-DD." }),
        }),
      },
      responses: {
        200: {
          description: "The reports, newest day first (at most 1000).",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(
                  z.object({
                    id: z.number().int(),
                    date: z.string(),
                    version: z.number().int(),
                    status: statusSchema,
                    weather: z.string(),
                    workers: z.number().int(),
                    submittedAt: z.string(),
                    submittedByName: z.string(),
                  }),
                ),
              }),
            },
          },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const rows = await listDailyReports(
        db,
        context.req.valid("param").id,
        context.req.valid("query"),
      );
      const items = rows.map((row) => ({ ...row, submittedAt: row.submittedAt.toISOString() }));
      return context.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/daily-reports/{reportId}",
      summary: "Get one version of a daily report with its status history",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: { params: reportParameters },
      responses: {
        200: {
          description: "The report.",
          content: { "application/json": { schema: reportSchema } },
        },
        404: errorResponse("No project or no report has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, reportId } = context.req.valid("param");
      const report = await getDailyReport(db, id, reportId);
      if (!report) throw errors.notFound(`Daily report ${reportId}`);
      return context.json(serialiseReport(report), 200);
    },
  );

  const stepDescriptions: Record<ReportStep, [string, string]> = {
    review: [
      "Review a submitted daily report",
      "The supervisor confirms a submitted report; it then waits for the agency's approval. A supervisor cannot review a report it submitted.",
    ],
    approve: [
      "Approve a reviewed daily report",
      "The agency official approves a reviewed report. It can no longer change, and the actual progress curve is recomputed for the public project page.",
    ],
    reject: [
      "Reject a daily report with a reason",
      "The supervisor rejects a submitted report, or the agency official a reviewed one. The contractor may then submit the day again as a new version.",
    ],
  };
  for (const step of ["review", "approve", "reject"] as const) {
    api.openapi(
      createRoute({
        method: "post",
        path: `/workspace/projects/{id}/daily-reports/{reportId}/${step}`,
        summary: stepDescriptions[step][0],
        description: stepDescriptions[step][1],
        ...secured,
        middleware: [requirePermission(accounts, "project.view", projectIdOf)],
        request: {
          params: reportParameters,
          ...(step === "reject"
            ? {
                body: {
                  content: { "application/json": { schema: rejectionInput } },
                  required: true,
                },
              }
            : {}),
        },
        responses: {
          200: {
            description: "The report after the step.",
            content: { "application/json": { schema: reportSchema } },
          },
          400: errorResponse("The reason is missing."),
          404: errorResponse("No project or no report has this id."),
          409: errorResponse("The report's status does not allow this step."),
          ...denied,
        },
      }),
      async (context) => {
        const { id, reportId } = context.req.valid("param");
        let reason: string | undefined;
        if (step === "reject") {
          const parsed = rejectionInput.safeParse(await context.req.json());
          validationHook(parsed);
          reason = parsed.data.reason;
        }
        const report = await moveReport(context, accounts, id, reportId, step, reason);
        return context.json(serialiseReport(report), 200);
      },
    );
  }

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/reports/weekly",
      summary: "Get the weekly report rolled up from approved daily reports",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        query: z.object({
          date: dayText.openapi({ description: "Any day of the week (Monday to Sunday)." }),
        }),
      },
      responses: {
        200: {
          description: "The week's roll-up.",
          content: { "application/json": { schema: rollupSchema } },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const range = weekOf(context.req.valid("query").date);
      return context.json(await rollUp(db, id, "week", range), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/reports/monthly",
      summary: "Get the monthly report rolled up from approved daily reports",
      ...secured,
      middleware: [requirePermission(accounts, "project.view", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        query: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM")
            .openapi({ description: "The month, YYYY-MM." }),
        }),
      },
      responses: {
        200: {
          description: "The month's roll-up.",
          content: { "application/json": { schema: rollupSchema } },
        },
        404: errorResponse("No project has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const range = monthOf(context.req.valid("query").month);
      return context.json(await rollUp(db, id, "month", range), 200);
    },
  );
}

/**
 * Takes one review step on a report for the signed-in caller, whose permission depends on the
 * report's status, and records a refusal in the audit trail as `requirePermission` does.
 */
export async function moveReport(
  context: Context<WorkspaceEnv>,
  accounts: AccountServices,
  projectId: string,
  reportId: number,
  step: ReportStep,
  reason: string | undefined,
): Promise<DailyReport> {
  const principal = context.get("principal")!;
  const access = context.get("projectAccess");
  try {
    return await moveDailyReport(
      accounts.db,
      projectId,
      reportId,
      step,
      { reason, may: (action) => can(principal, action, access) },
      { userId: principal.userId, clientAddress: clientAddress(context), now: accounts.clock() },
    );
  } catch (error) {
    if (error instanceof AppError && error.status === 403) {
      await recordAudit(accounts.db, {
        actorUserId: principal.userId,
        action: `report.${step}`,
        subject: `project:${projectId}`,
        outcome: "denied",
        clientAddress: clientAddress(context),
        details: { reportId },
      });
    }
    throw error;
  }
}
