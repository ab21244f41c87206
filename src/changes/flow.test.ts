import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { changeTables } from "./tables.js";

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;

const JURISDICTION = "change-city";
const REVIEW_NOTE = "Internal note: the contractor underpriced the retaining wall";

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db
    .insertInto("jurisdictions")
    .values({
      id: JURISDICTION,
      name: JSON.stringify({ en: "Change City" }),
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "en",
    })
    .execute();
  workspace = await openWorkspace(database, "2025-04-01T09:00:00Z");
  projectId = await workspace.registerProject({ jurisdictionId: JURISDICTION });
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>;
}

async function request(role: "contractor" | "agency", body: unknown): Promise<number> {
  const response = await workspace.call(role, "POST", `${base}/changes`, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await json(response)).id as number;
}

async function step(role: "supervisor" | "agency", id: number, name: string, body?: unknown) {
  return workspace.call(role, "POST", `${base}/changes/${id}/${name}`, body);
}

async function publicPage(): Promise<string> {
  const response = await workspace.app.request(`/projects/${encodeURIComponent(projectId)}`);
  expect(response.status).toBe(200);
  return response.text();
}

async function changeCount(): Promise<number> {
  const rows = await changeTables(database.db)
    .selectFrom("change_requests")
    .select("id")
    .where("project_id", "=", projectId)
    .execute();
  return rows.length;
}

const DESIGN_CHANGE = {
  kind: "design_change",
  description: "Replace the gabion wall at km 2.3 with a reinforced concrete retaining wall",
  reason: "Soil survey found soft clay under the planned wall",
  costImpact: "250000000",
  currency: "KRW",
};

describe("change requests", () => {
  it("publishes an approved design change without review comments", async () => {
    const versionsBefore = await database.db
      .selectFrom("project_versions")
      .select("version")
      .where("project_id", "=", projectId)
      .execute();
    const id = await request("contractor", DESIGN_CHANGE);
    expect((await step("supervisor", id, "review", { comment: REVIEW_NOTE })).status).toBe(200);
    expect(await publicPage()).not.toContain(DESIGN_CHANGE.description);

    workspace.clock.now = new Date("2025-04-02T10:00:00Z");
    const approved = await step("agency", id, "approve");
    expect(approved.status).toBe(200);
    const body = await json(approved);
    expect(body.status).toBe("approved");
    expect(body.published).toBe(true);
    expect(body.modificationId).toBe(`workspace-change-${id}`);
    expect((body.steps as { to: string; at: string }[]).map((entry) => entry.to)).toEqual([
      "requested",
      "reviewed",
      "approved",
    ]);

    const modification = await database.db
      .selectFrom("modifications")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "=", `workspace-change-${id}`)
      .executeTakeFirstOrThrow();
    expect(modification.type).toBe("scope");
    expect(modification.old_value_amount).toBe(5_000_000_000);
    expect(modification.new_value_amount).toBe(5_250_000_000);
    expect(modification.rationale).toBe(DESIGN_CHANGE.reason);

    const versionsAfter = await database.db
      .selectFrom("project_versions")
      .select("version")
      .where("project_id", "=", projectId)
      .execute();
    expect(versionsAfter.length).toBe(versionsBefore.length + 1);
    const events = await database.db
      .selectFrom("events")
      .select(["actor", "entity_type"])
      .where("project_id", "=", projectId)
      .where("entity_type", "=", "modification")
      .execute();
    expect(events.length).toBeGreaterThan(0);

    const html = await publicPage();
    expect(html).toContain(DESIGN_CHANGE.description);
    expect(html).toContain(DESIGN_CHANGE.reason);
    expect(html).not.toContain(REVIEW_NOTE);
  });

  it("moves the completion date on an approved time extension", async () => {
    const id = await request("contractor", {
      kind: "time_extension",
      description: "Extend the works for the retaining wall",
      reason: "The design change adds concrete work",
      days: 30,
      oldCompletionDate: "2027-02-28",
      newCompletionDate: "2027-03-30",
    });
    await step("supervisor", id, "review");
    const approved = await step("agency", id, "approve");
    expect(approved.status).toBe(200);

    const project = await database.db
      .selectFrom("projects")
      .select("period_end")
      .where("id", "=", projectId)
      .executeTakeFirstOrThrow();
    expect(new Date(project.period_end!).toISOString()).toBe("2027-03-30T00:00:00.000Z");
    const modification = await database.db
      .selectFrom("modifications")
      .selectAll()
      .where("project_id", "=", projectId)
      .where("id", "=", `workspace-change-${id}`)
      .executeTakeFirstOrThrow();
    expect(modification.type).toBe("duration");
    expect(modification.new_period).toMatchObject({ endDate: "2027-03-30T00:00:00Z" });
    expect(await publicPage()).toContain("Extend the works for the retaining wall");
  });

  it("rejects an extension that starts from an old completion date", async () => {
    const before = await changeCount();
    const response = await workspace.call("contractor", "POST", `${base}/changes`, {
      kind: "time_extension",
      description: "Extend again",
      reason: "Rain",
      days: 10,
      oldCompletionDate: "2027-02-28",
      newCompletionDate: "2027-03-30",
    });
    expect(response.status).toBe(400);
    const problems = ((await json(response)).error as { problems: { path: string }[] }).problems;
    expect(problems.map((problem) => problem.path)).toEqual([
      "oldCompletionDate",
      "newCompletionDate",
    ]);
    expect(await changeCount()).toBe(before);
  });

  it("refuses the second of two extensions from the same date", async () => {
    const extension = {
      kind: "time_extension",
      description: "Extend for the rainy season",
      reason: "Rain",
      days: 5,
      oldCompletionDate: "2027-03-30",
      newCompletionDate: "2027-04-04",
    };
    const first = await request("contractor", extension);
    const second = await request("contractor", extension);
    for (const id of [first, second]) await step("supervisor", id, "review");
    expect((await step("agency", first, "approve")).status).toBe(200);
    const stale = await step("agency", second, "approve");
    expect(stale.status).toBe(409);
    const row = await changeTables(database.db)
      .selectFrom("change_requests")
      .select(["status", "published"])
      .where("id", "=", second)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("reviewed");
    expect(row.published).toBe(false);
  });

  it("names each invalid field and stores nothing", async () => {
    const before = await changeCount();
    const cases: [unknown, string[]][] = [
      [{ ...DESIGN_CHANGE, costImpact: "a lot" }, ["costImpact"]],
      [{ ...DESIGN_CHANGE, currency: "won" }, ["currency"]],
      [{ ...DESIGN_CHANGE, description: " " }, ["description"]],
      [{ ...DESIGN_CHANGE, kind: "bribe" }, ["kind"]],
      [
        {
          kind: "penalty",
          description: "Late safety barriers",
          reason: "Directive ignored",
          amount: "0",
          currency: "KRW",
          againstOrganisationId: "no-such-organisation",
        },
        ["amount", "againstOrganisationId"],
      ],
    ];
    for (const [body, paths] of cases) {
      const role = (body as { kind: string }).kind === "penalty" ? "agency" : "contractor";
      const response = await workspace.call(role, "POST", `${base}/changes`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problems = ((await json(response)).error as { problems: { path: string }[] }).problems;
      expect(problems.map((problem) => problem.path)).toEqual(paths);
    }
    expect(await changeCount()).toBe(before);
  });

  it("needs a reason to reject and keeps a rejection private", async () => {
    const id = await request("contractor", { ...DESIGN_CHANGE, description: "Widen the footpath" });
    const missing = await step("supervisor", id, "reject", {});
    expect(missing.status).toBe(400);
    const rejected = await step("supervisor", id, "reject", { comment: "Not in the budget" });
    expect(rejected.status).toBe(200);
    expect((await json(rejected)).published).toBe(false);
    expect(await publicPage()).not.toContain("Widen the footpath");
    expect((await step("agency", id, "approve")).status).toBe(409);
  });

  it("keeps a change private when the policy hides its category", async () => {
    const policyUrl = `/api/v1/workspace/jurisdictions/${JURISDICTION}/disclosure-policy`;
    const updated = await workspace.call("administrator", "PUT", policyUrl, {
      categories: { design_changes: false },
    });
    expect(updated.status).toBe(200);

    const id = await request("contractor", { ...DESIGN_CHANGE, description: "Move the bus stop" });
    await step("supervisor", id, "review");
    const approved = await step("agency", id, "approve");
    expect(approved.status).toBe(200);
    const body = await json(approved);
    expect(body.published).toBe(false);
    expect(body.modificationId).toBeNull();
    expect(await publicPage()).not.toContain("Move the bus stop");

    await workspace.call("administrator", "PUT", policyUrl, {
      categories: { design_changes: true },
    });
  });

  it("shows an approved penalty on the public page only, never in OC4IDS", async () => {
    const organisation = await database.db
      .selectFrom("organisations")
      .select(["id", "name"])
      .limit(1)
      .executeTakeFirstOrThrow();
    const penalty = {
      kind: "penalty",
      description: "Late safety barriers",
      reason: "Barriers missing for three days after the directive",
      amount: "1500000",
      currency: "KRW",
      againstOrganisationId: organisation.id,
    };
    const id = await request("agency", penalty);
    await step("supervisor", id, "review", { comment: REVIEW_NOTE });
    expect(await publicPage()).not.toContain(penalty.reason);
    const approved = await step("agency", id, "approve");
    expect(approved.status).toBe(200);
    const body = await json(approved);
    expect(body.amount).toBe(1_500_000);
    expect(body.published).toBe(true);
    expect(body.modificationId).toBeNull();

    const page = await publicPage();
    const section = page.slice(page.indexOf('id="penalties"'));
    expect(section).toContain(penalty.reason);
    expect(section).toContain(organisation.name);
    expect(section).toContain("₩1,500,000");

    const cents = await request("agency", { ...penalty, amount: "12.34", currency: "USD" });
    await step("supervisor", cents, "review");
    await step("agency", cents, "approve");
    expect(await publicPage()).toContain("<dd>$12.34</dd>");
    expect(page).not.toContain(REVIEW_NOTE);
    const oc4ids = await workspace.app.request(`/api/v1/projects/${encodeURIComponent(projectId)}`);
    expect(await oc4ids.text()).not.toContain(penalty.reason);

    const policyUrl = `/api/v1/workspace/jurisdictions/${JURISDICTION}/disclosure-policy`;
    await workspace.call("administrator", "PUT", policyUrl, { categories: { penalties: false } });
    const hidden = await request("agency", { ...penalty, reason: "Site fence left open" });
    await step("supervisor", hidden, "review");
    expect((await json(await step("agency", hidden, "approve"))).published).toBe(false);
    expect(await publicPage()).not.toContain("Site fence left open");
    await workspace.call("administrator", "PUT", policyUrl, { categories: { penalties: true } });
  });
});

describe("directives and changes page", () => {
  it("lists changes to members and refuses outsiders", async () => {
    const url = `/workspace/projects/${encodeURIComponent(projectId)}/changes`;
    const page = await workspace.call("subcontractor", "GET", url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(DESIGN_CHANGE.description);
    expect(html).toContain("2027-02-28 → 2027-03-30 (+30)");
    expect((await workspace.call("outsider", "GET", url)).status).toBe(403);
  });
});
