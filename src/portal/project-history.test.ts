import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../import/types.js";
import { sampleProject } from "../projects/store-fixtures.js";
import { storeProject } from "../projects/store.js";
import { createProject, uniqueId } from "../testing/factories.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { readablePath, shortValue } from "./project-history.js";
import { createTestApp } from "./testing.js";

describe("readablePath", () => {
  it.each([
    ["/budget/amount/amount", "budget › amount › amount"],
    ["/parties/1/name", "parties › #2 › name"],
    ["/a~1b/c~0d", "a/b › c~d"],
    ["", "/"],
  ])("writes %s as %s", (pointer, expected) => {
    expect(readablePath(pointer)).toBe(expected);
  });
});

describe("shortValue", () => {
  it.each<[string, unknown, number, string]>([
    ["a string as it is", "Puente", 80, "Puente"],
    ["a number", 1500000.5, 80, "1500000.5"],
    ["an object as JSON", { amount: 1, currency: "MXN" }, 80, '{"amount":1,"currency":"MXN"}'],
    ["null", null, 80, "null"],
    ["an absent value", undefined, 80, "(none)"],
    ["a long value cut", "x".repeat(100), 10, `${"x".repeat(9)}…`],
    ["a value at the limit whole", "x".repeat(10), 10, "x".repeat(10)],
    ["emoji whole", "🏗️🏗️🏗️🏗️🏗️🏗️", 7, "🏗️🏗️🏗️…"],
  ])("writes %s", (_case, value, limit, expected) => {
    expect(shortValue(value, "(none)", limit)).toBe(expected);
  });
});

describe("record history on the project page", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let jurisdictionId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database);
    jurisdictionId = uniqueId("nuevo-leon");
    await database.db
      .insertInto("jurisdictions")
      .values({
        id: jurisdictionId,
        name: JSON.stringify({ es: "Nuevo León" }),
        country: "MX",
        currency: "MXN",
        time_zone: "America/Monterrey",
        default_language: "es",
        is_demo: false,
      })
      .execute();
  });
  afterAll(() => database.destroy());

  /** Stores `project` as the next version, recorded at `recordedAt`. */
  async function storeVersion(project: JsonObject, source: string, recordedAt: string) {
    const { id: importId } = await database.db
      .insertInto("imports")
      .values({ source, status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const result = await storeProject(database.db, project, {
      importId,
      actor: `import:${importId}`,
      publisher: "oc4ids-page01",
      source,
      sourceSha256: "ab".repeat(32),
      jurisdictionId,
    });
    await database.db
      .updateTable("project_versions")
      .set({ recorded_at: new Date(recordedAt) })
      .where("project_id", "=", String(project.id))
      .where("version", "=", result.version)
      .execute();
  }

  async function getPage(path: string) {
    const response = await app.request(path);
    return { status: response.status, html: await response.text() };
  }

  function historySection(html: string): string {
    return /<section aria-labelledby="history">[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
  }

  it("lists a changed budget after two imports", async () => {
    const id = "oc4ids-page01-0001";
    const march = sampleProject(id);
    const april: JsonObject = {
      ...sampleProject(id),
      budget: { amount: { amount: 1750000, currency: "USD" } },
    };
    await storeVersion(march, "/srv/imports/2020-03.json", "2020-03-26T03:30:00Z");
    await storeVersion(april, "/srv/imports/2020-04.json", "2020-04-25T18:00:00Z");

    const { status, html } = await getPage(`/projects/${id}`);
    const section = historySection(html);
    expect(status).toBe(200);
    expect(section).toContain('<h2 id="history">Record history</h2>');
    expect(section).toContain("<details><summary");
    expect(section).toContain("Version 2");
    expect(section).toContain("2020-04.json");
    expect(section).not.toContain("/srv/imports");
    expect(section).toContain("<td>budget › amount › amount</td>");
    expect(section).toContain(">1250000.5</td>");
    expect(section).toContain(">1750000</td>");
    expect(section).toContain("First version recorded");
    expect(section).toContain(`href="/api/v1/projects/${id}/history"`);
  });

  it("shows dates in the jurisdiction time zone", async () => {
    const { html } = await getPage("/projects/oc4ids-page01-0001");
    // Recorded at 03:30 UTC on 26 March 2020, which is the evening of 25 March in Monterrey.
    expect(historySection(html)).toContain("Mar 25, 2020");
  });

  it("keeps headings in order", async () => {
    const { html } = await getPage("/projects/oc4ids-page01-0001");
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));
    for (const [index, level] of levels.entries()) {
      const previous = index === 0 ? 0 : (levels[index - 1] ?? 0);
      expect(level, `heading ${index + 1}`).toBeLessThanOrEqual(previous + 1);
    }
    expect(html.lastIndexOf("<h2")).toBe(html.indexOf('<h2 id="history">'));
  });

  it("uses Spanish and Korean labels", async () => {
    const spanish = await getPage("/projects/oc4ids-page01-0001?lang=es");
    expect(historySection(spanish.html)).toContain("Historial del registro");
    expect(historySection(spanish.html)).toContain("Versión 2");
    const korean = await getPage("/projects/oc4ids-page01-0001?lang=ko");
    expect(historySection(korean.html)).toContain("기록 이력");
    expect(historySection(korean.html)).toContain("버전 2");
  });

  it("shows one entry for one version", async () => {
    const id = "oc4ids-page01-0002";
    await storeVersion(sampleProject(id), "2020-03.json", "2020-03-26T03:30:00Z");

    const section = historySection((await getPage(`/projects/${id}`)).html);
    expect(section.match(/<li class="card">/g)).toHaveLength(1);
    expect(section).toContain("First version recorded");
    expect(section).not.toContain("<details>");
  });

  it("leaves the section out without versions", async () => {
    const project = await createProject(database.db, { title: "Entered by hand" });
    const { status, html } = await getPage(`/projects/${project.id}`);
    expect(status).toBe(200);
    expect(html).not.toContain('aria-labelledby="history"');
  });
});
