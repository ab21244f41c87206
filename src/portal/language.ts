import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createTranslator, isLanguage, negotiateLanguage, type Translator } from "../i18n/index.js";

/** Name of the cookie that keeps the language a visitor picked. */
export const LANGUAGE_COOKIE = "lang";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Chooses the page language: `?lang=xx` first (and remembers it in a cookie), then the
 * cookie, then the Accept-Language header, then English.
 */
export function chooseLanguage(context: Context): Translator {
  const requested = context.req.query("lang");
  if (isLanguage(requested)) {
    setCookie(context, LANGUAGE_COOKIE, requested, {
      path: "/",
      maxAge: ONE_YEAR_SECONDS,
      sameSite: "Lax",
      httpOnly: true,
    });
    return createTranslator(requested);
  }

  const remembered = getCookie(context, LANGUAGE_COOKIE);
  if (isLanguage(remembered)) return createTranslator(remembered);

  const negotiated = negotiateLanguage(context.req.header("Accept-Language"));
  context.header("Vary", "Accept-Language, Cookie");
  return createTranslator(negotiated ?? "en");
}
