import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createSession, deleteSession, findSession } from "./sessions.js";
import { createApiToken, revokeApiToken, useApiToken } from "./tokens.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const START = new Date("2026-03-01T09:00:00Z");
const minutesLater = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

describe("sessions", () => {
  it("last their lifetime and no longer", async () => {
    const user = await createTestUser(database.db);
    const session = await createSession(database.db, user.id, START, 2);
    expect((await findSession(database.db, session.sessionId, minutesLater(119)))?.userId).toBe(
      user.id,
    );
    expect(await findSession(database.db, session.sessionId, minutesLater(121))).toBeUndefined();
  });

  it("store only a hash of the id", async () => {
    const user = await createTestUser(database.db);
    const session = await createSession(database.db, user.id, START, 2);
    const rows = await database.db.selectFrom("sessions").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(session.sessionId);
  });

  it("end when deleted", async () => {
    const user = await createTestUser(database.db);
    const session = await createSession(database.db, user.id, START, 2);
    await deleteSession(database.db, session.sessionId);
    expect(await findSession(database.db, session.sessionId, START)).toBeUndefined();
  });
});

describe("API tokens", () => {
  it("expire after their days", async () => {
    const user = await createTestUser(database.db);
    const issued = await createApiToken(database.db, user.id, "script", START, 1);
    expect((await useApiToken(database.db, issued.token, minutesLater(1439)))?.userId).toBe(
      user.id,
    );
    expect(await useApiToken(database.db, issued.token, minutesLater(1441))).toBeUndefined();
  });

  it("record their last use", async () => {
    const user = await createTestUser(database.db);
    const issued = await createApiToken(database.db, user.id, "script", START, 1);
    await useApiToken(database.db, issued.token, minutesLater(5));
    const row = await database.db
      .selectFrom("api_tokens")
      .select("last_used_at")
      .where("id", "=", issued.id)
      .executeTakeFirstOrThrow();
    expect(row.last_used_at?.toISOString()).toBe(minutesLater(5).toISOString());
  });

  it("stop working when revoked", async () => {
    const user = await createTestUser(database.db);
    const issued = await createApiToken(database.db, user.id, "script", START, 1);
    await revokeApiToken(database.db, issued.id, START);
    expect(await useApiToken(database.db, issued.token, START)).toBeUndefined();
  });
});
