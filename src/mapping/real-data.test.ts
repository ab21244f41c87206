import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { writeProjectPackage } from "../projects/export-package.js";
import { searchProjectMarkers, searchProjects } from "../projects/search.js";
import { loadOc4idsValidators } from "../projects/to-oc4ids-schema.js";
import { foldForSearch } from "../shared/text.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importSheet, type SheetImportReport } from "./import-sheet.js";

const SHARED = path.resolve(PROJECT_ROOT, "../shared");
const FILE = path.join(
  SHARED,
  "data/real/ar-buenos-aires-ba-obras/observatorio-de-obras-urbanas.csv",
);
const SCHEMA_DIR = path.join(SHARED, "standards/oc4ids");
const MAPPING = path.join(PROJECT_ROOT, "examples/mappings/buenos-aires-ba-obras.yaml");
const hasData = existsSync(FILE) && existsSync(SCHEMA_DIR);
if (!hasData) console.warn(`Skipping the Buenos Aires import test: ${FILE} is absent.`);

/**
 * Splits `;`-separated text with quoted fields into rows of cells. Written apart from the
 * product's reader so that the counts below are checked by an independent reading.
 */
function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ";") {
      cells.push(cell);
      cell = "";
    } else if (character === "\n") {
      rows.push([...cells, cell]);
      cells = [];
      cell = "";
    } else if (character !== "\r") cell += character;
  }
  if (cell !== "" || cells.length > 0) rows.push([...cells, cell]);
  return rows;
}

describe.skipIf(!hasData)("Buenos Aires BA Obras import", () => {
  let database: TestDatabase;
  let report: SheetImportReport;
  let records: Record<string, string>[];

  const clean = (text: string | undefined) =>
    (text ?? "").replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, "");
  const issuesOf = (code: string, column?: string) =>
    report.rows
      .flatMap((row) => row.issues)
      .filter((issue) => issue.code === code && (column === undefined || issue.column === column));

  beforeAll(async () => {
    const [header = [], ...rows] = splitCsv(
      new TextDecoder("windows-1252").decode(readFileSync(FILE)),
    );
    records = rows.map((cells) =>
      Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])),
    );
    database = await openTestDatabase();
    report = await importSheet(database, FILE, MAPPING, {
      schema: path.join(SCHEMA_DIR, "project-schema.json"),
    });
  }, 600_000);

  afterAll(async () => {
    await database.destroy();
  });

  it("stores every project of the file", async () => {
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("succeeded");
    expect(records).toHaveLength(1525);
    expect(report.rowsRead).toBe(records.length);
    expect(report.rowsSkipped).toBe(0);
    expect(report.counts.projectsCreated).toBe(records.length);
    const stored = await database.db
      .selectFrom("projects")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    expect(Number(stored.count)).toBe(1525);
  });

  it("stores the first project field by field", async () => {
    const project = await database.db
      .selectFrom("projects")
      .selectAll()
      .where("id", "=", "oc4ids-bsasob-1")
      .executeTakeFirstOrThrow();
    expect(project.status).toBe("completion");
    expect(project.sector).toEqual(["education"]);
    expect(Number(project.budget_amount)).toBe(6_706_570_000);
    expect(project.budget_currency).toBe("ARS");
    expect(project.period_start?.toISOString()).toBe("2013-12-01T00:00:00.000Z");
    expect(project.period_end?.toISOString()).toBe("2016-05-31T00:00:00.000Z");

    const parties = await database.db
      .selectFrom("project_parties")
      .select(["name", "roles", "organisation_id"])
      .where("project_id", "=", "oc4ids-bsasob-1")
      .orderBy("name")
      .execute();
    expect(parties).toContainEqual(
      expect.objectContaining({ name: "Criba S.A.", roles: ["supplier"] }),
    );
    expect(parties).toContainEqual(
      expect.objectContaining({ name: "Ministerio de Educación", roles: ["publicAuthority"] }),
    );

    const photos = await database.db
      .selectFrom("photos")
      .select("url")
      .where("project_id", "=", "oc4ids-bsasob-1")
      .orderBy("id")
      .execute();
    expect(photos.map((photo) => photo.url)).toEqual([records[0]?.imagen_1, records[0]?.imagen_2]);
    const progress = await database.db
      .selectFrom("progress_observations")
      .select("percent")
      .where("project_id", "=", "oc4ids-bsasob-1")
      .executeTakeFirstOrThrow();
    expect(progress.percent).toBe(100);
  });

  it("repairs the agency names and keeps a decimal-comma amount", async () => {
    const second = await database.db
      .selectFrom("project_parties")
      .select("name")
      .where("project_id", "=", "oc4ids-bsasob-2")
      .where("party_id", "like", "authority-%")
      .executeTakeFirstOrThrow();
    expect(second.name).toBe("Secretaría de Transporte y Obras Públicas");

    const commaRow = records.find((record) => /^\d+,\d+$/.test(clean(record.monto_contrato)));
    expect(commaRow).toBeDefined();
    const [whole = "", fraction = ""] = clean(commaRow?.monto_contrato).split(",");
    const stored = await database.db
      .selectFrom("projects")
      .select("budget_amount")
      .where("id", "=", `oc4ids-bsasob-${commaRow?.id}`)
      .executeTakeFirstOrThrow();
    expect(Number(stored.budget_amount)).toBe(
      Number(whole) * 100 + Number(fraction.padEnd(2, "0")),
    );
  });

  it("reads the amounts typed with a decimal point and reports them", async () => {
    // "$28,470,000", "53,160,000.00" or "1273285.26": never valid with a decimal comma.
    const pointStyle = /^\$?\s?(\d{1,3}(,\d{3})+(\.\d{1,2})?|\d+\.\d{1,2})$/;
    const typed = records.filter((record) => pointStyle.test(clean(record.monto_contrato)));
    expect(typed.length).toBeGreaterThan(0);
    const reported = issuesOf("other-number-format", "monto_contrato");
    expect(reported.map((issue) => issue.row).sort()).toEqual(
      typed.map((record) => records.indexOf(record) + 2).sort(),
    );

    for (const record of typed) {
      const [whole = "", fraction = ""] = clean(record.monto_contrato)
        .replace(/[$\s,]/g, "")
        .split(".");
      const stored = await database.db
        .selectFrom("projects")
        .select("budget_amount")
        .where("id", "=", `oc4ids-bsasob-${record.id}`)
        .executeTakeFirstOrThrow();
      expect(Number(stored.budget_amount)).toBe(
        Number(whole) * 100 + Number(fraction.padEnd(2, "0")),
      );
    }
  });

  it("reports each defect of the file with its count", () => {
    const empty = (record: Record<string, string>) =>
      clean(record.lat) === "" && clean(record.lng) === "";
    expect(issuesOf("coordinates-missing")).toHaveLength(records.filter(empty).length);
    expect(issuesOf("coordinates-missing")).toHaveLength(81);

    const youtube = records.flatMap((record) =>
      ["imagen_1", "imagen_2", "imagen_3", "imagen_4"].filter((c) =>
        record[c]?.includes("youtube"),
      ),
    );
    expect(issuesOf("not-an-image")).toHaveLength(youtube.length);

    const early = records.filter((record) =>
      /^1[0-8]\d\d-|^19[0-8]\d-/.test(clean(record.fecha_inicio)),
    );
    expect(issuesOf("date-out-of-range", "fecha_inicio")).toHaveLength(early.length);

    const known = new Set(
      ["finalizada", "finalizado", "en ejecucion", "en obra", "en curso", "iniciada"].concat([
        "en licitacion",
        "adjudicada",
        "neutralizada",
        "en proyecto",
        "desestimada",
        "rescindida",
      ]),
    );
    const unknownStages = records.filter((record) => {
      const stage = foldForSearch(record.etapa ?? "");
      return stage !== "" && !known.has(stage);
    });
    expect(issuesOf("unknown-value", "etapa")).toHaveLength(unknownStages.length);

    const iso = /^\d{4}-\d{2}-\d{2}$/;
    const reversed = records.filter((record) => {
      const start = clean(record.fecha_inicio);
      const end = clean(record.fecha_fin_inicial);
      return iso.test(start) && iso.test(end) && start >= "1990" && end < start;
    });
    expect(issuesOf("end-before-start").length).toBeGreaterThanOrEqual(reversed.length);

    const amounts = records.filter((record) => clean(record.monto_contrato) !== "");
    const unparsed = issuesOf("unparseable-amount");
    expect(unparsed.length).toBeLessThan(amounts.length);
    for (const issue of unparsed) expect(issue.column).toBe("monto_contrato");

    expect(issuesOf("duplicate-id")).toHaveLength(0);
    const total = Object.values(report.issueCounts).reduce((sum, count) => sum + count, 0);
    expect(report.rows.flatMap((row) => row.issues)).toHaveLength(total);
  });

  it("finds the projects by search and on the map", async () => {
    const found = await searchProjects(database.db, { q: "Francisco Morazan" });
    expect(found.items.map((item) => item.id)).toContain("oc4ids-bsasob-1");

    const markers = await searchProjectMarkers(database.db, {});
    const located = await database.db
      .selectFrom("project_locations")
      .select((eb) => eb.fn.count<number>("project_id").distinct().as("count"))
      .where("latitude", "is not", null)
      .executeTakeFirstOrThrow();
    expect(markers).toHaveLength(Number(located.count));
    const withoutPoint =
      issuesOf("coordinates-missing").length +
      issuesOf("coordinates-unparseable").length +
      issuesOf("coordinates-outside-jurisdiction").length;
    expect(markers).toHaveLength(records.length - withoutPoint);
  });

  it("exports a package that validates against the OC4IDS schema", async () => {
    const chunks: string[] = [];
    const written = await writeProjectPackage(database.db, (chunk) => void chunks.push(chunk));
    expect(written).toBe(1525);
    const validators = await loadOc4idsValidators(SCHEMA_DIR);
    expect(validators.projectPackage(JSON.parse(chunks.join("")))).toEqual([]);
  });
});
