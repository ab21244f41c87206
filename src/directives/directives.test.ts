import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, ROLES, type Role, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { changeTables } from "../changes/tables.js";
import { countOpenDirectives } from "./directives.js";

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;

const READERS: Role[] = [
  "agency",
  "supervisor",
  "contractor",
  "subcontractor",
  "administrator",
  "auditor",
];

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-05-01T09:00:00Z");
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

async function expectDenied(allowed: Role[], method: string, url: string, body?: unknown) {
  const anonymous = await workspace.call(null, method, url, body);
  expect(anonymous.status, `anonymous ${method} ${url}`).toBe(401);
  for (const role of ROLES.filter((role) => !allowed.includes(role))) {
    const response = await workspace.call(role, method, url, body);
    expect(response.status, `${role} ${method} ${url}`).toBe(403);
  }
}

const directive = (title: string, addressedRole = "prime_contractor") => ({
  title,
  instruction: "Install safety barriers along the excavation at km 1.2",
  dueDate: "2025-05-05",
  addressedRole,
});

async function issue(role: Role, body: unknown): Promise<number> {
  const response = await workspace.call(role, "POST", `${base}/directives`, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function directiveCount(): Promise<number> {
  const rows = await changeTables(database.db)
    .selectFrom("directives")
    .select("id")
    .where("project_id", "=", projectId)
    .execute();
  return rows.length;
}

const REPORT = { text: "Barriers installed on 3 May", attachmentReferences: ["photo-17"] };

describe("work directives", () => {
  it("lets the agency official and the supervisor issue directives", async () => {
    await expectDenied(["agency", "supervisor"], "POST", `${base}/directives`, directive("x"));
    await issue("agency", directive("From the agency"));
    await issue("supervisor", directive("From the supervisor"));
  });

  it("runs open, answered, reopened and closed", async () => {
    const id = await issue("agency", directive("Barriers"));
    const url = `${base}/directives/${id}`;
    await expectDenied(
      ["contractor", "subcontractor", "supervisor"],
      "POST",
      `${url}/report`,
      REPORT,
    );
    const answered = await workspace.call("contractor", "POST", `${url}/report`, REPORT);
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { status: string }).status).toBe("answered");

    await expectDenied(["agency", "supervisor"], "POST", `${url}/reopen`, { reason: "Too low" });
    const noReason = await workspace.call("agency", "POST", `${url}/reopen`, {});
    expect(noReason.status).toBe(400);
    const reopened = await workspace.call("agency", "POST", `${url}/reopen`, {
      reason: "Barriers are lower than 1.2 m",
    });
    expect(reopened.status).toBe(200);

    await workspace.call("contractor", "POST", `${url}/report`, REPORT);
    await expectDenied(["agency", "supervisor"], "POST", `${url}/close`, {});
    const closed = await workspace.call("agency", "POST", `${url}/close`, {});
    expect(closed.status).toBe(200);
    const body = (await closed.json()) as {
      status: string;
      steps: { step: string; text: string | null; attachmentReferences: string[] }[];
    };
    expect(body.status).toBe("closed");
    expect(body.steps.map((step) => step.step)).toEqual([
      "issue",
      "report",
      "reopen",
      "report",
      "close",
    ]);
    expect(body.steps[1]!.attachmentReferences).toEqual(["photo-17"]);
    expect(body.steps[2]!.text).toBe("Barriers are lower than 1.2 m");
    expect((await workspace.call("agency", "POST", `${url}/close`, {})).status).toBe(409);
  });

  it("takes action reports only from the addressed role or the supervisor", async () => {
    const id = await issue("agency", directive("For the prime contractor"));
    const url = `${base}/directives/${id}/report`;
    expect((await workspace.call("subcontractor", "POST", url, REPORT)).status).toBe(403);
    const denials = await database.db
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "directive.respond")
      .where("outcome", "=", "denied")
      .execute();
    expect(denials.map((row) => row.details)).toContainEqual({ directiveId: id });
    expect((await workspace.call("supervisor", "POST", url, REPORT)).status).toBe(200);
  });

  it("names invalid fields and stores nothing", async () => {
    const before = await directiveCount();
    const response = await workspace.call("agency", "POST", `${base}/directives`, {
      title: "",
      instruction: "Do it",
      dueDate: "2025-02-30",
      addressedRole: "mayor",
    });
    expect(response.status).toBe(400);
    const problems = ((await response.json()) as { error: { problems: { path: string }[] } }).error
      .problems;
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      "addressedRole",
      "dueDate",
      "title",
    ]);
    const unknown = await workspace.call("agency", "POST", `${base}/directives`, {
      ...directive("Unknown organisation"),
      addressedOrganisationId: "no-such-organisation",
    });
    expect(unknown.status).toBe(400);
    expect(await directiveCount()).toBe(before);
  });

  it("marks open directives overdue after the due date", async () => {
    const id = await issue("agency", directive("Due soon", "subcontractor"));
    const url = `${base}/directives/${id}`;
    const before = (await (await workspace.call("agency", "GET", url)).json()) as {
      overdue: boolean;
    };
    expect(before.overdue).toBe(false);

    workspace.clock.now = new Date("2025-05-06T09:00:00Z");
    const after = (await (await workspace.call("agency", "GET", url)).json()) as {
      overdue: boolean;
    };
    expect(after.overdue).toBe(true);
    const counts = await countOpenDirectives(database.db, [projectId], workspace.clock.now, [
      "subcontractor",
    ]);
    expect(counts.get(projectId)).toEqual({ open: 1, overdue: 1 });
    const all = await countOpenDirectives(database.db, [projectId], workspace.clock.now);
    expect(all.get(projectId)!.open).toBeGreaterThan(1);
  });

  it("lets members and oversight roles read directives", async () => {
    const id = await issue("agency", directive("Readable"));
    for (const url of [`${base}/directives`, `${base}/directives/${id}`]) {
      await expectDenied(READERS, "GET", url);
      for (const role of READERS) {
        expect((await workspace.call(role, "GET", url)).status, `${role} GET ${url}`).toBe(200);
      }
    }
  });
});
