import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, SAMPLE_SCHEDULE } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { readOverview } from "./overview.js";
import { addScheduledProject, expectStatus } from "./testing.js";
import { expectDeniedToOthers, withAgencyManager, type RoleWorkspace } from "../testing/roles.js";

let database: TestDatabase;
let roles: RoleWorkspace;
let onPlan: string;
let behind: string;
let shortTerm: string;
let agencyId: string;

interface Row {
  id: string;
  mode: string;
  plannedPercent: number | null;
  actualPercent: number | null;
  difference: number | null;
  behindPlan: boolean;
  overdueDirectives: number;
  overdueApprovals: number;
  overduePayments: number;
}
interface Overview {
  today: string;
  total: number;
  behindPlanTotal: number;
  page: number;
  pageSize: number;
  items: Row[];
  agencies: { id: string; name: string }[];
}

async function overview(query = "", caller: "manager" | "auditor" = "manager") {
  const response = await roles.send(caller, "GET", `/api/v1/workspace/overview${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Overview;
}

/**
 * Three projects, seen on 15 May 2025 (API tokens last 30 days, so the clock starts on 1 May): one whose approved reports keep up with the plan, one
 * without any approved report, and a short-term one without progress reporting.
 */
beforeAll(async () => {
  database = await openTestDatabase();
  roles = await withAgencyManager(database, await openWorkspace(database, "2025-05-01T09:00:00Z"));
  const { workspace } = roles;
  // 162 of 500 m3 of concrete, weighing 38.4615%: 12.46% done.
  const first = await addScheduledProject(workspace, {
    work: [{ itemCode: "B1", quantity: 162 }],
  });
  onPlan = first.id;
  agencyId = first.agencyId;

  const second = await addScheduledProject(workspace);
  behind = second.id;
  const call = workspace.call.bind(workspace);
  await expectStatus(
    call("agency", "POST", `${second.base}/directives`, {
      title: "Fence the excavation",
      instruction: "Put up a fence around the open trench.",
      dueDate: "2025-05-10",
      addressedRole: "prime_contractor",
    }),
    201,
  );
  await expectStatus(call("contractor", "POST", `${second.base}/schedules`, SAMPLE_SCHEDULE), 201);

  shortTerm = (await addScheduledProject(workspace, { shortTerm: true })).id;
  workspace.clock.now = new Date("2025-05-15T09:00:00Z");
}, 60_000);
afterAll(() => database.destroy());

describe("the all-projects view", () => {
  it("reads planned progress off the S-curve and flags the project behind plan", async () => {
    const result = await overview();
    expect(result.today).toBe("2025-05-15");
    const row = (id: string) => result.items.find((item) => item.id === id)!;

    // 45 of the 91 days from 5% on 31 March to 20% on 30 June: 5 + 15 × 45 / 91 = 12.42%.
    expect(row(onPlan)).toMatchObject({
      plannedPercent: 12.42,
      actualPercent: 12.46,
      difference: 0.04,
      behindPlan: false,
    });
    expect(row(behind)).toMatchObject({
      plannedPercent: 12.42,
      actualPercent: 0,
      difference: -12.42,
      behindPlan: true,
      overdueDirectives: 1,
      overdueApprovals: 1,
    });
    expect(row(shortTerm)).toMatchObject({
      mode: "short_term",
      plannedPercent: 12.42,
      actualPercent: null,
      difference: null,
      behindPlan: false,
    });
    expect(result.behindPlanTotal).toBe(1);
  });

  it("flags by the configured margin", async () => {
    const wider = await readOverview(database.db, {}, roles.workspace.clock.now, {
      behindPlanPoints: 15,
      approvalDays: 7,
    });
    expect(wider.items.find((item) => item.id === behind)?.behindPlan).toBe(false);
    expect(wider.behindPlanTotal).toBe(0);
  });

  it("filters behind plan, by mode and by agency", async () => {
    expect((await overview("?behind=1")).items.map((item) => item.id)).toEqual([behind]);
    expect((await overview("?mode=short_term")).items.map((item) => item.id)).toEqual([shortTerm]);
    const byAgency = await overview(`?agency=${encodeURIComponent(agencyId)}&behind=`);
    expect(byAgency.total).toBe(4);
    expect(byAgency.agencies.map((agency) => agency.id)).toEqual([agencyId]);
  });

  it("sorts by the difference, furthest behind first, projects without one last", async () => {
    const ids = (await overview("?sort=difference")).items.map((item) => item.id);
    expect(ids.slice(0, 2)).toEqual([behind, onPlan]);
    const reversed = (await overview("?sort=-difference")).items.map((item) => item.id);
    expect(reversed.slice(0, 2)).toEqual([onPlan, behind]);
  });

  it("pages through the projects with the total of all pages", async () => {
    const second = await overview("?sort=difference&pageSize=1&page=2");
    expect(second).toMatchObject({ page: 2, pageSize: 1, total: 4, behindPlanTotal: 1 });
    expect(second.items.map((item) => item.id)).toEqual([onPlan]);
    const past = await overview("?pageSize=1&page=9");
    expect(past.items).toEqual([]);
    expect(past.total).toBe(4);
  });

  it.each([
    ["mode=medium", "mode"],
    ["behind=yes", "behind"],
    ["sort=budget", "sort"],
    ["page=0", "page"],
    ["pageSize=500", "pageSize"],
    ["pageSize=ten", "pageSize"],
    ["agency=nobody", "agency"],
  ])("answers ?%s with a 400 naming %s", async (query, parameter) => {
    const response = await roles.send("manager", "GET", `/api/v1/workspace/overview?${query}`);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { message: string; problems: { path: string; message: string }[] };
    };
    expect(error.message).toBe(`Invalid request parameter: ${parameter}.`);
    expect(error.problems.map((problem) => problem.path)).toEqual([parameter]);
    expect(error.problems[0]!.message).not.toBe("");
  });

  it("is open to the oversight roles only", async () => {
    for (const caller of ["administrator", "auditor", "manager"] as const) {
      const response = await roles.send(caller, "GET", "/api/v1/workspace/overview");
      expect(response.status, caller).toBe(200);
    }
    await expectDeniedToOthers(
      roles,
      ["administrator", "auditor", "manager"],
      "GET",
      "/api/v1/workspace/overview",
    );
  });

  it("is in the OpenAPI document with the waiting list", async () => {
    const document = (await (await roles.send(null, "GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    const parameters = document.paths["/workspace/overview"]?.get?.parameters ?? [];
    expect(parameters.map((parameter) => parameter.name).sort()).toEqual([
      "agency",
      "behind",
      "mode",
      "page",
      "pageSize",
      "sort",
    ]);
    expect(document.paths["/workspace/waiting"]?.get).toBeDefined();
  });

  it("renders the page with the filters as GET parameters", async () => {
    const response = await roles.send("manager", "GET", "/workspace/overview?behind=1&lang=en");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="get" action="/workspace/overview"');
    expect(html).toContain("Projects: 1. Behind plan: 1.");
    expect(html).toContain(encodeURIComponent(behind));
    expect(html).not.toContain(encodeURIComponent(onPlan));
  });

  it("answers a bad page parameter with a 400 page naming it", async () => {
    const response = await roles.send("manager", "GET", "/workspace/overview?sort=budget&lang=en");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "Sort by: must be one of: title, difference, -difference",
    );
  });

  it("refuses the page to project roles", async () => {
    for (const caller of ["agency", "supervisor", "contractor", "subcontractor"] as const) {
      const response = await roles.send(caller, "GET", "/workspace/overview");
      expect(response.status, caller).toBe(403);
    }
  });
});
