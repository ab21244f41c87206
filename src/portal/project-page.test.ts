import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDocument,
  createLocation,
  createModification,
  createPhoto,
  createProcess,
  createProgress,
  createProject,
  createTransaction,
} from "../testing/factories.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createTestApp, createSampleProject, type SampleProject } from "./testing.js";

const PAGE_WEIGHT_LIMIT_BYTES = 100_000;

describe("project page", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let sample: SampleProject;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database);
    sample = await createSampleProject(database);
  });
  afterAll(() => database.destroy());

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await app.request(path, { headers });
    return { response, status: response.status, html: await response.text() };
  }

  it("shows overview, location and money", async () => {
    const { status, html } = await get(`/projects/${sample.project.id}`);
    expect(status).toBe(200);
    expect(html).toContain("<h1>Teheran-ro road repaving</h1>");
    expect(html).toContain("Under construction");
    expect(html).toContain("Rehabilitation");
    expect(html).toContain("Roads");
    expect(html).toContain("Safer roads and fewer floods.");
    expect(html).toContain("Teheran-ro, Gangnam-gu, Seoul");
    expect(html).toContain("₩5,000,000,000");
    expect(html).toContain("₩4,200,000,000");
    expect(html).toContain("₩2,100,000,000");
    expect(html).toContain('<circle class="map-marker"');
  });

  it("links organisations and shows officials", async () => {
    const { html } = await get(`/projects/${sample.project.id}`);
    expect(html).toContain(`href="/organisations/${sample.agencyId}">Seoul Road Agency</a>`);
    expect(html).toContain(`href="/organisations/${sample.supervisorId}">Han River Supervision`);
    expect(html).toContain(
      `href="/organisations/${sample.contractorId}">Gangnam Builders Ltd.</a>`,
    );
    expect(html).toContain("<dd>Kim Min-jun</dd>");
    expect(html).toContain('href="mailto:roads@seoul.example"');
    expect(html).toContain("<h3>Supervisor</h3>");
  });

  it("draws progress chart with both series", async () => {
    const { html } = await get(`/projects/${sample.project.id}`);
    const chart = /<svg[^>]*role="img"[^>]*>[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(chart).toContain("<title");
    expect(chart).toContain("<desc");
    expect(chart).toMatch(
      /<polyline class="series-planned" data-series="planned" points="[\d., ]+"/,
    );
    expect(chart).toMatch(/<polyline class="series-actual" data-series="actual" points="[\d., ]+"/);
    expect(chart).toContain("Latest actual: 38 %");
    expect(html).toContain("<summary>Progress figures</summary>");
  });

  it("lists processes, payments, changes and documents", async () => {
    const { html } = await get(`/projects/${sample.project.id}`);
    expect(html).toContain("Repaving works contract");
    expect(html).toContain("₩840,000,000");
    expect(html).toContain("₩1,260,000,000");
    expect(html).toContain("Time extension");
    expect(html).toContain("Unmapped gas pipe found under the road");
    expect(html).toContain('href="https://data.example.org/docs/june.pdf"');
    expect(html).toContain("Physical progress report");
  });

  it("shows photos and provenance", async () => {
    const { html } = await get(`/projects/${sample.project.id}`);
    expect(html).toMatch(
      /<img src="https:\/\/example.org\/photos\/[^"]+" alt="Drainage trench, north side" loading="lazy"/,
    );
    expect(html).toContain("https://data.example.org/oc4ids/seoul.json");
    expect(html).toContain(`href="/api/v1/projects/${sample.project.id}"`);
  });

  it("names a local source file without the path it was imported from", async () => {
    const project = await createProject(database.db, {
      source: "/srv/imports/2024/obras.csv",
    });
    const { html } = await get(`/projects/${project.id}`);
    expect(html).toContain("obras.csv");
    expect(html).not.toContain("/srv/imports");
  });

  it("separates the parts of a location without a leading separator", async () => {
    const project = await createProject(database.db);
    await createLocation(database.db, project.id, {
      address: { streetAddress: "Rivera 4221", locality: "Villa Urquiza" },
      latitude: -34.56715,
      longitude: -58.47924,
    });
    const { html } = await get(`/projects/${project.id}`);
    expect(html).toMatch(/<li><span>Rivera 4221, Villa Urquiza<\/span> · <span class="muted">/);
  });

  it("shows dates in the jurisdiction time zone", async () => {
    const { html } = await get(`/projects/${sample.project.id}`);
    // Imported at 2024-06-30 16:30 UTC, which is 1 July 01:30 in Seoul.
    expect(html).toContain("Jul 1, 2024");
    expect(html).toContain("Asia/Seoul");
  });

  it("answers 404 for unknown id", async () => {
    const { status, html } = await get("/projects/no-such-project");
    expect(status).toBe(404);
    expect(html).toContain("no-such-project");
    expect(html).toContain("Page not found");
  });

  it("answers 404 for non-public project", async () => {
    const hidden = await createProject(database.db, { is_public: false, title: "Hidden" });
    const { status } = await get(`/projects/${hidden.id}`);
    expect(status).toBe(404);
  });

  it("uses Korean labels for Accept-Language ko", async () => {
    const { html, response } = await get(`/projects/${sample.project.id}`, {
      "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5",
    });
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain("발주기관");
    expect(html).toContain("공사 중");
    expect(response.headers.get("Vary")).toContain("Accept-Language");
  });

  it("switches language with lang and remembers it", async () => {
    const switched = await get(`/projects/${sample.project.id}?lang=es`, {
      "Accept-Language": "ko",
    });
    expect(switched.html).toContain('<html lang="es">');
    expect(switched.html).toContain("Presupuesto aprobado");
    expect(switched.response.headers.get("Set-Cookie")).toMatch(/^lang=es;/);

    const remembered = await get(`/projects/${sample.project.id}`, {
      Cookie: "lang=es",
      "Accept-Language": "ko",
    });
    expect(remembered.html).toContain('<html lang="es">');
  });

  it("escapes hostile titles and URLs", async () => {
    const hostile = await createProject(database.db, {
      title: '<script>alert("x")</script> Bridge',
    });
    await createDocument(database.db, hostile.id, {
      title: "Bad link",
      url: "javascript:alert(1)",
    });
    const { html } = await get(`/projects/${hostile.id}`);
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bridge");
    expect(html).not.toContain("javascript:alert");
    expect(html).toContain("<td>Bad link</td>");
  });

  it("shows demo banner only for demo data", async () => {
    const plain = await get(`/projects/${sample.project.id}`);
    expect(plain.html).not.toContain("Demo data: a generated city");

    const demo = await createProject(database.db, { title: "Demo park", is_demo: true });
    const { html } = await get(`/projects/${demo.id}`);
    expect(html).toContain("Demo data: a generated city, not real projects");
  });

  it("weighs under 100 KB with many rows", async () => {
    const project = await createProject(database.db, {
      title: "Ring road with a long history",
      budget_amount: 90_000_000_000,
      budget_currency: "KRW",
    });
    const process = await createProcess(database.db, project.id, { title: "Main works" });
    for (let index = 0; index < 300; index += 1) {
      await createTransaction(database.db, project.id, {
        process_id: process.id,
        date: new Date(Date.UTC(2020, 0, 1 + index * 3)),
        amount: 10_000_000 + index,
        currency: "KRW",
        payer_name: "Ring Road Authority",
        payee_name: "Ring Road Builders Consortium",
      });
    }
    for (let index = 0; index < 200; index += 1) {
      await createDocument(database.db, project.id, {
        title: `Weekly site report number ${index}`,
        document_type: "physicalProgressReport",
        url: `https://data.example.org/ring-road/reports/${index}.pdf`,
      });
    }
    for (let index = 0; index < 80; index += 1) {
      await createModification(database.db, process, {
        type: "scope",
        description: `Design change ${index}: drainage moved to the east side of the carriageway`,
        rationale: "Ground survey found soft clay under the planned trench",
      });
      await createPhoto(database.db, project.id, { caption: `Site photo ${index}` });
    }
    for (let month = 0; month < 60; month += 1) {
      const observedOn = new Date(Date.UTC(2020, month, 28)).toISOString().slice(0, 10);
      await createProgress(database.db, project.id, {
        basis: "planned",
        observed_on: observedOn,
        percent: month * 1.5,
      });
      await createProgress(database.db, project.id, {
        basis: "actual",
        observed_on: observedOn,
        percent: month,
      });
    }

    // Twelve imports, each rewording 300 long document titles.
    for (let version = 1; version <= 12; version += 1) {
      const documents = Array.from({ length: 300 }, (_, index) => ({
        id: String(index),
        title: `Weekly site report ${index}, revision ${version}: ${"drainage works ".repeat(8)}`,
      }));
      await database.db
        .insertInto("project_versions")
        .values({
          project_id: project.id,
          version,
          data_sha256: String(version).padStart(64, "0"),
          data: JSON.stringify({ id: project.id, title: project.title, documents }),
        })
        .execute();
    }

    const { status, html } = await get(`/projects/${project.id}`);
    expect(status).toBe(200);
    expect(html).toContain("Showing 50 of 300.");
    expect(html).toContain("Showing the 10 newest of 12 versions.");
    const stylesheet = readFileSync(new URL("./static/portal.css", import.meta.url));
    const script = readFileSync(new URL("./static/portal.js", import.meta.url));
    const weight = Buffer.byteLength(html) + stylesheet.byteLength + script.byteLength;
    expect(weight).toBeLessThan(PAGE_WEIGHT_LIMIT_BYTES);
  });
});
