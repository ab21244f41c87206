import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, ROLES, type Role, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

let database: TestDatabase;
let workspace: Workspace;
let base: string;
let organisationId: string;

const JURISDICTION = "permission-city";
const POLICY_URL = `/api/v1/workspace/jurisdictions/${JURISDICTION}/disclosure-policy`;
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
  await database.db
    .insertInto("jurisdictions")
    .values({
      id: JURISDICTION,
      name: JSON.stringify({ en: "Permission City" }),
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "en",
    })
    .execute();
  workspace = await openWorkspace(database, "2025-04-01T09:00:00Z");
  const projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
  const organisation = await database.db
    .selectFrom("organisations")
    .select("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  organisationId = organisation.id;
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

const designChange = (description: string) => ({
  kind: "design_change",
  description,
  reason: "Site conditions differ from the drawings",
  costImpact: -1000000,
  currency: "KRW",
});

async function requestAs(role: Role, body: unknown): Promise<number> {
  const response = await workspace.call(role, "POST", `${base}/changes`, body);
  expect(response.status, `${role} requests`).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

describe("change and disclosure permissions", () => {
  it("lets the prime contractor and the supervisor request a design change", async () => {
    await expectDenied(["contractor", "supervisor"], "POST", `${base}/changes`, designChange("x"));
    await requestAs("contractor", designChange("by the contractor"));
    await requestAs("supervisor", designChange("by the supervisor"));
  });

  it("lets only the agency official issue a penalty", async () => {
    const penalty = {
      kind: "penalty",
      description: "Late barriers",
      reason: "Directive ignored",
      amount: 500000,
      currency: "KRW",
      againstOrganisationId: organisationId,
    };
    await expectDenied(["agency"], "POST", `${base}/changes`, penalty);
    await requestAs("agency", penalty);
    const denials = await database.db
      .selectFrom("audit_events")
      .select("id")
      .where("action", "=", "penalty.issue")
      .where("outcome", "=", "denied")
      .execute();
    expect(denials.length).toBeGreaterThan(0);
  });

  it("lets only a supervisor review and only the agency approve", async () => {
    const id = await requestAs("contractor", designChange("review then approve"));
    await expectDenied(["supervisor"], "POST", `${base}/changes/${id}/review`, {});
    expect(
      (await workspace.call("supervisor", "POST", `${base}/changes/${id}/review`, {})).status,
    ).toBe(200);
    await expectDenied(["agency"], "POST", `${base}/changes/${id}/approve`, {});
    expect(
      (await workspace.call("agency", "POST", `${base}/changes/${id}/approve`, {})).status,
    ).toBe(200);
  });

  it("keeps a supervisor from reviewing its own request", async () => {
    const id = await requestAs("supervisor", designChange("own request"));
    const response = await workspace.call("supervisor", "POST", `${base}/changes/${id}/review`);
    expect(response.status).toBe(403);
  });

  it("lets the supervisor reject a request and the agency a reviewed one", async () => {
    const reason = { comment: "Out of scope" };
    const requested = await requestAs("contractor", designChange("reject early"));
    await expectDenied(["supervisor"], "POST", `${base}/changes/${requested}/reject`, reason);
    const early = await workspace.call(
      "supervisor",
      "POST",
      `${base}/changes/${requested}/reject`,
      reason,
    );
    expect(early.status).toBe(200);

    const reviewed = await requestAs("contractor", designChange("reject late"));
    await workspace.call("supervisor", "POST", `${base}/changes/${reviewed}/review`);
    await expectDenied(["agency"], "POST", `${base}/changes/${reviewed}/reject`, reason);
    const late = await workspace.call(
      "agency",
      "POST",
      `${base}/changes/${reviewed}/reject`,
      reason,
    );
    expect(late.status).toBe(200);
  });

  it("lets members and oversight roles read changes, and no one else", async () => {
    const id = await requestAs("contractor", designChange("read me"));
    for (const url of [`${base}/changes`, `${base}/changes/${id}`]) {
      await expectDenied(READERS, "GET", url);
      for (const role of READERS) {
        expect((await workspace.call(role, "GET", url)).status, `${role} GET ${url}`).toBe(200);
      }
    }
  });

  it("lets only an administrator change the disclosure policy", async () => {
    const body = { categories: { penalties: false } };
    await expectDenied(["administrator"], "PUT", POLICY_URL, body);
    const response = await workspace.call("administrator", "PUT", POLICY_URL, body);
    expect(response.status).toBe(200);
    for (const role of ROLES) {
      expect((await workspace.call(role, "GET", POLICY_URL)).status, role).toBe(200);
    }
    expect((await workspace.call(null, "GET", POLICY_URL)).status).toBe(401);
  });
});
