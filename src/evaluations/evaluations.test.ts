import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openWorkspace,
  SAMPLE_SCHEDULE,
  sampleReport,
  type Workspace,
} from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { expectDeniedToOthers, withAgencyManager, type RoleWorkspace } from "../testing/roles.js";

let database: TestDatabase;
let workspace: Workspace;
let roles: RoleWorkspace;
let projectId: string;
let base: string;

interface EvaluationBody {
  id: number;
  threshold: number;
  subject: string;
  status: string;
  averageScore: number | null;
}

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-06-20T09:00:00Z");
  roles = await withAgencyManager(database, workspace);
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
  await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE);
  const approved = await workspace.call("agency", "POST", `${base}/schedules/1/approve`);
  expect(approved.status).toBe(200);
});
afterAll(() => database.destroy());

/** Submits, reviews and approves the report of `date` with `work`. */
async function approveDay(date: string, work: { itemCode: string; quantity: number }[]) {
  const submitted = await workspace.call(
    "contractor",
    "POST",
    `${base}/daily-reports`,
    sampleReport(date, { work }),
  );
  expect(submitted.status, `submit ${date}`).toBe(201);
  const { id } = (await submitted.json()) as { id: number };
  expect(
    (await workspace.call("supervisor", "POST", `${base}/daily-reports/${id}/review`)).status,
  ).toBe(200);
  expect(
    (await workspace.call("agency", "POST", `${base}/daily-reports/${id}/approve`)).status,
  ).toBe(200);
}

async function listEvaluations(): Promise<EvaluationBody[]> {
  const response = await workspace.call("agency", "GET", `${base}/evaluations`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: EvaluationBody[] }).items;
}

const SCORES = {
  scores: [
    { criterion: "Quality of work", score: 82 },
    { criterion: "Schedule", score: 75 },
  ],
  comment: "Formwork was well kept.",
};

describe("performance evaluations", () => {
  it("requests none below 30% progress", async () => {
    // B1 weighs 75M of 195M, so 100 of its 500 m3 is 7.69%.
    await approveDay("2025-06-02", [{ itemCode: "B1", quantity: 100 }]);
    expect(await listEvaluations()).toEqual([]);
  });

  it("requests three when progress passes 30%", async () => {
    await approveDay("2025-06-03", [{ itemCode: "B1", quantity: 300 }]);
    const items = await listEvaluations();
    expect(items.map((item) => `${item.threshold} ${item.subject} ${item.status}`)).toEqual([
      "30 construction pending",
      "30 design pending",
      "30 supervision pending",
    ]);
  });

  it("never requests a threshold twice", async () => {
    await approveDay("2025-06-04", [{ itemCode: "A1", quantity: 100 }]);
    expect(await listEvaluations()).toHaveLength(3);
  });

  it("requests 60% when one approval passes it", async () => {
    // C1 weighs 100M of 195M: all of it adds 51.28%.
    await approveDay("2025-06-05", [{ itemCode: "C1", quantity: 4000 }]);
    const items = await listEvaluations();
    expect(items.filter((item) => item.threshold === 60)).toHaveLength(3);
    expect(items.filter((item) => item.threshold === 95)).toHaveLength(0);
  });

  it("lets only the agency official record one", async () => {
    const [first] = await listEvaluations();
    const url = `${base}/evaluations/${first!.id}`;
    await expectDeniedToOthers(roles, ["agency"], "POST", url, SCORES);
    const stored = await workspace.call("agency", "GET", url);
    expect(((await stored.json()) as EvaluationBody).status).toBe("pending");

    const recorded = await workspace.call("agency", "POST", url, SCORES);
    expect(recorded.status).toBe(200);
    const body = (await recorded.json()) as EvaluationBody;
    expect(body.status).toBe("recorded");
    expect(body.averageScore).toBe(78.5);

    const again = await workspace.call("agency", "POST", url, SCORES);
    expect(again.status).toBe(409);
  });

  it("lets members and oversight roles read evaluations", async () => {
    const readers = [
      "agency",
      "supervisor",
      "contractor",
      "subcontractor",
      "administrator",
      "auditor",
      "manager",
    ] as const;
    await expectDeniedToOthers(roles, readers, "GET", `${base}/evaluations`);
    for (const reader of readers) {
      const response = await roles.send(reader, "GET", `${base}/evaluations`);
      expect(response.status, reader).toBe(200);
    }
  });

  it("rejects bad scores and stores nothing", async () => {
    const pending = (await listEvaluations()).find((item) => item.status === "pending")!;
    const url = `${base}/evaluations/${pending.id}`;
    const cases: [unknown, string][] = [
      [{ scores: [] }, "scores"],
      [{ scores: [{ criterion: "Quality", score: 101 }] }, "scores.0.score"],
      [{ scores: [{ criterion: "Quality", score: 7.5 }] }, "scores.0.score"],
      [{ scores: [{ criterion: " ", score: 50 }] }, "scores.0.criterion"],
      [
        {
          scores: [
            { criterion: "Quality", score: 50 },
            { criterion: "quality", score: 60 },
          ],
        },
        "scores.1.criterion",
      ],
    ];
    for (const [body, path] of cases) {
      const response = await workspace.call("agency", "POST", url, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = (await response.json()) as {
        error: { problems: { path: string; message: string }[] };
      };
      expect(problem.error.problems.map((item) => item.path)).toContain(path);
    }
    const stored = await workspace.call("agency", "GET", url);
    expect(((await stored.json()) as EvaluationBody).status).toBe("pending");
  });

  it("requests none in a short-term project", async () => {
    const shortTerm = await workspace.registerProject({ shortTerm: true });
    const { requestDueEvaluations } = await import("./evaluations.js");
    const count = await requestDueEvaluations(database.db, shortTerm, 97, new Date());
    expect(count).toBe(0);
    const rows = await database.db
      .selectFrom("performance_evaluations")
      .select("id")
      .where("project_id", "=", shortTerm)
      .execute();
    expect(rows).toHaveLength(0);
  });
});
