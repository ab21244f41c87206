import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import type { createApp } from "../http/app.js";
import { importSource } from "../import/service.js";
import type { JsonObject } from "../import/types.js";
import { sampleProject } from "../projects/store-fixtures.js";
import { storeProject } from "../projects/store.js";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

interface Change {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

interface Version {
  version: number;
  recordedAt: string;
  updated: string | null;
  source: string | null;
  publisher: string | null;
  isFirst: boolean;
  changeCount: number;
  truncated: boolean;
  changes: Change[];
}

interface History {
  id: string;
  versionCount: number;
  versions: Version[];
}

interface ErrorBody {
  error: { code: string; message: string };
}

const PROJECT_ID = "oc4ids-hist01-0001";
const PRIVATE_ID = "oc4ids-hist01-0002";

/** Builds the sample project as the publisher gave it in March 2020. */
function marchProject(id = PROJECT_ID): JsonObject {
  const project = sampleProject(id);
  project.updated = "2020-03-24T12:00:00Z";
  project.parties = [
    {
      id: "agency",
      name: "City Roads Agency",
      roles: ["publicAuthority"],
      beneficialOwners: [{ id: "1", name: "Ana Ruiz", email: "ana@private.example" }],
    },
    { id: "builder", name: "Puentes Núñez S.A.", roles: ["supplier"] },
  ];
  return project;
}

/** Builds 250 work identifiers ending in `suffix`, to make hundreds of changes at once. */
function workIdentifiers(suffix: string): JsonObject[] {
  return Array.from({ length: 250 }, (_, index) => ({
    scheme: "MX-NL-OBRA",
    id: `obra-${index}${suffix}`,
  }));
}

/** Builds the April 2020 snapshot: a larger budget, a later end, a renamed contractor. */
function aprilProject(id = PROJECT_ID): JsonObject {
  const project = marchProject(id);
  project.updated = "2020-04-09T12:00:00Z";
  project.budget = { amount: { amount: 1500000, currency: "USD" } };
  project.period = { startDate: "2024-01-01T00:00:00Z", endDate: "2025-03-31T00:00:00Z" };
  project.identifiers = workIdentifiers("");
  const parties = project.parties as JsonObject[];
  parties[1] = { ...parties[1], name: "Puentes Núñez y Asociados S.A." };
  // Only a private field of the beneficial owner changes, which the history must not show.
  parties[0] = {
    ...parties[0],
    beneficialOwners: [{ id: "1", name: "Ana Ruiz", email: "ana.new@private.example" }],
  };
  return project;
}

/** Builds a May version that renumbers all 250 identifiers, to pass the change limit. */
function mayProject(): JsonObject {
  const project = aprilProject();
  project.updated = "2020-05-11T12:00:00Z";
  project.identifiers = workIdentifiers("-2020");
  return project;
}

let database: TestDatabase;
let app: ReturnType<typeof createApp>;

async function storeVersion(project: JsonObject, source: string): Promise<void> {
  const row = await database.db
    .insertInto("imports")
    .values({ source, publisher: "Gobierno de Nuevo León", status: "succeeded" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await storeProject(database.db, project, {
    importId: row.id,
    actor: `import:${row.id}`,
    publisher: "oc4ids-hist01",
    source,
    sourceSha256: "ab".repeat(32),
  });
}

async function getJson<Body>(url: string): Promise<{ status: number; body: Body }> {
  const response = await app.request(url);
  return { status: response.status, body: (await response.json()) as Body };
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  await storeVersion(marchProject(), "/srv/imports/nuevo-leon/2020-03.json");
  await storeVersion(
    aprilProject(),
    "https://importer:secret@datos.example.org/nuevo-leon/2020-04.json",
  );
  await storeVersion(mayProject(), "C:\\imports\\nuevo-leon\\2020-05.json");

  await storeVersion(marchProject(PRIVATE_ID), "2020-03.json");
  await storeVersion(aprilProject(PRIVATE_ID), "2020-04.json");
  await database.db
    .updateTable("projects")
    .set({ is_public: false })
    .where("id", "=", PRIVATE_ID)
    .execute();
});

afterAll(async () => {
  await database.destroy();
});

describe("GET /api/v1/projects/{id}/history", () => {
  it("lists versions newest first", async () => {
    const { status, body } = await getJson<History>(`/api/v1/projects/${PROJECT_ID}/history`);
    expect(status).toBe(200);
    expect(body.id).toBe(PROJECT_ID);
    expect(body.versionCount).toBe(3);
    expect(body.versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(body.versions.map((version) => version.updated)).toEqual([
      "2020-05-11T12:00:00Z",
      "2020-04-09T12:00:00Z",
      "2020-03-24T12:00:00Z",
    ]);
    expect(body.versions[0]?.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it("compares each version with the previous", async () => {
    const { body } = await getJson<History>(`/api/v1/projects/${PROJECT_ID}/history`);
    const april = body.versions[1];
    expect(april?.isFirst).toBe(false);
    expect(april?.truncated).toBe(false);
    expect(april?.changes).toContainEqual({
      pointer: "/budget/amount/amount",
      before: 1250000.5,
      after: 1500000,
    });
    expect(april?.changes).toContainEqual({
      pointer: "/period/endDate",
      before: "2024-12-31T00:00:00Z",
      after: "2025-03-31T00:00:00Z",
    });
    expect(april?.changes).toContainEqual({
      pointer: "/parties/1/name",
      before: "Puentes Núñez S.A.",
      after: "Puentes Núñez y Asociados S.A.",
    });
    expect(april?.changes).toContainEqual({ pointer: "/period/durationInDays", before: 365 });
    expect(april?.changeCount).toBe(april?.changes.length);
  });

  it("marks the first version", async () => {
    const { body } = await getJson<History>(`/api/v1/projects/${PROJECT_ID}/history`);
    const first = body.versions[2];
    expect(first?.isFirst).toBe(true);
    expect(first?.changes).toEqual([]);
    expect(first?.changeCount).toBe(0);
  });

  it("hides private fields of beneficial owners", async () => {
    const response = await app.request(`/api/v1/projects/${PROJECT_ID}/history`);
    const text = await response.text();
    expect(text).not.toContain("private.example");
    expect(text).not.toContain("beneficialOwners/0/email");
  });

  it("caps changes at 200 per version", async () => {
    const { body } = await getJson<History>(`/api/v1/projects/${PROJECT_ID}/history`);
    const may = body.versions[0];
    expect(may?.changeCount).toBe(251);
    expect(may?.changes).toHaveLength(200);
    expect(may?.truncated).toBe(true);
  });

  it("publishes only the source name and publisher", async () => {
    const { body } = await getJson<History>(`/api/v1/projects/${PROJECT_ID}/history`);
    expect(body.versions.map((version) => version.source)).toEqual([
      "2020-05.json",
      "https://datos.example.org/nuevo-leon/2020-04.json",
      "2020-03.json",
    ]);
    expect(body.versions[0]?.publisher).toBe("Gobierno de Nuevo León");
    expect(Object.keys(body.versions[0] ?? {}).sort()).toEqual([
      "changeCount",
      "changes",
      "isFirst",
      "publisher",
      "recordedAt",
      "source",
      "truncated",
      "updated",
      "version",
    ]);
  });

  it.each([
    ["unknown", "missing"],
    ["non-public", PRIVATE_ID],
  ])("returns 404 for %s project", async (_case, id) => {
    const { status, body } = await getJson<ErrorBody>(`/api/v1/projects/${id}/history`);
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain(id);
  });

  it("is in the OpenAPI document", async () => {
    const { body } = await getJson<{ paths: Record<string, unknown> }>("/api/v1/openapi.json");
    expect(Object.keys(body.paths)).toContain("/projects/{id}/history");
  });
});

const SHARED = path.resolve(PROJECT_ROOT, "../shared");
const NUEVO_LEON = path.join(SHARED, "data/real/mx-nuevo-leon");
const SCHEMA = path.join(SHARED, "standards/oc4ids/project-schema.json");
const hasRealData = existsSync(NUEVO_LEON) && existsSync(SCHEMA);
if (!hasRealData) console.warn(`Skipping the real-data history test: ${SHARED} is absent.`);

describe.skipIf(!hasRealData)("history of Nuevo León snapshots", () => {
  it("lists the April changes against March", async () => {
    const realDatabase = await openTestDatabase();
    try {
      const realApp = createTestApp(realDatabase);
      const options = { schema: SCHEMA };
      await importSource(realDatabase, path.join(NUEVO_LEON, "snapshot-2020-03-25"), options);
      await importSource(realDatabase, path.join(NUEVO_LEON, "oc4ids-projects"), options);

      const response = await realApp.request("/api/v1/projects/oc4ids-gx3fo2-000004/history");
      const body = (await response.json()) as History;
      expect(response.status).toBe(200);
      expect(body.versions.map((version) => version.source)).toEqual([
        "oc4ids-projects",
        "snapshot-2020-03-25",
      ]);
      const pointers = body.versions[0]?.changes.map((change) => change.pointer) ?? [];
      expect(pointers).toContain("/updated");
      expect(pointers.some((pointer) => pointer.startsWith("/budget"))).toBe(true);
      expect(body.versions[1]?.isFirst).toBe(true);
    } finally {
      await realDatabase.destroy();
    }
  });
});
