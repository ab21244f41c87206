/**
 * Payees' own bank accounts: the party of a contract registers or replaces its account, and
 * the prime contractor or a subcontractor those of its workers. The account number is shown
 * in full only to the payee's own side, masked to everyone else in the workspace, and never on
 * a public page or in an export.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { Action } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { emitHoldEvents } from "../claims/compliance.js";
import { getPayeeAccount, registerPayeeAccount, type PayeeRef } from "../claims/payee-accounts.js";
import { claimTables } from "../claims/tables.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import { payeeActorOf } from "./payee-actor.js";
import { errorResponse } from "./schemas.js";

const text = (max: number) =>
  z.string().trim().min(1, "may not be empty").max(max, `may have at most ${max} characters`);

const accountInput = z
  .object({
    holderName: text(140),
    scheme: z.enum(["iban", "other"], { error: "must be iban or other" }),
    identifier: text(34),
    agentId: text(11).nullable().default(null),
  })
  .openapi("OwnBankAccountInput");

const accountSchema = z
  .object({
    payeeId: z.string(),
    masked: z.boolean(),
    holderName: z.string().nullable(),
    scheme: z.string(),
    identifier: z.string(),
    agentId: z.string().nullable(),
    status: z.enum(["unverified", "verified", "rejected"]),
    statusReason: z.string().nullable(),
  })
  .openapi("PayeeBankAccount");

const registered = z
  .object({
    account: accountSchema,
    heldShares: z.array(z.object({ shareId: z.string(), reason: z.string() })),
    releasedShares: z.array(z.string()),
  })
  .openapi("PayeeBankAccountRegistered");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: direct payment"] };
const denied = {
  401: errorResponse("No valid token or session."),
  404: errorResponse("The project, contract or worker was not found."),
};
const projectId = z
  .string()
  .min(1)
  .openapi({ param: { name: "id", in: "path" } });
const contractParams = z.object({
  id: projectId,
  contractId: z.coerce
    .number({ error: "must be a contract id" })
    .int("must be a contract id")
    .positive("must be a contract id")
    .openapi({ param: { name: "contractId", in: "path" } }),
});
const workerParams = z.object({
  id: projectId,
  reference: z
    .string()
    .min(1)
    .max(40, "may have at most 40 characters")
    .openapi({ param: { name: "reference", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

/** Adds the payee bank account routes to `api`, which must authenticate /workspace/*. */
export function addWorkspacePayeeAccountRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
  bank: BankAdapter,
): void {
  const db = claimTables(accounts.db);
  const allow = (action: Action) => [requirePermission(accounts, action, projectIdOf)];
  const base = "/workspace/projects/{id}";

  const register = async (
    context: Context<WorkspaceEnv>,
    project: string,
    payee: PayeeRef,
    input: z.infer<typeof accountInput>,
  ) => {
    const result = await registerPayeeAccount(
      db,
      bank,
      project,
      payee,
      input,
      payeeActorOf(context),
      accounts.clock(),
    );
    emitHoldEvents("held", result.placed);
    emitHoldEvents("released", result.released);
    return {
      account: result.account,
      heldShares: result.placed.map((hold) => ({ shareId: hold.shareId, reason: hold.reason })),
      releasedShares: result.released.map((hold) => hold.shareId),
    };
  };
  const registerDescription = (allowedCallers: string) =>
    "Stores the account for new payments and has the bank check it at once. A payment already " +
    "created keeps its account, so nothing sent is redirected. While the account is " +
    "unverified or rejected, the payee's unpaid shares are held with the reason and the payee " +
    `is told; a verified account releases them. Allowed for ${allowedCallers}.`;
  const registerResponses = {
    200: {
      description: "The account in full, with the shares held or released now.",
      content: { "application/json": { schema: registered } },
    },
    400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
    403: errorResponse(
      "The caller's roles do not allow this, or the payee is not the caller's own. Nothing " +
        "is stored.",
    ),
    ...denied,
  };
  const viewResponses = {
    200: {
      description:
        "The current account: in full to the payee's own side, otherwise masked (no holder " +
        "name, only the last four characters of the number); null when none is registered.",
      content: { "application/json": { schema: z.object({ account: accountSchema.nullable() }) } },
    },
    403: errorResponse("The caller's roles do not allow this."),
    ...denied,
  };

  api.openapi(
    createRoute({
      method: "put",
      path: `${base}/contracts/{contractId}/bank-account`,
      summary: "Register or replace the bank account of one's own contract",
      description: registerDescription(
        "the contract's own organisation (for the prime contract, the prime contractor)",
      ),
      ...secured,
      middleware: allow("payment.account.register"),
      request: {
        params: contractParams,
        body: { content: { "application/json": { schema: accountInput } }, required: true },
      },
      responses: registerResponses,
    }),
    async (context) => {
      const { id, contractId } = context.req.valid("param");
      const body = await register(context, id, { contractId }, context.req.valid("json"));
      return context.json(body, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: `${base}/workers/{reference}/bank-account`,
      summary: "Register or replace a worker's bank account",
      description: registerDescription(
        "the prime contractor, and the subcontractor whose user registered the worker",
      ),
      ...secured,
      middleware: allow("payment.account.register"),
      request: {
        params: workerParams,
        body: { content: { "application/json": { schema: accountInput } }, required: true },
      },
      responses: registerResponses,
    }),
    async (context) => {
      const { id, reference } = context.req.valid("param");
      const payee = { workerReference: reference };
      const body = await register(context, id, payee, context.req.valid("json"));
      return context.json(body, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/contracts/{contractId}/bank-account`,
      summary: "Show a contract's current bank account, masked unless it is one's own",
      ...secured,
      middleware: allow("payment.view"),
      request: { params: contractParams },
      responses: viewResponses,
    }),
    async (context) => {
      const { id, contractId } = context.req.valid("param");
      const account = await getPayeeAccount(db, id, { contractId }, payeeActorOf(context));
      return context.json({ account }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/workers/{reference}/bank-account`,
      summary: "Show a worker's current bank account, masked unless one acts for the worker",
      ...secured,
      middleware: allow("payment.view"),
      request: { params: workerParams },
      responses: viewResponses,
    }),
    async (context) => {
      const { id, reference } = context.req.valid("param");
      const payee = { workerReference: reference };
      const account = await getPayeeAccount(db, id, payee, payeeActorOf(context));
      return context.json({ account }, 200);
    },
  );
}
