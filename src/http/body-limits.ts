/**
 * Caps the size of request bodies before anything reads them, so that one request cannot make
 * the server buffer hundreds of megabytes, even without signing in. Multipart bodies carry the
 * uploads (documents and spreadsheets up to 50 MiB, photos up to 20 MiB), and each upload route
 * checks its own smaller limit after this one. Every other body is JSON or a form, which never
 * needs more than `MAX_FORM_BODY_BYTES`.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "./errors.js";

/** Largest JSON or form body: room for a long bill of quantities or a daily report. */
export const MAX_FORM_BODY_BYTES = 4 * 1024 ** 2;

/** Largest multipart body: the largest upload (50 MiB) plus room for the other form fields. */
export const MAX_MULTIPART_BODY_BYTES = 50 * 1024 ** 2 + 256 * 1024;

function limit(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (context) => {
      const message = `The request body is larger than the limit of ${maxSize} bytes.`;
      // A form posted from a page gets a page that a person can read and go back from.
      const fromPage =
        !context.req.path.startsWith("/api/") &&
        (context.req.header("Accept") ?? "").includes("text/html");
      if (fromPage) {
        return context.html(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too large</title><link rel="stylesheet" href="/static/portal.css"></head><body><main id="main"><h1>The upload is too large</h1><p>${message} Go back and choose a smaller file, or send fewer files at once.</p></main></body></html>`,
          413,
        );
      }
      throw new AppError("payload_too_large", 413, message);
    },
  });
}

const formLimit = limit(MAX_FORM_BODY_BYTES);
const multipartLimit = limit(MAX_MULTIPART_BODY_BYTES);

/** Rejects a body over its limit with 413, checked by Content-Length and while it streams. */
export const limitBodySize: MiddlewareHandler = (context, next) => {
  const contentType = context.req.header("Content-Type") ?? "";
  const isMultipart = /^multipart\/form-data\b/i.test(contentType);
  return (isMultipart ? multipartLimit : formLimit)(context, next);
};
