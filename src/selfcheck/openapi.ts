/**
 * The self-check's JSON routes in the OpenAPI document. The routes themselves are plain Hono
 * routes (`routes.tsx`), mounted before the API so that they share the page's rate limits and
 * cookie. Their request schemas here are the objects that validate the requests there.
 */
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { errorResponse } from "../api/schemas.js";
import { codeEntryBody, codeRequestBody } from "./routes.js";

const ownShare = z
  .object({
    projectId: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    currency: z.string(),
    approved: z.number().int(),
    paid: z.number().int(),
    inPayment: z.number().int(),
    status: z.enum(["paid", "in_payment", "held", "late", "approved"]),
    holdReasons: z.array(z.string()),
    dueOn: z.string().nullable(),
    paidOn: z.string().nullable(),
  })
  .openapi("OwnShare");

const tags = ["Payee self-check"];
const limited = errorResponse("Too many requests from this address or for this phone number.");
const json = (schema: z.ZodType) => ({
  content: { "application/json": { schema } },
  required: true,
});

/** Adds the self-check routes to the OpenAPI document of `api` (mounted at /api/v1). */
export function registerSelfcheckDocs(api: OpenAPIHono): void {
  api.openAPIRegistry.registerPath({
    method: "post",
    path: "/payments/check/code-requests",
    tags,
    summary: "Send a one-time code to a payee's registered phone",
    description:
      "A worker gives the name and phone registered for them; a subcontractor or supplier the " +
      "party name and contact phone of its contract. A 6-digit code goes by SMS when they " +
      "match; the answer is the same when they do not, and then nothing is sent.",
    request: { body: json(codeRequestBody) },
    responses: {
      202: {
        description: "Accepted, whether or not anyone matched.",
        content: { "application/json": { schema: z.object({ status: z.literal("accepted") }) } },
      },
      400: errorResponse("The name is missing or the phone has not 7 to 15 digits."),
      429: limited,
    },
  });

  api.openAPIRegistry.registerPath({
    method: "post",
    path: "/payments/check/sessions",
    tags,
    summary: "Open a short session with the code",
    description:
      "Checks the latest code sent for the name and phone. On success the answer sets the " +
      "HttpOnly `ccs_selfcheck` cookie that `GET /payments/check/shares` reads.",
    request: { body: json(codeEntryBody) },
    responses: {
      201: {
        description: "The session is open until `expiresAt`.",
        content: { "application/json": { schema: z.object({ expiresAt: z.string() }) } },
      },
      400: errorResponse(
        "A field is invalid, or the code is wrong, used, locked or expired (`code_rejected`).",
      ),
      429: limited,
    },
  });

  api.openAPIRegistry.registerPath({
    method: "get",
    path: "/payments/check/shares",
    tags,
    summary: "List the session's payee's own shares",
    description:
      "Needs the `ccs_selfcheck` cookie. Only the payee's own shares, across projects; " +
      "nothing about other payees or the project's accounts.",
    responses: {
      200: {
        description: "The shares, newest period first.",
        content: { "application/json": { schema: z.object({ shares: z.array(ownShare) }) } },
      },
      401: errorResponse("No session, or it has expired."),
    },
  });
}
