/**
 * PostgreSQL cannot store a NUL character in text: every JSON body holding one is refused with
 * 400 naming the field, before anything is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, type Role, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { nulCharacterProblems } from "./problems.js";

let database: TestDatabase;
let workspace: Workspace;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-04-01T09:00:00Z");
  const projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

async function rowCounts(): Promise<number[]> {
  const tables = ["users", "projects", "daily_reports", "change_requests"] as const;
  return Promise.all(
    tables.map(async (table) => {
      const row = await database.db
        .selectFrom(table as "users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
}

describe("a NUL character in a JSON body", () => {
  const CASES: [string, Role, string, () => string, Record<string, unknown>, string][] = [
    [
      "a user's display name",
      "administrator",
      "POST",
      () => "/api/v1/workspace/users",
      {
        email: "nul@example.org",
        displayName: "\u0000nul",
        password: "a long enough password",
      },
      "displayName",
    ],
    [
      "a project title",
      "agency",
      "POST",
      () => "/api/v1/workspace/projects",
      {
        title: "Road\u0000",
        contractAmount: "1000",
        currency: "KRW",
        startDate: "2026-01-01",
        plannedCompletionDate: "2026-12-31",
      },
      "title",
    ],
    [
      "a daily report's weather and a trade",
      "contractor",
      "POST",
      () => `${base}/daily-reports`,
      {
        date: "2025-04-01",
        weather: "clear\u0000",
        manpower: [{ trade: "Form\u0000work", count: 3 }],
      },
      "weather",
    ],
    [
      "a change request's description",
      "contractor",
      "POST",
      () => `${base}/changes`,
      {
        kind: "design_change",
        description: "\u0000",
        reason: "Soil survey",
        costImpact: "1000",
        currency: "KRW",
      },
      "description",
    ],
  ];
  for (const [name, role, method, url, body, field] of CASES) {
    it(`is refused in ${name} with 400 naming the field`, async () => {
      const before = await rowCounts();
      const response = await workspace.call(role, method, url(), body);
      expect(response.status).toBe(400);
      const error = (
        (await response.json()) as {
          error: { code: string; problems: { path: string; message: string }[] };
        }
      ).error;
      expect(error.code).toBe("invalid_input");
      expect(error.problems.map((problem) => problem.path)).toContain(field);
      expect(error.problems[0]?.message).toContain("NUL character");
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("names nested fields and keys by their dotted path", () => {
    expect(
      nulCharacterProblems({
        weather: "fine",
        manpower: [{ trade: "ok" }, { trade: "a\u0000b" }],
        "bad\u0000key": 1,
      }).map((problem) => problem.path),
    ).toEqual(["manpower.1.trade", "bad\\u0000key"]);
    expect(nulCharacterProblems({ text: "no control characters here", n: 1 })).toEqual([]);
  });
});
