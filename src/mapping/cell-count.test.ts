/**
 * A CSV row with fewer cells than the header (a truncated file), or with text in cells beyond
 * it, is reported and skipped, never stored.
 */
import { existsSync } from "node:fs";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importSheet } from "./import-sheet.js";
import { csvLine, TEST_COLUMNS, testCells, testMapping } from "./testing.js";

const SHARED = path.resolve(PROJECT_ROOT, "../shared");
const SCHEMA = path.join(SHARED, "standards/oc4ids/project-schema.json");
const BUENOS_AIRES = path.join(
  SHARED,
  "data/real/ar-buenos-aires-ba-obras/observatorio-de-obras-urbanas.csv",
);
const MAPPING = path.join(PROJECT_ROOT, "examples/mappings/buenos-aires-ba-obras.yaml");
const hasSchema = existsSync(SCHEMA);
if (!hasSchema) console.warn(`Skipping the cell count tests: ${SCHEMA} is absent.`);

let database: TestDatabase;
let folder: string;

beforeAll(async () => {
  database = await openTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), "ccs-cells-"));
});
afterAll(async () => {
  await database.destroy();
  await rm(folder, { recursive: true, force: true });
});

async function writeText(name: string, text: string): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, text);
  return file;
}

const header = csvLine(TEST_COLUMNS);
const options = { schema: SCHEMA };

describe.skipIf(!hasSchema)("rows whose cell count differs from the header's", () => {
  it("skips and reports a row cut short, keeping the stored project as it was", async () => {
    const full = [header, csvLine(testCells(1)), csvLine(testCells(2))].join("\n") + "\n";
    const first = await importSheet(
      database,
      await writeText("full.csv", full),
      testMapping(),
      options,
    );
    expect(first.status).toBe("succeeded");
    const before = await database.db.selectFrom("projects").selectAll().orderBy("id").execute();
    expect(before).toHaveLength(2);

    // The same file cut after the third cell of its last row.
    const cut = [header, csvLine(testCells(1)), csvLine(testCells(2).slice(0, 3))].join("\n");
    const found = 3;
    const report = await importSheet(
      database,
      await writeText("cut.csv", cut),
      testMapping(),
      options,
    );
    expect(report.status).toBe("succeeded");
    expect(report.rowsRead).toBe(2);
    expect(report.rowsSkipped).toBe(1);
    expect(report.issueCounts).toEqual({ "wrong-cell-count": 1 });
    const row = report.rows.find((outcome) => outcome.row === 3);
    expect(row?.action).toBe("skipped");
    expect(row?.issues.map((issue) => [issue.code, issue.row, issue.column, issue.action])).toEqual(
      [["wrong-cell-count", 3, TEST_COLUMNS[found], "skip-row"]],
    );
    expect(row?.issues[0]?.message).toContain(
      `has ${found} cells where the header has ${TEST_COLUMNS.length}`,
    );
    expect(report.warnings.map((warning) => warning.code)).toContain("wrong-cell-count");

    const after = await database.db.selectFrom("projects").selectAll().orderBy("id").execute();
    expect(
      after.map((project) => [project.id, project.description, project.budget_amount]),
    ).toEqual(before.map((project) => [project.id, project.description, project.budget_amount]));
  });

  it("skips a row with text beyond the header and accepts a trailing delimiter", async () => {
    const text =
      [
        header,
        `${csvLine(testCells(11))};stray`,
        `${csvLine(testCells(12))};;`,
        csvLine(testCells(13)),
      ].join("\n") + "\n";
    const report = await importSheet(database, await writeText("extra.csv", text), testMapping(), {
      ...options,
      dryRun: true,
    });
    expect(report.rowsRead).toBe(3);
    expect(report.rowsSkipped).toBe(1);
    const skipped = report.rows.filter((row) => row.action === "skipped");
    expect(skipped.map((row) => [row.row, row.issues[0]?.code])).toEqual([[2, "wrong-cell-count"]]);
    expect(skipped[0]?.issues[0]?.column).toBe("column O (past the header)");
    expect(skipped[0]?.issues[0]?.message).toContain(
      `has ${TEST_COLUMNS.length + 1} cells with text in the last where the header has ${TEST_COLUMNS.length} columns`,
    );
  });

  it.skipIf(!existsSync(BUENOS_AIRES))(
    "reports the cut last row of the first 20,000 bytes of the Buenos Aires file",
    async () => {
      const handle = await open(BUENOS_AIRES, "r");
      const head = Buffer.alloc(20_000);
      try {
        await handle.read(head, 0, head.length, 0);
      } finally {
        await handle.close();
      }
      const file = path.join(folder, "obras-head.csv");
      await writeFile(file, head);
      const report = await importSheet(database, file, MAPPING, { ...options, dryRun: true });
      expect(report.status).toBe("succeeded");
      const last = report.rows[report.rows.length - 1];
      expect(last?.action).toBe("skipped");
      expect(last?.issues.map((issue) => issue.code)).toEqual(["wrong-cell-count"]);
      expect(last?.issues[0]?.message).toContain("has 6 cells where the header has 37");
      // Only the cut row is reported: every row before it is whole.
      expect(report.issueCounts["wrong-cell-count"]).toBe(1);
    },
  );
});
