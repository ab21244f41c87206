import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import { createFileRouter } from "./routes.js";
import { createFileStore } from "./store.js";

let dataDir: string;
let app: Hono;
let svgHash: string;
let pngHash: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "ccs-file-routes-"));
  const store = createFileStore(dataDir);
  svgHash = (await store.put(Buffer.from("<svg/>"), "image/svg+xml")).sha256;
  pngHash = (await store.put(Buffer.from([0x89, 0x50, 0x4e, 0x47]), "image/png")).sha256;

  // The application's error handler renders AppError with its status; this one does the same.
  app = new Hono();
  app.route("/", createFileRouter(store));
  app.onError((error, context) =>
    error instanceof AppError
      ? context.json({ code: error.code }, error.status)
      : context.text("internal", 500),
  );
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("GET /files/:sha256", () => {
  it("serves the file with caching headers", async () => {
    const response = await app.request(`/files/${pngHash}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/png");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("ETag")).toBe(`"${pngHash}"`);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Security-Policy")).toBeNull();
    expect(Buffer.from(await response.arrayBuffer())).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    );
  });

  it("locks down SVG with a content security policy", async () => {
    const response = await app.request(`/files/${svgHash}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(response.headers.get("Content-Security-Policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(await response.text()).toBe("<svg/>");
  });

  it("returns 304 for a matching ETag", async () => {
    const response = await app.request(`/files/${svgHash}`, {
      headers: { "If-None-Match": `W/"other", "${svgHash}"` },
    });

    expect(response.status).toBe(304);
    expect(response.headers.get("ETag")).toBe(`"${svgHash}"`);
  });

  it("returns 404 for an unknown hash", async () => {
    const response = await app.request(`/files/${"f".repeat(64)}`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: "not_found" });
  });

  it.each([["abc"], ["F".repeat(64)], ["..%2F..%2Fetc%2Fpasswd"], [`${"a".repeat(64)}.json`]])(
    "returns 400 for malformed hash %s",
    async (hash) => {
      const response = await app.request(`/files/${hash}`);

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: "invalid_input" });
    },
  );
});
