import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { MappingError } from "./load.js";
import { previewMapping } from "./preview.js";
import { getMapping, listMappings, saveMapping } from "./saved.js";
import { TEST_COLUMNS, testCells, testMapping } from "./testing.js";

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe("saved mappings", () => {
  it("saves, replaces and lists mappings by name", async () => {
    const first = await saveMapping(database, "obras", testMapping());
    expect(first.sourceKey).toBe("test-obras");

    const changed = testMapping({ onProblem: "skip-row" });
    const second = await saveMapping(database, "obras", changed);
    expect(second.id).toBe(first.id);
    expect((await getMapping(database, "obras"))?.mapping.onProblem).toBe("skip-row");

    await saveMapping(database, "another", testMapping());
    const names = (await listMappings(database)).map((saved) => saved.name);
    expect(names).toEqual(["another", "obras"]);
    expect(await getMapping(database, "absent")).toBeUndefined();
  });

  it("rejects an invalid mapping without saving it", async () => {
    await expect(saveMapping(database, "broken", { version: 2 })).rejects.toBeInstanceOf(
      MappingError,
    );
    expect(await getMapping(database, "broken")).toBeUndefined();
  });
});

describe("previewMapping", () => {
  it("maps the first rows and reports missing columns and repeated ids", () => {
    const rows = [
      { row: 2, cells: testCells(1) },
      { row: 3, cells: testCells(1, { nombre: "Otra plaza" }) },
      { row: 4, cells: testCells(2, { monto: "mucho" }) },
      { row: 5, cells: testCells(3) },
    ];
    const preview = previewMapping(testMapping(), { columns: TEST_COLUMNS.slice(0, -1), rows }, 3);
    expect(preview.missingColumns).toEqual(["foto_2"]);
    expect(preview.rows.map((row) => row.row)).toEqual([2, 3, 4]);
    expect(preview.rows[0]?.project?.id).toBe("oc4ids-test00-1");
    expect(preview.rows[1]?.skipped).toBe(true);
    expect(preview.rows[1]?.issues.map((issue) => issue.code)).toEqual(["duplicate-id"]);
    expect(preview.rows[2]?.issues.map((issue) => issue.code)).toEqual(["unparseable-amount"]);
  });
});
