/**
 * The route that applies a bank's pain.002 payment status report to a project's payments:
 * rejected transfers are marked failed with the bank's reason and paid again by the next run,
 * or held when the payee's account cannot receive money.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { emitHoldEvents } from "../claims/compliance.js";
import { applyProjectStatusReport } from "../claims/status-reports.js";
import { claimTables } from "../claims/tables.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import { errorResponse } from "./schemas.js";

/** The largest report accepted, in characters: room for tens of thousands of transactions. */
const MAX_DOCUMENT = 10_000_000;

const reportInput = z
  .object({
    document: z
      .string({ error: "must be the XML text of a pain.002 report" })
      .min(1, "may not be empty")
      .max(MAX_DOCUMENT, `may have at most ${MAX_DOCUMENT} characters`),
  })
  .openapi("PaymentStatusReportInput");

const outcomeSchema = z
  .object({
    checked: z.number().int(),
    rejected: z.array(z.string()),
    accepted: z.number().int(),
    accountsRejected: z.array(z.number().int()),
    unmatched: z.array(z.string()),
    mismatched: z.array(z.string()),
    conflicting: z.array(z.string()),
    heldShares: z.array(z.object({ shareId: z.string(), reason: z.string() })),
  })
  .openapi("PaymentStatusReportOutcome");

const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

/** Adds the status report route to `api`, which must authenticate /workspace/*. */
export function addWorkspacePaymentStatusRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
  bank: BankAdapter,
): void {
  const db = claimTables(accounts.db);
  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/payments/status-reports",
      summary: "Apply the bank's pain.002 status report to the project's payments",
      description:
        "RJCT or CANC marks a transfer rejected with the bank's reason code, so the next " +
        "payment run pays the share again; an account reason such as AC04 also marks the " +
        "payee's account rejected and holds its unpaid shares. Accepted transfers wait for " +
        "the statement. Applying a report again changes nothing. Allowed for the project's " +
        "agency official.",
      security: [{ bearerAuth: [] }],
      tags: ["Workspace: direct payment"],
      middleware: [requirePermission(accounts, "payment.disburse", projectIdOf)],
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .openapi({ param: { name: "id", in: "path" } }),
        }),
        body: { content: { "application/json": { schema: reportInput } }, required: true },
      },
      responses: {
        200: {
          description: "What the report changed.",
          content: { "application/json": { schema: outcomeSchema } },
        },
        400: errorResponse(
          "The document is not a readable pain.002 report; the problem on `document` names " +
            "the element. Nothing changes.",
        ),
        401: errorResponse("No valid token or session."),
        403: errorResponse("The caller's roles do not allow this."),
        404: errorResponse("The project was not found."),
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const { document } = context.req.valid("json");
      const result = await applyProjectStatusReport(db, bank, id, document, accounts.clock());
      emitHoldEvents("held", result.placed);
      return context.json(
        {
          ...result.outcome,
          heldShares: result.placed.map((hold) => ({ shareId: hold.shareId, reason: hold.reason })),
        },
        200,
      );
    },
  );
}
