import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { HTTPException } from "hono/http-exception";
import type { Clock } from "../accounts/clock.js";
import { createAccountServices } from "../accounts/services.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { createFileRouter } from "../files/routes.js";
import { resolveClientAddress } from "../accounts/middleware.js";
import { limitBodySize } from "./body-limits.js";
import { denyFraming } from "./framing.js";
import { createImportPagesRouter } from "../mapping-editor/routes.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import type { FileStore } from "../files/store.js";
import { log } from "../log.js";
import { AppError, errors } from "./errors.js";
import { createApiRouter } from "../api/routes.js";
import { createPortalRouter, renderPageNotFound } from "../portal/routes.js";
import { createWorkspaceRouter } from "../workspace/routes.js";
import { createSitePages } from "../workspace/site-routes.js";
import { FileSmsAdapter, type SmsAdapter } from "../notifications/sms.js";
import { createSelfcheckRouter } from "../selfcheck/routes.js";
import { systemClock } from "../accounts/clock.js";

/** Dependencies that request handlers take from the running process. */
export interface AppDependencies {
  config: Config;
  database: Database;
  /** Content-addressed storage of photos and documents. */
  fileStore: FileStore;
  /** Time source of sign-in limits, sessions and tokens; the system clock when not given. */
  clock?: Clock;
  /** The bank that direct payments go through; a simulated bank in memory when not given. */
  bank?: BankAdapter;
  /** The SMS adapter of self-check codes; the file adapter of the settings when not given. */
  sms?: SmsAdapter;
}

/** Per-request values set by the middleware below. */
export interface AppEnv {
  Variables: { correlationId: string };
}

/**
 * Builds the HTTP application: the public portal pages, the JSON API under /api/v1 and the
 * health check, with one error handler that returns JSON to API callers and a page to people.
 */
export function createApp(dependencies: AppDependencies): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (context, next) => {
    const correlationId = randomUUID();
    context.set("correlationId", correlationId);
    // PostgreSQL text cannot hold NUL, so a value containing one could never match anything.
    if (/%00/.test(context.req.url)) {
      throw errors.invalidInput([
        {
          path: "",
          message: "the address contains a NUL character (%00), which no value may hold",
        },
      ]);
    }
    await next();
    context.header("X-Correlation-Id", correlationId);
  });

  app.use(resolveClientAddress(dependencies.config.trustedProxyHops));
  app.use(limitBodySize);
  app.use(denyFraming);

  // Pages, JSON and the package export shrink to about a fifth over slow mobile connections.
  app.use(compress());

  app.get("/healthz", async (context) => {
    await dependencies.database.db.selectFrom("projects").select("id").limit(1).execute();
    return context.json({ status: "ok", database: dependencies.database.kind });
  });

  const accounts = createAccountServices(
    dependencies.database.db,
    dependencies.config,
    dependencies.clock,
  );
  app.route(
    "/",
    createSelfcheckRouter({
      db: dependencies.database.db,
      sms: dependencies.sms ?? new FileSmsAdapter(dependencies.config.notifications.smsFile),
      settings: dependencies.config.notifications,
      clock: dependencies.clock ?? systemClock,
    }),
  );
  app.route("/api/v1", createApiRouter(dependencies, accounts));
  app.route("/", createFileRouter(dependencies.fileStore, accounts));
  app.route("/workspace/imports", createImportPagesRouter(dependencies, accounts));
  app.route("/workspace/projects", createSitePages(dependencies, accounts));
  app.route("/workspace", createWorkspaceRouter(accounts));
  app.route("/", createPortalRouter(dependencies));

  app.notFound((context) => {
    if (context.req.path.startsWith("/api/")) {
      const correlationId = context.get("correlationId");
      return context.json(
        {
          error: {
            code: "not_found",
            message: "There is no such endpoint.",
            problems: [],
            correlationId,
          },
        },
        404,
      );
    }
    return renderPageNotFound(context, dependencies.database.db);
  });

  app.onError((error, context) => {
    const correlationId = context.get("correlationId");
    const known = toAppError(error);
    if (!known) {
      log.error({ err: error, correlationId, path: context.req.path }, "request failed");
    } else if (!(error instanceof AppError) && !(error instanceof HTTPException)) {
      // Logs a database refusal that no handler turned into an error of its own, so that the
      // handler can be found and fixed.
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      log.warn(
        { code, constraint, correlationId, path: context.req.path, status: known.status },
        "database refusal answered as a client error",
      );
    }
    const status = known?.status ?? 500;
    const body = {
      error: {
        code: known?.code ?? "internal",
        message: known?.message ?? "Something went wrong on our side.",
        problems: known?.problems ?? [],
        correlationId,
      },
    };
    context.header("X-Correlation-Id", correlationId);
    return context.json(body, status);
  });

  return app;
}

function toAppError(error: Error): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    return new AppError("http_error", error.status, error.message);
  }
  return databaseConflict(error);
}

/**
 * Turns a database refusal caused by a concurrent request into a 409: a unique violation
 * (SQLSTATE 23505) means another request stored the same record first, and a serialization
 * failure or deadlock (40001, 40P01) that the request lost a race. Either way nothing of the
 * request was stored, and the caller may read the current state and try again.
 */
function databaseConflict(error: Error): AppError | undefined {
  const code = (error as { code?: unknown }).code;
  if (code === "23505") {
    return errors.conflict(
      "The same record was stored by another request at the same time; nothing was stored " +
        "by this one. Reload to see it.",
    );
  }
  if (code === "22021") {
    // PostgreSQL text cannot hold NUL; JSON bodies are checked by field before this.
    return errors.invalidInput(
      [{ path: "", message: "a text contains a NUL character (U+0000), which no text may hold" }],
      "The request holds a character that cannot be stored.",
    );
  }
  if (code === "40001" || code === "40P01") {
    return errors.conflict(
      "Another request changed the same records at the same time; nothing was stored. " +
        "Try again.",
    );
  }
  return undefined;
}
