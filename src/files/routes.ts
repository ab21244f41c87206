import { Hono } from "hono";
import { authenticate, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { errors } from "../http/errors.js";
import { fileAudience } from "./access.js";
import { isSha256Hex, type FileStore } from "./store.js";

/**
 * Builds the router that serves stored files at `GET /files/:sha256`.
 *
 * A file's name is the hash of its content, so a response never goes stale: a public file is
 * cached for a year as immutable, and its ETag is the hash. A workspace file (see
 * `fileAudience`) is served only to a signed-in member of its project, and caches keep it
 * private. Anyone else gets 404, as for a file that does not exist. SVG can carry scripts, so
 * it is served with a Content-Security-Policy that allows inline styles and nothing else.
 */
export function createFileRouter(store: FileStore, accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();

  router.get("/files/:sha256", authenticate(accounts), async (context) => {
    const sha256 = context.req.param("sha256");
    if (!isSha256Hex(sha256)) {
      throw errors.invalidInput(
        [{ path: "sha256", message: "must be 64 lower-case hexadecimal characters" }],
        "The file name is not a SHA-256 hash.",
      );
    }

    const audience = await fileAudience(accounts.db, context.get("principal"), sha256);
    if (audience === "denied") throw errors.notFound("The file");

    const etag = `"${sha256}"`;
    const headers: Record<string, string> = {
      "Cache-Control":
        audience === "public" ? "public, max-age=31536000, immutable" : "private, no-cache",
      ETag: etag,
      "X-Content-Type-Options": "nosniff",
    };
    if (matchesEtag(context.req.header("If-None-Match"), etag)) {
      if (!(await store.has(sha256))) throw errors.notFound("The file");
      return context.body(null, 304, headers);
    }

    const file = await store.get(sha256);
    if (!file) throw errors.notFound("The file");

    headers["Content-Type"] = file.contentType;
    if (/^image\/svg\+xml\b/i.test(file.contentType)) {
      headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'";
    }
    return context.body(new Uint8Array(file.bytes), 200, headers);
  });

  return router;
}

/** Tells whether an If-None-Match header lists `etag` (weak or strong) or is "*". */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((candidate) => candidate.trim().replace(/^W\//, ""))
    .some((candidate) => candidate === "*" || candidate === etag);
}
