/**
 * Sign-in routes of the JSON API: exchange e-mail and password for a bearer token, and revoke
 * it again.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { recordAudit } from "../accounts/audit.js";
import {
  authenticate,
  clientAddress,
  requireCsrf,
  requireSignIn,
  type WorkspaceEnv,
} from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { deleteSession } from "../accounts/sessions.js";
import { createApiToken, revokeApiToken } from "../accounts/tokens.js";
import { errorResponse } from "./schemas.js";

const loginBody = z
  .object({
    email: z.string({ error: "is missing" }).min(1, "is missing").max(320, "is too long"),
    password: z.string({ error: "is missing" }).min(1, "is missing").max(1024, "is too long"),
    tokenName: z
      .string()
      .max(100, "must be at most 100 characters")
      .optional()
      .openapi({ description: "A name to recognise the token by, such as the script using it." }),
  })
  .openapi("LoginRequest");

const login = createRoute({
  method: "post",
  path: "/auth/login",
  summary: "Sign in and get an API token",
  description:
    "Returns a bearer token for the `Authorization: Bearer` header. Failed sign-ins count " +
    "towards the account's lockout and the client address's rate limit.",
  tags: ["Workspace: accounts"],
  request: { body: { content: { "application/json": { schema: loginBody } }, required: true } },
  responses: {
    200: {
      description: "The token, shown only this once, and when it expires.",
      content: {
        "application/json": {
          schema: z
            .object({
              token: z.string(),
              expiresAt: z.string().openapi({ format: "date-time" }),
              user: z.object({ id: z.number().int(), displayName: z.string() }),
            })
            .openapi("LoginResponse"),
        },
      },
    },
    400: errorResponse("The body is not valid; each problem names the field."),
    401: errorResponse("Wrong e-mail or password, or the account is locked."),
    429: errorResponse("Too many sign-in attempts from this address."),
  },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  summary: "Revoke the token or end the session of this request",
  tags: ["Workspace: accounts"],
  security: [{ bearerAuth: [] }],
  responses: {
    204: { description: "Signed out." },
    401: errorResponse("The request carries no valid token or session."),
  },
});

/** Adds the sign-in routes to `api`. */
export function addAuthRoutes(api: OpenAPIHono<WorkspaceEnv>, accounts: AccountServices): void {
  api.openapi(login, async (context) => {
    const body = context.req.valid("json");
    const address = clientAddress(context);
    const userId = await accounts.signIn.verify(body.email, body.password, address);
    const now = accounts.clock();
    const issued = await createApiToken(
      accounts.db,
      userId,
      body.tokenName ?? "API sign-in",
      now,
      accounts.settings.apiTokenDays,
    );
    const user = await accounts.db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    return context.json(
      {
        token: issued.token,
        expiresAt: issued.expiresAt.toISOString(),
        user: { id: user.id, displayName: user.display_name },
      },
      200,
    );
  });

  api.use("/auth/logout", authenticate(accounts), requireSignIn, requireCsrf);
  api.openapi(logout, async (context) => {
    const credential = context.get("credential");
    const principal = context.get("principal");
    if (credential?.kind === "token") {
      await revokeApiToken(accounts.db, credential.tokenId, accounts.clock());
    } else if (credential?.kind === "session") {
      await deleteSession(accounts.db, credential.sessionId);
    }
    await recordAudit(accounts.db, {
      actorUserId: principal?.userId ?? null,
      action: "auth.logout",
      subject: principal ? `user:${principal.userId}` : null,
      outcome: "success",
      clientAddress: clientAddress(context),
      details: { credential: credential?.kind },
    });
    return context.body(null, 204);
  });
}
