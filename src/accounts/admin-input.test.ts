/**
 * Limits on what administrators type: a display name's length, and the characters of an
 * organisation identifier, which becomes part of the organisation's id and its addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/app.js";
import { createTestUser, type TestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { DISPLAY_NAME_MAX } from "./users.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;
let administrator: TestUser;

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  administrator = await createTestUser(database.db, { jurisdictionRoles: ["administrator"] });
});
afterAll(() => database.destroy());

function post(url: string, body: unknown) {
  return app.request(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${administrator.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function problemsOf(response: Response) {
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: { problems: { path: string; message: string }[] } })
    .error.problems;
}

async function count(table: "users" | "organisations"): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("a user's display name", () => {
  const user = (displayName: string) => ({
    email: `${displayName.length}@example.org`,
    displayName,
    password: "a long enough password",
  });

  it("is refused beyond its limit, and nothing is stored", async () => {
    const before = await count("users");
    const problems = await problemsOf(
      await post("/api/v1/workspace/users", user("x".repeat(100_000))),
    );
    expect(problems).toEqual([
      { path: "displayName", message: `must be at most ${DISPLAY_NAME_MAX} characters` },
    ]);
    expect(await count("users")).toBe(before);
  });

  it("is accepted at its limit", async () => {
    const response = await post("/api/v1/workspace/users", user("y".repeat(DISPLAY_NAME_MAX)));
    expect(response.status).toBe(201);
  });
});

describe("an organisation identifier", () => {
  const BAD: [string, Record<string, string>, string][] = [
    [
      "a scheme with a path",
      { identifierScheme: "../../etc", identifierId: "passwd" },
      "identifierScheme",
    ],
    [
      "an id with a path",
      { identifierScheme: "KR-BRN", identifierId: "../../passwd" },
      "identifierId",
    ],
    ["an id with a slash", { identifierScheme: "KR-BRN", identifierId: "12/34" }, "identifierId"],
    ["an id with two dots", { identifierScheme: "KR-BRN", identifierId: "1..2" }, "identifierId"],
    [
      "a scheme with spaces",
      { identifierScheme: "KR BRN", identifierId: "1234" },
      "identifierScheme",
    ],
  ];
  for (const [name, identifier, field] of BAD) {
    it(`refuses ${name}, naming ${field}`, async () => {
      const before = await count("organisations");
      const problems = await problemsOf(
        await post("/api/v1/workspace/organisations", { name: "Seoul Metro", ...identifier }),
      );
      expect(problems.map((problem) => problem.path)).toEqual([field]);
      expect(await count("organisations")).toBe(before);
    });
  }

  it("accepts an org-id.guide identifier", async () => {
    const response = await post("/api/v1/workspace/organisations", {
      name: "Seoul Metro",
      identifierScheme: "KR-BRN",
      identifierId: "104-81-12345",
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { id: string }).id).toBe("KR-BRN-104-81-12345");
  });
});
