import { describe, expect, it } from "vitest";
import {
  AmountError,
  currencyExponent,
  formatMoney,
  fromMinorUnits,
  toMinorUnits,
} from "./money.js";

describe("toMinorUnits", () => {
  it.each([
    [20459221.19, "MXN", 2045922119],
    ["20459221.19", "MXN", 2045922119],
    [1_000_000_000, "KRW", 1_000_000_000],
    [0.1 + 0.2, "USD", 30],
    ["12.345", "MXN", 1235],
    ["-12.345", "MXN", -1235],
    ["1.2345", "JOD", 1235],
    [0, "MXN", 0],
    [1e21, "KRW", null],
  ])("converts %s %s to %s", (amount, currency, expected) => {
    if (expected === null) {
      expect(() => toMinorUnits(amount, currency)).toThrow(AmountError);
    } else {
      expect(toMinorUnits(amount, currency)).toBe(expected);
    }
  });

  it("rejects text that is not a decimal number", () => {
    expect(() => toMinorUnits("12,5", "MXN")).toThrow(/not a decimal number/);
    expect(() => toMinorUnits(".", "MXN")).toThrow(AmountError);
    expect(() => toMinorUnits(Number.NaN, "MXN")).toThrow(AmountError);
  });
});

describe("fromMinorUnits", () => {
  it("restores the decimal amount", () => {
    expect(fromMinorUnits(2045922119, "MXN")).toBe(20459221.19);
    expect(fromMinorUnits(5_000_000, "KRW")).toBe(5_000_000);
    expect(currencyExponent("krw")).toBe(0);
  });
});

describe("formatMoney", () => {
  it.each([
    [4872298060, "MXN", "en", "MX$48,722,980.60"],
    [120000, "MXN", "en", "MX$1,200"],
    [5_000_000_000, "KRW", "en", "₩5,000,000,000"],
    [4872298060, "MXN", "es-MX", "$48,722,980.60"],
  ])("formats %s %s in %s as %s", (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });
});
