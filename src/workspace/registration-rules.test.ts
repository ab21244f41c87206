/**
 * Who may register an existing project, and which jurisdiction a new one joins.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/app.js";
import { createTestUser, type TestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation, createParty, createProject, uniqueId } from "../testing/factories.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;
let ownAgency: string;
let otherAgency: string;
const users: Record<string, TestUser> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  const { db } = database;
  ownAgency = (await createOrganisation(db, { name: "Own Agency" })).id;
  otherAgency = (await createOrganisation(db, { name: "Other Agency" })).id;
  users.administrator = await createTestUser(db, { jurisdictionRoles: ["administrator"] });
  users.manager = await createTestUser(db, { jurisdictionRoles: ["agency_manager"] });
  users.auditor = await createTestUser(db, { jurisdictionRoles: ["auditor"] });
  users.official = await createTestUser(db, {
    jurisdictionRoles: ["agency_official"],
    organisationId: ownAgency,
  });
  users.officialWithoutOrganisation = await createTestUser(db, {
    jurisdictionRoles: ["agency_official"],
  });
  for (const [id, isDemo] of [
    ["demo-city", true],
    ["real-city", false],
  ] as const) {
    await db
      .insertInto("jurisdictions")
      .values({
        id,
        name: JSON.stringify({ en: id }),
        currency: "KRW",
        time_zone: "Asia/Seoul",
        default_language: "en",
        is_demo: isDemo,
      })
      .execute();
  }
});

afterAll(() => database.destroy());

function register(user: TestUser, body: Record<string, unknown>) {
  return app.request("/api/v1/workspace/projects", {
    method: "POST",
    headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      contractAmount: "2500000000",
      currency: "KRW",
      startDate: "2026-04-01",
      plannedCompletionDate: "2027-09-30",
      ...body,
    }),
  });
}

async function isRegistered(projectId: string): Promise<boolean> {
  const row = await database.db
    .selectFrom("workspace_projects")
    .select("project_id")
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return row !== undefined;
}

/** An imported project ordered by `agency`, through its public authority or a party role. */
async function importedProject(agency: string, through: string) {
  if (through === "publicAuthority") {
    return (await createProject(database.db, { public_authority_id: agency })).id;
  }
  const project = await createProject(database.db);
  const organisation = await database.db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", agency)
    .executeTakeFirstOrThrow();
  await createParty(database.db, project.id, organisation, {
    party_id: uniqueId("party"),
    roles: [through],
  });
  return project.id;
}

describe("registering an existing project", () => {
  it("lets an agency official register a project whose public authority is their agency", async () => {
    const projectId = await importedProject(ownAgency, "publicAuthority");
    const response = await register(users.official!, { projectId });
    expect(response.status).toBe(201);
  });

  for (const role of ["buyer", "procuringEntity"]) {
    it(`lets an agency official register a project whose ${role} is their agency`, async () => {
      const projectId = await importedProject(ownAgency, role);
      expect((await register(users.official!, { projectId })).status).toBe(201);
    });
  }

  it("refuses an agency official of an unrelated agency with 403 and stores nothing", async () => {
    const byAuthority = await importedProject(otherAgency, "publicAuthority");
    const byBuyer = await importedProject(otherAgency, "buyer");
    const ownAsSupplier = await importedProject(ownAgency, "supplier");
    for (const projectId of [byAuthority, byBuyer, ownAsSupplier]) {
      const response = await register(users.official!, { projectId });
      expect(response.status, projectId).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("forbidden");
      expect(body.error.message).toContain(
        "your organisation is not its public authority, buyer or procuring entity",
      );
      expect(await isRegistered(projectId)).toBe(false);
      const memberships = await database.db
        .selectFrom("project_memberships")
        .select("user_id")
        .where("project_id", "=", projectId)
        .execute();
      expect(memberships).toEqual([]);
    }
  });

  it("refuses an agency official without an organisation", async () => {
    const projectId = await importedProject(ownAgency, "publicAuthority");
    const response = await register(users.officialWithoutOrganisation!, {
      projectId,
      agencyId: ownAgency,
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "belongs to no organisation",
    );
    expect(await isRegistered(projectId)).toBe(false);
  });

  for (const role of ["administrator", "manager"]) {
    it(`lets an ${role} register any agency's project`, async () => {
      const projectId = await importedProject(otherAgency, "publicAuthority");
      expect((await register(users[role]!, { projectId, agencyId: otherAgency })).status).toBe(201);
      expect(await isRegistered(projectId)).toBe(true);
    });
  }

  it("refuses an auditor", async () => {
    const projectId = await importedProject(ownAgency, "publicAuthority");
    expect((await register(users.auditor!, { projectId, agencyId: ownAgency })).status).toBe(403);
    expect(await isRegistered(projectId)).toBe(false);
  });
});

describe("the jurisdiction of a registered project", () => {
  async function jurisdictionOf(response: Response): Promise<string | null> {
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const row = await database.db
      .selectFrom("projects")
      .select(["jurisdiction_id", "is_demo"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.is_demo).toBe(false);
    return row.jurisdiction_id;
  }

  it("has none when none is named, even beside a demo jurisdiction", async () => {
    const response = await register(users.official!, { title: "Unnamed jurisdiction road" });
    expect(await jurisdictionOf(response)).toBeNull();
  });

  it("joins the real jurisdiction named", async () => {
    const response = await register(users.official!, {
      title: "Real jurisdiction road",
      jurisdictionId: "real-city",
    });
    expect(await jurisdictionOf(response)).toBe("real-city");
  });

  const BAD: [string, Record<string, unknown>, string][] = [
    ["a demo jurisdiction", { title: "Demo road", jurisdictionId: "demo-city" }, "demonstration"],
    [
      "an unknown jurisdiction",
      { title: "Nowhere road", jurisdictionId: "atlantis" },
      "no jurisdiction",
    ],
    [
      "a jurisdiction for an existing project",
      { projectId: "any", jurisdictionId: "real-city" },
      "new project only",
    ],
  ];
  for (const [name, body, message] of BAD) {
    it(`refuses ${name} with 400 naming jurisdictionId`, async () => {
      const before = await database.db
        .selectFrom("projects")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const response = await register(users.administrator!, body);
      expect(response.status).toBe(400);
      const problems = (
        (await response.json()) as {
          error: { problems: { path: string; message: string }[] };
        }
      ).error.problems;
      const problem = problems.find((item) => item.path === "jurisdictionId");
      expect(problem?.message).toContain(message);
      const after = await database.db
        .selectFrom("projects")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  }
});

describe("the registration form", () => {
  function page(user: TestUser, method: "GET" | "POST", fields?: Record<string, string>) {
    return app.request(method === "GET" ? "/workspace/projects/new" : "/workspace/projects", {
      method,
      headers: {
        Authorization: `Bearer ${user.token}`,
        ...(fields ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(fields ? { body: new URLSearchParams(fields).toString() } : {}),
    });
  }
  const fields = {
    contractAmount: "2500000000",
    currency: "KRW",
    startDate: "2026-04-01",
    plannedCompletionDate: "2027-09-30",
  };

  it("offers the real jurisdictions only", async () => {
    const html = await (await page(users.official!, "GET")).text();
    expect(html).toContain('name="jurisdictionId"');
    expect(html).toContain('value="real-city"');
    expect(html).not.toContain('value="demo-city"');
  });

  it("puts the project in the jurisdiction chosen", async () => {
    const response = await page(users.official!, "POST", {
      ...fields,
      title: "Form road",
      jurisdictionId: "real-city",
    });
    expect(response.status).toBe(303);
    const projectId = decodeURIComponent(
      response.headers.get("Location")!.replace("/workspace/projects/", ""),
    );
    const row = await database.db
      .selectFrom("projects")
      .select("jurisdiction_id")
      .where("id", "=", projectId)
      .executeTakeFirstOrThrow();
    expect(row.jurisdiction_id).toBe("real-city");
  });

  it("shows why an unrelated project cannot be registered", async () => {
    const projectId = await importedProject(otherAgency, "publicAuthority");
    const response = await page(users.official!, "POST", { ...fields, projectId });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "your organisation is not its public authority, buyer or procuring entity",
    );
    expect(await isRegistered(projectId)).toBe(false);
  });
});
