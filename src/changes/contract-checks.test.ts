/**
 * Design changes are checked against the contract: the contract's currency, and a contract
 * value that never goes below zero.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { changeTables } from "./tables.js";

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-04-01T09:00:00Z");
  // A KRW contract of 5,000,000,000.
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

const designChange = (costImpact: string, currency = "KRW") => ({
  kind: "design_change",
  description: `Change of ${costImpact} ${currency}`,
  reason: "Scope revised after the soil survey",
  costImpact,
  currency,
});

async function changeCount(): Promise<number> {
  const rows = await changeTables(database.db)
    .selectFrom("change_requests")
    .select("id")
    .where("project_id", "=", projectId)
    .execute();
  return rows.length;
}

async function problemsOf(response: Response) {
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: { problems: { path: string; message: string }[] } })
    .error.problems;
}

describe("design changes against the contract", () => {
  it("refuses a currency other than the contract's and stores nothing", async () => {
    const before = await changeCount();
    const response = await workspace.call(
      "contractor",
      "POST",
      `${base}/changes`,
      designChange("1000", "USD"),
    );
    expect(await problemsOf(response)).toEqual([
      { path: "currency", message: "must be the contract's currency, KRW" },
    ]);
    expect(await changeCount()).toBe(before);
  });

  it("refuses a cost impact that takes the contract value below zero", async () => {
    const before = await changeCount();
    const response = await workspace.call(
      "contractor",
      "POST",
      `${base}/changes`,
      designChange("-99999999999"),
    );
    const problems = await problemsOf(response);
    expect(problems.map((problem) => problem.path)).toEqual(["costImpact"]);
    expect(problems[0]?.message).toContain("below zero");
    expect(problems[0]?.message).toContain("5000000000 KRW");
    expect(await changeCount()).toBe(before);
  });

  it("refuses at approval a change that approved ones have made too large", async () => {
    const ids: number[] = [];
    for (const impact of ["-3000000000", "-3000000000"]) {
      const response = await workspace.call(
        "contractor",
        "POST",
        `${base}/changes`,
        designChange(impact),
      );
      expect(response.status).toBe(201);
      const id = ((await response.json()) as { id: number }).id;
      const reviewed = await workspace.call("supervisor", "POST", `${base}/changes/${id}/review`, {
        comment: "Checked",
      });
      expect(reviewed.status).toBe(200);
      ids.push(id);
    }
    const first = await workspace.call("agency", "POST", `${base}/changes/${ids[0]}/approve`, {});
    expect(first.status).toBe(200);
    const second = await workspace.call("agency", "POST", `${base}/changes/${ids[1]}/approve`, {});
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toContain(
      "below zero",
    );

    const oc4ids = (await (
      await workspace.app.request(`/api/v1/projects/${encodeURIComponent(projectId)}`)
    ).json()) as { contractingProcesses: { summary: { contractValue: { amount: number } } }[] };
    expect(oc4ids.contractingProcesses[0]?.summary.contractValue.amount).toBe(2_000_000_000);

    // The contract in force is now 2,000,000,000: a new request is measured against it.
    const tooLarge = await workspace.call(
      "contractor",
      "POST",
      `${base}/changes`,
      designChange("-2000000001"),
    );
    expect((await problemsOf(tooLarge))[0]?.message).toContain("2000000000 KRW");
    const toZero = await workspace.call(
      "contractor",
      "POST",
      `${base}/changes`,
      designChange("-2000000000"),
    );
    expect(toZero.status).toBe(201);
  });
});
