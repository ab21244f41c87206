/**
 * An XLSX cell in a percent number format stores the fraction that the sheet shows as a
 * percentage, so a `percent` field reads 0.455 as 45.5.
 */
import { strToU8, zipSync } from "fflate";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSheet } from "../spreadsheet/open-sheet.js";
import type { SheetRow } from "../spreadsheet/types.js";
import { RowMapper } from "./map-row.js";
import { TEST_COLUMNS, testCells, testMapping } from "./testing.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

/** Cell styles: 0 General, 1 built-in "0%", 2 custom "0.0%", 3 General again. */
const STYLES =
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>` +
  `<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/>` +
  `<xf numFmtId="0"/></cellXfs>`;

/** Writes a one-worksheet workbook over TEST_COLUMNS; `avance` cells are numbers in a style. */
function workbook(rows: { id: number; avance: string; style: number }[]): Uint8Array {
  const text = (value: string) => `<c t="inlineStr"><is><t>${value}</t></is></c>`;
  const avance = TEST_COLUMNS.indexOf("avance");
  const lines = [`<row r="1">${TEST_COLUMNS.map(text).join("")}</row>`];
  rows.forEach((row, index) => {
    const cells = testCells(row.id).map((value, column) =>
      column === avance ? `<c s="${row.style}"><v>${row.avance}</v></c>` : text(value),
    );
    lines.push(`<row r="${index + 2}">${cells.join("")}</row>`);
  });
  return zipSync({
    "_rels/.rels": strToU8(
      `<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" ` +
        `Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `<Relationships xmlns="${PACKAGE_REL}">` +
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": strToU8(
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
        `<sheet name="Obras" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    "xl/styles.xml": strToU8(`<styleSheet xmlns="${MAIN}">${STYLES}</styleSheet>`),
    "xl/worksheets/sheet1.xml": strToU8(
      `<worksheet xmlns="${MAIN}"><sheetData>${lines.join("")}</sheetData></worksheet>`,
    ),
  });
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "ccs-percent-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function readRows(bytes: Uint8Array): Promise<SheetRow[]> {
  const file = path.join(folder, `book-${Math.random().toString(36).slice(2)}.xlsx`);
  await writeFile(file, bytes);
  const sheet = await openSheet(file);
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows()) rows.push(row);
  return rows;
}

/** Returns the physicalProgress measure a mapped row gives, if any. */
function measure(mapper: RowMapper, row: SheetRow): unknown {
  const metrics = mapper.map(row).project?.metrics as
    { observations: { measure: number }[] }[] | undefined;
  return metrics?.[0]?.observations[0]?.measure;
}

describe("percent cells of an XLSX file", () => {
  it("reads a fraction in a percent format as a percentage", async () => {
    const rows = await readRows(
      workbook([
        { id: 1, avance: "0.455", style: 1 },
        { id: 2, avance: "0.07", style: 2 },
        { id: 3, avance: "1", style: 1 },
        { id: 4, avance: "45.5", style: 3 },
      ]),
    );
    const mapper = new RowMapper(testMapping(), TEST_COLUMNS);
    expect(rows.map((row) => measure(mapper, row))).toEqual([45.5, 7, 100, 45.5]);
  });

  it("checks the range after scaling", async () => {
    const [row] = await readRows(workbook([{ id: 5, avance: "1.5", style: 1 }]));
    const mapped = new RowMapper(testMapping(), TEST_COLUMNS).map(row ?? { row: 0, cells: [] });
    expect(mapped.issues).toHaveLength(1);
    expect(mapped.issues[0]?.code).toBe("value-out-of-range");
    expect(mapped.issues[0]?.message).toBe("physicalProgress: 150 is outside 0 to 100");
  });

  it("keeps the stored number for a field that is not a percent", async () => {
    const [row] = await readRows(workbook([{ id: 6, avance: "0.5", style: 1 }]));
    const mapping = testMapping({
      fields: {
        ...testMapping().fields,
        physicalProgress: undefined,
        "period.durationInMonths": { column: "avance", parse: "number" },
      },
    });
    const project = new RowMapper(mapping, TEST_COLUMNS).map(row ?? { row: 0, cells: [] }).project;
    expect(project?.period).toMatchObject({ durationInDays: 15 });
    expect(project?.metrics).toBeUndefined();
  });
});
