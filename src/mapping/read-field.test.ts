import { describe, expect, it } from "vitest";
import type { RowIssue } from "./issues.js";
import { FieldReader } from "./read-field.js";
import type { FieldMapping } from "./schema.js";
import { TEST_COLUMNS, testCells, testMapping } from "./testing.js";

const reader = new FieldReader(testMapping(), TEST_COLUMNS);

/** Reads the `monto` cell as `budget.amount`, with `changes` to the test mapping's field. */
function readAmount(monto: string, changes: Partial<FieldMapping> = {}) {
  const field = { ...testMapping().fields["budget.amount"], ...changes } as FieldMapping;
  const issues: RowIssue[] = [];
  const value = reader.read({ row: 4, cells: testCells(1, { monto }) }, field, issues, "budget");
  return { value, issues };
}

describe("FieldReader amounts", () => {
  it.each(["USD 5", "1.234.567,89 USD", "(EUR 12)"])("rejects another currency in %j", (monto) => {
    const { value, issues } = readAmount(monto);
    const code = /[A-Z]{3}/.exec(monto)?.[0];
    expect(value).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe("unparseable-amount");
    expect(issues[0]?.message).toBe(`budget: currency ${code} differs from the mapping's ARS`);
  });

  it.each(["US$ 1.500,5", "U$S 1.500", "€ 5", "R$5"])(
    "rejects a symbol of another currency in %j",
    (monto) => {
      const { value, issues } = readAmount(monto);
      expect(value).toBeUndefined();
      expect(issues[0]?.code).toBe("unparseable-amount");
      expect(issues[0]?.message).toMatch(/^budget: currency \S+ differs from the mapping's ARS$/);
    },
  );

  it.each([
    ["ARS 1.500,5", 150050],
    ["1.500,5 ARS", 150050],
    ["$ 1.500,5", 150050],
  ])("accepts the mapping's currency or a symbol in %j", (monto, expected) => {
    const { value, issues } = readAmount(monto);
    expect(issues).toEqual([]);
    expect(value).toBe(expected);
  });

  it("reports an amount rounded to minor digits", () => {
    const { value, issues } = readAmount("0,006");
    expect(value).toBe(1);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "amount-rounded", action: "warn", value: "0,006" });
    expect(issues[0]?.message).toBe("budget: rounded to 2 decimals: 0.01 ARS; the value is kept");
  });

  it("keeps zero decimals past the minor digits quietly", () => {
    const { value, issues } = readAmount("12,500");
    expect(issues).toEqual([]);
    expect(value).toBe(1250);
  });

  it("reports rounding even for a skip-row field", () => {
    const { value, issues } = readAmount("0,001", { onProblem: "skip-row" });
    expect(value).toBe(0);
    expect(issues.map((issue) => [issue.code, issue.action])).toEqual([["amount-rounded", "warn"]]);
  });

  it("applies range in major units", () => {
    const range = { min: 0, max: 1000.5 };
    expect(readAmount("-0,01", { range }).issues[0]).toMatchObject({
      code: "value-out-of-range",
      message: "budget: -0.01 ARS is outside 0 to 1000.5",
    });
    expect(readAmount("-0,01", { range }).value).toBeUndefined();
    expect(readAmount("1.000,51", { range }).issues[0]?.code).toBe("value-out-of-range");
    expect(readAmount("1.000,50", { range })).toEqual({ value: 100050, issues: [] });
    expect(readAmount("0", { range })).toEqual({ value: 0, issues: [] });
  });

  it("compares a decimal bound exactly", () => {
    const range = { min: 0.29, max: 0.29 };
    expect(readAmount("0,29", { range })).toEqual({ value: 29, issues: [] });
  });
});
