import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importSheet, type SheetImportReport } from "./import-sheet.js";
import { formatSheetReport, writeRowReport } from "./report.js";
import { csvLine, TEST_COLUMNS, testCells, testMapping } from "./testing.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");
const hasSchema = existsSync(SCHEMA);
if (!hasSchema) console.warn(`Skipping spreadsheet import tests: ${SCHEMA} is absent.`);

let database: TestDatabase;
let folder: string;

beforeAll(async () => {
  database = await openTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), "ccs-sheet-"));
});
afterAll(async () => {
  await database.destroy();
  await rm(folder, { recursive: true, force: true });
});

async function writeCsv(name: string, rows: string[][], encoding: BufferEncoding = "utf8") {
  const file = path.join(folder, name);
  const text = [csvLine(TEST_COLUMNS), ...rows.map(csvLine)].join("\n") + "\n";
  await writeFile(file, Buffer.from(text, encoding));
  return file;
}

async function countRows(table: "projects" | "photos" | "imports"): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function latestImport() {
  return database.db
    .selectFrom("imports")
    .selectAll()
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

function onlyProblemCode(report: SheetImportReport): string | undefined {
  expect(report.status).toBe("failed");
  expect(report.problems).toHaveLength(1);
  return report.problems[0]?.code;
}

/** Rows with known defects: the issue counts of the import must match them. */
const DEFECTIVE = [
  testCells(1),
  testCells(2, { etapa: "finalizada " }),
  testCells(3, { monto: "no informado" }),
  testCells(4, { lat: "", lng: "" }),
  testCells(5, { lat: "-58,38", lng: "-34,60" }),
  testCells(6, { inicio: "1905-05-01" }),
  testCells(7, { etapa: "Paralizada" }),
  testCells(8, { nombre: "" }),
  testCells(2, { nombre: "Repetida" }),
  testCells(9, { foto_2: "https://www.youtube.com/watch?v=x1" }),
  testCells(10, { nombre: 'Escuela "Sur";\nedificio nuevo' }),
];

describe.skipIf(!hasSchema)("importSheet", () => {
  const options = { schema: SCHEMA };

  it("dry run reports each row and stores nothing", async () => {
    const file = await writeCsv("dry.csv", DEFECTIVE);
    const importsBefore = await countRows("imports");
    const report = await importSheet(database, file, testMapping(), { ...options, dryRun: true });

    expect(report.problems).toEqual([]);
    expect(report.status).toBe("succeeded");
    expect(report.importId).toBeNull();
    expect(report.rowsRead).toBe(DEFECTIVE.length);
    expect(report.rowsSkipped).toBe(2);
    expect(report.counts.projectsCreated).toBe(DEFECTIVE.length - 2);
    expect(await countRows("projects")).toBe(0);
    expect(await countRows("imports")).toBe(importsBefore);

    const byRow = new Map(report.rows.map((row) => [row.row, row]));
    expect(byRow.get(2)?.action).toBe("created");
    expect(byRow.get(9)?.action).toBe("skipped");
    expect(byRow.get(10)).toMatchObject({ action: "skipped", projectId: "oc4ids-test00-2" });
    expect(byRow.get(10)?.issues[0]).toMatchObject({
      code: "duplicate-id",
      column: "id",
      value: "oc4ids-test00-2",
    });
    expect(byRow.get(4)?.issues[0]).toMatchObject({
      code: "unparseable-amount",
      row: 4,
      column: "monto",
      value: "no informado",
    });
  });

  it("counts each issue kind as an independent count of the rows does", async () => {
    const file = await writeCsv("counts.csv", DEFECTIVE);
    const report = await importSheet(database, file, testMapping(), { ...options, dryRun: true });
    const column = (name: string) => TEST_COLUMNS.indexOf(name);
    const cellsWhere = (name: string, test: (text: string) => boolean) =>
      DEFECTIVE.filter((cells) => test(cells[column(name)] ?? "")).length;

    expect(report.issueCounts["coordinates-missing"]).toBe(
      DEFECTIVE.filter((cells) => cells[column("lat")] === "" && cells[column("lng")] === "")
        .length,
    );
    expect(report.issueCounts["unparseable-amount"]).toBe(
      cellsWhere("monto", (text) => !/^[\d.,]+$/.test(text)),
    );
    expect(report.issueCounts["date-out-of-range"]).toBe(
      cellsWhere("inicio", (text) => text < "1990"),
    );
    expect(report.issueCounts["unknown-value"]).toBe(
      cellsWhere("etapa", (text) => !/^(finalizada|en ejecución)$/i.test(text.trim())),
    );
    expect(report.issueCounts["missing-required"]).toBe(cellsWhere("nombre", (t) => t === ""));
    expect(report.issueCounts["not-an-image"]).toBe(
      cellsWhere("foto_2", (text) => text.includes("youtube")),
    );
    const ids = DEFECTIVE.map((cells) => cells[column("id")]);
    expect(report.issueCounts["duplicate-id"]).toBe(ids.length - new Set(ids).size);
    expect(report.issueCounts["coordinates-swapped"]).toBe(1);
    const total = Object.values(report.issueCounts).reduce((sum, count) => sum + count, 0);
    expect(report.warnings.filter((warning) => warning.row !== undefined)).toHaveLength(total);
  });

  it("imports rows with their photos and progress", async () => {
    const file = await writeCsv("first.csv", DEFECTIVE);
    const report = await importSheet(database, file, testMapping(), options);
    expect(report.status).toBe("succeeded");
    expect(report.importId).not.toBeNull();
    expect(await countRows("projects")).toBe(DEFECTIVE.length - 2);

    const stored = await latestImport();
    expect(stored.source_key).toBe("test-obras");
    expect(stored.status).toBe("succeeded");

    const project = await database.db
      .selectFrom("projects")
      .selectAll()
      .where("id", "=", "oc4ids-test00-10")
      .executeTakeFirstOrThrow();
    expect(project.title).toBe('Escuela "Sur";\nedificio nuevo');
    expect(Number(project.budget_amount)).toBe(123456789);
    expect(project.budget_currency).toBe("ARS");
    expect(project.status).toBe("completion");

    const photos = await database.db
      .selectFrom("photos")
      .select(["url"])
      .where("project_id", "=", "oc4ids-test00-1")
      .execute();
    expect(photos.map((photo) => photo.url)).toEqual(["https://cdn.example.org/fotos/1.jpg"]);
    const progress = await database.db
      .selectFrom("progress_observations")
      .select(["percent", "kind"])
      .where("project_id", "=", "oc4ids-test00-1")
      .execute();
    expect(progress).toEqual([{ percent: 100, kind: "physical" }]);
  });

  it("re-import updates changed rows and reports the missing ones", async () => {
    const edited = DEFECTIVE.filter((cells) => cells[0] !== "9").map((cells) =>
      cells[0] === "1" ? testCells(1, { avance: "100", monto: "2.000.000" }) : cells,
    );
    const file = await writeCsv("second.csv", edited);
    const report = await importSheet(database, file, testMapping(), options);

    expect(report.status).toBe("succeeded");
    expect(report.counts.projectsUpdated).toBe(1);
    expect(report.counts.projectsCreated).toBe(0);
    expect(report.counts.projectsUnchanged).toBe(edited.length - 3);
    expect(report.rows.find((row) => row.projectId === "oc4ids-test00-1")?.action).toBe("updated");
    expect(report.missingFromSource).toEqual(["oc4ids-test00-9"]);
    expect(report.warnings.filter((warning) => warning.code === "missing-from-source")).toEqual([
      expect.objectContaining({ projectId: "oc4ids-test00-9" }),
    ]);
    expect(await countRows("projects")).toBe(DEFECTIVE.length - 2);

    const versions = await database.db
      .selectFrom("project_versions")
      .select("version")
      .where("project_id", "=", "oc4ids-test00-1")
      .execute();
    expect(versions).toHaveLength(2);
  });

  it("a later file leaves unchanged rows alone and adds to the progress history", async () => {
    const before = await database.db
      .selectFrom("progress_observations")
      .select(["observed_on", "percent"])
      .where("project_id", "=", "oc4ids-test00-2")
      .execute();
    expect(before).toHaveLength(1);

    const later = testMapping();
    later.source.asOf = "2024-09-30";
    // The file of the test before, with one more change: row 2's progress.
    const changes: Record<string, Record<string, string>> = {
      "1": { avance: "100", monto: "2.000.000" },
      "2": { etapa: "finalizada ", avance: "77" },
    };
    const edited = DEFECTIVE.filter((cells) => cells[0] !== "9").map((cells) => {
      const change = changes[cells[0] ?? ""];
      return change ? testCells(Number(cells[0]), change) : cells;
    });
    const file = await writeCsv("third.csv", edited);
    const report = await importSheet(database, file, later, options);

    expect(report.status).toBe("succeeded");
    expect(report.counts.projectsUpdated).toBe(1);
    expect(report.counts.projectsUnchanged).toBe(edited.length - 3);
    expect(report.rows.find((row) => row.projectId === "oc4ids-test00-2")?.action).toBe("updated");

    const after = await database.db
      .selectFrom("progress_observations")
      .select(["observed_on", "percent"])
      .where("project_id", "=", "oc4ids-test00-2")
      .orderBy("observed_on")
      .execute();
    expect(after.map((row) => Number(row.percent))).toEqual([Number(before[0]?.percent), 77]);
    const latest = await database.db
      .selectFrom("project_versions")
      .select(["version", "data"])
      .where("project_id", "=", "oc4ids-test00-2")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    expect(latest.version).toBe(2);
    expect((latest.data as { updated: string }).updated).toBe("2024-09-30T00:00:00Z");
  });

  it("rejects a mapping that names a missing column", async () => {
    const file = await writeCsv("columns.csv", [testCells(1)]);
    const mapping = testMapping();
    mapping.fields.description = {
      column: "descripcion",
      join: " ",
      parse: "text",
      required: false,
    };
    const before = await countRows("projects");
    const report = await importSheet(database, file, mapping, options);

    expect(onlyProblemCode(report)).toBe("missing-column");
    expect(report.problems[0]?.message).toContain("descripcion");
    expect(report.problems[0]?.message).toContain(
      `The file's columns are: ${TEST_COLUMNS.join(", ")}`,
    );
    expect(await countRows("projects")).toBe(before);
    expect((await latestImport()).status).toBe("failed");
  });

  it("rejects an invalid mapping file and records the failure", async () => {
    const file = await writeCsv("mapping-bad.csv", [testCells(1)]);
    const mappingFile = path.join(folder, "bad.yaml");
    await writeFile(mappingFile, "version: 1\nsource: {}\n");
    const report = await importSheet(database, file, mappingFile, options);

    expect(report.status).toBe("failed");
    expect(report.problems.map((problem) => problem.code)).toContain("invalid-mapping");
    expect(report.problems[0]?.message).toMatch(/^bad\.yaml: /);
    const stored = await latestImport();
    expect(stored.status).toBe("failed");
    expect(stored.errors).toEqual(report.problems);
  });

  it("rejects value table codes missing from the codelist", async () => {
    const file = await writeCsv("codes.csv", [testCells(1)]);
    const base = testMapping();
    const mapping = testMapping({
      fields: {
        ...base.fields,
        status: {
          column: "etapa",
          values: { Finalizada: "finished", "En ejecución": "implementation" },
        },
      },
    });
    const report = await importSheet(database, file, mapping, options);
    expect(onlyProblemCode(report)).toBe("invalid-mapping");
    expect(report.problems[0]?.message).toMatch(
      /^mapping: fields\.status\.values\.Finalizada: "finished" is not a projectStatus code; use one of .*completion/,
    );
  });

  it("rejects an empty file", async () => {
    const file = path.join(folder, "empty.csv");
    await writeFile(file, "");
    const report = await importSheet(database, file, testMapping(), options);
    expect(onlyProblemCode(report)).toBe("empty-file");
    expect(report.problems[0]?.source).toBe(file);
    expect(report.problems[0]?.message).toBe("the file is empty (0 bytes)");
  });

  it("rejects a file with a header but no rows", async () => {
    const file = await writeCsv("header.csv", []);
    const report = await importSheet(database, file, testMapping(), options);
    expect(onlyProblemCode(report)).toBe("source-empty");
  });

  it("rejects a file that is not in the mapping's encoding", async () => {
    const file = await writeCsv("latin1.csv", [testCells(1, { area: "Secretaría" })], "latin1");
    const mapping = testMapping({
      source: { key: "test-obras", asOf: "2024-06-24", encoding: "utf-8" },
    });
    const before = await countRows("projects");
    const report = await importSheet(database, file, mapping, options);
    expect(onlyProblemCode(report)).toBe("invalid-encoding");
    expect(await countRows("projects")).toBe(before);
  });

  it("rejects UTF-8 with an invalid byte, naming its row and offset", async () => {
    const head = Buffer.from(
      [TEST_COLUMNS, testCells(1, { nombre: "Plaza Ñandú" })].map(csvLine).join("\n") + "\n\n",
    );
    const damaged = Buffer.from(`${csvLine(testCells(2, { nombre: "Café" }))}\n`, "latin1");
    const file = path.join(folder, "damaged.csv");
    await writeFile(file, Buffer.concat([head, damaged]));
    const offset = head.length + damaged.indexOf(0xe9);

    const report = await importSheet(database, file, testMapping(), options);
    expect(onlyProblemCode(report)).toBe("invalid-encoding");
    expect(report.problems[0]?.message).toBe(
      `row 4 has a byte that is not valid utf-8 (0xE9 at byte offset ${offset}). The file was ` +
        "read as utf-8 because its start has well-formed UTF-8 characters, so it looks damaged. " +
        "If the file is in another encoding, such as windows-1252, set that encoding " +
        "(source.encoding in a mapping)",
    );
    expect(report.sheet).toBeNull();
  });

  it("numbers rows as a spreadsheet shows them, blank lines included", async () => {
    const lines = [
      csvLine(TEST_COLUMNS),
      csvLine(testCells(1, { nombre: "Dos\nlíneas" })),
      "",
      ";;",
      csvLine(testCells(2, { monto: "no informado" })),
    ];
    const file = path.join(folder, "blank-lines.csv");
    await writeFile(file, lines.join("\r\n") + "\r\n");
    const report = await importSheet(database, file, testMapping(), { ...options, dryRun: true });
    expect(report.rows.map((row) => row.row)).toEqual([2, 5]);
    expect(report.rows[1]?.issues.map((issue) => [issue.code, issue.row])).toEqual([
      ["unparseable-amount", 5],
    ]);
  });

  it("reports the encoding and delimiter the file was read with", async () => {
    const file = await writeCsv("settings.csv", [testCells(1)]);
    const mapping = testMapping({
      source: { key: "test-obras", asOf: "2024-06-24", delimiter: ";" },
    });
    const report = await importSheet(database, file, mapping, { ...options, dryRun: true });
    expect(report.sheet).toEqual({
      format: "csv",
      encoding: { name: "utf-8", detected: true },
      delimiter: { character: ";", detected: false },
    });
    expect(formatSheetReport(report).split("\n")).toContain(
      '  file: CSV, encoding utf-8 (detected), delimiter ";" (given)',
    );

    const json = path.join(folder, "settings-report.json");
    await writeRowReport(json, report);
    const written = JSON.parse(await readFile(json, "utf8")) as { sheet: unknown };
    expect(written.sheet).toEqual(report.sheet);
  });

  it("rejects a file larger than the limit", async () => {
    // A sparse file: three gibibytes long without using the disk space.
    const file = path.join(folder, "huge.csv");
    await writeFile(file, `${csvLine(TEST_COLUMNS)}\n`);
    await truncate(file, 3 * 1024 ** 3);
    const report = await importSheet(database, file, testMapping(), {
      ...options,
      maxBytes: 2 * 1024 ** 3,
    });
    expect(onlyProblemCode(report)).toBe("too-large");
  });
});
