/**
 * Money as integer minor units with an ISO 4217 currency code.
 *
 * Source data gives decimal amounts ("20459221.19" MXN); they are converted once, at the
 * edge, and never handled as floating point afterwards.
 */

/** Minor-unit exponents that differ from 2, from the ISO 4217 table. */
const EXPONENT_EXCEPTIONS: Record<string, number> = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

/** Returns how many decimal places the currency's minor unit has (KRW 0, MXN 2, JOD 3). */
export function currencyExponent(currency: string): number {
  return EXPONENT_EXCEPTIONS[currency.toUpperCase()] ?? 2;
}

/** Raised when an amount cannot be held exactly in minor units. */
export class AmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AmountError";
  }
}

/**
 * Converts a decimal amount in major units to integer minor units, rounding half away from
 * zero at the currency's exponent.
 *
 * Works on the decimal text of the number, so 20459221.19 becomes 2045922119 exactly.
 * Throws AmountError for values that are not finite or exceed 2^53 - 1 minor units.
 */
export function toMinorUnits(amount: number | string, currency: string): number {
  const text = typeof amount === "number" ? numberToPlainText(amount) : amount.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new AmountError(`amount ${JSON.stringify(amount)} is not a decimal number`);
  }

  const exponent = currencyExponent(currency);
  const sign = match[1] === "-" ? -1 : 1;
  const whole = match[2] || "0";
  const fraction = (match[3] ?? "").padEnd(exponent + 1, "0");
  const kept = fraction.slice(0, exponent);
  const roundingDigit = Number(fraction[exponent] ?? "0");

  let minor = BigInt(whole + kept);
  if (roundingDigit >= 5) minor += 1n;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AmountError(`amount ${text} ${currency} is too large to store exactly`);
  }
  return sign * Number(minor);
}

/** Converts integer minor units back to a major-unit number for JSON output. */
export function fromMinorUnits(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? minor : Number((minor / 10 ** exponent).toFixed(exponent));
}

function numberToPlainText(value: number): string {
  if (!Number.isFinite(value)) throw new AmountError(`amount ${value} is not finite`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent notation appears for very small or large numbers; toFixed(20) expands them.
  return value.toFixed(20).replace(/\.?0+$/, "");
}

/**
 * Formats minor units for people, in the given locale, with the currency's symbol. Whole
 * amounts drop the minor digits ("₩5,000,000,000", "MX$1,200"); others show all of them
 * ("MX$48,722,980.60").
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  const digits = minor % 10 ** exponent === 0 ? 0 : exponent;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fromMinorUnits(minor, currency));
}
