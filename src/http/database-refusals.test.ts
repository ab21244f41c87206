/**
 * A database refusal that escapes a handler becomes the client error it is: a unique violation
 * a 409, a NUL character in text a 400, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  const existing = await createOrganisation(database.db, { name: "Existing agency" });
  // Routes added for the test only, so the application's error handler handles their errors.
  app.post("/test-only/duplicate", async (context) => {
    await database.db
      .insertInto("organisations")
      .values({ id: existing.id, name: "Same id again" })
      .execute();
    return context.text("stored");
  });
  app.post("/test-only/nul", async (context) => {
    await database.db
      .insertInto("organisations")
      .values({ id: "org-with-nul", name: "A\u0000B" })
      .execute();
    return context.text("stored");
  });
});
afterAll(() => database.destroy());

interface ErrorBody {
  error: { code: string; message: string; correlationId: string };
}

describe("database refusals", () => {
  it("answers a unique violation with 409 and a generic message", async () => {
    const response = await app.request("/test-only/duplicate", { method: "POST" });
    expect(response.status).toBe(409);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("conflict");
    expect(body.error.message).toContain("stored by another request");
    expect(body.error.correlationId).toBe(response.headers.get("X-Correlation-Id"));
  });

  it("answers a NUL character in text with 400", async () => {
    const response = await app.request("/test-only/nul", { method: "POST" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("invalid_input");
    const stored = await database.db
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", "org-with-nul")
      .execute();
    expect(stored).toEqual([]);
  });
});
