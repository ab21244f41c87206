import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  currencyCodesOf,
  otherCurrencyOf,
  parseAmount,
  parseNumber,
  type NumberFormat,
} from "./parse-number.js";

describe("parseNumber", () => {
  it.each([
    ["1.234.567,89", 1234567.89],
    ["$ 1,234,567.89", 1234567.89],
    ["$1.234.567,89", 1234567.89],
    ["1 234 567,89", 1234567.89],
    ["1\u202f234\u202f567,89", 1234567.89],
    ["1'234'567.89", 1234567.89],
    ["9,9", 9.9],
    ["42", 42],
    ["007", 7],
    ["  \u00a06595600\u00a0 ", 6595600],
    ["-12,5", -12.5],
    ["(1.500,25)", -1500.25],
    ["\u22123", -3],
    ["+3.5", 3.5],
    ["53,160,000.00", 53160000],
    ["21.883.237", 21883237],
    ["1.234", 1.234],
    [".5", 0.5],
    ["-0", 0],
    ["USD 1,200.50", 1200.5],
  ])("reads %j as %d", (text, expected) => {
    const parsed = parseNumber(text);
    expect(parsed).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["1,2,3.4.5", "not a number: two decimal separators"],
    ["12abc", 'not a number: unexpected "a"'],
    ["--5", "not a number: more than one sign"],
    ["(-5)", "not a number: a sign inside parentheses"],
    ["1.23.456", 'not a number: "." does not separate groups of three digits'],
    ["1 2", "not a number: space does not separate groups of three digits"],
    ["1,234", 'not a number: ambiguous: "1,234" may use "," for thousands or for decimals'],
    ["29\n9", "not a number: unexpected line break"],
    ["-", "not a number: no digits"],
    ["5.092.765,21 (dic 21)", 'not a number: unexpected "("'],
  ])("rejects %j", (text, reason) => {
    expect(parseNumber(text)).toEqual({ ok: false, reason });
  });

  it.each(["", "   ", "\u00a0"])("reports %j as empty", (text) => {
    expect(parseNumber(text)).toEqual({ ok: false, reason: "empty" });
  });

  it("reads a lone separator by the given format", () => {
    expect(parseNumber("1.234", { decimal: "," })).toEqual({ ok: true, value: 1234 });
    expect(parseNumber("1,234", { decimal: "." })).toEqual({ ok: true, value: 1234 });
    expect(parseNumber("1,234", { decimal: "," })).toEqual({ ok: true, value: 1.234 });
    expect(parseNumber("1,234", { thousands: "" })).toEqual({ ok: true, value: 1.234 });
    expect(parseNumber("1,234", { thousands: "," })).toEqual({ ok: true, value: 1234 });
  });

  it("rejects separators the format does not allow", () => {
    const format: NumberFormat = { decimal: ",", thousands: "" };
    expect(parseNumber("1.234,5", format)).toEqual({
      ok: false,
      reason: `not a number: unexpected "." for this column's format`,
    });
  });

  it("reads numbers written in locale styles back", () => {
    const styles: [string, NumberFormat][] = [
      ["en-US", { decimal: ".", thousands: "," }],
      ["de-DE", { decimal: ",", thousands: "." }],
      ["es-AR", { decimal: ",", thousands: "." }],
      ["fr-FR", { decimal: ",", thousands: " " }],
      ["de-CH", { decimal: ".", thousands: "'" }],
      ["ko-KR", { decimal: ".", thousands: "," }],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(...styles),
        (whole, cents, [locale, format]) => {
          // Dividing the whole count of cents gives the double nearest the decimal text, as
          // parsing does; whole + cents / 100 can land one double away (2 + 0.97).
          const value = (whole * 100 + (whole < 0 ? -cents : cents)) / 100;
          const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(value);
          const parsed = parseNumber(text, format);
          expect(parsed).toEqual({ ok: true, value });
        },
      ),
    );
  });

  it("infers the separators of numbers with two decimals", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 1e12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom("en-US", "de-DE", "es-AR", "fr-FR", "de-CH"),
        (whole, cents, locale) => {
          const value = (whole * 100 + cents) / 100;
          const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(value);
          expect(parseNumber(text)).toEqual({ ok: true, value });
        },
      ),
    );
  });
});

describe("parseAmount", () => {
  it.each([
    ["$1.234.567,89", 2, 123456789],
    ["$ 36.591.028,02", 2, 3659102802],
    [" $ 31.409.783", 2, 3140978300],
    ["\u00a06595600", 2, 659560000],
    ["205800503,6", 2, 20580050360],
    ["ARS 1.500,00", 2, 150000],
    ["1.500,00 ARS", 2, 150000],
    ["€ 12,5", 2, 1250],
    ["₩5,000,000,000", 0, 5000000000],
    ["MX$ 48,722,980.60", 2, 4872298060],
    ["-$5.25", 2, -525],
    ["($5.25)", 2, -525],
    ["£0.10", 2, 10],
    ["1,000.000", 3, 1000000],
    ["5.000", 0, 5],
    ["20459221.19", 2, 2045922119],
  ])("reads %j with %d minor digits as %d", (text, minorDigits, expected) => {
    expect(parseAmount(text, undefined, minorDigits)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["1.005", 2, 100],
    ["1.015", 2, 102],
    ["1.0051", 2, 101],
    ["-2.5", 0, -2],
    ["3.5", 0, 4],
  ])("rounds %j half to even", (text, minorDigits, expected) => {
    expect(parseAmount(text, { decimal: "." }, minorDigits)).toEqual({
      ok: true,
      value: expected,
      repaired: `rounded to ${minorDigits} decimal${minorDigits === 1 ? "" : "s"}`,
    });
  });

  it("keeps digits exact beyond floating-point precision", () => {
    expect(parseAmount("90071992547409.91", undefined, 2)).toEqual({
      ok: true,
      value: 9007199254740991,
    });
    expect(parseAmount("90071992547409.92", undefined, 2)).toEqual({
      ok: false,
      reason: "too large to store exactly",
    });
  });

  it.each([
    ["12abc", 'not a number: unexpected "a"'],
    ["$39.988.126,29\n $9.330.084,51", "not a number: unexpected line break"],
    ["", "empty"],
    ["$", "not a number: no digits"],
  ])("rejects %j", (text, reason) => {
    expect(parseAmount(text, undefined, 2)).toEqual({ ok: false, reason });
  });

  it("rejects minor digits out of range", () => {
    expect(parseAmount("1", undefined, -1)).toEqual({
      ok: false,
      reason: "minor digits must be an integer from 0 to 8, not -1",
    });
  });

  it("agrees with parseNumber on whole cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
        const text = (cents / 100).toFixed(2);
        expect(parseAmount(text, { decimal: "." }, 2)).toEqual({ ok: true, value: cents });
      }),
    );
  });
});

describe("currencyCodesOf", () => {
  it.each([
    ["USD 5", ["USD"]],
    ["1.234.567,89 USD", ["USD"]],
    ["-ARS 5 EUR", ["ARS", "EUR"]],
    ["(MXN 12)", ["MXN"]],
    ["$ 5", []],
    ["US$ 5", []],
    ["ABC 5", []],
    ["5", []],
  ])("lists the codes of %j", (text, codes) => {
    expect(currencyCodesOf(text)).toEqual(codes);
  });
});

describe("otherCurrencyOf", () => {
  it.each([
    ["USD 5", "ARS", "USD"],
    ["US$ 9", "ARS", "US$"],
    ["U$S 5", "ARS", "U$S"],
    ["u$s 5", "ARS", "u$s"],
    ["€ 5", "ARS", "€"],
    ["R$5", "ARS", "R$"],
    ["£5", "ARS", "£"],
    ["$ 5", "ARS", undefined],
    ["ARS 5", "ARS", undefined],
    ["US$ 5", "USD", undefined],
    ["₩ 5,000", "KRW", undefined],
    ["5", "ARS", undefined],
  ])("finds the foreign mark of %j under %s", (text, currency, mark) => {
    expect(otherCurrencyOf(text, currency)).toBe(mark);
  });

  it("still reads an amount written with U$S", () => {
    expect(parseAmount("U$S 1.500", { decimal: ",", thousands: "." }, 2)).toEqual({
      ok: true,
      value: 150000,
    });
  });
});
