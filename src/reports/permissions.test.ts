import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  openWorkspace,
  ROLES,
  SAMPLE_SCHEDULE,
  sampleReport,
  type Role,
  type Workspace,
} from "./testing.js";

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-20T09:00:00Z");
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

/** Sends the request as every role but `allowed` and expects 401 or 403 each time. */
async function expectDenied(allowed: Role[], method: string, url: string, body?: unknown) {
  const anonymous = await workspace.call(null, method, url, body);
  expect(anonymous.status, `anonymous ${method} ${url}`).toBe(401);
  for (const role of ROLES.filter((role) => !allowed.includes(role))) {
    const response = await workspace.call(role, method, url, body);
    expect(response.status, `${role} ${method} ${url}`).toBe(403);
  }
}

async function reportCount(): Promise<number> {
  const rows = await database.db
    .selectFrom("daily_reports")
    .select("id")
    .where("project_id", "=", projectId)
    .execute();
  return rows.length;
}

async function submitReport(role: Role, date: string): Promise<number> {
  const response = await workspace.call(role, "POST", `${base}/daily-reports`, sampleReport(date));
  expect(response.status, `${role} submits ${date}`).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

describe("schedule and report permissions", () => {
  it("lets only the prime contractor submit and the agency decide a schedule", async () => {
    await expectDenied(["contractor"], "POST", `${base}/schedules`, SAMPLE_SCHEDULE);
    const first = await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE);
    expect(first.status).toBe(201);

    const reason = { reason: "Split the paving into two stages." };
    await expectDenied(["agency"], "POST", `${base}/schedules/1/reject`, reason);
    await expectDenied(["agency"], "POST", `${base}/schedules/1/approve`);
    expect(
      (await workspace.call("agency", "POST", `${base}/schedules/1/reject`, reason)).status,
    ).toBe(200);

    await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE);
    expect((await workspace.call("agency", "POST", `${base}/schedules/2/approve`)).status).toBe(
      200,
    );
  });

  it("lets only the prime contractor and the supervisor submit a daily report", async () => {
    const before = await reportCount();
    await expectDenied(
      ["contractor", "supervisor"],
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-03"),
    );
    expect(await reportCount()).toBe(before);
    await submitReport("contractor", "2025-03-03");
    await submitReport("supervisor", "2025-03-04");
  });

  it("lets only a supervisor review and only the agency approve", async () => {
    const id = await submitReport("contractor", "2025-03-05");
    await expectDenied(["supervisor"], "POST", `${base}/daily-reports/${id}/review`);
    expect(
      (await workspace.call("supervisor", "POST", `${base}/daily-reports/${id}/review`)).status,
    ).toBe(200);

    await expectDenied(["agency"], "POST", `${base}/daily-reports/${id}/approve`);
    expect(
      (await workspace.call("agency", "POST", `${base}/daily-reports/${id}/approve`)).status,
    ).toBe(200);
  });

  it("denies a step out of role before checking the status", async () => {
    const id = await submitReport("contractor", "2025-03-10");
    const steps: [Role, string][] = [
      ["contractor", "approve"],
      ["supervisor", "approve"],
      ["agency", "review"],
    ];
    for (const [role, step] of steps) {
      const response = await workspace.call(role, "POST", `${base}/daily-reports/${id}/${step}`);
      expect(response.status, `${role} ${step}`).toBe(403);
    }
    const stored = await workspace.call("agency", "GET", `${base}/daily-reports/${id}`);
    expect(((await stored.json()) as { status: string }).status).toBe("submitted");
  });

  it("keeps a supervisor from reviewing its own report", async () => {
    const id = await submitReport("supervisor", "2025-03-06");
    const response = await workspace.call(
      "supervisor",
      "POST",
      `${base}/daily-reports/${id}/review`,
    );
    expect(response.status).toBe(403);
    const audit = await database.db
      .selectFrom("audit_events")
      .select("outcome")
      .where("action", "=", "report.review")
      .where("outcome", "=", "denied")
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("lets the supervisor reject a submitted report and the agency a reviewed one", async () => {
    const reason = { reason: "Photos of the formwork are missing." };
    const submitted = await submitReport("contractor", "2025-03-07");
    await expectDenied(["supervisor"], "POST", `${base}/daily-reports/${submitted}/reject`, reason);
    expect(
      (
        await workspace.call(
          "supervisor",
          "POST",
          `${base}/daily-reports/${submitted}/reject`,
          reason,
        )
      ).status,
    ).toBe(200);

    const reviewed = await submitReport("contractor", "2025-03-08");
    await workspace.call("supervisor", "POST", `${base}/daily-reports/${reviewed}/review`);
    await expectDenied(["agency"], "POST", `${base}/daily-reports/${reviewed}/reject`, reason);
    expect(
      (await workspace.call("agency", "POST", `${base}/daily-reports/${reviewed}/reject`, reason))
        .status,
    ).toBe(200);
  });

  it("lets members and oversight roles read, and no one else", async () => {
    const id = await submitReport("contractor", "2025-03-09");
    const readers: Role[] = [
      "agency",
      "supervisor",
      "contractor",
      "subcontractor",
      "administrator",
      "auditor",
    ];
    const urls = [
      `${base}/schedules`,
      `${base}/schedules/2`,
      `${base}/progress`,
      `${base}/daily-reports`,
      `${base}/daily-reports/${id}`,
      `${base}/reports/weekly?date=2025-03-05`,
      `${base}/reports/monthly?month=2025-03`,
    ];
    for (const url of urls) {
      await expectDenied(readers, "GET", url);
      for (const role of readers) {
        expect((await workspace.call(role, "GET", url)).status, `${role} GET ${url}`).toBe(200);
      }
    }
  });

  it("switches daily reports off in a short-term project", async () => {
    const shortTerm = await workspace.registerProject({ shortTerm: true });
    const url = `/api/v1/workspace/projects/${encodeURIComponent(shortTerm)}`;
    const report = await workspace.call(
      "contractor",
      "POST",
      `${url}/daily-reports`,
      sampleReport("2025-03-03"),
    );
    expect(report.status).toBe(403);
    const schedule = await workspace.call("contractor", "POST", `${url}/schedules`, {
      ...SAMPLE_SCHEDULE,
      periods: [{ end: "2025-08-31", plannedPercent: 100 }],
    });
    expect(schedule.status).toBe(201);
  });
});
