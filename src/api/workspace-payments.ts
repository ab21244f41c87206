/**
 * Direct payment routes of a workspace project: contracts and workers with their bank
 * accounts, attendance, progress payment claims with their split and approval, the agency's
 * deposits, and paying and reconciling approved shares. Amounts are integer minor units of
 * the project's contract currency.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { Action } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { approveClaim, getClaim, registerSplit, submitClaim } from "../claims/claims.js";
import { listContracts, registerContract } from "../claims/contracts.js";
import { depositForProject, payClaim, reconcileProject } from "../claims/disbursement.js";
import { claimTables } from "../claims/tables.js";
import { listWorkers, recordAttendance, registerWorker } from "../claims/workers.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import { payeeActorOf } from "./payee-actor.js";
import { errorResponse } from "./schemas.js";
import { isCalendarDate } from "../shared/dates.js";

const amount = z
  .number({ error: "must be an integer amount in minor units" })
  .int("must be an integer amount in minor units")
  .min(0, "may not be negative")
  .max(Number.MAX_SAFE_INTEGER, "is too large");
const positiveAmount = amount.min(1, "must be more than zero");
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isCalendarDate, "is not a date of the calendar");
const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM")
  .nullable()
  .default(null);
const quantity = z
  .number({ error: "must be a number" })
  .positive("must be more than zero")
  .max(1e15, "is too large")
  .refine((value) => Math.round(value * 1000) === value * 1000, "may have at most 3 decimals");
const text = (max: number) =>
  z.string().trim().min(1, "may not be empty").max(max, `may have at most ${max} characters`);

const phone = z
  .string()
  .regex(/^\+?[0-9 -]{6,20}$/, "must be a phone number of 6 to 20 digits")
  .nullable()
  .default(null);

const bankAccount = z
  .object({
    holderName: text(140),
    scheme: z.enum(["iban", "other"], { error: "must be iban or other" }),
    identifier: text(34),
    agentId: text(11).nullable().default(null),
  })
  .openapi("PayeeBankAccountInput");

const contractInput = z
  .object({
    kind: z.enum(["prime", "subcontract", "supply"], {
      error: "must be prime, subcontract or supply",
    }),
    partyName: text(200),
    amount,
    items: z
      .array(z.object({ itemCode: text(40), quantity, unitPrice: amount }))
      .max(1000)
      .default([]),
    bankAccount: bankAccount
      .nullable()
      .optional()
      .openapi({
        description:
          "The party's account, given only by the party's own organisation. Left out, the " +
          "party registers it later with PUT contracts/{contractId}/bank-account, and its " +
          "shares are held until the bank verifies it.",
      }),
    organisationId: z
      .string()
      .trim()
      .min(1, "may not be empty")
      .max(100, "may have at most 100 characters")
      .nullable()
      .optional()
      .openapi({
        description:
          "The party's organisation, whose users act for the contract. Left out: the " +
          "caller's organisation for the prime contract or when the caller is not the prime.",
      }),
    contactPhone: phone.openapi({
      description: "Private; used for SMS notices and the payee self-check, never returned.",
    }),
  })
  .openapi("ContractInput");

const contractSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    partyName: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    organisationId: z.string().nullable(),
    bankAccountId: z.number().int().nullable(),
    bankAccountStatus: z.string().nullable(),
    items: z.array(z.object({ itemCode: z.string(), quantity: z.number(), unitPrice: z.number() })),
    priceRatio: z.number().nullable(),
    belowRatioFloor: z.boolean(),
  })
  .openapi("Contract");

const workerInput = z
  .object({
    reference: text(40),
    name: text(200),
    identityNumber: z
      .string()
      .regex(/^[0-9A-Za-z-]{6,20}$/, "must be 6 to 20 letters, digits or hyphens"),
    phone,
    dailyRate: positiveAmount,
    bankAccount,
  })
  .openapi("WorkerInput");

const workerSchema = z
  .object({
    id: z.number().int(),
    reference: z.string(),
    dailyRate: z.number().int(),
    bankAccountStatus: z.string().nullable(),
    daysWorked: z.number().int(),
  })
  .openapi("Worker");

const attendanceInput = z
  .object({
    entries: z
      .array(z.object({ reference: text(40), date: day, timeIn: time, timeOut: time }))
      .min(1, "needs at least one day")
      .max(10_000, "may have at most 10,000 days"),
  })
  .openapi("AttendanceInput");

const claimInput = z
  .object({
    periodStart: day,
    periodEnd: day,
    items: z.array(z.object({ itemCode: text(40), quantity })).max(1000),
    retentionAmount: amount.default(0),
    advanceRecovery: amount.default(0),
  })
  .openapi("ClaimInput");

const claimSchema = z
  .object({
    id: z.number().int(),
    projectId: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    currency: z.string(),
    grossAmount: z.number().int(),
    retentionAmount: z.number().int(),
    advanceRecovery: z.number().int(),
    netAmount: z.number().int(),
    status: z.enum(["claimed", "split", "approved"]),
    items: z.array(
      z.object({
        itemCode: z.string(),
        quantity: z.number(),
        unitPrice: z.number(),
        amount: z.number(),
      }),
    ),
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        payeeKind: z.string(),
        contractId: z.number().int().nullable(),
        workerReference: z.string().nullable(),
        daysWorked: z.number().int().nullable(),
        amount: z.number().int(),
        shareId: z.string().nullable(),
        paid: z.number().int().nullable(),
        inPayment: z.number().int().nullable(),
      }),
    ),
    subcontractsBelowFloor: z.array(
      z.object({ contractId: z.number().int(), partyName: z.string(), priceRatio: z.number() }),
    ),
  })
  .openapi("Claim");

const splitInput = z
  .object({
    lines: z
      .array(
        z.object({
          payeeKind: z.enum(["prime", "subcontractor", "supplier"], {
            error: "must be prime, subcontractor or supplier; wage lines are computed",
          }),
          contractId: z.number().int().optional(),
          amount,
        }),
      )
      .max(1000),
  })
  .openapi("SplitInput");

const depositInput = z
  .object({
    amount: positiveAmount,
    reference: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,40}$/, "must be 1 to 40 letters, digits or hyphens"),
    segregatedAccount: bankAccount.optional(),
  })
  .openapi("DepositInput");

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
  404: errorResponse("The project or claim was not found."),
};
const projectParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});
const claimParams = projectParam.extend({
  claimId: z.coerce
    .number({ error: "must be a claim id" })
    .int()
    .positive()
    .openapi({ param: { name: "claimId", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";
const json = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});
const answer = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

/** Adds the direct payment routes to `api`, which must already authenticate /workspace/*. */
export function addWorkspacePaymentRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
  bank: BankAdapter,
): void {
  const db = claimTables(accounts.db);
  const floor = () => accounts.settings.subcontractRatioFloor;
  const allow = (action: Action) => [requirePermission(accounts, action, projectIdOf)];
  const actorOf = (context: Context<WorkspaceEnv>) => ({
    userId: context.get("principal")!.userId,
    now: accounts.clock(),
  });
  const base = "/workspace/projects/{id}";

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/contracts`,
      summary: "Register the prime contract, a subcontract or a supply agreement",
      description:
        "Stores the contract and its party's bank account, then has the bank verify the " +
        "account. A subcontract lists the schedule items it covers at its own unit prices; " +
        "its price ratio to the prime is flagged under the configured floor. Only a prime " +
        "contractor member registers the prime contract, for its own organisation; a " +
        "subcontractor registers only contracts of its own organisation; the prime may " +
        "register a subcontract or supply agreement for a subcontractor organisation of the " +
        "project, without its bank account, which only the party's own users register.",
      ...secured,
      middleware: allow("subcontract.register"),
      request: { params: projectParam, body: json(contractInput) },
      responses: {
        201: answer("The contract.", contractSchema),
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        409: errorResponse("A second prime contract, or no approved schedule for a subcontract."),
        ...denied,
        403: errorResponse(
          "The caller's roles do not allow this, or the contract or its bank account is " +
            "another organisation's to register; the field is named. Nothing is stored.",
        ),
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const contract = await registerContract(
        db,
        bank,
        id,
        context.req.valid("json"),
        { ...actorOf(context), acting: payeeActorOf(context) },
        floor(),
      );
      return context.json(contract, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/contracts`,
      summary: "List the project's contracts with each subcontract's price ratio",
      ...secured,
      middleware: allow("payment.view"),
      request: { params: projectParam },
      responses: {
        200: answer(
          "The contracts, prime first.",
          z.object({ ratioFloor: z.number(), items: z.array(contractSchema) }),
        ),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const items = await listContracts(db, id, floor());
      return context.json({ ratioFloor: floor(), items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/workers`,
      summary: "Register a worker with a daily rate and a bank account",
      description:
        "The name, phone and bank account are kept for payment only and never returned; the " +
        "identity number is stored only as a salted hash. Allowed for the prime contractor " +
        "and subcontractors of the project.",
      ...secured,
      middleware: allow("worker.register"),
      request: { params: projectParam, body: json(workerInput) },
      responses: {
        201: answer("The worker, without personal data.", workerSchema),
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        409: errorResponse("The project already has a worker with this reference."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const worker = await registerWorker(
        db,
        bank,
        id,
        context.req.valid("json"),
        actorOf(context),
      );
      return context.json(worker, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/workers`,
      summary: "List the project's workers by reference, without personal data",
      ...secured,
      middleware: allow("payment.view"),
      request: { params: projectParam },
      responses: {
        200: answer("The workers.", z.object({ items: z.array(workerSchema) })),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      return context.json({ items: await listWorkers(db, id) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/attendance`,
      summary: "Record days of attendance by worker reference",
      description:
        "One day per worker and date; recording a day again replaces its times. An unknown " +
        "reference, a date outside the contract period or in the future rejects the whole " +
        "request, naming each entry. A subcontractor records only the workers its " +
        "organisation registered (403 naming the entry); the prime contractor, which runs " +
        "the site gate and answers for all wages, records every worker.",
      ...secured,
      middleware: allow("worker.register"),
      request: { params: projectParam, body: json(attendanceInput) },
      responses: {
        200: answer("How many days were recorded.", z.object({ recorded: z.number().int() })),
        400: errorResponse("An entry is invalid; each problem names it. Nothing is stored."),
        ...denied,
        403: errorResponse(
          "The caller's roles do not allow this, or an entry is another organisation's " +
            "worker; each such entry is named. Nothing is stored.",
        ),
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const result = await recordAttendance(db, id, context.req.valid("json").entries, {
        acting: payeeActorOf(context),
        today: accounts.clock().toISOString().slice(0, 10),
      });
      return context.json(result, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/claims`,
      summary: "Claim a progress payment for a period against approved progress",
      description:
        "Each item's quantity, with what earlier claims took, may not pass the quantity in " +
        "approved daily reports up to the period's end; it is priced at the approved " +
        "schedule's unit price. Allowed for the prime contractor.",
      ...secured,
      middleware: allow("payment.claim"),
      request: { params: projectParam, body: json(claimInput) },
      responses: {
        201: answer("The claim.", claimSchema),
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        409: errorResponse("The period overlaps an earlier claim, or no schedule is approved."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const claimId = await submitClaim(db, id, context.req.valid("json"), actorOf(context));
      return context.json(await getClaim(db, id, claimId, floor()), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/claims/{claimId}`,
      summary: "Get a claim with its split and what each share has received",
      ...secured,
      middleware: allow("payment.view"),
      request: { params: claimParams },
      responses: { 200: answer("The claim.", claimSchema), ...denied },
    }),
    async (context) => {
      const { id, claimId } = context.req.valid("param");
      return context.json(await getClaim(db, id, claimId, floor()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: `${base}/claims/{claimId}/split`,
      summary: "Register the split of a claim among its payees",
      description:
        "Lines for the prime, subcontractors and suppliers; a wage line per worker with " +
        "attendance in the period is added as days × daily rate. The lines must add up to " +
        "the claim's net amount to the minor unit. Allowed for the prime contractor and " +
        "subcontractors until the agency approves. A subcontractor enters only the lines of " +
        "its own organisation's contracts; the other registered lines are kept.",
      ...secured,
      middleware: allow("payment.split"),
      request: { params: claimParams, body: json(splitInput) },
      responses: {
        200: answer("The claim with its split.", claimSchema),
        400: errorResponse("A line is invalid, or the split does not add up to the claim."),
        409: errorResponse("The claim is approved."),
        ...denied,
        403: errorResponse(
          "The caller's roles do not allow this, or a line is for another organisation's " +
            "contract; each such line is named. Nothing is stored.",
        ),
      },
    }),
    async (context) => {
      const { id, claimId } = context.req.valid("param");
      const lines = context.req.valid("json").lines;
      await registerSplit(db, id, claimId, lines, accounts.clock(), payeeActorOf(context));
      return context.json(await getClaim(db, id, claimId, floor()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/claims/{claimId}/approve`,
      summary: "Approve a claim's split, one share per line",
      description: "Allowed for the project's agency official.",
      ...secured,
      middleware: allow("payment.approve"),
      request: { params: claimParams },
      responses: {
        200: answer("The approved claim.", claimSchema),
        409: errorResponse("The claim has no registered split, or is approved already."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, claimId } = context.req.valid("param");
      await approveClaim(db, id, claimId, actorOf(context), {
        agencyDays: accounts.settings.paymentAgencyDays,
        payeeDays: accounts.settings.paymentPayeeDays,
      });
      return context.json(await getClaim(db, id, claimId, floor()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/deposits`,
      summary: "Record the agency's deposit into the project's segregated account",
      description:
        "Registers the segregated account first when given. The same reference again with " +
        "the same amount changes nothing. Allowed for the project's agency official.",
      ...secured,
      middleware: allow("payment.disburse"),
      request: { params: projectParam, body: json(depositInput) },
      responses: {
        201: answer(
          "The project's balances after the deposit.",
          z.object({
            currency: z.string(),
            segregated: z.number().int(),
            retention: z.number().int(),
            inClearing: z.number().int(),
          }),
        ),
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        409: errorResponse("The reference was used for another amount."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      return context.json(await depositForProject(db, id, context.req.valid("json")), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/claims/{claimId}/payments`,
      summary: "Pay every approved share of a claim to its payee",
      description:
        "Creates a payment for each share's unpaid remainder to the payee's verified account " +
        "and sends them as one batch. Payments whose outcome the bank did not report stay " +
        "unknown until reconciliation. Allowed for the project's agency official.",
      ...secured,
      middleware: allow("payment.disburse"),
      request: {
        params: claimParams,
        body: json(z.object({ executionDate: day }).openapi("ClaimPaymentInput")),
      },
      responses: {
        200: answer(
          "What was created and sent.",
          z.object({
            created: z.number().int(),
            unverifiedLines: z.array(z.number().int()),
            heldLines: z.array(
              z.object({ lineNo: z.number().int(), reasons: z.array(z.string()) }),
            ),
            batchId: z.string().nullable(),
            sent: sendOutcome.nullable(),
          }),
        ),
        409: errorResponse("The claim is not approved, or the segregated account is short."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, claimId } = context.req.valid("param");
      const { executionDate } = context.req.valid("json");
      const outcome = await payClaim(db, bank, id, claimId, executionDate, accounts.clock());
      return context.json(outcome, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/payments/reconcile`,
      summary: "Settle open payments from the bank and resend those it never received",
      description: "Allowed for the project's agency official.",
      ...secured,
      middleware: allow("payment.disburse"),
      request: { params: projectParam },
      responses: {
        200: answer(
          "What reconciliation and the resend did.",
          z.object({
            reconciled: z.object({
              checked: z.number().int(),
              settled: z.number().int(),
              rejected: z.number().int(),
              returned: z.number().int(),
              requeued: z.number().int(),
              unchanged: z.number().int(),
            }),
            resent: sendOutcome,
          }),
        ),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      return context.json(await reconcileProject(db, bank, id, accounts.clock()), 200);
    },
  );
}
