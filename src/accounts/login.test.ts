import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createTestUser, TEST_PASSWORD } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { PasswordSignIn } from "./login.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

function fakeClock(start = "2026-03-01T09:00:00Z") {
  let now = new Date(start);
  return {
    clock: () => now,
    advanceMinutes(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

const settings = loadConfig({
  LOAD_DEMO: "false",
  LOGIN_MAX_FAILURES: "3",
  LOGIN_LOCKOUT_MINUTES: "10",
  LOGIN_ATTEMPTS_PER_ADDRESS: "20",
  LOGIN_ADDRESS_WINDOW_MINUTES: "5",
}).workspace;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("password sign-in", () => {
  it("returns the user for the right password, ignoring e-mail case", async () => {
    const user = await createTestUser(database.db, { email: "Official@Example.test" });
    const signIn = new PasswordSignIn(database.db, settings, fakeClock().clock);
    expect(await signIn.verify("official@example.TEST", TEST_PASSWORD, "10.0.0.1")).toBe(user.id);
  });

  it("answers unknown e-mail and wrong password alike", async () => {
    await createTestUser(database.db, { email: "known@example.test" });
    const signIn = new PasswordSignIn(database.db, settings, fakeClock().clock);
    const unknown = await signIn
      .verify("nobody@example.test", TEST_PASSWORD, "10.0.0.2")
      .catch((e: Error) => e);
    const wrong = await signIn
      .verify("known@example.test", "wrong password!", "10.0.0.2")
      .catch((e: Error) => e);
    expect((unknown as Error).message).toBe((wrong as Error).message);
    expect((unknown as unknown as { status: number }).status).toBe(401);
  });

  it("locks the account after repeated failures, then unlocks", async () => {
    const user = await createTestUser(database.db, { email: "locked@example.test" });
    const time = fakeClock();
    const signIn = new PasswordSignIn(database.db, settings, time.clock);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.3"))).toBe(
        "invalid_credentials",
      );
    }

    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.3"))).toBe(
      "invalid_credentials",
    );
    time.advanceMinutes(9);
    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.3"))).toBe(
      "invalid_credentials",
    );
    time.advanceMinutes(2);
    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.3"))).toBe("ok");

    const events = await database.db
      .selectFrom("audit_events")
      .select(["action", "outcome", "details"])
      .where("actor_user_id", "=", user.id)
      .orderBy("id")
      .execute();
    expect(events.map((event) => `${event.action}:${event.outcome}`)).toEqual([
      "auth.login:failure",
      "auth.login:failure",
      "auth.login:failure",
      "auth.lockout:failure",
      "auth.login:failure",
      "auth.login:failure",
      "auth.login:success",
    ]);
    expect(events[4]?.details).toEqual({ reason: "locked" });
    expect(JSON.stringify(events)).not.toContain("wrong password");
    expect(JSON.stringify(events)).not.toContain(TEST_PASSWORD);
  });

  it("resets the failure count after a success", async () => {
    const user = await createTestUser(database.db);
    const signIn = new PasswordSignIn(database.db, settings, fakeClock().clock);
    await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.4"));
    await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.4"));
    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.4"))).toBe("ok");
    expect(await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.4"))).toBe(
      "invalid_credentials",
    );
    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.4"))).toBe("ok");
  });

  it("limits attempts per client address within a window", async () => {
    const user = await createTestUser(database.db);
    const time = fakeClock();
    const strict = { ...settings, loginAttemptsPerAddress: 2, loginMaxFailures: 100 };
    const signIn = new PasswordSignIn(database.db, strict, time.clock);
    await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.5"));
    await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.5"));

    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.5"))).toBe(
      "too_many_requests",
    );
    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.6"))).toBe("ok");
    time.advanceMinutes(5);
    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.5"))).toBe("ok");
  });

  it("counts only failed attempts per address", async () => {
    const user = await createTestUser(database.db);
    const time = fakeClock();
    const strict = { ...settings, loginAttemptsPerAddress: 2, loginMaxFailures: 100 };
    const signIn = new PasswordSignIn(database.db, strict, time.clock);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.7"))).toBe("ok");
    }

    await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.7"));
    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.7"))).toBe("ok");
    await codeOf(signIn.verify(user.email, "wrong password!", "10.0.0.7"));

    expect(await codeOf(signIn.verify(user.email, TEST_PASSWORD, "10.0.0.7"))).toBe(
      "too_many_requests",
    );
  });
});
