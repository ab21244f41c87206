/**
 * Retention routes of direct payment: what the project's claims retained, and the agency's
 * release of it to the prime contract's party once the final inspection is recorded.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { releaseProjectRetention, retentionSummary } from "../claims/retention.js";
import { claimTables } from "../claims/tables.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import { errorResponse } from "./schemas.js";
import { isCalendarDate } from "../shared/dates.js";

const retentionSchema = z
  .object({
    currency: z.string(),
    retained: z.number().int(),
    released: z.number().int(),
    held: z.number().int(),
    finalInspectionAt: z.string().nullable(),
    releases: z.array(
      z.object({
        shareId: z.string(),
        amount: z.number().int(),
        paid: z.number().int(),
        inPayment: z.number().int(),
      }),
    ),
  })
  .openapi("Retention");

const releaseInput = z
  .object({
    executionDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
      .refine(isCalendarDate, "is not a date of the calendar"),
  })
  .openapi("RetentionReleaseInput");

const sendOutcome = z.object({
  submitted: z.number().int(),
  settled: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  unknown: z.number().int(),
});

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: direct payment"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
  404: errorResponse("The project was not found."),
};
const projectParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

/** Adds the retention routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceRetentionRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
  bank: BankAdapter,
): void {
  const db = claimTables(accounts.db);
  const base = "/workspace/projects/{id}";

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/retention`,
      summary: "Show the retention held back from the project's claims and its releases",
      ...secured,
      middleware: [requirePermission(accounts, "payment.view", projectIdOf)],
      request: { params: projectParam },
      responses: {
        200: {
          description: "Retained, released and held, in minor units.",
          content: { "application/json": { schema: retentionSchema } },
        },
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      return context.json(await retentionSummary(db, id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/retention/release`,
      summary: "Release the retention to the prime contract's party",
      description:
        "Allowed only after the final inspection is recorded. Moves the retention held back " +
        "into the segregated account, approves it as a share of the prime contract and pays " +
        "it (with any earlier release not yet paid) in one batch; a payment whose outcome the " +
        "bank does not report waits for reconciliation. Allowed for the project's agency " +
        "official.",
      ...secured,
      middleware: [requirePermission(accounts, "payment.retention.release", projectIdOf)],
      request: {
        params: projectParam,
        body: { content: { "application/json": { schema: releaseInput } }, required: true },
      },
      responses: {
        200: {
          description: "What was released, created and sent.",
          content: {
            "application/json": {
              schema: z.object({
                releasedShareId: z.string().nullable(),
                releasedAmount: z.number().int(),
                created: z.number().int(),
                batchId: z.string().nullable(),
                sent: sendOutcome.nullable(),
              }),
            },
          },
        },
        400: errorResponse("A field is invalid; the problem names it."),
        409: errorResponse(
          "No final inspection yet, no retention to release, or no verified prime account.",
        ),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const outcome = await releaseProjectRetention(
        db,
        bank,
        id,
        context.req.valid("json").executionDate,
        { userId: context.get("principal")!.userId, now: accounts.clock() },
      );
      return context.json(outcome, 200);
    },
  );
}
