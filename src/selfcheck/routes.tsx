/**
 * The payee self-check's public page (/payments/check) and JSON API
 * (/api/v1/payments/check/…). Both rate-limit code requests per phone number and every request
 * per client address, and the session cookie is scoped to /payments/check and the API path.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { Clock } from "../accounts/clock.js";
import { clientAddress } from "../accounts/middleware.js";
import { FixedWindowLimiter } from "../accounts/rate-limit.js";
import { problemsFromZodError } from "../api/problems.js";
import { AppError, errors } from "../http/errors.js";
import type { NotificationSettings } from "../notifications/settings.js";
import type { SmsAdapter } from "../notifications/sms.js";
import { chooseLanguage } from "../portal/language.js";
import { Layout } from "../portal/layout.js";
import { formatMoney } from "../shared/money.js";
import { SELFCHECK_LABELS } from "./labels.js";
import {
  listOwnShares,
  normalisePhone,
  requestCode,
  verifyCode,
  type OwnShare,
} from "./service.js";
import type { Kysely } from "kysely";

/** The cookie that carries a self-check session's secret. */
export const SELFCHECK_COOKIE = "ccs_selfcheck";

const HOUR_MS = 60 * 60_000;

/** The body of a code request; also its OpenAPI schema (see `openapi.ts`). */
export const codeRequestBody = z.object({
  name: z.string().max(200),
  phone: z.string().max(40),
});
/** The body of a code entry, which opens a session; also its OpenAPI schema. */
export const codeEntryBody = codeRequestBody.extend({ code: z.string().max(20) });

/** What the self-check routes need from the process. */
export interface SelfcheckDependencies<T> {
  db: Kysely<T>;
  sms: SmsAdapter;
  settings: NotificationSettings;
  clock: Clock;
}

function rateLimited(): AppError {
  return new AppError("rate_limited", 429, "Too many requests. Wait an hour and try again.");
}

/** Builds the router of the self-check page and API. */
export function createSelfcheckRouter<T>(dependencies: SelfcheckDependencies<T>): Hono {
  const router = new Hono();
  const { db, sms, settings, clock } = dependencies;
  const perPhone = new FixedWindowLimiter(settings.selfcheckRequestsPerPhone, HOUR_MS, clock);
  const perAddress = new FixedWindowLimiter(settings.selfcheckRequestsPerAddress, HOUR_MS, clock);

  /** Counts a request against the caller's address; raises 429 past the limit. */
  const takeAddress = (context: Context) => {
    if (!perAddress.take(`address:${clientAddress(context) ?? "unknown"}`)) throw rateLimited();
  };

  const sendCode = async (context: Context, input: z.infer<typeof codeRequestBody>) => {
    takeAddress(context);
    if (!perPhone.take(`phone:${normalisePhone(input.phone)}`)) throw rateLimited();
    await requestCode(db, sms, input, {
      now: clock(),
      language: chooseLanguage(context).language,
      settings,
    });
  };

  const openSession = async (context: Context, input: z.infer<typeof codeEntryBody>) => {
    takeAddress(context);
    const session = await verifyCode(db, input, { now: clock(), settings });
    setCookie(context, SELFCHECK_COOKIE, session.sessionSecret, {
      httpOnly: true,
      sameSite: "Strict",
      secure: new URL(context.req.url).protocol === "https:",
      path: "/",
      maxAge: settings.selfcheckSessionMinutes * 60,
    });
    return session;
  };

  router.post("/api/v1/payments/check/code-requests", async (context) => {
    const input = parse(codeRequestBody, await context.req.json().catch(() => null));
    await sendCode(context, input);
    return context.json({ status: "accepted" }, 202);
  });

  router.post("/api/v1/payments/check/sessions", async (context) => {
    const input = parse(codeEntryBody, await context.req.json().catch(() => null));
    const session = await openSession(context, input);
    return context.json({ expiresAt: session.expiresAt.toISOString() }, 201);
  });

  router.get("/api/v1/payments/check/shares", async (context) => {
    const secret = getCookie(context, SELFCHECK_COOKIE);
    const shares = secret ? await listOwnShares(db, secret, clock()) : null;
    if (!shares) throw errors.unauthenticated();
    return context.json({ shares });
  });

  router.get("/payments/check", (context) => context.html(<CheckPage context={context} />));

  router.post("/payments/check", async (context) => {
    const form = Object.fromEntries(await context.req.formData()) as Record<string, string>;
    const input = parse(codeRequestBody, { name: form.name ?? "", phone: form.phone ?? "" });
    try {
      await sendCode(context, input);
    } catch (error) {
      return renderError(context, error);
    }
    return context.html(<CheckPage context={context} step="code" values={input} />);
  });

  router.post("/payments/check/code", async (context) => {
    const form = Object.fromEntries(await context.req.formData()) as Record<string, string>;
    const input = parse(codeEntryBody, {
      name: form.name ?? "",
      phone: form.phone ?? "",
      code: form.code ?? "",
    });
    try {
      await openSession(context, input);
    } catch (error) {
      return renderError(context, error, input);
    }
    return context.redirect("/payments/check/mine", 303);
  });

  router.get("/payments/check/mine", async (context) => {
    const secret = getCookie(context, SELFCHECK_COOKIE);
    const shares = secret ? await listOwnShares(db, secret, clock()) : null;
    if (!shares) {
      deleteCookie(context, SELFCHECK_COOKIE, { path: "/" });
      return context.redirect("/payments/check", 303);
    }
    context.header("Cache-Control", "no-store");
    return context.html(<SharesPage context={context} shares={shares} />);
  });

  return router;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw errors.invalidInput(problemsFromZodError(parsed.error), "The check request is invalid.");
  }
  return parsed.data;
}

/** Shows the form again with the error's message; errors other than AppErrors are raised. */
function renderError(context: Context, error: unknown, values?: { name: string; phone: string }) {
  if (!(error instanceof AppError)) throw error;
  return context.html(
    <CheckPage
      context={context}
      step={values ? "code" : "start"}
      values={values}
      error={error.status === 429 ? "rate_limited" : error.message}
    />,
    error.status,
  );
}

function CheckPage(props: {
  context: Context;
  step?: "start" | "code";
  values?: { name: string; phone: string };
  error?: string;
}) {
  const t = chooseLanguage(props.context);
  const labels = SELFCHECK_LABELS[t.language];
  const page = { t, currentUrl: new URL(props.context.req.url), isDemo: false };
  const error = props.error === "rate_limited" ? labels.rateLimited : props.error;
  return (
    <Layout {...page} title={labels.title}>
      <h1>{labels.title}</h1>
      {error ? <p role="alert">{error}</p> : null}
      {props.step === "code" && props.values ? (
        <form method="post" action="/payments/check/code">
          <p>{labels.codeSent}</p>
          <input type="hidden" name="name" value={props.values.name} />
          <input type="hidden" name="phone" value={props.values.phone} />
          <label>
            {labels.code}{" "}
            <input name="code" inputmode="numeric" autocomplete="one-time-code" required />
          </label>
          <button type="submit">{labels.showPayments}</button>
        </form>
      ) : (
        <form method="post" action="/payments/check">
          <p>{labels.intro}</p>
          <label>
            {labels.name} <input name="name" autocomplete="name" required />
          </label>
          <label>
            {labels.phone} <input name="phone" type="tel" autocomplete="tel" required />
          </label>
          <button type="submit">{labels.sendCode}</button>
        </form>
      )}
    </Layout>
  );
}

function SharesPage(props: { context: Context; shares: OwnShare[] }) {
  const t = chooseLanguage(props.context);
  const labels = SELFCHECK_LABELS[t.language];
  const page = { t, currentUrl: new URL(props.context.req.url), isDemo: false };
  const money = (amount: number, currency: string) => formatMoney(amount, currency, t.language);
  return (
    <Layout {...page} title={labels.yourPayments}>
      <h1>{labels.yourPayments}</h1>
      {props.shares.length === 0 ? (
        <p>{labels.none}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{labels.project}</th>
              <th>{labels.period}</th>
              <th>{labels.approved}</th>
              <th>{labels.paid}</th>
              <th>{labels.status}</th>
              <th>{labels.due}</th>
            </tr>
          </thead>
          <tbody>
            {props.shares.map((share) => (
              <tr>
                <td>{share.projectId}</td>
                <td>
                  {share.periodStart} – {share.periodEnd}
                </td>
                <td>{money(share.approved, share.currency)}</td>
                <td>{money(share.paid, share.currency)}</td>
                <td>
                  {labels.statuses[share.status]}
                  {share.holdReasons.length > 0 ? `: ${share.holdReasons.join("; ")}` : ""}
                </td>
                <td>{share.paidOn ?? share.dueOn ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
