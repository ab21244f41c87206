import { zipSync, strToU8 } from "fflate";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSheet, SheetError } from "./open-sheet.js";
import type { Sheet, SheetOptions, SheetRow } from "./types.js";
import { dateKindOfFormat, isPercentFormat, XlsxArchive } from "./xlsx-package.js";
import { shortestDecimal } from "./xlsx-sheet.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

interface WorkbookParts {
  sheets: { name: string; xml: string }[];
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
}

/** Builds the zip entries of a minimal workbook from hand-written XML. */
function workbookEntries(parts: WorkbookParts): Record<string, Uint8Array> {
  const entries: Record<string, Uint8Array> = {
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_REL}">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
  };
  const relations: string[] = [];
  const sheets: string[] = [];
  parts.sheets.forEach((sheet, index) => {
    relations.push(
      `<Relationship Id="rId${index + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
    );
    sheets.push(`<sheet name="${sheet.name}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`);
    entries[`xl/worksheets/sheet${index + 1}.xml`] = strToU8(
      `<worksheet xmlns="${MAIN}"><sheetData>${sheet.xml}</sheetData></worksheet>`,
    );
  });
  if (parts.sharedStrings !== undefined) {
    relations.push(
      `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`,
    );
    entries["xl/sharedStrings.xml"] = strToU8(`<sst xmlns="${MAIN}">${parts.sharedStrings}</sst>`);
  }
  if (parts.styles !== undefined) {
    relations.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
    entries["xl/styles.xml"] = strToU8(`<styleSheet xmlns="${MAIN}">${parts.styles}</styleSheet>`);
  }
  entries["xl/_rels/workbook.xml.rels"] = strToU8(
    `<Relationships xmlns="${PACKAGE_REL}">${relations.join("")}</Relationships>`,
  );
  entries["xl/workbook.xml"] = strToU8(
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
      (parts.date1904 ? `<workbookPr date1904="1"/>` : "") +
      `<sheets>${sheets.join("")}</sheets></workbook>`,
  );
  return entries;
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "xlsx-sheet-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

let fileCount = 0;
async function writeWorkbook(parts: WorkbookParts, name?: string): Promise<string> {
  return writeEntries(workbookEntries(parts), name);
}

async function writeEntries(entries: Record<string, Uint8Array>, name?: string): Promise<string> {
  fileCount += 1;
  const file = path.join(folder, name ?? `book-${fileCount}.xlsx`);
  await writeFile(file, zipSync(entries));
  return file;
}

async function readAll(sheet: Sheet): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows()) rows.push(row);
  return rows;
}

async function openError(file: string, options?: SheetOptions): Promise<SheetError> {
  const error: unknown = await openSheet(file, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetError);
  return error as SheetError;
}

const STYLES =
  `<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>` +
  `<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/>` +
  `<numFmt numFmtId="166" formatCode="#,##0.00 &quot;ARS&quot;"/></numFmts>` +
  `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
  `<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>` +
  `<xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="20"/></cellXfs>`;

describe("openSheet on XLSX", () => {
  it("reads strings, numbers, booleans, formulas and dates", async () => {
    const file = await writeWorkbook({
      sharedStrings:
        `<si><t>id</t></si><si><t>nombre</t></si><si><t>monto</t></si><si><t>inicio</t></si>` +
        `<si><r><t>Plaza </t></r><r><rPr><b/></rPr><t xml:space="preserve">Norte</t></r>` +
        `<rPh sb="0" eb="1"><t>ignored</t></rPh></si>`,
      styles: STYLES,
      sheets: [
        {
          name: "Obras",
          xml:
            `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>` +
            `<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="inlineStr"><is><t>ok</t></is></c>` +
            `<c r="F1" t="inlineStr"><is><t>hora</t></is></c><c r="G1" t="inlineStr"><is><t>total</t></is></c></row>` +
            `<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>4</v></c>` +
            `<c r="C2" s="4"><v>0.10000000000000001</v></c><c r="D2" s="1"><v>43831</v></c>` +
            `<c r="E2" t="b"><v>1</v></c><c r="F2" s="5"><v>0.75</v></c>` +
            `<c r="G2"><f>C2*2</f><v>0.2</v></c></row>` +
            `<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>Calle</t></is></c>` +
            `<c r="C3"><v>1.5E+21</v></c><c r="D3" s="2"><v>44197</v></c>` +
            `<c r="E3" t="b"><v>0</v></c><c r="F3" t="e"><v>#N/A</v></c>` +
            `<c r="G3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>` +
            `<row r="4"><c r="A4"><v>3</v></c><c r="D4" s="3"><v>44197.5</v></c></row>`,
        },
      ],
    });
    const sheet = await openSheet(file);
    expect(sheet.format).toBe("xlsx");
    expect(sheet.encoding).toBeUndefined();
    expect(sheet.columns).toEqual(["id", "nombre", "monto", "inicio", "ok", "hora", "total"]);
    expect(await readAll(sheet)).toEqual([
      {
        row: 2,
        cells: ["1", "Plaza Norte", "0.1", "2020-01-01", "TRUE", "18:00:00", "0.2"],
        numeric: new Set([0, 2, 6]),
      },
      {
        row: 3,
        cells: ["2", "Calle", "1500000000000000000000", "2021-01-01", "FALSE", "#N/A", "ab"],
        numeric: new Set([0, 2]),
      },
      {
        row: 4,
        cells: ["3", "", "", "2021-01-01T12:00:00", "", "", ""],
        numeric: new Set([0]),
      },
    ]);
  });

  it("fills gaps from cell references and keeps worksheet row numbers", async () => {
    const letters = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"].concat("AA");
    const header = letters.map(
      (letter) => `<c r="${letter}2" t="inlineStr"><is><t>h${letter}</t></is></c>`,
    );
    const file = await writeWorkbook({
      sheets: [
        {
          name: "Hoja1",
          xml:
            `<row r="2">${header.join("")}</row>` +
            `<row r="5"><c r="B5"><v>7</v></c><c><v>8</v></c><c r="AA5"><v>9</v></c></row>`,
        },
      ],
    });
    const sheet = await openSheet(file);
    expect(sheet.columns).toHaveLength(27);
    expect(sheet.columns[26]).toBe("hAA");
    const rows = await readAll(sheet);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.row).toBe(5);
    expect(rows[0]?.cells.slice(0, 4)).toEqual(["", "7", "8", ""]);
    expect(rows[0]?.cells[26]).toBe("9");
  });

  it("rejects a header with an unnamed column between names", async () => {
    const file = await writeWorkbook({
      sheets: [{ name: "S", xml: `<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row>` }],
    });
    const error = await openError(file);
    expect(error.code).toBe("empty-column-name");
    expect(error.message).toBe(
      `${file} (worksheet "S"): column B of the header has no name; give it one`,
    );
  });

  it("reads the 1904 date system", async () => {
    const file = await writeWorkbook({
      date1904: true,
      styles: STYLES,
      sheets: [
        {
          name: "S",
          xml: `<row><c t="inlineStr"><is><t>d</t></is></c></row><row><c s="1"><v>0</v></c></row>`,
        },
      ],
    });
    expect(await readAll(await openSheet(file))).toEqual([{ row: 2, cells: ["1904-01-01"] }]);
  });

  it("reads a named worksheet", async () => {
    const file = await writeWorkbook({
      sheets: [
        { name: "Notas", xml: `<row><c t="inlineStr"><is><t>nota</t></is></c></row>` },
        {
          name: "Obras",
          xml: `<row><c t="inlineStr"><is><t>obra</t></is></c></row><row><c><v>1</v></c></row>`,
        },
      ],
    });
    const sheet = await openSheet(file, { sheet: "Obras" });
    expect(sheet.columns).toEqual(["obra"]);
    expect((await openSheet(file)).columns).toEqual(["nota"]);
  });

  it("lists the worksheets when the named one is missing", async () => {
    const file = await writeWorkbook({
      sheets: [
        { name: "Notas", xml: "" },
        { name: "Obras", xml: "" },
      ],
    });
    const error = await openError(file, { sheet: "Pagos" });
    expect(error.code).toBe("sheet-not-found");
    expect(error.message).toBe(
      `${file}: has no worksheet named "Pagos"; its worksheets are "Notas", "Obras"`,
    );
  });

  it("marks number cells in a percent format", async () => {
    const styles =
      `<numFmts count="4"><numFmt numFmtId="164" formatCode="0.0%"/>` +
      `<numFmt numFmtId="165" formatCode="0&quot;%&quot;"/><numFmt numFmtId="166" formatCode="0\\%"/>` +
      `<numFmt numFmtId="167" formatCode="[Red]0.00%;-0.00%"/></numFmts>` +
      `<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="10"/>` +
      `<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>`;
    const header = ["id", "a", "b", "c", "d", "e", "f", "g"]
      .map((name) => `<c t="inlineStr"><is><t>${name}</t></is></c>`)
      .join("");
    const file = await writeWorkbook({
      styles,
      sheets: [
        {
          name: "S",
          xml:
            `<row r="1">${header}</row><row r="2"><c><v>1</v></c><c s="1"><v>0.5</v></c>` +
            `<c s="2"><v>0.125</v></c><c s="3"><v>1</v></c><c s="4"><v>50</v></c>` +
            `<c s="5"><v>50</v></c><c s="6"><v>0.07</v></c>` +
            `<c s="1" t="inlineStr"><is><t>50%</t></is></c></row>`,
        },
      ],
    });
    expect(await readAll(await openSheet(file))).toEqual([
      {
        row: 2,
        cells: ["1", "0.5", "0.125", "1", "50", "50", "0.07", "50%"],
        numeric: new Set([0, 1, 2, 3, 4, 5, 6]),
        percent: new Set([1, 2, 3, 6]),
      },
    ]);
  });

  it("rejects a first sheet whose relationship is missing", async () => {
    const entries = workbookEntries({
      sheets: [
        { name: "Obras", xml: `<row><c t="inlineStr"><is><t>obra</t></is></c></row>` },
        { name: "Notas", xml: `<row><c t="inlineStr"><is><t>nota</t></is></c></row>` },
      ],
    });
    const rels = new TextDecoder().decode(entries["xl/_rels/workbook.xml.rels"]);
    entries["xl/_rels/workbook.xml.rels"] = strToU8(
      rels.replace(/<Relationship Id="rId1"[^>]*\/>/, ""),
    );
    const file = await writeEntries(entries);
    const expected =
      `${file}: sheet "Obras" (sheet 1 in tab order) refers to relationship "rId1", which ` +
      "xl/_rels/workbook.xml.rels does not define, so the sheet cannot be found. Save the " +
      "workbook again in a spreadsheet program";
    const error = await openError(file);
    expect(error.code).toBe("invalid-xlsx");
    expect(error.message).toBe(expected);
    expect((await openError(file, { sheet: "Obras" })).message).toBe(expected);
    expect((await openSheet(file, { sheet: "Notas" })).columns).toEqual(["nota"]);
  });

  it("skips a chart sheet before the first worksheet", async () => {
    const entries = workbookEntries({
      sheets: [
        { name: "Gráfico", xml: "" },
        { name: "Obras", xml: `<row><c t="inlineStr"><is><t>obra</t></is></c></row>` },
      ],
    });
    const rels = new TextDecoder().decode(entries["xl/_rels/workbook.xml.rels"]);
    entries["xl/_rels/workbook.xml.rels"] = strToU8(
      rels.replace(
        `${REL}/worksheet" Target="worksheets/sheet1.xml"`,
        `${REL}/chartsheet" Target="chartsheets/sheet1.xml"`,
      ),
    );
    const sheet = await openSheet(await writeEntries(entries));
    expect(sheet.columns).toEqual(["obra"]);
  });

  it("rejects a worksheet whose part is missing", async () => {
    const entries = workbookEntries({ sheets: [{ name: "Obras", xml: "" }] });
    delete entries["xl/worksheets/sheet1.xml"];
    const file = await writeEntries(entries);
    const error = await openError(file);
    expect(error.code).toBe("invalid-xlsx");
    expect(error.message).toBe(
      `${file}: worksheet "Obras" is stored in xl/worksheets/sheet1.xml, which the file does not contain`,
    );
  });

  it("rejects an invalid row number", async () => {
    const file = await writeWorkbook({
      sheets: [{ name: "S", xml: `<row r="x1"><c t="inlineStr"><is><t>a</t></is></c></row>` }],
    });
    const error = await openError(file);
    expect(error.code).toBe("invalid-xlsx");
    expect(error.message).toBe(`${file}: invalid row number "x1"`);
  });

  it("rejects an empty worksheet", async () => {
    const file = await writeWorkbook({ sheets: [{ name: "Vacía", xml: "" }] });
    const error = await openError(file);
    expect(error.code).toBe("no-header");
  });

  it("rejects a reference to a missing shared string", async () => {
    const file = await writeWorkbook({
      sharedStrings: "<si><t>a</t></si>",
      sheets: [
        { name: "S", xml: `<row><c t="s"><v>0</v></c></row><row><c t="s"><v>5</v></c></row>` },
      ],
    });
    const error = await openError(file);
    expect(error.code).toBe("invalid-xlsx");
    expect(error.message).toBe(`${file}: row 2 refers to shared string 5, which does not exist`);
  });

  it("rejects malformed XML", async () => {
    const file = await writeWorkbook({ sheets: [{ name: "S", xml: "<row><c><v>1</c></row>" }] });
    const error = await openError(file);
    expect(error.code).toBe("invalid-xlsx");
    expect(error.message).toMatch(/xl\/worksheets\/sheet1\.xml is not well-formed XML/);
  });

  it("rejects a zip archive that is not a workbook", async () => {
    const file = path.join(folder, "other.zip");
    await writeFile(file, zipSync({ "readme.txt": strToU8("hello") }));
    const error = await openError(file);
    expect(error.code).toBe("invalid-xlsx");
    expect(error.message).toBe(`${file}: has no xl/workbook.xml, so it is not an XLSX workbook`);
  });

  it("computes the SHA-256 of the file", async () => {
    const file = await writeWorkbook({
      sheets: [{ name: "S", xml: `<row><c><v>1</v></c></row>` }],
    });
    const sheet = await openSheet(file);
    const bytes = zipSync(
      workbookEntries({ sheets: [{ name: "S", xml: `<row><c><v>1</v></c></row>` }] }),
    );
    expect(sheet.bytes).toBe(bytes.length);
    expect(sheet.sha256()).toMatch(/^[0-9a-f]{64}$/);
    expect(sheet.sha256()).toBe(
      createHash("sha256")
        .update(await import("node:fs/promises").then((fs) => fs.readFile(file)))
        .digest("hex"),
    );
  });
});

describe("XlsxArchive", () => {
  it("stops at the cap on uncompressed bytes", () => {
    const zip = zipSync({ "xl/big.xml": new Uint8Array(10_000) }, { level: 9 });
    expect(zip.length).toBeLessThan(1_000);
    const archive = new XlsxArchive("bomb.xlsx", zip, 4_096);
    expect(() => archive.read(["xl/big.xml"])).toThrow(
      "bomb.xlsx: unpacks to more than 4096 bytes, the limit for a workbook; split it or save the sheet as CSV",
    );
  });

  it("reads entries within the cap", () => {
    const zip = zipSync({ "a.xml": strToU8("<a/>") });
    const archive = new XlsxArchive("small.xlsx", zip, 4_096);
    expect(archive.read(["a.xml", "missing.xml"]).get("a.xml")).toEqual(strToU8("<a/>"));
  });
});

describe("dateKindOfFormat", () => {
  it.each([
    ["dd/mm/yyyy", "date"],
    ["mmm-yy", "date"],
    ["yyyy-mm-dd hh:mm", "date-time"],
    ["h:mm AM/PM", "time"],
    ["[h]:mm:ss", "time"],
    ["[$-409]d-mmm-yyyy;@", "date"],
    ["[Red]#,##0.00", undefined],
    ['#,##0 "días"', undefined],
    ["0.00E+00", undefined],
    ["General", undefined],
    ['_-* #,##0.00\\ "€"_-', undefined],
  ])("classifies %j", (code, kind) => {
    expect(dateKindOfFormat(code)).toBe(kind);
  });
});

describe("isPercentFormat", () => {
  it.each([
    ["0%", true],
    ["0.00%", true],
    ["#,##0.0%;[Red]-#,##0.0%", true],
    ['0.0 "%"', false],
    ["0\\%", false],
    ["0_%", false],
    ["0.00", false],
    ["General", false],
  ])("classifies %j", (code, expected) => {
    expect(isPercentFormat(code)).toBe(expected);
  });
});

describe("shortestDecimal", () => {
  it.each([
    [0.1, "0.1"],
    [0.1 + 0.2, "0.30000000000000004"],
    [-0, "0"],
    [1.5e21, "1500000000000000000000"],
    [-1.25e-7, "-0.000000125"],
    [123456789, "123456789"],
  ])("writes %d as %s", (number, text) => {
    expect(shortestDecimal(number)).toBe(text);
  });
});
