/**
 * Compliance and deadline routes of direct payment: the documents each payee kind must
 * register before it is paid, registering a payee's document (which releases its holds), the
 * holds with their reasons, and the shares unpaid past their legal due date.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { Action } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { DOCUMENT_KINDS } from "../claims/compliance-tables.js";
import {
  emitHoldEvents,
  listHolds,
  listRequiredDocuments,
  registerPayeeDocument,
  setRequiredDocuments,
} from "../claims/compliance.js";
import { dateOf, listOverdueShares } from "../claims/deadlines.js";
import { claimTables } from "../claims/tables.js";
import { payeeActorOf } from "./payee-actor.js";
import { errorResponse } from "./schemas.js";

const payeeKind = z.enum(["prime", "subcontractor", "supplier", "worker"], {
  error: "must be prime, subcontractor, supplier or worker",
});
const documentKind = z.enum(DOCUMENT_KINDS, {
  error: "must be insurance, licence or payment_receipt",
});

const requiredDocuments = z
  .object({
    required: z
      .array(z.object({ payeeKind, documentKinds: z.array(documentKind).max(3) }))
      .max(4, "may list each of the four payee kinds once"),
  })
  .openapi("RequiredDocuments");

const documentInput = z
  .object({
    contractId: z.number().int().positive().optional(),
    workerReference: z.string().trim().min(1).max(40).optional(),
    kind: documentKind,
    reference: z
      .string()
      .trim()
      .min(1, "may not be empty")
      .max(200, "may have at most 200 characters"),
    receiptShareId: z.string().min(1).max(100).optional(),
  })
  .openapi("PayeeDocumentInput");

const holdSchema = z
  .object({
    shareId: z.string(),
    payeeId: z.string(),
    documentKind: z.string(),
    reason: z.string(),
    heldAt: z.string(),
    releasedAt: z.string().nullable(),
  })
  .openapi("ShareHold");

const overdueSchema = z
  .object({
    shareId: z.string(),
    claimId: z.number().int(),
    payeeKind: z.string(),
    contractId: z.number().int().nullable(),
    workerReference: z.string().nullable(),
    dueOn: z.string(),
    daysOverdue: z.number().int(),
    approved: z.number().int(),
    paid: z.number().int(),
    held: z.boolean(),
  })
  .openapi("OverdueShare");

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
const json = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});
const answer = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

/** Adds the compliance and deadline routes to `api`, which must authenticate /workspace/*. */
export function addWorkspacePaymentComplianceRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
): void {
  const db = claimTables(accounts.db);
  const allow = (action: Action) => [requirePermission(accounts, action, projectIdOf)];
  const base = "/workspace/projects/{id}";

  api.openapi(
    createRoute({
      method: "put",
      path: `${base}/required-documents`,
      summary: "Set the documents each payee kind must register before it is paid",
      description:
        "Replaces the whole list. A payment_receipt requirement asks for the signed receipt " +
        "of every earlier share paid to the payee. Allowed for the project's agency official.",
      ...secured,
      middleware: allow("payment.compliance.manage"),
      request: { params: projectParam, body: json(requiredDocuments) },
      responses: {
        200: answer("The required documents.", requiredDocuments),
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      await setRequiredDocuments(db, id, context.req.valid("json").required);
      return context.json({ required: await listRequiredDocuments(db, id) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/required-documents`,
      summary: "List the documents each payee kind must register before it is paid",
      ...secured,
      middleware: allow("payment.view"),
      request: { params: projectParam },
      responses: { 200: answer("The required documents.", requiredDocuments), ...denied },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      return context.json({ required: await listRequiredDocuments(db, id) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: `${base}/payee-documents`,
      summary: "Register a payee's document and release the holds it satisfies",
      description:
        "Names the payee by contractId or workerReference. Holds of that payee whose " +
        "documents are now all registered are released, and the next payment of the claim " +
        "pays the share. Allowed for the agency official for any payee; for a contract's " +
        "own organisation (the prime contract: the prime contractor); and for a worker, the " +
        "prime contractor or the subcontractor whose user registered the worker.",
      ...secured,
      middleware: allow("payment.document.register"),
      request: { params: projectParam, body: json(documentInput) },
      responses: {
        201: answer(
          "The document id and the released holds.",
          z.object({
            documentId: z.number().int(),
            released: z.array(holdSchema.pick({ shareId: true, documentKind: true })),
          }),
        ),
        400: errorResponse("A field is invalid; each problem names it. Nothing is stored."),
        ...denied,
        403: errorResponse(
          "The caller's roles do not allow this, or the payee is not the caller's own; the " +
            "field is named. Nothing is stored.",
        ),
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const result = await registerPayeeDocument(db, id, context.req.valid("json"), {
        userId: context.get("principal")!.userId,
        now: accounts.clock(),
        acting: payeeActorOf(context),
      });
      emitHoldEvents("released", result.released);
      return context.json(
        {
          documentId: result.documentId,
          released: result.released.map((hold) => ({
            shareId: hold.shareId,
            documentKind: hold.documentKind,
          })),
        },
        201,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/payment-holds`,
      summary: "List the shares held for missing documents, with the reasons",
      ...secured,
      middleware: allow("payment.view"),
      request: {
        params: projectParam,
        query: z.object({ payeeId: z.string().max(100).optional() }),
      },
      responses: {
        200: answer("The holds, open first.", z.object({ items: z.array(holdSchema) })),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const holds = await listHolds(db, id, context.req.valid("query"));
      const items = holds.map((hold) => ({
        ...hold,
        heldAt: hold.heldAt.toISOString(),
        releasedAt: hold.releasedAt?.toISOString() ?? null,
      }));
      return context.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: `${base}/payments/overdue`,
      summary: "List the shares unpaid past their legal due date",
      ...secured,
      middleware: allow("payment.view"),
      request: { params: projectParam },
      responses: {
        200: answer(
          "The overdue shares, oldest due first.",
          z.object({ today: z.string(), items: z.array(overdueSchema) }),
        ),
        ...denied,
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const today = dateOf(accounts.clock());
      return context.json({ today, items: await listOverdueShares(db, id, today) }, 200);
    },
  );
}
