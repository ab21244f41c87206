import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

describe("application", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database);
  });
  afterAll(async () => {
    await database.destroy();
  });

  it.each(["/api/v1/projects?q=%00", "/?q=%00", "/projects/%00", "/organisations/%00"])(
    "rejects a NUL character in %s",
    async (path) => {
      const response = await app.request(path);

      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; correlationId: string } };
      expect(body.error.code).toBe("invalid_input");
      expect(body.error.correlationId).toBe(response.headers.get("X-Correlation-Id"));
    },
  );

  it("answers an unknown API path in JSON with a correlation id", async () => {
    const response = await app.request("/api/v1/nothing-here");

    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; correlationId: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers an unknown page with the portal's page", async () => {
    const response = await app.request("/nothing-here", { headers: { "Accept-Language": "es" } });

    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(await response.text()).toContain('<html lang="es"');
  });

  it("compresses responses for clients that accept gzip", async () => {
    const response = await app.request("/", { headers: { "Accept-Encoding": "gzip" } });

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Encoding")).toBe("gzip");
  });

  it("reports health with the database kind", async () => {
    const response = await app.request("/healthz");

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: database.kind });
  });
});
