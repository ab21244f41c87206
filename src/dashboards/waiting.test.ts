import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimTables } from "../claims/tables.js";
import { complianceTables } from "../claims/compliance-tables.js";
import { openWorkspace, SAMPLE_SCHEDULE, sampleReport, type Role } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { withAgencyManager, type Caller, type RoleWorkspace } from "../testing/roles.js";

let database: TestDatabase;
let roles: RoleWorkspace;
let projectId: string;

interface Item {
  kind: string;
  projectId: string;
  itemId: string;
  subject: string;
  dueDate: string | null;
  overdue: boolean;
  href: string;
}
interface Waiting {
  today: string;
  items: Item[];
  projects: { projectId: string; waiting: number; overdue: number }[];
}

async function waitingOf(caller: Caller): Promise<Waiting> {
  const response = await roles.send(caller, "GET", "/api/v1/workspace/waiting");
  expect(response.status, `waiting of ${caller}`).toBe(200);
  return (await response.json()) as Waiting;
}

async function userOf(role: Role) {
  return database.db
    .selectFrom("users")
    .select(["id", "organisation_id"])
    .where("email", "=", roles.workspace.emails[role])
    .executeTakeFirstOrThrow();
}

/**
 * Builds one long-term project with an item of every kind, through the API where a JSON route
 * exists and with rows where the item needs an upload or a payment run first.
 */
async function buildProject(): Promise<void> {
  const { workspace } = roles;
  const call = workspace.call.bind(workspace);
  const at = (instant: string) => (workspace.clock.now = new Date(instant));
  projectId = await workspace.registerProject();
  const base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
  const ok = async (response: Promise<Response>, status = 201) => {
    const answer = await response;
    expect(answer.status, await answer.clone().text()).toBe(status);
    return (await answer.json()) as { id: number };
  };

  // Schedule v1 approved; v2 waits for the agency.
  await ok(call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE));
  await ok(call("agency", "POST", `${base}/schedules/1/approve`), 200);
  at("2025-03-03T18:00:00Z");
  await ok(call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE));

  // Daily reports: one waits for review, one for approval, one was rejected, and the
  // supervisor's own report waits for another supervisor.
  await ok(call("contractor", "POST", `${base}/daily-reports`, sampleReport("2025-03-03")));
  const reviewed = await ok(
    call("contractor", "POST", `${base}/daily-reports`, sampleReport("2025-03-02")),
  );
  await ok(call("supervisor", "POST", `${base}/daily-reports/${reviewed.id}/review`), 200);
  const rejected = await ok(
    call("contractor", "POST", `${base}/daily-reports`, sampleReport("2025-03-01")),
  );
  await ok(
    call("supervisor", "POST", `${base}/daily-reports/${rejected.id}/reject`, {
      reason: "Concrete quantity does not match the delivery notes",
    }),
    200,
  );
  at("2025-03-05T18:00:00Z");
  await ok(call("supervisor", "POST", `${base}/daily-reports`, sampleReport("2025-03-04")));

  // Directives: one to the prime contractor due soon, one to the subcontractor due later.
  await ok(
    call("agency", "POST", `${base}/directives`, {
      title: "Fence the excavation",
      instruction: "Put up a fence around the open trench.",
      dueDate: "2025-03-10",
      addressedRole: "prime_contractor",
    }),
  );
  await ok(
    call("agency", "POST", `${base}/directives`, {
      title: "Submit the welding certificates",
      instruction: "Send the welders' certificates.",
      dueDate: "2025-04-30",
      addressedRole: "subcontractor",
    }),
  );
  await ok(
    call("agency", "POST", `${base}/directives`, {
      title: "Clean the access road",
      instruction: "Remove the mud from the access road.",
      dueDate: "2025-03-25",
      addressedRole: "prime_contractor",
    }),
  );

  // Changes: one reviewed (waits for the agency), one requested by the contractor (waits for
  // the supervisor), one requested by the supervisor (waits for another supervisor).
  const change = (description: string) => ({
    kind: "design_change",
    description,
    reason: "Ground conditions",
    costImpact: "1000000",
    currency: "KRW",
  });
  const toApprove = await ok(call("contractor", "POST", `${base}/changes`, change("Deeper piles")));
  await ok(call("supervisor", "POST", `${base}/changes/${toApprove.id}/review`, {}), 200);
  await ok(call("contractor", "POST", `${base}/changes`, change("Wider drainage")));
  await ok(call("supervisor", "POST", `${base}/changes`, change("Supervisor's own change")));

  // A safety inspection with a finding for the builders' organisation.
  const builders = (await userOf("contractor")).organisation_id!;
  await ok(
    call("supervisor", "POST", `${base}/safety/inspections`, {
      date: "2025-03-03",
      items: [
        {
          item: "Guard rails on the scaffold",
          result: "fail",
          correctiveAction: "Fit guard rails on level 2",
          responsibleOrganisationId: builders,
          deadline: "2025-03-12",
        },
      ],
    }),
  );

  await insertRows();
  at("2025-03-20T09:00:00Z");
}

/** Rows of the kinds that need an upload or a payment run: document, evaluation, claims. */
async function insertRows(): Promise<void> {
  const db = database.db;
  const contractor = (await userOf("contractor")).id;
  const now = new Date("2025-03-04T09:00:00Z");
  const document = await db
    .insertInto("workspace_documents")
    .values({
      project_id: projectId,
      category: "test_report",
      title: "Concrete cube tests",
      is_sensitive: false,
      created_by: contractor,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("document_versions")
    .values({
      document_id: document.id,
      version: 1,
      sha256: "a".repeat(64),
      size_bytes: 10,
      media_type: "text/plain",
      file_name: "cubes.txt",
      status: "submitted",
      uploaded_by: contractor,
      uploaded_at: now,
    })
    .execute();
  await db
    .insertInto("performance_evaluations")
    .values({
      project_id: projectId,
      threshold: 30,
      subject: "design",
      status: "pending",
      requested_at: now,
      progress_percent: 31,
    })
    .execute();

  const claims = claimTables(db);
  const claim = (periodStart: string, periodEnd: string, status: "claimed" | "split") =>
    claims
      .insertInto("payment_claims")
      .values({
        project_id: projectId,
        period_start: periodStart,
        period_end: periodEnd,
        currency: "KRW",
        gross_amount: 100,
        retention_amount: 0,
        advance_recovery: 0,
        net_amount: 100,
        status,
        claimed_by: contractor,
        claimed_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  await claim("2025-03-01", "2025-03-15", "claimed");
  const approved = await claim("2025-01-01", "2025-01-31", "split");
  await claims
    .insertInto("payment_shares")
    .values({
      id: `claim-${approved.id}-line-1`,
      project_id: projectId,
      payee_id: "contract:1",
      currency: "KRW",
      approved_amount: 100,
    })
    .execute();
  await complianceTables(claims)
    .insertInto("payment_share_terms")
    .values({
      share_id: `claim-${approved.id}-line-1`,
      project_id: projectId,
      claim_id: approved.id,
      payee_kind: "subcontractor",
      due_on: "2025-03-15",
      paid_on: null,
    })
    .execute();
}

beforeAll(async () => {
  database = await openTestDatabase();
  roles = await withAgencyManager(database, await openWorkspace(database, "2025-03-02T09:00:00Z"));
  await buildProject();
}, 60_000);
afterAll(() => database.destroy());

const kindsOf = (waiting: Waiting) =>
  [
    ...new Set(waiting.items.filter((item) => item.projectId === projectId).map((i) => i.kind)),
  ].sort();

describe("what waits for each role", () => {
  it.each<[Caller, string[]]>([
    [
      "agency",
      [
        "change_approval",
        "claim_approval",
        "document_approval",
        "evaluation",
        "payment_overdue",
        "report_approval",
        "schedule_approval",
      ],
    ],
    // The supervisor works for the builders here, so their safety finding is its too.
    ["supervisor", ["change_review", "document_approval", "report_review", "safety_action"]],
    ["contractor", ["claim_split", "directive_answer", "report_resubmission", "safety_action"]],
    ["subcontractor", ["claim_split", "directive_answer", "safety_action"]],
  ])("shows %s only the kinds its roles may act on", async (caller, expected) => {
    expect(kindsOf(await waitingOf(caller))).toEqual(expected.sort());
  });

  it.each<Caller>(["outsider", "administrator", "auditor", "manager"])(
    "shows %s nothing of a project where it acts on nothing",
    async (caller) => {
      expect(kindsOf(await waitingOf(caller))).toEqual([]);
    },
  );

  it("keeps a supervisor's own report and request off its list", async () => {
    const waiting = await waitingOf("supervisor");
    const subjects = (kind: string) =>
      waiting.items.filter((item) => item.kind === kind).map((item) => item.subject);
    expect(subjects("report_review")).toEqual(["2025-03-03"]);
    expect(subjects("change_review")).toEqual(["Wider drainage"]);
  });

  it("shows a directive only to the role it is addressed to", async () => {
    const contractor = (await waitingOf("contractor")).items.filter(
      (item) => item.kind === "directive_answer",
    );
    const subcontractor = (await waitingOf("subcontractor")).items.filter(
      (item) => item.kind === "directive_answer",
    );
    expect(contractor.map((item) => item.subject)).toEqual([
      "Fence the excavation",
      "Clean the access road",
    ]);
    expect(subcontractor.map((item) => item.subject)).toEqual(["Submit the welding certificates"]);
  });

  it("puts overdue items first, each marked, earliest due first", async () => {
    const waiting = await waitingOf("contractor");
    expect(waiting.today).toBe("2025-03-20");
    const overdue = waiting.items.filter((item) => item.overdue);
    expect(overdue.map((item) => [item.kind, item.dueDate])).toEqual([
      ["directive_answer", "2025-03-10"],
      ["safety_action", "2025-03-12"],
    ]);
    expect(waiting.items.slice(0, 2)).toEqual(overdue);
    expect(waiting.items[2]).toMatchObject({
      kind: "directive_answer",
      subject: "Clean the access road",
      dueDate: "2025-03-25",
      overdue: false,
    });
  });

  it("makes a decision overdue after the approval period", async () => {
    const items = (await waitingOf("agency")).items;
    const schedule = items.find((item) => item.kind === "schedule_approval")!;
    expect(schedule).toMatchObject({ dueDate: "2025-03-10", overdue: true, subject: "v2" });
    expect(items.find((item) => item.kind === "evaluation")).toMatchObject({
      dueDate: null,
      overdue: false,
    });
    expect(items.findIndex((item) => !item.overdue)).toBeGreaterThan(0);
    expect(items.slice(items.findIndex((item) => !item.overdue)).some((i) => i.overdue)).toBe(
      false,
    );
  });

  it("links each item to the page where the user acts", async () => {
    const project = `/workspace/projects/${encodeURIComponent(projectId)}`;
    const items = [...(await waitingOf("agency")).items, ...(await waitingOf("contractor")).items];
    const href = (kind: string) => items.find((item) => item.kind === kind)!.href;
    expect(href("schedule_approval")).toBe(`${project}/schedule`);
    expect(href("report_approval")).toMatch(new RegExp(`^${project}/reports/\\d+$`));
    expect(href("report_resubmission")).toMatch(new RegExp(`^${project}/reports/\\d+$`));
    expect(href("directive_answer")).toMatch(new RegExp(`^${project}/directives/\\d+$`));
    expect(href("change_approval")).toMatch(new RegExp(`^${project}/changes/\\d+$`));
    expect(href("document_approval")).toMatch(new RegExp(`^${project}/documents/\\d+$`));
    expect(href("evaluation")).toMatch(new RegExp(`^${project}/evaluations/\\d+$`));
    expect(href("safety_action")).toMatch(new RegExp(`^${project}/safety/findings/\\d+$`));
    expect(href("claim_approval")).toBe(project);
  });

  it.each<Caller>(["agency", "supervisor", "contractor", "subcontractor"])(
    "links %s only to pages that open for it",
    async (caller) => {
      for (const item of (await waitingOf(caller)).items) {
        const page = await roles.send(caller, "GET", item.href);
        expect(page.status, `${item.kind} ${item.href}`).toBe(200);
      }
    },
  );

  it("counts the items of each project", async () => {
    const waiting = await waitingOf("contractor");
    const count = waiting.projects.find((entry) => entry.projectId === projectId)!;
    expect(count.waiting).toBe(waiting.items.length);
    expect(count.overdue).toBe(2);
  });

  it("switches off report and evaluation items in a short-term project", async () => {
    const shortTerm = await roles.workspace.registerProject({ shortTerm: true });
    await database.db
      .insertInto("performance_evaluations")
      .values({
        project_id: shortTerm,
        threshold: 30,
        subject: "design",
        status: "pending",
        requested_at: new Date("2025-03-04T09:00:00Z"),
        progress_percent: 31,
      })
      .execute();
    const items = (await waitingOf("agency")).items;
    expect(items.filter((item) => item.projectId === shortTerm)).toEqual([]);
  });

  it("answers 401 without a session or token", async () => {
    expect((await roles.send(null, "GET", "/api/v1/workspace/waiting")).status).toBe(401);
  });

  it("home page lists items above projects", async () => {
    const response = await roles.send("contractor", "GET", "/workspace?lang=en");
    expect(response.status).toBe(200);
    const html = await response.text();
    const waitingAt = html.indexOf("Waiting for you");
    const projectsAt = html.indexOf("My projects</h2>");
    expect(waitingAt).toBeGreaterThan(0);
    expect(projectsAt).toBeGreaterThan(waitingAt);
    expect(html.indexOf("Fence the excavation")).toBeLessThan(projectsAt);
    const count = (await waitingOf("contractor")).items.length;
    expect(html).toContain(`Waiting: ${count}`);
    expect(html).toContain("Overdue: 2");
  });

  it("labels the list in Spanish and Korean", async () => {
    const spanish = await (await roles.send("contractor", "GET", "/workspace?lang=es")).text();
    expect(spanish).toContain("Responder a la orden de trabajo");
    const korean = await (await roles.send("contractor", "GET", "/workspace?lang=ko")).text();
    expect(korean).toContain("작업 지시 조치 보고");
  });
});
