import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openWorkspace, SAMPLE_SCHEDULE, sampleReport, type Workspace } from "./testing.js";

let database: TestDatabase;
let workspace: Workspace;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-02T09:00:00Z");
});
afterAll(() => database.destroy());

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe("schedule and daily reports through the API", () => {
  it("lists every route in the OpenAPI document", async () => {
    const document = (await (await workspace.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const base = "/workspace/projects/{id}";
    const expected: [string, string][] = [
      ["post", `${base}/schedules`],
      ["get", `${base}/schedules`],
      ["get", `${base}/schedules/{version}`],
      ["post", `${base}/schedules/{version}/approve`],
      ["post", `${base}/schedules/{version}/reject`],
      ["get", `${base}/progress`],
      ["post", `${base}/daily-reports`],
      ["get", `${base}/daily-reports`],
      ["get", `${base}/daily-reports/{reportId}`],
      ["post", `${base}/daily-reports/{reportId}/review`],
      ["post", `${base}/daily-reports/{reportId}/approve`],
      ["post", `${base}/daily-reports/{reportId}/reject`],
      ["get", `${base}/reports/weekly`],
      ["get", `${base}/reports/monthly`],
    ];
    for (const [method, path] of expected) {
      expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });

  it("plays from registration to the public progress curve", async () => {
    const call = workspace.call.bind(workspace);
    const clock = workspace.clock;
    const projectId = await workspace.registerProject();
    const base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;

    // The contractor submits the schedule and the agency approves it.
    const submitted = await call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE);
    expect(submitted.status).toBe(201);
    const schedule = (await submitted.json()) as {
      version: number;
      status: string;
      items: { code: string; weight: number; unitPrice: number }[];
    };
    expect(schedule.version).toBe(1);
    expect(schedule.status).toBe("submitted");
    expect(schedule.items.map((item) => item.weight)).toEqual([10.2564, 38.4615, 51.2821]);
    expect(schedule.items[0]!.unitPrice).toBe(20000);

    const approved = await call("agency", "POST", `${base}/schedules/1/approve`);
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { status: string }).status).toBe("approved");

    // Two weeks of daily reports, each submitted the evening of its day.
    const firstDay = "2025-03-03";
    const reportIds: number[] = [];
    for (let day = 0; day < 14; day++) {
      const date = addDays(firstDay, day);
      clock.now = new Date(`${date}T18:00:00Z`);
      const response = await call(
        "contractor",
        "POST",
        `${base}/daily-reports`,
        sampleReport(date),
      );
      expect(response.status, `report of ${date}`).toBe(201);
      reportIds.push(((await response.json()) as { id: number }).id);
    }

    // The supervisor rejects one with a reason; the contractor resubmits it as version 2.
    clock.now = new Date("2025-03-17T08:00:00Z");
    const rejectedId = reportIds[2]!;
    const rejected = await call(
      "supervisor",
      "POST",
      `${base}/daily-reports/${rejectedId}/reject`,
      {
        reason: "The concrete quantity does not match the delivery note.",
      },
    );
    expect(rejected.status).toBe(200);
    expect(((await rejected.json()) as { status: string }).status).toBe("rejected");

    const resubmitted = await call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-05", {
        work: [
          { itemCode: "A1", quantity: 20 },
          { itemCode: "B1", quantity: 5 },
        ],
      }),
    );
    expect(resubmitted.status).toBe(201);
    const second = (await resubmitted.json()) as {
      id: number;
      version: number;
      versions: unknown[];
    };
    expect(second.version).toBe(2);
    expect(second.versions).toHaveLength(2);
    reportIds[2] = second.id;

    // The supervisor reviews the rest and the agency approves them.
    for (const id of reportIds) {
      const reviewed = await call("supervisor", "POST", `${base}/daily-reports/${id}/review`);
      expect(reviewed.status, `review of ${id}`).toBe(200);
      const done = await call("agency", "POST", `${base}/daily-reports/${id}/approve`);
      expect(done.status, `approval of ${id}`).toBe(200);
    }

    // The rejected version is kept unchanged, with its reason, beside the approved one.
    const first = (await (
      await call("agency", "GET", `${base}/daily-reports/${rejectedId}`)
    ).json()) as {
      status: string;
      isCurrent: boolean;
      transitions: { to: string; reason: string | null; by: { displayName: string } }[];
    };
    expect(first.status).toBe("rejected");
    expect(first.isCurrent).toBe(false);
    expect(first.transitions.map((transition) => transition.to)).toEqual(["submitted", "rejected"]);
    expect(first.transitions[1]!.reason).toBe(
      "The concrete quantity does not match the delivery note.",
    );
    expect(first.transitions[1]!.by.displayName).toBe("Supervisor user");

    // Actual progress: 280 of 1000 m3 earthworks and 70 of 500 m3 concrete done.
    const progress = (await (await call("auditor", "GET", `${base}/progress`)).json()) as {
      planned: { observedOn: string; percent: number }[];
      actual: { observedOn: string; percent: number }[];
    };
    expect(progress.planned).toHaveLength(5);
    expect(progress.actual).toHaveLength(14);
    expect(progress.actual.at(-1)).toEqual({ observedOn: "2025-03-16", percent: 8.26 });
    expect(progress.actual[0]).toEqual({ observedOn: "2025-03-03", percent: 0.59 });

    // The weekly roll-up of the first week.
    const weekly = (await (
      await call("supervisor", "GET", `${base}/reports/weekly?date=2025-03-05`)
    ).json()) as Record<string, unknown>;
    expect(weekly.from).toBe("2025-03-03");
    expect(weekly.to).toBe("2025-03-09");
    expect(weekly.daysReported).toBe(7);
    expect(weekly.manpowerDays).toEqual([
      { trade: "concrete finisher", days: 28 },
      { trade: "labourer", days: 84 },
    ]);
    expect(weekly.work).toEqual([
      { itemCode: "A1", description: "Earthworks", unit: "m3", quantity: 140 },
      { itemCode: "B1", description: "Concrete", unit: "m3", quantity: 35 },
    ]);
    const monthly = (await (
      await call("agency", "GET", `${base}/reports/monthly?month=2025-03`)
    ).json()) as Record<string, unknown>;
    expect(monthly.daysReported).toBe(14);
    expect(monthly.actualPercent).toBe(8.26);
    expect(monthly.plannedPercent).toBe(5);

    // The public project page draws both curves, and names no worker.
    const page = await workspace.app.request(`/projects/${encodeURIComponent(projectId)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-series="planned"');
    expect(html).toContain('data-series="actual"');
    expect(html).toContain("Latest actual: 8.3 %");
    expect(html).not.toContain("Contractor user");
    const rows = await database.db
      .selectFrom("progress_observations")
      .select(["basis", "source"])
      .where("project_id", "=", projectId)
      .execute();
    expect(new Set(rows.map((row) => row.source))).toEqual(
      new Set(["workspace:schedule", "workspace:daily-reports"]),
    );
  });
});
