/**
 * Concurrent submissions of the same day's report: one is stored, the others answer 409 with
 * the reason. Needs PostgreSQL (DATABASE_URL): the embedded database runs one transaction at a
 * time, so requests there never overlap.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openWorkspace, SAMPLE_SCHEDULE, sampleReport, type Workspace } from "./testing.js";

const onServer = Boolean(process.env.DATABASE_URL);
if (!onServer) {
  console.info(
    "Skipping the concurrent daily report test: it needs PostgreSQL (set DATABASE_URL); " +
      "the embedded database runs one transaction at a time.",
  );
}

describe.skipIf(!onServer)("concurrent daily reports of one day (PostgreSQL only)", () => {
  let database: TestDatabase;
  let workspace: Workspace;
  let base: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    workspace = await openWorkspace(database, "2025-04-10T09:00:00Z");
    const projectId = await workspace.registerProject();
    base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
    const schedule = await workspace.call(
      "contractor",
      "POST",
      `${base}/schedules`,
      SAMPLE_SCHEDULE,
    );
    expect(schedule.status).toBe(201);
    expect((await workspace.call("agency", "POST", `${base}/schedules/1/approve`)).status).toBe(
      200,
    );
  });
  afterAll(() => database.destroy());

  it("stores one report and answers the others 409 with the reason", async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        workspace.call("contractor", "POST", `${base}/daily-reports`, sampleReport("2025-04-08")),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((response) => response.status === 409)) {
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("conflict");
      expect(body.error.message).toContain("The report of 2025-04-08 is submitted");
    }
    const rows = await database.db
      .selectFrom("daily_reports")
      .select("id")
      .where("report_date", "=", "2025-04-08")
      .execute();
    expect(rows).toHaveLength(1);
  });
});
