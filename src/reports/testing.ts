import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOrganisation, createUser } from "../accounts/users.js";
import { loadConfig } from "../config.js";
import { createFileStore, type FileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import type { TestDatabase } from "../testing/database.js";
import { uniqueId } from "../testing/factories.js";

/** The people of the schedule and report tests, one per role. */
export const ROLES = [
  "agency",
  "supervisor",
  "contractor",
  "subcontractor",
  "outsider",
  "administrator",
  "auditor",
] as const;
export type Role = (typeof ROLES)[number];

export const PASSWORD = "a long enough test password";

/** A test application with a movable clock and signed-in users of every role. */
export interface Workspace {
  app: ReturnType<typeof createApp>;
  clock: { now: Date };
  /** The store behind `/files/:sha256`. */
  fileStore: FileStore;
  tokens: Record<Role, string>;
  emails: Record<Role, string>;
  /** Sends a JSON request as `role` (anonymous when null) and returns the response. */
  call(role: Role | null, method: string, url: string, body?: unknown): Promise<Response>;
  /** Registers a project as the agency official and links supervisor, contractor and sub. */
  registerProject(options?: { shortTerm?: boolean; jurisdictionId?: string }): Promise<string>;
}

/**
 * Builds an application whose clock starts at `start`, creates one user per role (the outsider
 * is a member of another project only) and signs each in through the API.
 */
export async function openWorkspace(database: TestDatabase, start: string): Promise<Workspace> {
  const clock = { now: new Date(start) };
  const config = loadConfig({ LOAD_DEMO: "false" });
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  const app = createApp({ config, database, fileStore, clock: () => clock.now });
  const system = { userId: null };

  const agency = await createOrganisation(database.db, { name: uniqueId("Road Agency") }, system);
  const builder = await createOrganisation(database.db, { name: uniqueId("Builders") }, system);
  const jurisdictionRoles: Partial<
    Record<Role, ("agency_official" | "administrator" | "auditor")[]>
  > = { agency: ["agency_official"], administrator: ["administrator"], auditor: ["auditor"] };
  const emails = {} as Record<Role, string>;
  const ids = {} as Record<Role, number>;
  for (const role of ROLES) {
    emails[role] = `${uniqueId(role)}@example.org`;
    const user = await createUser(
      database.db,
      {
        email: emails[role],
        displayName: `${role[0]!.toUpperCase()}${role.slice(1)} user`,
        password: PASSWORD,
        organisationId: role === "agency" ? agency.id : builder.id,
        jurisdictionRoles: jurisdictionRoles[role] ?? [],
      },
      system,
    );
    ids[role] = user.id;
  }

  const call = async (role: Role | null, method: string, url: string, body?: unknown) =>
    app.request(url, {
      method,
      headers: {
        ...(role ? { Authorization: `Bearer ${tokens[role]}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const response = await call(null, "POST", "/api/v1/auth/login", {
      email: emails[role],
      password: PASSWORD,
    });
    if (response.status !== 200) throw new Error(`sign-in of ${role} failed: ${response.status}`);
    tokens[role] = ((await response.json()) as { token: string }).token;
  }

  const registerProject = async (
    options: { shortTerm?: boolean; jurisdictionId?: string } = {},
  ) => {
    const response = await call("agency", "POST", "/api/v1/workspace/projects", {
      title: uniqueId("Riverside road widening"),
      contractAmount: options.shortTerm ? 300_000_000 : 5_000_000_000,
      currency: "KRW",
      startDate: "2025-03-01",
      plannedCompletionDate: options.shortTerm ? "2025-08-31" : "2027-02-28",
      ...(options.jurisdictionId ? { jurisdictionId: options.jurisdictionId } : {}),
    });
    if (response.status !== 201) {
      throw new Error(`registration failed: ${response.status} ${await response.text()}`);
    }
    const projectId = ((await response.json()) as { id: string }).id;
    const links: [Role, string][] = [
      ["supervisor", "supervisor"],
      ["contractor", "prime_contractor"],
      ["subcontractor", "subcontractor"],
    ];
    for (const [role, projectRole] of links) {
      const linked = await call(
        "agency",
        "POST",
        `/api/v1/workspace/projects/${encodeURIComponent(projectId)}/members`,
        { userId: ids[role], role: projectRole },
      );
      if (linked.status !== 201) throw new Error(`linking ${role} failed: ${linked.status}`);
    }
    return projectId;
  };

  // The outsider works on a project of its own, so it is a member, just not of the tested one.
  const otherProject = await registerProject();
  await call(
    "agency",
    "POST",
    `/api/v1/workspace/projects/${encodeURIComponent(otherProject)}/members`,
    {
      userId: ids.outsider,
      role: "prime_contractor",
    },
  );

  return { app, clock, fileStore, tokens, emails, call, registerProject };
}

/** A schedule of three items weighed by amount, with monthly planned progress. */
export const SAMPLE_SCHEDULE = {
  periodUnit: "month",
  items: [
    { code: "A1", description: "Earthworks", unit: "m3", quantity: 1000, unitPrice: 20000 },
    { code: "B1", description: "Concrete", unit: "m3", quantity: 500, unitPrice: 150000 },
    { code: "C1", description: "Asphalt paving", unit: "m2", quantity: 4000, unitPrice: 25000 },
  ],
  periods: [
    { end: "2025-03-31", plannedPercent: 5 },
    { end: "2025-06-30", plannedPercent: 20 },
    { end: "2025-12-31", plannedPercent: 55 },
    { end: "2026-06-30", plannedPercent: 85 },
    { end: "2027-02-28", plannedPercent: 100 },
  ],
};

/** A daily report of `date` with earthworks and concrete done. */
export function sampleReport(date: string, overrides: Record<string, unknown> = {}) {
  return {
    date,
    weather: "clear, 12 °C",
    manpower: [
      { trade: "labourer", count: 12 },
      { trade: "concrete finisher", count: 4 },
    ],
    equipment: [{ kind: "excavator", count: 2 }],
    materials: [{ material: "ready-mix concrete", quantity: 5, unit: "m3" }],
    work: [
      { itemCode: "A1", quantity: 20 },
      { itemCode: "B1", quantity: 5 },
    ],
    issues: "",
    photoReferences: [],
    ...overrides,
  };
}
