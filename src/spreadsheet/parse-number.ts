/**
 * Numbers and money amounts as publishers write them in spreadsheets: "1.234.567,89",
 * "$ 1,234,567.89", "1 234 567,89", "1'234'567.89", "(500)".
 */
import type { Parsed } from "./types.js";

/** Separators of a column's numbers. A separator left out is inferred from each value. */
export interface NumberFormat {
  decimal?: "," | ".";
  /** Digit-group separator; "" means the column never groups digits. */
  thousands?: "," | "." | " " | "'" | "";
}

/** A number split into its digit strings, so that amounts can be scaled without floating point. */
interface DecimalDigits {
  negative: boolean;
  /** Integer digits without separators; "0" when the text starts at the decimal separator. */
  integer: string;
  /** Fraction digits, possibly "". */
  fraction: string;
}

/** Spaces that spreadsheets and word processors put inside or around numbers. */
const SPACES = /[ \u00a0\u2007\u202f]/g;
const SEPARATORS = new Set([",", ".", "'", " "]);

/**
 * Parses a number written with any common decimal and thousands separators.
 *
 * Without `format.decimal`, the separator is inferred. When both "," and "." occur, the last
 * one is the decimal separator. A separator that occurs more than once groups thousands. A
 * lone "," followed by exactly three digits ("1,234") is ambiguous and rejected unless
 * `format.thousands` is given. A lone "." is a decimal point, as in numbers written by
 * programs. Currency symbols and codes at either end are ignored, as in parseAmount.
 */
export function parseNumber(text: string, format?: NumberFormat): Parsed<number> {
  if (text.trim() === "") return { ok: false, reason: "empty" };
  const digits = parseDecimalDigits(stripCurrency(text), format);
  if (!digits.ok) return digits;

  const { negative, integer, fraction } = digits.value;
  const value = Number(`${integer}.${fraction || "0"}`);
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/**
 * Parses a money amount into integer minor units (centavos, cents) of a currency with
 * `minorDigits` decimals.
 *
 * Strips currency symbols ($, €, ₩, £, US$...) and ISO 4217 codes (ARS, MXN, USD...) at either
 * end. Scales on the digit strings, never in floating point. An amount with more decimals than
 * the currency has is rounded half to even ("banker's rounding", which does not bias totals)
 * and `repaired` reports it. Extra decimals that are all zero are dropped silently.
 */
export function parseAmount(
  text: string,
  format: NumberFormat | undefined,
  minorDigits: number,
): Parsed<number> {
  if (!Number.isInteger(minorDigits) || minorDigits < 0 || minorDigits > 8) {
    return { ok: false, reason: `minor digits must be an integer from 0 to 8, not ${minorDigits}` };
  }
  if (text.trim() === "") return { ok: false, reason: "empty" };
  const digits = parseDecimalDigits(stripCurrency(text), format);
  if (!digits.ok) return digits;

  const { negative, integer, fraction } = digits.value;
  const kept = fraction.slice(0, minorDigits).padEnd(minorDigits, "0");
  const dropped = fraction.slice(minorDigits);
  let minor = BigInt(integer + kept);
  let repaired: string | undefined;
  if (/[1-9]/.test(dropped)) {
    if (roundsUp(dropped, minor)) minor += 1n;
    repaired = `rounded to ${minorDigits} decimal${minorDigits === 1 ? "" : "s"}`;
  }

  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, reason: "too large to store exactly" };
  }
  const value = negative && minor !== 0n ? -Number(minor) : Number(minor);
  return repaired ? { ok: true, value, repaired } : { ok: true, value };
}

/** Returns whether dropping `dropped` digits rounds `kept` up, rounding half to even. */
function roundsUp(dropped: string, kept: bigint): boolean {
  const first = dropped.charCodeAt(0) - 48;
  if (first > 5) return true;
  if (first < 5) return false;
  if (/[1-9]/.test(dropped.slice(1))) return true;
  return kept % 2n === 1n;
}

/**
 * Currency symbols, optionally after a country prefix: $, US$, R$, MX$, €, ₩... "U$S" is how
 * Argentina and Uruguay write US dollars.
 */
const CURRENCY_SYMBOL = "(?:[Uu]\\$[Ss]|[A-Z]{0,3}\\$|[€£¥₩₹₱₴₦₪₫₡₲₵₸₺₼₽฿¢])";
const CURRENCY_CODES = new Set(Intl.supportedValuesOf("currency"));

/**
 * ISO 4217 codes of the currencies each symbol is written for. A symbol missing here, such as
 * "$", names too many currencies to tell one from another.
 */
const SYMBOL_CURRENCIES: Record<string, string[]> = {
  US$: ["USD"],
  U$S: ["USD"],
  R$: ["BRL"],
  MX$: ["MXN"],
  CA$: ["CAD"],
  AU$: ["AUD"],
  A$: ["AUD"],
  NZ$: ["NZD"],
  HK$: ["HKD"],
  NT$: ["TWD"],
  S$: ["SGD"],
  C$: ["CAD", "NIO"],
  "€": ["EUR"],
  "£": ["GBP", "EGP", "LBP", "SYP", "GIP", "FKP", "SHP", "SSP"],
  "¥": ["JPY", "CNY"],
  "₩": ["KRW", "KPW"],
  "₹": ["INR"],
  "₱": ["PHP"],
  "₴": ["UAH"],
  "₦": ["NGN"],
  "₪": ["ILS"],
  "₫": ["VND"],
  "₡": ["CRC"],
  "₲": ["PYG"],
  "₵": ["GHS"],
  "₸": ["KZT"],
  "₺": ["TRY"],
  "₼": ["AZN"],
  "₽": ["RUB"],
  "฿": ["THB"],
};

/**
 * Lists the ISO 4217 codes written at either end of an amount: ["USD"] for "USD 5" and for
 * "1.234.567,89 USD". A symbol such as "$" is not listed, because many currencies use it.
 */
export function currencyCodesOf(text: string): string[] {
  return splitCurrency(text).codes;
}

/**
 * Returns the currency mark of an amount that cannot stand for `currency`: "USD" in "USD 5"
 * or "€" in "€ 5" for ARS. Returns undefined when no mark is written or a mark may mean
 * `currency`, as "$" may mean pesos.
 */
export function otherCurrencyOf(text: string, currency: string): string | undefined {
  for (const mark of splitCurrency(text).marks) {
    const codes = CURRENCY_CODES.has(mark) ? [mark] : SYMBOL_CURRENCIES[mark.toUpperCase()];
    if (codes && !codes.includes(currency)) return mark;
  }
  return undefined;
}

/** Removes one currency symbol or ISO 4217 code at the start and one at the end. */
function stripCurrency(text: string): string {
  return splitCurrency(text).rest;
}

/** Splits the currency marks off both ends of a number and lists the ISO 4217 codes. */
function splitCurrency(text: string): { rest: string; codes: string[]; marks: string[] } {
  let rest = text.replace(SPACES, " ").trim();
  const marks: string[] = [];

  // A sign or an opening parenthesis may come before the symbol: "-$5", "($5)".
  const lead = new RegExp(`^([-+(\u2212]?)\\s*(${CURRENCY_SYMBOL}|[A-Z]{3}(?![A-Z]))\\s*`);
  const leadMatch = lead.exec(rest);
  if (leadMatch && isCurrency(leadMatch[2] ?? "")) {
    marks.push(leadMatch[2] ?? "");
    rest = (leadMatch[1] ?? "") + rest.slice(leadMatch[0].length);
  }

  const trail = new RegExp(`(?<![A-Z])\\s*(${CURRENCY_SYMBOL}|[A-Z]{3})\\s*(\\)?)$`);
  const trailMatch = trail.exec(rest);
  if (trailMatch && isCurrency(trailMatch[1] ?? "")) {
    marks.push(trailMatch[1] ?? "");
    rest = rest.slice(0, trailMatch.index) + (trailMatch[2] ?? "");
  }
  return { rest, codes: marks.filter((mark) => CURRENCY_CODES.has(mark)), marks };
}

function isCurrency(token: string): boolean {
  return /^[A-Z]{3}$/.test(token) ? CURRENCY_CODES.has(token) : token !== "";
}

/**
 * Splits a written number into sign, integer digits and fraction digits, checking that its
 * separators are used consistently. See parseNumber for how separators are inferred.
 */
function parseDecimalDigits(text: string, format?: NumberFormat): Parsed<DecimalDigits> {
  const signed = splitSign(text.replace(SPACES, " ").trim());
  if (!signed.ok) return signed;
  const { negative, body } = signed.value;

  const unexpected = /[^0-9.,' ]/.exec(body);
  if (unexpected) return notANumber(`unexpected ${describeCharacter(unexpected[0])}`);
  if (!/[0-9]/.test(body)) return notANumber("no digits");

  const separators = chooseSeparators(body, format);
  if (!separators.ok) return separators;
  const { decimal, thousands } = separators.value;

  const parts = decimal ? body.split(decimal) : [body];
  if (parts.length > 2) return notANumber("two decimal separators");
  const [whole = "", fraction = ""] = parts;
  if (!/^[0-9]*$/.test(fraction)) {
    return notANumber(`a separator after the decimal ${describeCharacter(decimal ?? "")}`);
  }

  const integer = ungroup(whole, thousands);
  if (!integer.ok) return integer;
  const digits = integer.value.replace(/^0+(?=\d)/, "") || "0";
  return { ok: true, value: { negative, integer: digits, fraction } };
}

function splitSign(text: string): Parsed<{ negative: boolean; body: string }> {
  if (text === "") return notANumber("no digits");

  let body = text;
  let negative = false;
  if (body.startsWith("(") && body.endsWith(")")) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  const sign = /^[-+\u2212]/.exec(body);
  if (sign) {
    if (negative) return notANumber("a sign inside parentheses");
    negative = sign[0] !== "+";
    body = body.slice(1).trim();
  }
  if (/^[-+\u2212]/.test(body)) return notANumber("more than one sign");
  return { ok: true, value: { negative, body } };
}

interface Separators {
  decimal: string | undefined;
  /** Characters allowed between digit groups. */
  thousands: string[];
}

function chooseSeparators(body: string, format: NumberFormat | undefined): Parsed<Separators> {
  const present = [...new Set(body.replace(/[0-9]/g, ""))];

  if (format?.decimal) {
    const thousands =
      format.thousands === undefined
        ? [...SEPARATORS].filter((separator) => separator !== format.decimal)
        : [format.thousands].filter((separator) => separator !== "");
    const stray = present.find((c) => c !== format.decimal && !thousands.includes(c));
    if (stray) return notANumber(`unexpected ${describeCharacter(stray)} for this column's format`);
    return { ok: true, value: { decimal: format.decimal, thousands } };
  }

  const marks = present.filter((c) => c === "," || c === ".");
  const grouping: string[] = present.filter((c) => c === " " || c === "'");
  if (format?.thousands) grouping.push(format.thousands);

  if (marks.length === 2) {
    const decimal = body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : ".";
    const thousands = decimal === "," ? "." : ",";
    return { ok: true, value: { decimal, thousands: [thousands, ...grouping] } };
  }
  const [mark] = marks;
  if (mark === undefined) return { ok: true, value: { decimal: undefined, thousands: grouping } };

  const count = body.split(mark).length - 1;
  if (grouping.includes(mark) || count > 1) {
    const thousands = [...new Set([mark, ...grouping])];
    return { ok: true, value: { decimal: undefined, thousands } };
  }
  const isAmbiguous =
    mark === "," &&
    format?.thousands === undefined &&
    grouping.length === 0 &&
    /^[0-9]{1,3},[0-9]{3}$/.test(body);
  if (isAmbiguous) {
    return notANumber(`ambiguous: "${body}" may use "," for thousands or for decimals`);
  }
  return { ok: true, value: { decimal: mark, thousands: grouping } };
}

/** Removes thousands separators, checking that they separate groups of three digits. */
function ungroup(whole: string, thousands: string[]): Parsed<string> {
  const used = thousands.filter((separator) => whole.includes(separator));
  const stray = /[^0-9]/.exec(
    whole
      .split("")
      .filter((c) => !used.includes(c))
      .join(""),
  );
  if (stray) return notANumber(`unexpected ${describeCharacter(stray[0])}`);
  if (used.length === 0) return { ok: true, value: whole };
  if (used.length > 1) return notANumber("mixed thousands separators");

  const groups = whole.split(used[0] ?? "");
  const [first = "", ...rest] = groups;
  const isRegular = /^[0-9]{1,3}$/.test(first) && rest.every((group) => /^[0-9]{3}$/.test(group));
  if (!isRegular) {
    const separator = describeCharacter(used[0] ?? "");
    return notANumber(`${separator} does not separate groups of three digits`);
  }
  return { ok: true, value: groups.join("") };
}

function notANumber(detail: string): { ok: false; reason: string } {
  return { ok: false, reason: `not a number: ${detail}` };
}

/** Names a character so that a person can spot it in a reason: '"a"', 'space', 'line break'. */
export function describeCharacter(character: string): string {
  if (character === " ") return "space";
  if (character === "\n" || character === "\r") return "line break";
  if (character === "\t") return "tab";
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
    return `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return `"${character}"`;
}
