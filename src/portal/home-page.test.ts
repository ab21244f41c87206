import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createContract,
  createLocation,
  createOrganisation,
  createProcess,
  createProject,
} from "../testing/factories.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createTestApp } from "./testing.js";

describe("home page", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let contractorId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database);
    const db = database.db;

    const contractor = await createOrganisation(db, { name: "Mapo Bridge Works" });
    contractorId = contractor.id;
    const bridge = await createProject(db, {
      title: "Mapo bridge repair",
      status: "implementation",
      budget_amount: 3_000_000_000,
      budget_currency: "KRW",
    });
    await createLocation(db, bridge.id, {
      latitude: 37.54,
      longitude: 126.94,
      locality: "Mapo-gu",
    });
    const process = await createProcess(db, bridge.id);
    await createContract(db, process, [contractor]);

    const school = await createProject(db, {
      title: "Gangnam school extension",
      status: "completion",
      budget_amount: 800_000_000,
      budget_currency: "KRW",
    });
    await createLocation(db, school.id, {
      latitude: 37.5,
      longitude: 127.03,
      locality: "Gangnam-gu",
    });

    for (let index = 0; index < 23; index += 1) {
      await createProject(db, {
        title: `Sidewalk renewal ${String(index).padStart(2, "0")}`,
        status: "preparation",
      });
    }
  });
  afterAll(() => database.destroy());

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await app.request(path, { headers });
    return { status: response.status, html: await response.text() };
  }

  it("lists projects with count and pages", async () => {
    const { status, html } = await get("/");
    expect(status).toBe(200);
    expect(html).toContain("25 projects found");
    expect(html).toContain("Page 1 of 2");
    expect(html).toContain('href="/?page=2" rel="next"');
    expect(html).not.toContain('rel="prev"');
  });

  it("shows second page", async () => {
    const { html } = await get("/?page=2");
    expect(html).toContain("Page 2 of 2");
    expect(html).toContain('href="/?page=1" rel="prev"');
    expect(html.match(/<li class="result">/g)).toHaveLength(5);
  });

  it("links back from a page past the last", async () => {
    const { html } = await get("/?q=sidewalk&page=9");
    expect(html).toContain("This page is past the last page of results.");
    expect(html).toContain('href="/?q=sidewalk">Go to the first page</a>');
    expect(html).not.toContain("No project matches these filters.");
  });

  it("narrows by status", async () => {
    const { html } = await get("/?status=completion");
    expect(html).toContain("1 project found");
    expect(html).toContain("Gangnam school extension");
    expect(html).not.toContain("Mapo bridge repair");
  });

  it("narrows by text and district", async () => {
    const byText = await get("/?q=bridge");
    expect(byText.html).toContain("1 project found");
    expect(byText.html).toContain("Mapo bridge repair");

    const byDistrict = await get("/?district=Gangnam-gu");
    expect(byDistrict.html).toContain("Gangnam school extension");
    expect(byDistrict.html).not.toContain("Mapo bridge repair</a>");
  });

  it("narrows by contractor and budget", async () => {
    const byContractor = await get(`/?contractor=${contractorId}`);
    expect(byContractor.html).toContain("1 project found");
    expect(byContractor.html).toContain("Mapo bridge repair");

    const byBudget = await get("/?budgetMin=1000000000");
    expect(byBudget.html).toContain("1 project found");
    expect(byBudget.html).toContain("₩3,000,000,000");
  });

  it("keeps filters in page links", async () => {
    const { html } = await get("/?status=preparation&sort=title");
    expect(html).toContain("23 projects found");
    expect(html).toContain('href="/?status=preparation&amp;sort=title&amp;page=2"');
    expect(html).toMatch(/<option value="title" selected="">/);
  });

  it("draws result markers as links", async () => {
    const { html } = await get("/?q=mapo");
    expect(html).toMatch(
      /<a href="\/projects\/[^"]+" aria-label="Mapo bridge repair"><title>Mapo bridge repair<\/title><circle/,
    );
  });

  it("explains empty results", async () => {
    const { status, html } = await get("/?q=nothing-matches-this");
    expect(status).toBe(200);
    expect(html).toContain("0 projects found");
    expect(html).toContain("No project matches these filters.");
  });

  it("rejects invalid filters naming the field", async () => {
    const { status, html } = await get("/?budgetMin=abc&from=2024-13-45");
    expect(status).toBe(400);
    expect(html).toContain('role="alert"');
    expect(html).toContain("budgetMin: must be a number");
    expect(html).toContain("from: must be a date");
    expect(html).toContain('id="filter-budgetMin" name="budgetMin" type="number" value="abc"');
  });

  it("labels every form control", async () => {
    const { html } = await get("/");
    const controlIds = [...html.matchAll(/<(?:input|select)[^>]* id="([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(controlIds.length).toBeGreaterThan(10);
    for (const id of controlIds) expect(html).toContain(`<label for="${id}">`);
  });

  it("uses Korean labels for Accept-Language ko", async () => {
    const { html } = await get("/", { "Accept-Language": "ko" });
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain("사업 찾기");
    expect(html).toContain("사업 25건");
  });

  it("shows demo banner when a jurisdiction is demo", async () => {
    expect((await get("/")).html).not.toContain("demo-banner");
    await database.db
      .insertInto("jurisdictions")
      .values({
        id: "demo-city",
        name: JSON.stringify({ en: "Demo City" }),
        currency: "KRW",
        time_zone: "Asia/Seoul",
        default_language: "ko",
        is_demo: true,
      })
      .execute();
    const { html } = await get("/?lang=es");
    expect(html).toContain("Datos de demostración: una ciudad generada, no proyectos reales");
    await database.db.deleteFrom("jurisdictions").where("id", "=", "demo-city").execute();
  });

  it("serves the stylesheet with a long cache", async () => {
    const { html } = await get("/");
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? "";
    const response = await app.request(href);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/css");
    expect(response.headers.get("Cache-Control")).toContain("immutable");
  });

  it("serves Leaflet files and nothing else", async () => {
    expect((await app.request("/static/leaflet/leaflet.js")).status).toBe(200);
    expect((await app.request("/static/leaflet/../../package.json")).status).toBe(404);
    expect((await app.request("/static/leaflet/leaflet-src.js.map")).status).toBe(404);
  });
});
