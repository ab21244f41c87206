import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, resolveClientAddress } from "../accounts/middleware.js";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { MAX_FORM_BODY_BYTES, MAX_MULTIPART_BODY_BYTES } from "./body-limits.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
});
afterAll(() => database.destroy());

describe("request body limits", () => {
  it("rejects an oversized sign-in body by its length", async () => {
    const response = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Content-Length": String(MAX_FORM_BODY_BYTES + 1),
      },
      body: "x".repeat(MAX_FORM_BODY_BYTES + 1),
    });

    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toContain(String(MAX_FORM_BODY_BYTES));
  });

  it("answers a page's oversized form with a page", async () => {
    const response = await app.request("/workspace/login", {
      method: "POST",
      headers: {
        Accept: "text/html,application/xhtml+xml",
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": String(MAX_FORM_BODY_BYTES + 1),
      },
      body: "x".repeat(MAX_FORM_BODY_BYTES + 1),
    });

    expect(response.status).toBe(413);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    expect(await response.text()).toContain("The upload is too large");
  });

  it("rejects an oversized body sent without a length", async () => {
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_FORM_BODY_BYTES) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const response = await app.request("/api/v1/payments/check/code-requests", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    });

    expect(response.status).toBe(413);
  });

  it("lets a normal request through", async () => {
    const response = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.org", password: "wrong password" }),
    });

    expect(response.status).toBe(401);
  });

  it("allows multipart bodies up to the upload limit", () => {
    expect(MAX_MULTIPART_BODY_BYTES).toBeGreaterThan(50 * 1024 ** 2);
    expect(MAX_FORM_BODY_BYTES).toBeLessThan(MAX_MULTIPART_BODY_BYTES);
  });
});

describe("framing", () => {
  it("forbids framing of pages and API answers", async () => {
    for (const path of ["/", "/workspace/login", "/api/v1/projects"]) {
      const response = await app.request(path);
      expect(response.headers.get("X-Frame-Options"), path).toBe("DENY");
      expect(response.headers.get("Content-Security-Policy"), path).toContain(
        "frame-ancestors 'none'",
      );
    }
  });
});

describe("client address behind proxies", () => {
  function echoApp(hops: number) {
    const echo = new Hono();
    echo.use(resolveClientAddress(hops));
    echo.get("/", (context) => context.text(clientAddress(context) ?? "none"));
    return echo;
  }
  const forwarded = { "X-Forwarded-For": "198.51.100.7, 203.0.113.9, 10.0.0.2" };

  it("ignores X-Forwarded-For without trusted proxies", async () => {
    const response = await echoApp(0).request("/", { headers: forwarded });

    expect(await response.text()).toBe("none");
  });

  it("reads the entry the outermost trusted proxy added", async () => {
    expect(await (await echoApp(1).request("/", { headers: forwarded })).text()).toBe("10.0.0.2");
    expect(await (await echoApp(2).request("/", { headers: forwarded })).text()).toBe(
      "203.0.113.9",
    );
  });

  it("falls back to the socket when the header is shorter than the hops", async () => {
    const response = await echoApp(5).request("/", { headers: forwarded });

    expect(await response.text()).toBe("none");
  });
});
