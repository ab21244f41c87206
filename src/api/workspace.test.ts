import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/app.js";
import { createRegisteredProject, createTestUser, type TestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;
let agencyId: string;
let projectId: string;
let otherProjectId: string;
/** Every kind of caller, by name; `anonymous` sends no token. */
const callers: Record<string, TestUser | undefined> = {};

const CALLER_NAMES = [
  "anonymous",
  "administrator",
  "agencyManager",
  "auditor",
  "agencyOfficialAnywhere",
  "projectOfficial",
  "supervisor",
  "primeContractor",
  "subcontractor",
  "memberOfAnotherProject",
] as const;
type CallerName = (typeof CALLER_NAMES)[number];

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  const { db } = database;
  agencyId = (await createOrganisation(db, { name: "Seoul Infrastructure Headquarters" })).id;
  projectId = await createRegisteredProject(db, agencyId);
  otherProjectId = await createRegisteredProject(db, agencyId);

  callers.administrator = await createTestUser(db, { jurisdictionRoles: ["administrator"] });
  callers.agencyManager = await createTestUser(db, { jurisdictionRoles: ["agency_manager"] });
  callers.auditor = await createTestUser(db, { jurisdictionRoles: ["auditor"] });
  callers.agencyOfficialAnywhere = await createTestUser(db, {
    jurisdictionRoles: ["agency_official"],
    organisationId: agencyId,
  });
  const member = (role: "agency_official" | "supervisor" | "prime_contractor" | "subcontractor") =>
    createTestUser(db, { memberships: [{ projectId, role }] });
  callers.projectOfficial = await member("agency_official");
  callers.supervisor = await member("supervisor");
  callers.primeContractor = await member("prime_contractor");
  callers.subcontractor = await member("subcontractor");
  callers.memberOfAnotherProject = await createTestUser(db, {
    memberships: [{ projectId: otherProjectId, role: "agency_official" }],
  });
});

afterAll(async () => {
  await database.destroy();
});

function call(caller: CallerName, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  const user = callers[caller];
  if (user) headers.Authorization = `Bearer ${user.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const registration = () => ({
  title: "Gangnam-daero road widening",
  agencyId,
  contractAmount: "2500000000",
  currency: "KRW",
  startDate: "2026-04-01",
  plannedCompletionDate: "2027-09-30",
});

let targetCount = 0;
/** A user to link, new for each call so that every allowed call succeeds. */
async function newTarget(): Promise<number> {
  targetCount += 1;
  return (await createTestUser(database.db, { email: `target-${targetCount}@example.test` })).id;
}

interface Case {
  name: string;
  allowed: CallerName[];
  success: number;
  request: (caller: CallerName) => Response | Promise<Response>;
}

const ALL_SIGNED_IN = CALLER_NAMES.filter((name) => name !== "anonymous");

const CASES: Case[] = [
  {
    name: "POST /workspace/projects",
    allowed: ["administrator", "agencyManager", "agencyOfficialAnywhere"],
    success: 201,
    request: (caller) => call(caller, "POST", "/api/v1/workspace/projects", registration()),
  },
  {
    name: "GET /workspace/projects",
    allowed: ALL_SIGNED_IN,
    success: 200,
    request: (caller) => call(caller, "GET", "/api/v1/workspace/projects"),
  },
  {
    name: "GET /workspace/projects/{id}",
    allowed: [
      "administrator",
      "agencyManager",
      "auditor",
      "projectOfficial",
      "supervisor",
      "primeContractor",
      "subcontractor",
    ],
    success: 200,
    request: (caller) => call(caller, "GET", `/api/v1/workspace/projects/${projectId}`),
  },
  {
    name: "POST /workspace/projects/{id}/members",
    allowed: ["administrator", "agencyManager", "projectOfficial"],
    success: 201,
    request: async (caller) =>
      call(caller, "POST", `/api/v1/workspace/projects/${projectId}/members`, {
        userId: await newTarget(),
        role: "subcontractor",
      }),
  },
  {
    name: "DELETE /workspace/projects/{id}/members/{userId}/{role}",
    allowed: ["administrator", "agencyManager", "projectOfficial"],
    success: 204,
    request: async (caller) => {
      const userId = await newTarget();
      await database.db
        .insertInto("project_memberships")
        .values({ project_id: projectId, user_id: userId, role: "supervisor", added_by: null })
        .execute();
      return call(
        caller,
        "DELETE",
        `/api/v1/workspace/projects/${projectId}/members/${userId}/supervisor`,
      );
    },
  },
  {
    name: "GET /workspace/users",
    allowed: ["administrator"],
    success: 200,
    request: (caller) => call(caller, "GET", "/api/v1/workspace/users"),
  },
  {
    name: "POST /workspace/users",
    allowed: ["administrator"],
    success: 201,
    request: (caller) =>
      call(caller, "POST", "/api/v1/workspace/users", {
        email: `new-by-${caller}@example.test`,
        displayName: "New Supervisor",
        password: "a sufficiently long password",
      }),
  },
  {
    name: "POST /workspace/organisations",
    allowed: ["administrator"],
    success: 201,
    request: (caller) =>
      call(caller, "POST", "/api/v1/workspace/organisations", { name: `Builder of ${caller}` }),
  },
  {
    name: "GET /workspace/audit-events",
    allowed: ["administrator", "auditor"],
    success: 200,
    request: (caller) => call(caller, "GET", "/api/v1/workspace/audit-events"),
  },
  {
    name: "GET /workspace/me",
    allowed: ALL_SIGNED_IN,
    success: 200,
    request: (caller) => call(caller, "GET", "/api/v1/workspace/me"),
  },
];

describe("workspace API role × action table", () => {
  for (const testCase of CASES) {
    for (const caller of CALLER_NAMES) {
      const allowed = testCase.allowed.includes(caller);
      const expected = caller === "anonymous" ? 401 : allowed ? testCase.success : 403;
      it(`${testCase.name} as ${caller} → ${expected}`, async () => {
        const response = await testCase.request(caller);
        expect(response.status).toBe(expected);
      });
    }
  }

  it("records a refused change in the audit trail", async () => {
    await call("auditor", "POST", "/api/v1/workspace/projects", registration());
    const denied = await database.db
      .selectFrom("audit_events")
      .select(["action", "outcome"])
      .where("actor_user_id", "=", callers.auditor!.id)
      .where("outcome", "=", "denied")
      .execute();
    expect(denied).toContainEqual({ action: "project.register", outcome: "denied" });
  });
});

describe("API sign-in", () => {
  it("returns a token that authenticates later requests", async () => {
    const user = await createTestUser(database.db, { jurisdictionRoles: ["auditor"] });
    const login = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: user.email, password: "correct horse battery staple" }),
    });
    expect(login.status).toBe(200);
    const body = (await login.json()) as { token: string; expiresAt: string };
    expect(body.token).toMatch(/^ccs_/);

    const me = await app.request("/api/v1/workspace/me", {
      headers: { Authorization: `Bearer ${body.token}` },
    });
    expect(me.status).toBe(200);
    const stored = await database.db
      .selectFrom("api_tokens")
      .select("token_sha256")
      .where("user_id", "=", user.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(body.token);

    const logout = await app.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { Authorization: `Bearer ${body.token}` },
    });
    expect(logout.status).toBe(204);
    const after = await app.request("/api/v1/workspace/me", {
      headers: { Authorization: `Bearer ${body.token}` },
    });
    expect(after.status).toBe(401);
  });

  it("rejects a wrong password with 401 and names missing fields", async () => {
    const wrong = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: callers.auditor!.email, password: "not the password" }),
    });
    expect(wrong.status).toBe(401);
    const missing = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "x@example.test" }),
    });
    expect(missing.status).toBe(400);
    const problems = ((await missing.json()) as { error: { problems: { path: string }[] } }).error
      .problems;
    expect(problems.map((problem) => problem.path)).toContain("password");
  });

  it("rejects an unknown bearer token", async () => {
    const response = await app.request("/api/v1/workspace/me", {
      headers: { Authorization: "Bearer ccs_not-a-real-token" },
    });
    expect(response.status).toBe(401);
  });
});

describe("project registration", () => {
  async function countRows() {
    const [projects, registered, versions] = await Promise.all([
      database.db
        .selectFrom("projects")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      database.db
        .selectFrom("workspace_projects")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      database.db
        .selectFrom("project_versions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    return [Number(projects.n), Number(registered.n), Number(versions.n)];
  }

  it("registers a new project that the portal then shows", async () => {
    const response = await call(
      "agencyOfficialAnywhere",
      "POST",
      "/api/v1/workspace/projects",
      registration(),
    );
    expect(response.status).toBe(201);
    const project = (await response.json()) as { id: string; mode: string; roles: string[] };
    expect(project.mode).toBe("long_term");
    expect(project.roles).toEqual(["agency_official"]);

    const publicProject = await app.request(`/api/v1/projects/${encodeURIComponent(project.id)}`);
    expect(publicProject.status).toBe(200);
    const oc4ids = (await publicProject.json()) as { title: string };
    expect(oc4ids.title).toBe("Gangnam-daero road widening");
    const events = await database.db
      .selectFrom("events")
      .select("actor")
      .where("project_id", "=", project.id)
      .execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]?.actor).toBe(`user:${callers.agencyOfficialAnywhere!.id}`);
  });

  it("makes a small contract short-term", async () => {
    const response = await call("administrator", "POST", "/api/v1/workspace/projects", {
      ...registration(),
      contractAmount: 300_000_000,
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { mode: string }).mode).toBe("short_term");
  });

  it("registers an imported project by id", async () => {
    const { createProject } = await import("../testing/factories.js");
    const imported = await createProject(database.db, { title: "Imported bridge" });
    const response = await call("administrator", "POST", "/api/v1/workspace/projects", {
      ...registration(),
      title: undefined,
      projectId: imported.id,
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { title: string }).title).toBe("Imported bridge");

    const again = await call("administrator", "POST", "/api/v1/workspace/projects", {
      ...registration(),
      projectId: imported.id,
    });
    expect(again.status).toBe(409);
  });

  const BAD_INPUTS: [string, Record<string, unknown>, string][] = [
    ["missing title", { title: undefined }, "title"],
    ["end before start", { plannedCompletionDate: "2026-03-01" }, "plannedCompletionDate"],
    ["unknown project id", { title: undefined, projectId: "oc4ids-nobody-1" }, "projectId"],
    ["amount not a number", { contractAmount: "2,5 billion" }, "contractAmount"],
    ["unknown agency", { agencyId: "name-nobody" }, "agencyId"],
    ["impossible date", { startDate: "2026-02-30" }, "startDate"],
    ["bad currency", { currency: "₩" }, "currency"],
  ];
  for (const [name, change, field] of BAD_INPUTS) {
    it(`rejects ${name} and stores nothing`, async () => {
      const before = await countRows();
      const response = await call("administrator", "POST", "/api/v1/workspace/projects", {
        ...registration(),
        ...change,
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        error: { problems: { path: string; message: string }[] };
      };
      expect(body.error.problems.map((problem) => problem.path)).toContain(field);
      expect(await countRows()).toEqual(before);
    });
  }

  it("lists the OpenAPI entries of the workspace", async () => {
    const response = await app.request("/api/v1/openapi.json");
    const document = (await response.json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/auth/login",
        "/workspace/projects",
        "/workspace/projects/{id}/members",
      ]),
    );
    expect(document.components.securitySchemes.bearerAuth).toBeDefined();
  });
});
