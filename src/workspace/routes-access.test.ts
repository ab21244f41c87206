import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../accounts/sessions.js";
import type { JurisdictionRole, ProjectRole } from "../db/types-accounts.js";
import { createTestApp } from "../testing/app.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;
let agencyId: string;
let projectId: string;
const sessions = new Map<string, { cookie: string; csrf: string }>();

const CALLERS: Record<string, { jurisdiction?: JurisdictionRole[]; project?: ProjectRole }> = {
  administrator: { jurisdiction: ["administrator"] },
  agencyManager: { jurisdiction: ["agency_manager"] },
  auditor: { jurisdiction: ["auditor"] },
  agencyOfficialAnywhere: { jurisdiction: ["agency_official"] },
  projectOfficial: { project: "agency_official" },
  supervisor: { project: "supervisor" },
  primeContractor: { project: "prime_contractor" },
  subcontractor: { project: "subcontractor" },
  memberOfAnotherProject: {},
};
/** "anonymous" or a key of CALLERS. */
type CallerName = string;
const CALLER_NAMES: CallerName[] = ["anonymous", ...Object.keys(CALLERS)];

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  agencyId = (await createOrganisation(database.db, { name: "Incheon Works Office" })).id;
  projectId = await createRegisteredProject(database.db, agencyId);
  const otherProjectId = await createRegisteredProject(database.db, agencyId);

  for (const [name, roles] of Object.entries(CALLERS)) {
    const user = await createTestUser(database.db, {
      jurisdictionRoles: roles.jurisdiction ?? [],
      organisationId: agencyId,
      memberships: [
        roles.project
          ? { projectId, role: roles.project }
          : { projectId: otherProjectId, role: "agency_official" },
      ],
    });
    const session = await createSession(database.db, user.id, new Date(), 1);
    sessions.set(name, { cookie: `ccs_session=${session.sessionId}`, csrf: session.csrfToken });
  }
});
afterAll(async () => {
  await database.destroy();
});

let sequence = 0;
async function send(
  caller: CallerName,
  method: string,
  path: string,
  form?: Record<string, string>,
) {
  const session = sessions.get(caller);
  const headers: Record<string, string> = session ? { Cookie: session.cookie } : {};
  let body: string | undefined;
  if (form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams({ ...form, _csrf: session?.csrf ?? "" }).toString();
  }
  return app.request(path, { method, headers, body });
}

interface Case {
  name: string;
  allowed: CallerName[];
  success: number;
  request: (caller: CallerName) => Promise<Response>;
}

const OVERSIGHT_AND_MEMBERS: CallerName[] = [
  "administrator",
  "agencyManager",
  "auditor",
  "projectOfficial",
  "supervisor",
  "primeContractor",
  "subcontractor",
];

const CASES: Case[] = [
  {
    name: "GET /workspace",
    allowed: CALLER_NAMES.filter((name) => name !== "anonymous"),
    success: 200,
    request: (caller) => send(caller, "GET", "/workspace"),
  },
  {
    name: "GET /workspace/projects/new",
    allowed: ["administrator", "agencyManager", "agencyOfficialAnywhere"],
    success: 200,
    request: (caller) => send(caller, "GET", "/workspace/projects/new"),
  },
  {
    name: "POST /workspace/projects",
    allowed: ["administrator", "agencyManager", "agencyOfficialAnywhere"],
    success: 303,
    request: (caller) =>
      send(caller, "POST", "/workspace/projects", {
        title: `Registered by ${caller}`,
        contractAmount: "50000000",
        currency: "KRW",
        startDate: "2026-06-01",
        plannedCompletionDate: "2026-11-30",
      }),
  },
  {
    name: "GET /workspace/projects/{id}",
    allowed: OVERSIGHT_AND_MEMBERS,
    success: 200,
    request: (caller) => send(caller, "GET", `/workspace/projects/${projectId}`),
  },
  {
    name: "POST /workspace/projects/{id}/members",
    allowed: ["administrator", "agencyManager", "projectOfficial"],
    success: 303,
    request: async (caller) => {
      const target = await createTestUser(database.db);
      return send(caller, "POST", `/workspace/projects/${projectId}/members`, {
        userId: String(target.id),
        role: "supervisor",
      });
    },
  },
  {
    name: "GET /workspace/users",
    allowed: ["administrator"],
    success: 200,
    request: (caller) => send(caller, "GET", "/workspace/users"),
  },
  {
    name: "POST /workspace/users",
    allowed: ["administrator"],
    success: 303,
    request: (caller) => {
      sequence += 1;
      return send(caller, "POST", "/workspace/users", {
        displayName: "Lee Ji-won",
        email: `form-user-${sequence}@example.test`,
        password: "a long enough password",
      });
    },
  },
  {
    name: "POST /workspace/organisations",
    allowed: ["administrator"],
    success: 303,
    request: (caller) =>
      send(caller, "POST", "/workspace/organisations", { name: `Firm of ${caller}` }),
  },
];

describe("workspace pages role × action table", () => {
  for (const testCase of CASES) {
    for (const caller of CALLER_NAMES) {
      const expected =
        caller === "anonymous" ? 303 : testCase.allowed.includes(caller) ? testCase.success : 403;
      it(`${testCase.name} as ${caller} → ${expected}`, async () => {
        const response = await testCase.request(caller);
        expect(response.status).toBe(expected);
        if (caller === "anonymous") {
          expect(response.headers.get("Location")).toMatch(/^\/workspace\/login\?next=/);
        }
      });
    }
  }
});
