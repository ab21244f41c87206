import type { MiddlewareHandler } from "hono";

/**
 * Forbids other sites from showing our pages in a frame, where a page on top could trick a
 * signed-in user into clicking an approval (clickjacking). Adds `frame-ancestors 'none'` to
 * the response's Content-Security-Policy, and X-Frame-Options for older browsers. Links to
 * other sites carry only our origin, never a workspace address with its ids.
 */
export const denyFraming: MiddlewareHandler = async (context, next) => {
  await next();
  const policy = context.res.headers.get("Content-Security-Policy");
  context.res.headers.set(
    "Content-Security-Policy",
    policy ? `${policy}; frame-ancestors 'none'` : "frame-ancestors 'none'",
  );
  context.res.headers.set("X-Frame-Options", "DENY");
  context.res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
};
