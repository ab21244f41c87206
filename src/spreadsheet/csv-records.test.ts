import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sniffDelimiter } from "./csv-sheet.js";
import { CsvRecordParser, type CsvRecord } from "./csv-records.js";

function parseChunks(chunks: string[], delimiter = ","): CsvRecord[] {
  const parser = new CsvRecordParser(delimiter);
  const records: CsvRecord[] = [];
  for (const chunk of chunks) parser.push(chunk, records);
  expect(parser.isInsideQuotes).toBe(false);
  parser.end(records);
  return records;
}

function quote(cell: string): string {
  return /[",;\r\n]/.test(cell) || cell.trim() === "" ? `"${cell.replaceAll('"', '""')}"` : cell;
}

describe("CsvRecordParser", () => {
  it("reads a quote inside an unquoted field as text", () => {
    expect(parseChunks(['a,5" pipe,c\n'])).toEqual([{ row: 1, cells: ["a", '5" pipe', "c"] }]);
  });

  it("appends text after a closing quote", () => {
    expect(parseChunks(['"ab"cd,e\n'])).toEqual([{ row: 1, cells: ["abcd", "e"] }]);
  });

  it("keeps a CR LF split across chunks as one line break", () => {
    expect(parseChunks(["a,b\r", "\nc,d\r", "e,f"])).toEqual([
      { row: 1, cells: ["a", "b"] },
      { row: 2, cells: ["c", "d"] },
      { row: 3, cells: ["e", "f"] },
    ]);
  });

  it("keeps an escaped quote split across chunks", () => {
    expect(parseChunks(['"say "', '"hi"""\n'])).toEqual([{ row: 1, cells: ['say "hi"'] }]);
  });

  it("counts blank records as rows without returning them", () => {
    const parser = new CsvRecordParser(",");
    const records: CsvRecord[] = [];
    parser.push('a\n\n ,\n"b\nc"\n\r\nd', records);
    parser.end(records);
    expect(records).toEqual([
      { row: 1, cells: ["a"] },
      { row: 4, cells: ["b\nc"] },
      { row: 6, cells: ["d"] },
    ]);
    expect(parser.currentRow).toBe(7);
  });

  it("reports an open quoted field", () => {
    const parser = new CsvRecordParser(",");
    const records: CsvRecord[] = [];
    parser.push('a\n"b\n', records);
    expect(parser.isInsideQuotes).toBe(true);
    expect(parser.currentRow).toBe(2);
  });

  it("reads back any records in any chunks", () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "ñ", " ", ",", ";", '"', "\n", "\r", "x"),
    });
    const record = fc.array(cell, { minLength: 1, maxLength: 5 });
    const nonBlank = record.filter((cells) => cells.some((text) => text.trim() !== ""));
    fc.assert(
      fc.property(
        fc.array(nonBlank, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.array(fc.nat(), { maxLength: 6 }),
        (records, lineBreak, cuts) => {
          const text = records.map((cells) => cells.map(quote).join(",")).join(lineBreak);
          const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort(
            (a, b) => a - b,
          );
          const chunks: string[] = [];
          let start = 0;
          for (const position of [...positions, text.length]) {
            chunks.push(text.slice(start, position));
            start = position;
          }
          const expected = records.map((cells, index) => ({ row: index + 1, cells }));
          expect(parseChunks(chunks)).toEqual(expected);
        },
      ),
    );
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["a;b;c\n", ";"],
    ["a,b;c;d\n", ";"],
    ["a\tb\n", "\t"],
    ["a|b\n", "|"],
    ["single\n", ","],
    ["a,b\nc;d;e;f\n", ","],
    ["\r\n\na;b\n", ";"],
  ])("picks the delimiter of %j", (text, expected) => {
    expect(sniffDelimiter(text)).toBe(expected);
  });
});
