import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import type { createApp } from "../http/app.js";
import { createTestApp } from "../testing/app.js";
import type { JsonObject } from "../import/types.js";
import { loadOc4idsValidators } from "../projects/to-oc4ids-schema.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  createContract,
  createOrganisation,
  createParty,
  createProcess,
  createProject,
} from "../testing/factories.js";

const SCHEMA_DIR = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids");
const hasSchemas = existsSync(path.join(SCHEMA_DIR, "project-package-schema.json"));

let database: TestDatabase;
let app: ReturnType<typeof createApp>;

interface ErrorBody {
  error: { code: string; message: string; problems: { path: string; message: string }[] };
}

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  app = createTestApp(database, { publicUrl: "https://obras.example.org" });

  const agency = await createOrganisation(db, { id: "MX-RFC-SIN", name: "Secretaría de Obras" });
  const builder = await createOrganisation(db, { id: "MX-RFC-CON", name: "Constructora Norte" });
  await createProject(db, {
    id: "oc4ids-api-1",
    title: "Construcción del puente",
    public_authority_id: agency.id,
    budget_amount: 1_000_000,
    budget_currency: "MXN",
    updated: "2024-01-01T00:00:00Z",
  });
  await createParty(db, "oc4ids-api-1", agency, { roles: ["publicAuthority"] });
  await createParty(db, "oc4ids-api-1", builder, { roles: ["supplier"] });
  const process = await createProcess(db, "oc4ids-api-1", { id: "process-1" });
  await createContract(db, process, [builder], { value_amount: 400_000, value_currency: "MXN" });

  await createProject(db, {
    id: "oc4ids-api-2",
    title: "Escuela primaria",
    public_authority_id: agency.id,
    budget_amount: 500_000,
    budget_currency: "MXN",
    updated: "2024-02-01T00:00:00Z",
  });
  await createProject(db, { id: "oc4ids-api-private", title: "Privado", is_public: false });
});

afterAll(async () => {
  await database.destroy();
});

async function getJson<Body>(
  url: string,
): Promise<{ status: number; body: Body; response: Response }> {
  const response = await app.request(url);
  return { status: response.status, body: (await response.json()) as Body, response };
}

describe("GET /api/v1/projects", () => {
  it("returns matching summaries", async () => {
    const { status, body } = await getJson<{ total: number; items: JsonObject[] }>(
      "/api/v1/projects?q=construccion",
    );
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    expect(body.items[0]?.id).toBe("oc4ids-api-1");
    expect(body.items[0]?.title).toBe("Construcción del puente");
    expect(body.items[0]?.budget).toEqual({ amount: 10_000, currency: "MXN" });
  });

  it("pages and sorts", async () => {
    const { body } = await getJson<{ total: number; items: JsonObject[] }>(
      "/api/v1/projects?sort=title&pageSize=1&page=2",
    );
    expect(body.total).toBe(2);
    expect(body.items.map((item) => item.id)).toEqual(["oc4ids-api-2"]);
  });

  it("accepts repeated and comma-separated codes", async () => {
    const { status, body } = await getJson<{ total: number }>(
      "/api/v1/projects?status=implementation,completion&status=preparation",
    );
    expect(status).toBe(200);
    expect(body.total).toBe(2);
  });

  it.each([
    ["pageSize=500", "pageSize"],
    ["page=0", "page"],
    ["sort=cost", "sort"],
    ["budgetMin=lots", "budgetMin"],
    ["from=yesterday", "from"],
  ])("rejects %s with 400", async (query, parameter) => {
    const { status, body } = await getJson<ErrorBody>(`/api/v1/projects?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toContain(parameter);
    expect(body.error.problems[0]?.path).toBe(parameter);
    expect(body.error.problems[0]?.message.length).toBeGreaterThan(0);
  });

  it("allows any origin", async () => {
    const response = await app.request("/api/v1/projects", {
      headers: { Origin: "https://x.org" },
    });
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });
});

describe("GET /api/v1/projects/{id}", () => {
  it("returns the project as OC4IDS", async () => {
    const { status, body } = await getJson<JsonObject>("/api/v1/projects/oc4ids-api-1");
    expect(status).toBe(200);
    expect(body.id).toBe("oc4ids-api-1");
    expect(body.budget).toEqual({ amount: { amount: 10_000, currency: "MXN" } });
    expect(body.publicAuthority).toEqual({ id: "MX-RFC-SIN", name: "Secretaría de Obras" });
  });

  it.each(["oc4ids-api-private", "missing"])("returns 404 for %s", async (id) => {
    const { status, body } = await getJson<ErrorBody>(`/api/v1/projects/${id}`);
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain(id);
  });
});

describe("GET /api/v1/oc4ids/project-package", () => {
  it("streams every public project", async () => {
    const response = await app.request("/api/v1/oc4ids/project-package");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = (await response.json()) as JsonObject & { projects: JsonObject[] };
    expect(body.projects.map((project) => project.id)).toEqual(["oc4ids-api-1", "oc4ids-api-2"]);
    expect(body.uri).toBe("https://obras.example.org/api/v1/oc4ids/project-package");
    expect(body.publishedDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(body.version).toBe("0.9");
  });

  it.skipIf(!hasSchemas)("validates against the package schema", async () => {
    const validators = await loadOc4idsValidators(SCHEMA_DIR);
    const response = await app.request("/api/v1/oc4ids/project-package");
    expect(validators.projectPackage(await response.json())).toEqual([]);
  });
});

describe("GET /api/v1/organisations/{id}", () => {
  it("returns projects and totals", async () => {
    const { status, body } = await getJson<JsonObject & { projects: JsonObject[] }>(
      "/api/v1/organisations/MX-RFC-SIN",
    );
    expect(status).toBe(200);
    expect(body.name).toBe("Secretaría de Obras");
    expect(body.projectCount).toBe(2);
    expect(body.projects.map((project) => project.id)).toEqual(["oc4ids-api-2", "oc4ids-api-1"]);
    expect(body.projects[1]?.roles).toEqual(["publicAuthority"]);
    expect(body.totals).toEqual({
      budget: [{ amount: 15_000, currency: "MXN" }],
      contractValue: [{ amount: 4_000, currency: "MXN" }],
    });
  });

  it("returns supplier totals", async () => {
    const { body } = await getJson<JsonObject & { projects: JsonObject[] }>(
      "/api/v1/organisations/MX-RFC-CON",
    );
    expect(body.projects.map((project) => project.id)).toEqual(["oc4ids-api-1"]);
    expect(body.projects[0]?.roles).toEqual(["supplier"]);
    expect(body.totals).toEqual({
      budget: [{ amount: 10_000, currency: "MXN" }],
      contractValue: [{ amount: 4_000, currency: "MXN" }],
    });
  });

  it("finds the organisation of a party id", async () => {
    // A publisher's own id for an organisation, as the exported parties[] give it.
    const partner = await createOrganisation(database.db, { id: "MX-RFC-PAR", name: "Socio SA" });
    await createProject(database.db, { id: "oc4ids-api-party", title: "Plaza" });
    await createParty(database.db, "oc4ids-api-party", partner, {
      party_id: "RFC-PAR-local",
      roles: ["funder"],
    });

    const { status, body } = await getJson<JsonObject>("/api/v1/organisations/RFC-PAR-local");

    expect(status).toBe(200);
    expect(body.id).toBe("MX-RFC-PAR");
    expect(body.projectCount).toBe(1);
  });

  it("returns 404 for an unknown id", async () => {
    const { status, body } = await getJson<ErrorBody>("/api/v1/organisations/nobody");
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("lists every path and the search parameters", async () => {
    const { status, body } = await getJson<{
      openapi: string;
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    }>("/api/v1/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.0.3");
    const publicPaths = Object.keys(body.paths).filter(
      (path) => !path.startsWith("/workspace/") && !path.startsWith("/auth/"),
    );
    expect(publicPaths.sort()).toEqual([
      "/oc4ids/project-package",
      "/organisations/{id}",
      "/payments/check/code-requests",
      "/payments/check/sessions",
      "/payments/check/shares",
      "/projects",
      "/projects/{id}",
      "/projects/{id}/history",
    ]);
    const names = body.paths["/projects"]?.get?.parameters?.map((parameter) => parameter.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "q",
        "status",
        "sector",
        "district",
        "budgetMin",
        "sort",
        "pageSize",
      ]),
    );
  });
});
