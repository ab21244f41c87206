import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestJpeg } from "../photos/testing.js";
import type { Role } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  openSiteWorkspace,
  SITE_ROLES,
  type FormFields,
  type SiteRole,
  type SiteWorkspace,
} from "./site-testing.js";

let database: TestDatabase;
let site: SiteWorkspace;
let builders: string;
let sequence = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  site = await openSiteWorkspace(database, "2025-03-20T09:00:00Z");
  builders = await site.organisationOf("contractor");
});
afterAll(() => database.destroy());

/** Everything the POSTs below can change, so that a refusal can be shown to change nothing. */
async function snapshot() {
  const { db } = database;
  return {
    files: site.storedFiles(),
    versions: await db
      .selectFrom("document_versions")
      .select(["document_id", "version", "status"])
      .orderBy("document_id")
      .orderBy("version")
      .execute(),
    finalInspection: await db
      .selectFrom("workspace_projects")
      .select("final_inspection_at")
      .where("project_id", "=", site.projectId)
      .executeTakeFirst(),
    photos: await db.selectFrom("workspace_photos").select("id").orderBy("id").execute(),
    inspections: await db.selectFrom("safety_inspections").select("id").orderBy("id").execute(),
    findings: await db
      .selectFrom("safety_findings")
      .select(["id", "status"])
      .orderBy("id")
      .execute(),
    incidents: await db.selectFrom("safety_incidents").select("id").orderBy("id").execute(),
  };
}

const pdf = () => ({
  name: `file-${++sequence}.pdf`,
  type: "application/pdf",
  bytes: new TextEncoder().encode(`%PDF-1.7\n${sequence}\n`),
});

async function newDocument(): Promise<number> {
  const response = await site.post("contractor", `${site.base}/documents`, {
    category: "minutes",
    title: `Minutes ${++sequence}`,
    file: pdf(),
  });
  expect(response.status).toBe(303);
  return Number(response.headers.get("Location")!.split("/").pop());
}

async function newFinding(reported: boolean): Promise<number> {
  const response = await site.post("supervisor", `${site.base}/safety/inspections`, {
    date: "2025-03-19",
    "items.0.item": `Guardrail ${++sequence}`,
    "items.0.result": "fail",
    "items.0.correctiveAction": "Fix the guardrail.",
    "items.0.responsibleOrganisationId": builders,
    "items.0.deadline": "2025-03-28",
  });
  expect(response.status).toBe(303);
  const finding = await database.db
    .selectFrom("safety_findings")
    .select("id")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  if (reported) {
    const report = await site.post(
      "contractor",
      `${site.base}/safety/findings/${finding.id}/action-report`,
      { action: "Fixed." },
    );
    expect(report.status).toBe(303);
  }
  return finding.id;
}

/** One POST of the pages: who may send it, and how to make a fresh target and the form. */
interface Case {
  name: string;
  allowed: Role[];
  /** Prepares what the POST acts on and returns its URL and fields. */
  prepare: () => Promise<{ url: string; fields: FormFields }>;
  /** True when only one call may succeed, so only the first allowed role is tried. */
  once?: boolean;
}

const MEMBERS: Role[] = ["agency", "supervisor", "contractor", "subcontractor"];
const CASES: Case[] = [
  {
    name: "register a document",
    allowed: MEMBERS,
    prepare: () =>
      Promise.resolve({
        url: `${site.base}/documents`,
        fields: { category: "drawing", title: `Drawing ${++sequence}`, file: pdf() },
      }),
  },
  {
    name: "add a document version",
    allowed: MEMBERS,
    prepare: async () => ({
      url: `${site.base}/documents/${await newDocument()}/versions`,
      fields: { note: "", file: pdf() },
    }),
  },
  {
    name: "approve a document version",
    allowed: ["agency", "supervisor"],
    prepare: async () => ({
      url: `${site.base}/documents/${await newDocument()}/versions/1/approve`,
      fields: {},
    }),
  },
  {
    name: "reject a document version",
    allowed: ["agency", "supervisor"],
    prepare: async () => ({
      url: `${site.base}/documents/${await newDocument()}/versions/1/reject`,
      fields: { reason: "Unsigned." },
    }),
  },
  {
    name: "upload photos",
    allowed: MEMBERS,
    prepare: () =>
      Promise.resolve({
        url: `${site.base}/photos`,
        fields: {
          file: {
            name: "site.jpg",
            type: "image/jpeg",
            bytes: new Uint8Array(buildTestJpeg({ seed: ++sequence })),
          },
        },
      }),
  },
  {
    name: "record an inspection",
    allowed: ["agency", "supervisor"],
    prepare: () =>
      Promise.resolve({
        url: `${site.base}/safety/inspections`,
        fields: { date: "2025-03-19", "items.0.item": "Signage", "items.0.result": "pass" },
      }),
  },
  {
    name: "report the action taken on a finding",
    allowed: ["supervisor", "contractor", "subcontractor"],
    prepare: async () => ({
      url: `${site.base}/safety/findings/${await newFinding(false)}/action-report`,
      fields: { action: "Guardrail replaced." },
    }),
  },
  {
    name: "accept a finding's action",
    allowed: ["agency", "supervisor"],
    prepare: async () => ({
      url: `${site.base}/safety/findings/${await newFinding(true)}/verify`,
      fields: { accepted: "true" },
    }),
  },
  {
    name: "report an incident",
    allowed: ["supervisor", "contractor", "subcontractor"],
    prepare: () =>
      Promise.resolve({
        url: `${site.base}/safety/incidents`,
        fields: {
          date: "2025-03-19",
          kind: "fall",
          severity: "minor",
          description: "Slipped on a ladder.",
          injuries: "1",
          actions: "Ladder replaced.",
        },
      }),
  },
  {
    name: "record the final inspection",
    allowed: ["agency"],
    once: true,
    prepare: () => Promise.resolve({ url: `${site.base}/final-inspection`, fields: {} }),
  },
];

describe.each(CASES)("POST to $name", (testCase) => {
  it("is refused without the CSRF token, changing nothing", async () => {
    const { url, fields } = await testCase.prepare();
    const before = await snapshot();
    const response = await site.post(testCase.allowed[0]!, url, fields, { csrf: false });
    expect(response.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("is refused to every other role and to the anonymous, changing nothing", async () => {
    const { url, fields } = await testCase.prepare();
    const before = await snapshot();
    const anonymous = await site.post(null, url, fields);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toMatch(/^\/workspace\/login\?next=/);
    for (const role of SITE_ROLES.filter((role) => !testCase.allowed.includes(role as Role))) {
      const response = await site.post(role, url, fields);
      expect(response.status, role).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("succeeds for each allowed role", async () => {
    for (const role of testCase.once ? testCase.allowed.slice(0, 1) : testCase.allowed) {
      const { url, fields } = await testCase.prepare();
      const before = await snapshot();
      const response = await site.post(role, url, fields);
      expect(response.status, `${role}: ${await response.clone().text()}`).toBe(303);
      expect(await snapshot(), role).not.toEqual(before);
    }
  });
});

const READERS: SiteRole[] = [...MEMBERS, "administrator", "auditor", "manager"];
const PAGES: { path: string; allowed: SiteRole[] }[] = [
  { path: "/documents", allowed: READERS },
  { path: "/photos", allowed: READERS },
  { path: "/safety", allowed: READERS },
  { path: "/documents/new", allowed: MEMBERS },
  { path: "/safety/inspections/new", allowed: ["agency", "supervisor"] },
  { path: "/safety/incidents/new", allowed: ["supervisor", "contractor", "subcontractor"] },
];

describe.each(PAGES)("GET $path", ({ path, allowed }) => {
  it("shows the page to the allowed roles only", async () => {
    for (const role of SITE_ROLES) {
      const response = await site.get(role, `${site.base}${path}`);
      expect(response.status, role).toBe(allowed.includes(role) ? 200 : 403);
    }
  });
});
