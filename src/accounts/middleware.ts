import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { getCookie } from "hono/cookie";
import { AppError, errors } from "../http/errors.js";
import { recordAudit } from "./audit.js";
import { can, type Action, type Principal, type ProjectAccess } from "./permissions.js";
import { loadPrincipal, loadProjectAccess } from "./principal.js";
import type { AccountServices } from "./services.js";
import { findSession } from "./sessions.js";
import { secretsEqual } from "./secrets.js";
import { TOKEN_PREFIX, useApiToken } from "./tokens.js";

/** Name of the cookie that carries the web session id. */
export const SESSION_COOKIE = "ccs_session";

/** Name of the form field and header that carry the CSRF token. */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/** Credential a request was authenticated with. */
export type Credential =
  { kind: "session"; sessionId: string; csrfToken: string } | { kind: "token"; tokenId: number };

/** Per-request values of workspace routes. */
export interface WorkspaceEnv {
  Variables: {
    correlationId: string;
    /** The signed-in user; unset for an anonymous request. */
    principal?: Principal;
    credential?: Credential;
    /** Set by `requirePermission` for an action in one project. */
    projectAccess?: ProjectAccess;
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Records the client's IP address for `clientAddress`. With `trustedProxyHops` of 0 it is the
 * socket's address. Behind N trusted reverse proxies it is the Nth X-Forwarded-For entry from
 * the right, the one the outermost trusted proxy saw. Entries to its left come from the client
 * and may be forged, so they are never read. Mount it before every other route.
 */
export function resolveClientAddress(trustedProxyHops: number): MiddlewareHandler {
  return async (context, next) => {
    const socketAddress = socketAddressOf(context);
    let address = socketAddress;
    if (trustedProxyHops > 0) {
      const forwarded = (context.req.header("X-Forwarded-For") ?? "")
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry !== "");
      address = forwarded[forwarded.length - trustedProxyHops] ?? socketAddress;
    }
    context.set(CLIENT_ADDRESS, address);
    await next();
  };
}

/**
 * Returns the client's IP address as `resolveClientAddress` found it, or the socket's address
 * on a router mounted without it. Null when the request did not come over a socket.
 */
export function clientAddress(context: Context): string | null {
  const resolved = context.get(CLIENT_ADDRESS) as string | null | undefined;
  return resolved === undefined ? socketAddressOf(context) : resolved;
}

const CLIENT_ADDRESS = "clientAddress";

function socketAddressOf(context: Context): string | null {
  try {
    return getConnInfo(context).remote.address ?? null;
  } catch {
    // In-process requests (tests, app.request) carry no socket.
    return null;
  }
}

/**
 * Identifies the caller from `Authorization: Bearer <token>` or the session cookie and sets
 * `principal` and `credential`. Leaves both unset for an anonymous request. A bearer token that
 * is unknown, expired or revoked is rejected with 401 rather than treated as anonymous.
 */
export function authenticate(accounts: AccountServices): MiddlewareHandler<WorkspaceEnv> {
  return async (context, next) => {
    const now = accounts.clock();
    const authorization = context.req.header("Authorization");
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const token = match?.[1];
      const used = token?.startsWith(TOKEN_PREFIX)
        ? await useApiToken(accounts.db, token, now)
        : undefined;
      const principal = used ? await loadPrincipal(accounts.db, used.userId) : undefined;
      if (!used || !principal) {
        throw new AppError(
          "unauthenticated",
          401,
          "The API token is invalid, expired or revoked. Get a new one from POST /api/v1/auth/login.",
        );
      }
      context.set("principal", principal);
      context.set("credential", { kind: "token", tokenId: used.tokenId });
      return next();
    }

    const sessionId = getCookie(context, SESSION_COOKIE);
    if (sessionId) {
      const session = await findSession(accounts.db, sessionId, now);
      const principal = session ? await loadPrincipal(accounts.db, session.userId) : undefined;
      if (session && principal) {
        context.set("principal", principal);
        context.set("credential", { kind: "session", sessionId, csrfToken: session.csrfToken });
      }
    }
    return next();
  };
}

/** Rejects an anonymous request with 401. */
export const requireSignIn: MiddlewareHandler<WorkspaceEnv> = async (context, next) => {
  if (!context.get("principal")) throw errors.unauthenticated();
  return next();
};

/** Returns the error for a state-changing session request without the right CSRF token. */
export function csrfFailed(): AppError {
  return new AppError(
    "csrf_failed",
    403,
    "The form is out of date or was not sent from this site. Reload the page and try again.",
  );
}

/**
 * Checks the CSRF token of every state-changing request authenticated by a session cookie:
 * the `X-CSRF-Token` header or the `_csrf` form field must equal the session's token. Requests
 * with a bearer token need none, because a browser never adds that header on its own.
 */
export const requireCsrf: MiddlewareHandler<WorkspaceEnv> = async (context, next) => {
  const credential = context.get("credential");
  if (SAFE_METHODS.has(context.req.method) || credential?.kind !== "session") return next();

  let given = context.req.header(CSRF_HEADER);
  if (given === undefined) {
    const type = context.req.header("Content-Type") ?? "";
    if (
      type.startsWith("application/x-www-form-urlencoded") ||
      type.startsWith("multipart/form-data")
    ) {
      const field = (await context.req.parseBody())[CSRF_FIELD];
      given = typeof field === "string" ? field : undefined;
    }
  }
  if (given === undefined || !secretsEqual(given, credential.csrfToken)) throw csrfFailed();
  return next();
};

/**
 * Lets the request through only when the principal may do `action`. With `projectIdFrom`, the
 * action is checked in that project, whose access is then available as `projectAccess`; a
 * project that does not exist gives 404. Refusals of state-changing requests go to the audit
 * trail. Place it after `authenticate` and `requireSignIn`.
 */
export function requirePermission(
  accounts: AccountServices,
  action: Action,
  projectIdFrom?: (context: Context<WorkspaceEnv>) => string,
): MiddlewareHandler<WorkspaceEnv> {
  return async (context, next) => {
    const principal = context.get("principal");
    if (!principal) throw errors.unauthenticated();

    let project: ProjectAccess | undefined;
    if (projectIdFrom) {
      const projectId = projectIdFrom(context);
      project = await loadProjectAccess(accounts.db, principal, projectId);
      if (!project) throw errors.notFound(`Project ${projectId}`);
      context.set("projectAccess", project);
    }

    if (!can(principal, action, project)) {
      if (!SAFE_METHODS.has(context.req.method)) {
        await recordAudit(accounts.db, {
          actorUserId: principal.userId,
          action,
          subject: project ? `project:${project.projectId}` : null,
          outcome: "denied",
          clientAddress: clientAddress(context),
          details: { method: context.req.method, path: context.req.path },
        });
      }
      throw errors.forbidden();
    }
    return next();
  };
}
