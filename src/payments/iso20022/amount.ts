/**
 * Decimal amounts of ISO 20022 messages, converted to and from integer minor units on their
 * text, never through floating point.
 */
import { currencyExponent } from "../../shared/money.js";

/** Formats minor units as the decimal text of an ISO 20022 amount: 123456 EUR is "1234.56". */
export function formatAmount(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  const sign = value < 0n ? "-" : "";
  const digits = (value < 0n ? -value : value).toString().padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Parses the decimal text of an ISO 20022 amount into minor units. Raises a RangeError when
 * the text is not a plain non-negative decimal, or has more decimals than the currency has
 * minor digits (other than trailing zeros), or does not fit a safe integer.
 */
export function parseAmount(text: string, currency: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`amount "${text}" is not a decimal number`);

  const exponent = currencyExponent(currency);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > exponent) {
    throw new RangeError(`amount "${text}" has more decimals than ${currency} allows`);
  }
  const minor = BigInt(match[1]! + fraction.padEnd(exponent, "0"));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount "${text}" is too large to hold exactly`);
  }
  return Number(minor);
}
