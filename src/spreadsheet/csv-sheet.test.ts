import { createHash } from "node:crypto";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSheet, readSample, SheetError } from "./open-sheet.js";
import { parseCoordinatePair } from "./parse-coordinates.js";
import { parseDate } from "./parse-date.js";
import type { Sheet, SheetOptions, SheetRow } from "./types.js";

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "csv-sheet-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

let fileCount = 0;
async function writeCsv(content: string | Uint8Array, name?: string): Promise<string> {
  fileCount += 1;
  const file = path.join(folder, name ?? `sheet-${fileCount}.csv`);
  await writeFile(file, content);
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

async function readError(file: string, options?: SheetOptions): Promise<SheetError> {
  const sheet = await openSheet(file, options);
  const error: unknown = await readAll(sheet).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetError);
  return error as SheetError;
}

describe("openSheet on CSV", () => {
  it("reads quoted fields with delimiters, quotes and line breaks", async () => {
    const file = await writeCsv(
      'id,name,note\r\n1,"Plaza ""Norte""","a,b"\r\n2,"two\nlines","three\r\nlines"\r\n3,"cr\ronly",x\r\n',
    );
    const sheet = await openSheet(file);
    expect(sheet.format).toBe("csv");
    expect(sheet.columns).toEqual(["id", "name", "note"]);
    expect(sheet.delimiter).toBe(",");
    expect(await readAll(sheet)).toEqual([
      { row: 2, cells: ["1", 'Plaza "Norte"', "a,b"] },
      { row: 3, cells: ["2", "two\nlines", "three\r\nlines"] },
      { row: 4, cells: ["3", "cr\ronly", "x"] },
    ]);
  });

  it.each([
    [";", "a;b;c\n1;2;3\n"],
    ["\t", "a\tb\tc\n1\t2\t3\n"],
    ["|", "a|b|c\n1|2|3\n"],
    [",", "a,b,c\n1,2,3"],
  ])("sniffs the delimiter %j", async (delimiter, content) => {
    const sheet = await openSheet(await writeCsv(content));
    expect(sheet.delimiter).toBe(delimiter);
    expect(sheet.columns).toEqual(["a", "b", "c"]);
    expect(await readAll(sheet)).toEqual([{ row: 2, cells: ["1", "2", "3"] }]);
  });

  it("ignores delimiters inside quotes when sniffing", async () => {
    const sheet = await openSheet(await writeCsv('"a,b,c";d;e\n1;2;3\n'));
    expect(sheet.delimiter).toBe(";");
    expect(sheet.columns).toEqual(["a,b,c", "d", "e"]);
  });

  it("uses a given delimiter", async () => {
    const sheet = await openSheet(await writeCsv("a;b,c\n1;2,3\n"), { delimiter: "," });
    expect(sheet.columns).toEqual(["a;b", "c"]);
  });

  it("numbers rows as a spreadsheet shows them, blank lines included", async () => {
    const file = await writeCsv('a,b\n\n1,"x\ny"\n   \n,\n2,z\n\n');
    const rows = await readAll(await openSheet(file));
    expect(rows).toEqual([
      { row: 3, cells: ["1", "x\ny"] },
      { row: 6, cells: ["2", "z"] },
    ]);
  });

  it("counts blank lines before the header as rows", async () => {
    const sheet = await openSheet(await writeCsv("\r\n\r\na;b\r\n1;2\r\n"));
    expect(sheet.columns).toEqual(["a", "b"]);
    expect(await readAll(sheet)).toEqual([{ row: 4, cells: ["1", "2"] }]);
  });

  it("names the row after blank lines and multi-line cells in errors", async () => {
    const file = await writeCsv('a,b\n1,"two\nlines"\n\n\n2,"never closed\n');
    const error = await readError(file);
    expect(error.code).toBe("unterminated-quote");
    expect(error.message).toBe(`${file}: row 5 opens a quoted field that is never closed`);
  });

  it("marks short rows and rows with text past the header, and accepts blank extra cells", async () => {
    const file = await writeCsv("a;b;c;\n1;2\n1;2;3;4;5\n1;2;3;;\n6;7;8;9\n");
    const sheet = await openSheet(file);
    expect(sheet.columns).toEqual(["a", "b", "c"]);
    expect(await readAll(sheet)).toEqual([
      { row: 2, cells: ["1", "2", ""], cellCount: { expected: 4, found: 2 } },
      { row: 3, cells: ["1", "2", "3"], cellCount: { expected: 3, found: 5 } },
      { row: 4, cells: ["1", "2", "3"] },
      { row: 5, cells: ["6", "7", "8"], cellCount: { expected: 3, found: 4 } },
    ]);
    expect(sheet.notes()).toEqual([]);
  });

  it("trims header names", async () => {
    const sheet = await openSheet(await writeCsv(" a , b\n1,2\n"));
    expect(sheet.columns).toEqual(["a", "b"]);
  });

  it("computes the SHA-256 and size while reading", async () => {
    const content = "a,b\n1,2\n";
    const file = await writeCsv(content);
    const sheet = await openSheet(file);
    expect(sheet.bytes).toBe(8);
    expect(() => sheet.sha256()).toThrow(/once all rows have been read/);
    await readAll(sheet);
    expect(sheet.sha256()).toBe(createHash("sha256").update(content).digest("hex"));
  });

  it("reads rows only once", async () => {
    const sheet = await openSheet(await writeCsv("a\n1\n"));
    await readAll(sheet);
    expect(() => sheet.rows()).toThrow(SheetError);
  });
});

describe("openSheet encodings", () => {
  it("detects UTF-8 and keeps its text", async () => {
    const sheet = await openSheet(await writeCsv("nombre\nObra en Núñez — 공사\n"));
    expect(sheet.encoding).toEqual({ name: "utf-8", detected: true });
    expect(await readAll(sheet)).toEqual([{ row: 2, cells: ["Obra en Núñez — 공사"] }]);
  });

  it("removes a UTF-8 byte order mark", async () => {
    const sheet = await openSheet(await writeCsv("\ufeffid,name\n1,á\n"));
    expect(sheet.columns).toEqual(["id", "name"]);
    expect(sheet.encoding).toEqual({ name: "utf-8", detected: true });
  });

  it.each([
    ["utf-16le", [0xff, 0xfe]],
    ["utf-16be", [0xfe, 0xff]],
  ] as const)("reads %s with a byte order mark", async (name, bom) => {
    const text = "id;nombre\n1;Núñez\n";
    const units = Buffer.from(text, "utf16le");
    if (name === "utf-16be") units.swap16();
    const file = await writeCsv(Buffer.concat([Buffer.from(bom), units]));
    const sheet = await openSheet(file);
    expect(sheet.encoding).toEqual({ name, detected: true });
    expect(sheet.columns).toEqual(["id", "nombre"]);
    expect(await readAll(sheet)).toEqual([{ row: 2, cells: ["1", "Núñez"] }]);
  });

  it("falls back to windows-1252 and drops its undefined bytes", async () => {
    const bytes = Buffer.from([
      ...Buffer.from("id;nombre\n1;Secretar"),
      0xed,
      0x81,
      0x61,
      0x0a,
      ...Buffer.from("2;"),
      0x80,
      0x9d,
      0x8d,
      0x0a,
    ]);
    const sheet = await openSheet(await writeCsv(bytes));
    expect(sheet.encoding).toEqual({ name: "windows-1252", detected: true });
    expect(await readAll(sheet)).toEqual([
      { row: 2, cells: ["1", "Secretaría"] },
      { row: 3, cells: ["2", "€"] },
    ]);
    expect(sheet.notes()).toEqual([
      {
        code: "undefined-bytes",
        count: 3,
        firstRow: 2,
        message: "3 bytes undefined in windows-1252 (0x81, 0x8D, 0x9D) dropped from the text",
      },
    ]);
  });

  it("rejects UTF-8 with an invalid byte, naming its row and offset", async () => {
    const head = Buffer.from("id,nombre\n1,Plaza Ñandú\n\n2,Obra en Núñez\n3,Caf");
    const file = await writeCsv(Buffer.concat([head, Buffer.from([0xe9, 0x0a, 0x34, 0x2c, 0x78])]));
    const error = await openError(file);
    expect(error.code).toBe("invalid-encoding");
    expect(error.message).toBe(
      `${file}: row 5 has a byte that is not valid utf-8 (0xE9 at byte offset ${head.length}). ` +
        "The file was read as utf-8 because its start has well-formed UTF-8 characters, so it " +
        "looks damaged. If the file is in another encoding, such as windows-1252, set that " +
        "encoding (source.encoding in a mapping)",
    );
  });

  it("rejects UTF-8 cut inside its last character", async () => {
    const text = Buffer.from("id,nombre\n1,Ñandú");
    const file = await writeCsv(text.subarray(0, text.length - 1));
    const error = await openError(file);
    expect(error.code).toBe("invalid-encoding");
    expect(error.message).toMatch(
      /row 2 has a byte that is not valid utf-8 \(0xC3 at byte offset 17\)/,
    );
  });

  it("offsets the invalid byte by the byte order mark", async () => {
    const bytes = Buffer.concat([Buffer.from("\ufeffa\nñ\n"), Buffer.from([0xff, 0x0a])]);
    const error = await readError(await writeCsv(bytes));
    expect(error.message).toMatch(
      /row 3 has a byte that is not valid utf-8 \(0xFF at byte offset 8\)/,
    );
  });

  it("reads windows-1252 with a few byte pairs that are valid UTF-8", async () => {
    // "Ã³" is "ó" decoded twice; the plain accented letters around it are invalid UTF-8.
    const bytes = Buffer.from([
      ...Buffer.from("id;nombre\n1;Direcci"),
      0xf3,
      ...Buffer.from("n y Educaci"),
      0xf3,
      ...Buffer.from("n, Secretar"),
      0xed,
      ...Buffer.from("a, Direcci"),
      0xc3,
      0xb3,
      ...Buffer.from("n\n"),
    ]);
    const sheet = await openSheet(await writeCsv(bytes));
    expect(sheet.encoding).toEqual({ name: "windows-1252", detected: true });
    expect(await readAll(sheet)).toEqual([
      { row: 2, cells: ["1", "Dirección y Educación, Secretaría, DirecciÃ³n"] },
    ]);
  });

  it("names the row where UTF-8 turns invalid after the first MiB", async () => {
    const filler = Array.from(
      { length: 40_000 },
      (_, index) => `${index},ñandú ${"x".repeat(20)}\n`,
    );
    const head = Buffer.from(`id,name\n${filler.join("")}`);
    expect(head.length).toBeGreaterThan(1 << 20);
    const file = await writeCsv(Buffer.concat([head, Buffer.from([0x39, 0x2c, 0xe9, 0x0a])]));
    const error = await readError(file);
    expect(error.code).toBe("invalid-encoding");
    expect(error.message).toBe(
      `${file}: row 40002 has a byte that is not valid utf-8 (0xE9 at byte offset ${head.length + 2}). ` +
        "The file was read as utf-8 because its first MiB is valid utf-8. If the file is in " +
        "another encoding, such as windows-1252, set that encoding (source.encoding in a mapping)",
    );
  });

  it("rejects bytes invalid in a given encoding, naming the row", async () => {
    const file = await writeCsv(Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0xe9, 0x0a]));
    const error = await readError(file, { encoding: "utf-8" });
    expect(error.code).toBe("invalid-encoding");
    expect(error.message).toBe(
      `${file}: row 3 has a byte that is not valid utf-8 (0xE9 at byte offset 4). If the file ` +
        "is in another encoding, such as windows-1252, set that encoding (source.encoding in a mapping)",
    );
  });

  it("decodes with a given encoding", async () => {
    const file = await writeCsv(Buffer.from([0x61, 0x0a, 0xe9, 0x0a]));
    const sheet = await openSheet(file, { encoding: "latin1" });
    expect(sheet.encoding).toEqual({ name: "windows-1252", detected: false });
    expect(await readAll(sheet)).toEqual([{ row: 2, cells: ["é"] }]);
  });

  it("rejects an unknown encoding", async () => {
    const error = await openError(await writeCsv("a\n1\n"), { encoding: "klingon" });
    expect(error.code).toBe("unknown-encoding");
    expect(error.message).toMatch(/unknown encoding "klingon"/);
  });
});

describe("openSheet errors", () => {
  it("names a missing file", async () => {
    const file = path.join(folder, "missing.csv");
    const error = await openError(file);
    expect(error.code).toBe("file-missing");
    expect(error.message).toBe(`${file}: file not found`);
  });

  it("rejects a folder", async () => {
    const error = await openError(folder);
    expect(error.code).toBe("not-a-file");
  });

  it("rejects an empty file", async () => {
    const file = await writeCsv("");
    const error = await openError(file);
    expect(error.code).toBe("empty-file");
    expect(error.message).toBe(`${file}: the file is empty (0 bytes)`);
  });

  it("rejects a file of blank lines as having no header", async () => {
    const error = await openError(await writeCsv("\n\n  \n"));
    expect(error.code).toBe("no-header");
  });

  it("rejects a file over the size limit before reading it", async () => {
    const file = path.join(folder, "sparse.csv");
    await writeFile(file, "");
    await truncate(file, 5 * 1024 ** 3);
    const error = await openError(file);
    expect(error.code).toBe("too-large");
    expect(error.message).toBe(
      `${file}: 5368709120 bytes is larger than the limit of 2147483648 bytes`,
    );
    await rm(file);
  });

  it("applies a given size limit", async () => {
    const error = await openError(await writeCsv("a,b\n1,2\n"), { maxBytes: 4 });
    expect(error.code).toBe("too-large");
  });

  it("rejects NUL bytes in the first MiB at open", async () => {
    const error = await openError(await writeCsv(Buffer.from([0x61, 0x0a, 0x00, 0x01, 0x0a])));
    expect(error.code).toBe("binary-content");
  });

  it("rejects NUL bytes later on, naming the row", async () => {
    const head = "a\n" + "1\n".repeat(600_000);
    const file = await writeCsv(
      Buffer.concat([Buffer.from(head), Buffer.from([0x32, 0x00, 0x0a])]),
    );
    const error = await readError(file);
    expect(error.code).toBe("binary-content");
    expect(error.message).toBe(
      `${file}: row 600002 contains a NUL byte, so the file is not CSV text`,
    );
  });

  it("names the row where an unterminated quoted field starts", async () => {
    const file = await writeCsv('a,b\n1,2\n3,"never closed\n4,5\n');
    const error = await readError(file);
    expect(error.code).toBe("unterminated-quote");
    expect(error.message).toBe(`${file}: row 3 opens a quoted field that is never closed`);
  });

  it("names duplicate column names", async () => {
    const file = await writeCsv("id,monto,id,monto,x\n");
    const error = await openError(file);
    expect(error.code).toBe("duplicate-columns");
    expect(error.message).toBe(`${file}: duplicate column names: "id" (A, C); "monto" (B, D)`);
  });

  it("rejects an unnamed column between named ones", async () => {
    const error = await openError(await writeCsv("id,,x\n"));
    expect(error.code).toBe("empty-column-name");
    expect(error.message).toMatch(/column B of the header has no name/);
  });

  it("rejects an old binary .xls file", async () => {
    const file = await writeCsv(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), "old.xls");
    const error = await openError(file);
    expect(error.code).toBe("unsupported-format");
  });

  it("rejects a .xlsx file that is not a zip archive", async () => {
    const error = await openError(await writeCsv("a,b\n", "fake.xlsx"));
    expect(error.code).toBe("invalid-xlsx");
  });
});

describe("readSample", () => {
  it("returns the header and the first rows", async () => {
    const file = await writeCsv("a;b\n1;2\n3;4\n5;6\n");
    const sample = await readSample(file, {}, 2);
    expect(sample).toEqual({
      columns: ["a", "b"],
      rows: [
        { row: 2, cells: ["1", "2"] },
        { row: 3, cells: ["3", "4"] },
      ],
      encoding: { name: "utf-8", detected: true },
      delimiter: ";",
      notes: [],
    });
  });

  it("returns no rows for a count of 0", async () => {
    const sample = await readSample(await writeCsv("a\n1\n"), {}, 0);
    expect(sample.rows).toEqual([]);
    expect(sample.columns).toEqual(["a"]);
  });
});

describe("streaming", () => {
  it("reads a file of many chunks with fields across chunk edges", async () => {
    const rowCount = 60_000;
    const lines = ["id,text"];
    for (let index = 1; index <= rowCount; index += 1) {
      lines.push(`${index},"línea ""${index}""\r\nsegunda, ñ"`);
    }
    const file = await writeCsv(lines.join("\r\n"));
    const sheet = await openSheet(file);
    let count = 0;
    let isConsistent = true;
    for await (const row of sheet.rows()) {
      count += 1;
      const expected = `línea "${count}"\r\nsegunda, ñ`;
      if (row.row !== count + 1 || row.cells[0] !== String(count) || row.cells[1] !== expected) {
        isConsistent = false;
      }
    }
    expect(count).toBe(rowCount);
    expect(isConsistent).toBe(true);
  });
});

const BUENOS_AIRES = path.resolve(
  import.meta.dirname,
  "../../../shared/data/real/ar-buenos-aires-ba-obras/observatorio-de-obras-urbanas.csv",
);
let hasBuenosAires = true;
try {
  (await import("node:fs")).accessSync(BUENOS_AIRES);
} catch {
  hasBuenosAires = false;
  console.warn(`Skipping the Buenos Aires CSV test: ${BUENOS_AIRES} is absent.`);
}

describe.skipIf(!hasBuenosAires)("Buenos Aires obras CSV", () => {
  it("reads every obra with its quirks", async () => {
    const sheet = await openSheet(BUENOS_AIRES);
    expect(sheet.encoding).toEqual({ name: "windows-1252", detected: true });
    expect(sheet.delimiter).toBe(";");
    expect(sheet.columns).toHaveLength(36);
    expect(sheet.columns[0]).toBe("id");
    expect(sheet.columns[35]).toBe("financiamiento");

    const rows = await readAll(sheet);
    expect(rows).toHaveLength(1525);
    expect(rows.map((row) => Number(row.cells[0]))).toEqual(
      Array.from({ length: 1525 }, (_, index) => index + 1),
    );
    expect(rows.every((row) => row.cells.length === 36)).toBe(true);
    expect(rows[0]?.cells[2]).toBe(
      'Escuela de Educación Primaria N.° 24 D.E. 15 "Francisco Morazán" - Siglo XXI',
    );

    const lat = sheet.columns.indexOf("lat");
    const multiline = rows.find((row) => row.cells[lat]?.includes("\n"));
    expect(multiline?.cells[lat]).toBe("-34.650675\n-34.666304");

    expect(sheet.notes()).toEqual([
      expect.objectContaining({ code: "undefined-bytes", count: 53 }),
    ]);
    expect(sheet.bytes).toBe(1_109_554);
    expect(sheet.sha256()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("parses its dates and coordinates with named repairs", async () => {
    const sheet = await openSheet(BUENOS_AIRES);
    const column = (name: string) => sheet.columns.indexOf(name);
    const bounds = { south: -34.71, west: -58.54, north: -34.52, east: -58.33 };
    const dateReasons: string[] = [];
    const repairs = new Map<string, number>();
    let inside = 0;
    for await (const row of sheet.rows()) {
      const start = row.cells[column("fecha_inicio")] ?? "";
      const date = parseDate(start, ["YYYY-MM-DD", "DD/MM/YYYY", "M/YY"], { min: "1950-01-01" });
      if (!date.ok && date.reason !== "empty") dateReasons.push(date.reason);
      if (date.ok && date.repaired)
        repairs.set(date.repaired, (repairs.get(date.repaired) ?? 0) + 1);

      const lat = row.cells[column("lat")] ?? "";
      const lng = row.cells[column("lng")] ?? "";
      const point = parseCoordinatePair(lat, lng, bounds);
      if (!point.ok) continue;
      const isInside =
        point.value.lat >= bounds.south &&
        point.value.lat <= bounds.north &&
        point.value.lng >= bounds.west &&
        point.value.lng <= bounds.east;
      if (isInside) inside += 1;
      if (point.repaired) repairs.set(point.repaired, (repairs.get(point.repaired) ?? 0) + 1);
    }

    expect(dateReasons.sort()).toEqual([
      "A/D does not match YYYY-MM-DD or DD/MM/YYYY or M/YY",
      "before 1950-01-01",
      "before 1950-01-01",
      "before 1950-01-01",
    ]);
    expect(repairs.get("month only: read as the first day of the month")).toBe(4);
    expect(repairs.get("lat and lng were swapped")).toBe(1);
    expect(repairs.get("decimal point restored in lat and lng")).toBeGreaterThan(70);
    expect(inside).toBeGreaterThan(1400);
  });
});
