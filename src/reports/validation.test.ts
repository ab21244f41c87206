import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { actualCurve } from "./actual-progress.js";
import { monthOf, weekOf } from "./rollups.js";
import { openWorkspace, SAMPLE_SCHEDULE, sampleReport, type Workspace } from "./testing.js";

let database: TestDatabase;
let workspace: Workspace;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-10T09:00:00Z");
  const projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

async function problemsOf(response: Response): Promise<Record<string, string>> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as {
    error: { problems: { path: string; message: string }[] };
  };
  return Object.fromEntries(body.error.problems.map((problem) => [problem.path, problem.message]));
}

async function count(table: "work_schedules" | "daily_reports" | "progress_observations") {
  return (
    await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow()
  ).n;
}

describe("schedule and report input checks", () => {
  it("rejects a schedule with bad weights, periods and quantities", async () => {
    const before = await count("work_schedules");
    const response = await workspace.call("contractor", "POST", `${base}/schedules`, {
      periodUnit: "fortnight",
      items: [
        {
          code: "A1",
          description: "Earthworks",
          unit: "m3",
          quantity: 0,
          unitPrice: 1,
          weight: 60,
        },
        { code: "A1", description: "Concrete", unit: "m3", quantity: 5, unitPrice: 1, weight: 30 },
      ],
      periods: [
        { end: "2025-06-30", plannedPercent: 40 },
        { end: "2025-05-31", plannedPercent: 30 },
      ],
    });
    const problems = await problemsOf(response);
    expect(problems.periodUnit).toBe("must be month or week");
    expect(problems["items.0.quantity"]).toBe("must be more than 0");

    // Checks across fields run once every field is valid on its own.
    const second = await workspace.call("contractor", "POST", `${base}/schedules`, {
      periodUnit: "month",
      items: [
        {
          code: "A1",
          description: "Earthworks",
          unit: "m3",
          quantity: 1,
          unitPrice: 1,
          weight: 60,
        },
        { code: "A1", description: "Concrete", unit: "m3", quantity: 5, unitPrice: 1, weight: 30 },
      ],
      periods: [
        { end: "2025-06-30", plannedPercent: 40 },
        { end: "2025-05-31", plannedPercent: 30 },
      ],
    });
    const crossField = await problemsOf(second);
    expect(crossField["items.1.code"]).toContain("repeats the code A1");
    expect(crossField.items).toBe("the weights add up to 90%, not 100%");
    expect(crossField["periods.1.end"]).toContain("must come after");
    expect(crossField["periods.1.plannedPercent"]).toBe("the last period must reach 100%");
    expect(await count("work_schedules")).toBe(before);
  });

  it("rejects periods outside the contract period", async () => {
    const response = await workspace.call("contractor", "POST", `${base}/schedules`, {
      ...SAMPLE_SCHEDULE,
      periods: [{ end: "2027-03-31", plannedPercent: 100 }],
    });
    const problems = await problemsOf(response);
    expect(problems["periods.0.end"]).toBe(
      "must lie inside the contract period, 2025-03-01 to 2027-02-28",
    );
  });

  it("rejects work beyond an item's remaining quantity", async () => {
    await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE);
    await workspace.call("agency", "POST", `${base}/schedules/1/approve`);
    const first = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-03", { work: [{ itemCode: "B1", quantity: 480 }] }),
    );
    expect(first.status).toBe(201);

    const before = await count("daily_reports");
    const response = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-04", {
        weather: " ",
      }),
    );
    expect((await problemsOf(response)).weather).toBe("is missing");
    const photo = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-04", { photoReferences: ["ftp://example.org/photo.jpg"] }),
    );
    expect((await problemsOf(photo))["photoReferences.0"]).toBe(
      "must be the SHA-256 id of a photo uploaded to the project, or an https URL",
    );
    expect(await count("daily_reports")).toBe(before);

    const overrun = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-04", {
        work: [
          { itemCode: "B1", quantity: 20.5 },
          { itemCode: "Z9", quantity: 1 },
        ],
      }),
    );
    const work = await problemsOf(overrun);
    expect(work["work.0.quantity"]).toBe(
      "exceeds the 20 m3 left of item B1 (500 m3 in the schedule)",
    );
    expect(work["work.1.itemCode"]).toBe("no work item of the approved schedule has the code Z9");
    expect(await count("daily_reports")).toBe(before);
  });

  it("rejects a future date and a second report of a pending day", async () => {
    const future = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-11"),
    );
    expect((await problemsOf(future)).date).toBe("must not be in the future (today is 2025-03-10)");
    const again = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-03", { work: [] }),
    );
    expect(again.status).toBe(409);
  });

  it("requires a reason to reject, and changes nothing without one", async () => {
    const list = (await (
      await workspace.call("supervisor", "GET", `${base}/daily-reports`)
    ).json()) as { items: { id: number }[] };
    const id = list.items[0]!.id;
    const response = await workspace.call(
      "supervisor",
      "POST",
      `${base}/daily-reports/${id}/reject`,
      { reason: "" },
    );
    expect((await problemsOf(response)).reason).toBe("is missing");
    const report = (await (
      await workspace.call("supervisor", "GET", `${base}/daily-reports/${id}`)
    ).json()) as { status: string };
    expect(report.status).toBe("submitted");
  });

  it("keeps an approved report unchanged and counts its correction instead", async () => {
    const list = (await (
      await workspace.call("supervisor", "GET", `${base}/daily-reports`)
    ).json()) as { items: { id: number }[] };
    const id = list.items[0]!.id;
    await workspace.call("supervisor", "POST", `${base}/daily-reports/${id}/review`);
    await workspace.call("agency", "POST", `${base}/daily-reports/${id}/approve`);
    const again = await workspace.call("agency", "POST", `${base}/daily-reports/${id}/approve`);
    expect(again.status).toBe(409);

    const correction = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-03", { work: [{ itemCode: "B1", quantity: 250 }] }),
    );
    expect(correction.status).toBe(201);
    const corrected = (await correction.json()) as { id: number; version: number };
    expect(corrected.version).toBe(2);
    const progress = async () =>
      (
        (await (await workspace.call("agency", "GET", `${base}/progress`)).json()) as {
          actual: { percent: number }[];
        }
      ).actual;
    expect(await progress()).toEqual([{ observedOn: "2025-03-03", percent: 36.92 }]);

    await workspace.call("supervisor", "POST", `${base}/daily-reports/${corrected.id}/review`);
    await workspace.call("agency", "POST", `${base}/daily-reports/${corrected.id}/approve`);
    expect(await progress()).toEqual([{ observedOn: "2025-03-03", percent: 19.23 }]);
    const original = (await (
      await workspace.call("agency", "GET", `${base}/daily-reports/${id}`)
    ).json()) as { status: string; work: { quantity: number }[] };
    expect(original.status).toBe("approved");
    expect(original.work[0]!.quantity).toBe(480);
  });
});

describe("progress and periods", () => {
  it("caps an item at its weight and ignores unknown codes", () => {
    const curve = actualCurve(
      [
        { code: "A", quantity: 10, weight: 40 },
        { code: "B", quantity: 4, weight: 60 },
      ],
      ["2025-01-01", "2025-01-02"],
      [
        { date: "2025-01-01", itemCode: "A", quantity: 5 },
        { date: "2025-01-02", itemCode: "A", quantity: 8 },
        { date: "2025-01-02", itemCode: "X", quantity: 8 },
        { date: "2025-01-02", itemCode: "B", quantity: 1 },
      ],
    );
    expect(curve).toEqual([
      { observedOn: "2025-01-01", percent: 20 },
      { observedOn: "2025-01-02", percent: 55 },
    ]);
  });

  it("finds the ISO week and the month of a day", () => {
    expect(weekOf("2025-03-09")).toEqual({ from: "2025-03-03", to: "2025-03-09" });
    expect(weekOf("2025-03-03")).toEqual({ from: "2025-03-03", to: "2025-03-09" });
    expect(monthOf("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
  });
});
