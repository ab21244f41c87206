import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { expectDeniedToOthers, withAgencyManager, type RoleWorkspace } from "../testing/roles.js";

let database: TestDatabase;
let workspace: Workspace;
let roles: RoleWorkspace;
let base: string;
let builderId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-04-10T09:00:00Z");
  roles = await withAgencyManager(database, workspace);
  const projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}/safety`;
  const contractor = await database.db
    .selectFrom("users")
    .select("organisation_id")
    .where("email", "=", workspace.emails.contractor)
    .executeTakeFirstOrThrow();
  builderId = contractor.organisation_id!;
});
afterAll(() => database.destroy());

function inspection(overrides: Record<string, unknown> = {}) {
  return {
    date: "2025-04-08",
    items: [
      { item: "Guard rails on the scaffold", result: "pass" },
      {
        item: "Hard hats worn",
        result: "fail",
        note: "Two labourers without",
        correctiveAction: "Brief the crew and keep spare hard hats at the gate",
        responsibleOrganisationId: builderId,
        deadline: "2025-04-09",
      },
      { item: "Crane inspection certificate", result: "not_applicable" },
    ],
    ...overrides,
  };
}

const INCIDENT = {
  date: "2025-04-07",
  kind: "fall",
  severity: "minor",
  description: "A labourer slipped on wet formwork.",
  injuries: 1,
  actions: "Anti-slip mats laid on the formwork.",
};

interface FindingBody {
  id: number;
  status: string;
  overdue: boolean;
}

async function problemPaths(response: Response): Promise<string[]> {
  const body = (await response.json()) as { error: { problems: { path: string }[] } };
  return body.error.problems.map((problem) => problem.path);
}

async function rowCount(table: "safety_inspections" | "safety_findings" | "safety_incidents") {
  const rows = await database.db.selectFrom(table).select("id").execute();
  return rows.length;
}

async function recordFinding(): Promise<FindingBody> {
  const response = await workspace.call("supervisor", "POST", `${base}/inspections`, inspection());
  expect(response.status).toBe(201);
  const body = (await response.json()) as { findings: FindingBody[] };
  expect(body.findings).toHaveLength(1);
  return body.findings[0]!;
}

describe("safety inspections", () => {
  it("lets only the supervisor and the agency official inspect", async () => {
    const before = await rowCount("safety_inspections");
    await expectDeniedToOthers(
      roles,
      ["agency", "supervisor"],
      "POST",
      `${base}/inspections`,
      inspection(),
    );
    expect(await rowCount("safety_inspections")).toBe(before);
    const response = await workspace.call("agency", "POST", `${base}/inspections`, inspection());
    expect(response.status).toBe(201);
  });

  it("raises an open finding from a failed item", async () => {
    const finding = await recordFinding();
    expect(finding.status).toBe("open");
    expect(finding.overdue).toBe(true);
  });

  it("closes a finding after an accepted action report", async () => {
    const finding = await recordFinding();
    const report = `${base}/findings/${finding.id}/action-report`;
    const verify = `${base}/findings/${finding.id}/verify`;
    const action = { action: "Crew briefed on 9 April; ten spare hard hats at the gate." };

    await expectDeniedToOthers(
      roles,
      ["contractor", "subcontractor", "supervisor"],
      "POST",
      report,
      action,
    );
    const reported = await workspace.call("contractor", "POST", report, action);
    expect(reported.status).toBe(200);
    expect(((await reported.json()) as FindingBody).status).toBe("action_reported");
    expect((await workspace.call("contractor", "POST", report, action)).status).toBe(409);

    const rejected = await workspace.call("supervisor", "POST", verify, {
      accepted: false,
      note: "Spare hard hats were not at the gate on 10 April.",
    });
    expect(rejected.status).toBe(200);
    expect(((await rejected.json()) as FindingBody).status).toBe("open");

    await workspace.call("contractor", "POST", report, action);
    await expectDeniedToOthers(roles, ["agency", "supervisor"], "POST", verify, { accepted: true });
    const closed = await workspace.call("supervisor", "POST", verify, { accepted: true });
    expect(closed.status).toBe(200);
    const body = (await closed.json()) as FindingBody;
    expect(body.status).toBe("closed");
    expect(body.overdue).toBe(false);
  });

  it("rejects a failed item without its corrective action", async () => {
    const before = await rowCount("safety_inspections");
    const bad = inspection({
      items: [{ item: "Hard hats worn", result: "fail", deadline: "2025-04-01" }],
    });
    const response = await workspace.call("supervisor", "POST", `${base}/inspections`, bad);
    expect(response.status).toBe(400);
    const paths = await problemPaths(response);
    expect(paths).toContain("items.0.correctiveAction");
    expect(paths).toContain("items.0.responsibleOrganisationId");
    expect(paths).toContain("items.0.deadline");
    expect(await rowCount("safety_inspections")).toBe(before);
  });

  it("rejects an unknown organisation and a future date", async () => {
    const before = await rowCount("safety_findings");
    const bad = inspection({ date: "2025-05-01" });
    const failed = (bad.items as { responsibleOrganisationId?: string; deadline?: string }[])[1]!;
    failed.responsibleOrganisationId = "no-such-org";
    failed.deadline = "2025-05-02";
    const response = await workspace.call("supervisor", "POST", `${base}/inspections`, bad);
    expect(response.status).toBe(400);
    const paths = await problemPaths(response);
    expect(paths).toContain("date");
    expect(paths).toContain("items.1.responsibleOrganisationId");
    expect(await rowCount("safety_findings")).toBe(before);
  });
});

describe("safety incidents", () => {
  it("lets contractors and the supervisor report one", async () => {
    const before = await rowCount("safety_incidents");
    await expectDeniedToOthers(
      roles,
      ["contractor", "subcontractor", "supervisor"],
      "POST",
      `${base}/incidents`,
      INCIDENT,
    );
    expect(await rowCount("safety_incidents")).toBe(before);
    for (const role of ["contractor", "subcontractor", "supervisor"] as const) {
      const response = await workspace.call(role, "POST", `${base}/incidents`, INCIDENT);
      expect(response.status, role).toBe(201);
    }
  });

  it("rejects a bad kind, severity and count", async () => {
    const before = await rowCount("safety_incidents");
    const response = await workspace.call("contractor", "POST", `${base}/incidents`, {
      ...INCIDENT,
      kind: "meteor",
      severity: "mild",
      injuries: -1,
      description: "",
    });
    expect(response.status).toBe(400);
    const paths = await problemPaths(response);
    expect(paths).toEqual(expect.arrayContaining(["kind", "severity", "injuries", "description"]));
    expect(await rowCount("safety_incidents")).toBe(before);
  });

  it("shows inspections and incidents to members and oversight roles", async () => {
    const readers = [
      "agency",
      "supervisor",
      "contractor",
      "subcontractor",
      "administrator",
      "auditor",
      "manager",
    ] as const;
    await expectDeniedToOthers(roles, readers, "GET", base);
    for (const reader of readers) {
      const response = await roles.send(reader, "GET", base);
      expect(response.status, reader).toBe(200);
    }
    const body = (await (await workspace.call("auditor", "GET", base)).json()) as {
      inspections: unknown[];
      incidents: { injuries: number }[];
    };
    expect(body.inspections.length).toBeGreaterThan(0);
    expect(body.incidents[0]!.injuries).toBe(1);
  });
});
