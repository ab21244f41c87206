import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv.js";

describe("csvCell", () => {
  it.each([
    ['=HYPERLINK("https://example.org","x")', `"'=HYPERLINK(""https://example.org"",""x"")"`],
    ["=1+1", "'=1+1"],
    ["+54 11 5555", "'+54 11 5555"],
    ["-2-3", "'-2-3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
    ["-", "'-"],
  ])("turns the formula %j into text", (text, expected) => {
    expect(csvCell(text)).toBe(expected);
  });

  it.each([
    ["-34.6", "-34.6"],
    ["+12", "+12"],
    ["-58,4", '"-58,4"'],
    ["-1.234.567,89", '"-1.234.567,89"'],
    ["-.5", "-.5"],
  ])("keeps the plain number %j", (text, expected) => {
    expect(csvCell(text)).toBe(expected);
  });

  it.each([
    ["Plaza 7", "Plaza 7"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["a=b", "a=b"],
  ])("writes the text %j", (text, expected) => {
    expect(csvCell(text)).toBe(expected);
  });
});

describe("csvLine", () => {
  it("joins escaped cells with commas", () => {
    expect(csvLine(["2", "=cmd", "-34.6", "a,b"])).toBe(`2,'=cmd,-34.6,"a,b"`);
  });
});
