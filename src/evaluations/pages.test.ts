import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  expectFormDenied,
  formSender,
  rejectedForm,
  sessionOf,
  type FormSender,
} from "../workspace/form-testing.js";
import { requestDueEvaluations } from "./evaluations.js";

let database: TestDatabase;
let workspace: Workspace;
let send: FormSender;
let projectId: string;
let pages: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-09-01T09:00:00Z");
  send = formSender(workspace);
  projectId = await workspace.registerProject();
  pages = `/workspace/projects/${encodeURIComponent(projectId)}`;
  await requestDueEvaluations(database.db, projectId, 61.5, workspace.clock.now);
});
afterAll(() => database.destroy());

/** Loads the project's evaluations with their status and scores. */
async function evaluationRows() {
  return database.db
    .selectFrom("performance_evaluations")
    .select(["id", "threshold", "subject", "status", "scores", "average_score"])
    .where("project_id", "=", projectId)
    .orderBy("id")
    .execute();
}

async function pendingId(subject: string, threshold = 30): Promise<number> {
  const row = (await evaluationRows()).find(
    (evaluation) => evaluation.subject === subject && evaluation.threshold === threshold,
  );
  expect(row?.status).toBe("pending");
  return row!.id;
}

const SCORES = {
  "scores.0.criterion": "Quality of the work",
  "scores.0.score": "82",
  "scores.1.criterion": "Schedule",
  "scores.1.score": "75",
  "scores.2.criterion": "",
  "scores.2.score": "",
  comment: "Good work, late by two weeks.",
};

describe("evaluation pages", () => {
  it("lists evaluations with translated subjects", async () => {
    const english = await (
      await workspace.call("contractor", "GET", `${pages}/evaluations`)
    ).text();
    expect(english).toContain("Supervision");
    expect(english).toContain("Waiting");
    expect(english).toContain("60 %");
    const korean = await (
      await workspace.call("auditor", "GET", `${pages}/evaluations?lang=ko`)
    ).text();
    expect(korean).toContain("감리");
    expect(korean).toContain("평가 대기");
  });

  it("suggests criteria to the agency official", async () => {
    const id = await pendingId("design");
    const html = await (await workspace.call("agency", "GET", `${pages}/evaluations/${id}`)).text();
    expect(html).toContain('value="Completeness of the drawings"');
    expect(html).toContain("Record the evaluation");
    const contractor = await (
      await workspace.call("contractor", "GET", `${pages}/evaluations/${id}`)
    ).text();
    expect(contractor).not.toContain("Record the evaluation");
    expect(contractor).toContain("Waiting for the agency official to record it.");
  });

  it("rejects bad scores, naming the row", async () => {
    const id = await pendingId("construction");
    const before = await evaluationRows();
    const html = await rejectedForm(
      await send("agency", `${pages}/evaluations/${id}`, {
        ...SCORES,
        "scores.1.score": "150",
        "scores.2.criterion": "Safety",
        "scores.2.score": "",
      }),
    );
    expect(html).toContain("Score 2: must be at most 100");
    expect(html).toContain('id="field-scores.1.score-error"');
    expect(html).toContain("Score 3: must be a whole number");
    expect(html).toContain('value="150"');
    expect(await evaluationRows()).toEqual(before);

    // Repeated criteria are checked once every row is valid on its own.
    const repeated = await rejectedForm(
      await send("agency", `${pages}/evaluations/${id}`, {
        ...SCORES,
        "scores.3.criterion": "schedule",
        "scores.3.score": "70",
      }),
    );
    expect(repeated).toContain("Criterion 4: repeats the criterion schedule");
    expect(await evaluationRows()).toEqual(before);

    const empty = await rejectedForm(
      await send("agency", `${pages}/evaluations/${id}`, { comment: "" }),
    );
    expect(empty).toContain("Criteria and scores: must list at least one criterion");
    expect(await evaluationRows()).toEqual(before);
  });

  it("lets only the agency official record, once", async () => {
    const id = await pendingId("construction");
    const url = `${pages}/evaluations/${id}`;
    await expectFormDenied(send, ["agency"], url, SCORES, evaluationRows);
    const recorded = await send("agency", url, SCORES);
    expect(recorded.status).toBe(303);
    const row = (await evaluationRows()).find((evaluation) => evaluation.id === id);
    expect(row?.status).toBe("recorded");
    expect(row?.average_score).toBe(78.5);

    const html = await (await workspace.call("subcontractor", "GET", url)).text();
    expect(html).toContain("Agency user");
    expect(html).toContain("78.5");
    expect(html).toContain("Good work, late by two weeks.");
    const again = await rejectedForm(await send("agency", url, SCORES));
    expect(again).toContain("already recorded");
  });

  it("switches evaluations off when short-term", async () => {
    const shortTerm = await workspace.registerProject({ shortTerm: true });
    const path = `/workspace/projects/${encodeURIComponent(shortTerm)}/evaluations`;
    const html = await (await workspace.call("agency", "GET", path)).text();
    expect(html).toContain("This is a short-term project, so it has no performance evaluations.");
    expect((await send("agency", `${path}/1`, SCORES)).status).toBe(403);
  });

  it("refuses a form without the CSRF token", async () => {
    const id = await pendingId("supervision");
    const session = await sessionOf(database, workspace, "agency");
    const before = await evaluationRows();
    expect((await session.post(`${pages}/evaluations/${id}`, SCORES)).status).toBe(403);
    expect(await evaluationRows()).toEqual(before);
    const accepted = await session.post(`${pages}/evaluations/${id}`, {
      ...SCORES,
      _csrf: session.csrf,
    });
    expect(accepted.status).toBe(303);
  });
});
