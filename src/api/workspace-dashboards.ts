/**
 * Workspace dashboard routes: what waits for the caller across its projects, and the agency's
 * all-projects view with planned against actual progress.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { readOverview } from "../dashboards/overview.js";
import { overviewQuery } from "../dashboards/overview-query.js";
import { WAITING_KINDS } from "../dashboards/waiting-sources.js";
import { listWaiting } from "../dashboards/waiting.js";
import { errorResponse } from "./schemas.js";

const waitingItemSchema = z
  .object({
    kind: z.enum(WAITING_KINDS).openapi({
      description:
        "schedule_approval, report_review, report_approval, report_resubmission (a report of " +
        "the caller's that was rejected), directive_answer, change_review, change_approval, " +
        "document_approval, evaluation, safety_action (a finding of the caller's " +
        "organisation), safety_verification, claim_split, claim_approval, payment_overdue.",
    }),
    projectId: z.string(),
    projectTitle: z.string(),
    itemId: z.string().openapi({
      description:
        "Schedule version, report, directive, change request, document, evaluation, " +
        "finding or claim id, or the share id of an overdue payment.",
    }),
    subject: z.string().openapi({ description: "A title, a date or a period naming the item." }),
    detail: z.string().nullable().openapi({
      description: "The change's kind, the evaluation's subject or the overdue share's payee kind.",
    }),
    since: z.string().nullable().openapi({
      format: "date-time",
      description: "When the item started waiting in its current state.",
    }),
    dueDate: z
      .string()
      .nullable()
      .openapi({
        format: "date",
        description:
          "A directive's due date, a finding's deadline, a share's payment due date, or for a " +
          "review or approval the start of the wait plus APPROVAL_DAYS.",
      }),
    overdue: z.boolean(),
    href: z.string().openapi({ description: "The workspace page where the caller acts." }),
  })
  .openapi("WaitingItem");

const waitingSchema = z
  .object({
    today: z.string().openapi({ format: "date" }),
    items: z.array(waitingItemSchema),
    projects: z.array(
      z.object({
        projectId: z.string(),
        projectTitle: z.string(),
        waiting: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
  })
  .openapi("Waiting");

const overviewProjectSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    agencyId: z.string(),
    agencyName: z.string(),
    mode: z.enum(["long_term", "short_term"]),
    contractAmount: z.number().openapi({ description: "Major units of the currency." }),
    contractCurrency: z.string(),
    plannedPercent: z.number().nullable().openapi({
      description: "Planned progress today on the approved schedule; null without one.",
    }),
    actualPercent: z.number().nullable().openapi({
      description: "Progress of the approved daily reports; null for short-term projects.",
    }),
    difference: z.number().nullable().openapi({
      description: "Actual minus planned, in percentage points; negative when behind.",
    }),
    behindPlan: z.boolean().openapi({
      description: "Actual is more than BEHIND_PLAN_POINTS below planned.",
    }),
    overdueDirectives: z.number().int(),
    overdueApprovals: z.number().int().openapi({
      description: "Reviews and approvals waiting longer than APPROVAL_DAYS.",
    }),
    overduePayments: z
      .number()
      .int()
      .openapi({ description: "Unpaid shares past their due date." }),
  })
  .openapi("OverviewProject");

const overviewSchema = z
  .object({
    today: z.string().openapi({ format: "date" }),
    behindPlanPoints: z.number(),
    approvalDays: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    behindPlanTotal: z.number().int(),
    items: z.array(overviewProjectSchema),
    agencies: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .openapi("Overview");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: dashboards"] };

/** Adds the dashboard routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceDashboardRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const { db } = accounts;

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/waiting",
      summary: "List what waits for the caller across its projects",
      description:
        "Every item the caller is the one to act on: schedules, daily reports, changes and " +
        "documents to review or approve, its rejected reports, directives addressed to it, " +
        "evaluations, safety findings, payment claims and overdue payments. What appears " +
        "follows the role × action table. Overdue items come first, then by due date.",
      ...secured,
      responses: {
        200: {
          description: "The waiting items and their count per project.",
          content: { "application/json": { schema: waitingSchema } },
        },
        401: errorResponse("No valid token or session."),
      },
    }),
    async (context) => {
      const waiting = await listWaiting(
        db,
        context.get("principal")!,
        accounts.clock(),
        accounts.settings.approvalDays,
      );
      return context.json(
        {
          ...waiting,
          items: waiting.items.map((item) => ({
            ...item,
            since: item.since?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/overview",
      summary: "Every registered project with planned against actual progress",
      description:
        "The agency's all-projects view: agency, mode, contract amount, planned progress today, " +
        "actual progress, their difference, the behind-plan flag and the overdue directives, " +
        "approvals and payments of each project. Allowed for administrators, agency managers " +
        "and auditors.",
      ...secured,
      middleware: [requirePermission(accounts, "project.list.all")],
      request: { query: overviewQuery },
      responses: {
        200: {
          description: "One page of projects and the totals over all pages.",
          content: { "application/json": { schema: overviewSchema } },
        },
        400: errorResponse("A query parameter is invalid; each problem names it."),
        401: errorResponse("No valid token or session."),
        403: errorResponse("The caller's roles do not allow this."),
      },
    }),
    async (context) => {
      const overview = await readOverview(
        db,
        context.req.valid("query"),
        accounts.clock(),
        accounts.settings,
      );
      return context.json(overview, 200);
    },
  );
}
