import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { importPackage } from "../import/service.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  createOrganisation,
  createParty,
  createProcess,
  createProgress,
  createProject,
  createTransaction,
} from "../testing/factories.js";
import { PROCESS_PAGE_SIZE } from "./process-list.js";
import { createTestApp } from "./testing.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");
const PAGE_WEIGHT_LIMIT_BYTES = 100_000;
const PROCESS_COUNT = 292;

describe("project with many processes", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let projectId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database);
    const project = await createProject(database.db, { title: "New airport" });
    projectId = project.id;
    for (let index = 0; index < PROCESS_COUNT; index += 1) {
      const process = await createProcess(database.db, projectId, {
        id: `gacm:${index + 1}`,
        position: index,
        title: `Contract ${index + 1} for the terminal building and its long access roads`,
        status: "active",
        contract_value_amount: 100_000,
        contract_value_currency: "MXN",
      });
      await createTransaction(database.db, projectId, {
        process_id: process.id,
        amount: 40_000,
        currency: "MXN",
      });
      const supplier = await createOrganisation(database.db, {
        name: `Constructora número ${index + 1}, S.A. de C.V.`,
      });
      await createParty(database.db, projectId, supplier, { roles: ["supplier", "payee"] });
      await createProgress(database.db, projectId, {
        process_id: process.id,
        observed_on: "2017-07-31",
        percent: index % 4 === 0 ? 100 : 45.5,
      });
    }
  });
  afterAll(() => database.destroy());

  async function get(pathAndQuery: string) {
    const response = await app.request(pathAndQuery);
    return { status: response.status, html: await response.text() };
  }

  function processLinks(html: string): number {
    return html.match(/href="\/projects\/[^"]+\/processes\//g)?.length ?? 0;
  }

  it("summarises every process", async () => {
    const { status, html } = await get(`/projects/${projectId}`);
    expect(status).toBe(200);
    expect(html).toContain("292 contracting processes.");
    expect(html).toContain("Contract value: MX$292,000.");
    expect(html).toContain("Paid: MX$116,800.");
    expect(html).toContain("73 of them report 100% physical progress.");
  });

  it("shows one page of the table", async () => {
    const { html } = await get(`/projects/${projectId}`);
    expect(processLinks(html)).toBe(PROCESS_PAGE_SIZE);
    expect(html).toContain("Contracting processes 1 to 25 of 292");
    expect(html).toContain("Page 1 of 12");
    expect(html).toContain("<td>Active</td>");
    expect(html).toContain(`href="/projects/${projectId}?processes=2#processes"`);
  });

  it("clamps a page past the last", async () => {
    const { html } = await get(`/projects/${projectId}?processes=99`);
    expect(html).toContain("Contracting processes 276 to 292 of 292");
    expect(processLinks(html)).toBe(17);
  });

  it("weighs under 100 KB", async () => {
    const { html } = await get(`/projects/${projectId}`);
    expect(Buffer.byteLength(html)).toBeLessThan(PAGE_WEIGHT_LIMIT_BYTES);
  });

  it("lists the first 40 contractors", async () => {
    const { html } = await get(`/projects/${projectId}`);
    expect(html.match(/Constructora número \d+, S\.A\. de C\.V\./g)).toHaveLength(40);
    expect(html).toContain("Showing 40 of 292.");
  });

  it("has a page per process", async () => {
    const { status, html } = await get(`/projects/${projectId}/processes/gacm%3A5`);
    expect(status).toBe(200);
    expect(html).toContain("Contract 5 for the terminal building");
    expect(html).toContain("No OCDS release is stored for this process.");
    expect(html).toContain(`href="/projects/${projectId}"`);
  });

  it("answers 404 for an unknown process", async () => {
    const { status } = await get(`/projects/${projectId}/processes/nowhere`);
    expect(status).toBe(404);
  });
});

describe.skipIf(!existsSync(SCHEMA))("process page history", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database);
    const release = (date: string, amount: number) => ({
      ocid: "10",
      id: `RELEASE_10_${date}`,
      date,
      tag: ["contract"],
      parties: [{ id: "AIR", name: "Aeropuerto", roles: ["buyer"] }],
      buyer: { id: "AIR", name: "Aeropuerto" },
      tender: { id: "t", title: "Plan de manejo ambiental" },
      contracts: [{ id: "c1", status: "active", value: { amount, currency: "MXN" } }],
    });
    const report = await importPackage(
      database,
      {
        publisher: { name: "GACM" },
        releases: [release("2017-03-06T00:00:00Z", 500), release("2017-10-04T00:00:00Z", 550)],
      },
      {
        schema: SCHEMA,
        linkRule: { kind: "attach", projectId: "naicm", projectTitle: "Nuevo Aeropuerto" },
      },
    );
    expect(report.problems).toEqual([]);
  });
  afterAll(() => database.destroy());

  it("lists both releases and the later value", async () => {
    const response = await app.request("/projects/naicm/processes/gacm%3A10");
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain("Published releases");
    expect(html).toContain("RELEASE_10_2017-03-06T00:00:00Z");
    expect(html).toContain("RELEASE_10_2017-10-04T00:00:00Z");
    expect(html.indexOf("RELEASE_10_2017-03-06")).toBeLessThan(
      html.indexOf("RELEASE_10_2017-10-04"),
    );
    expect(html).toContain("<dd>MX$550</dd>");
    expect(html).not.toContain("MX$500<");
  });
});
