/**
 * Conversions from PostgreSQL wire text to JavaScript values, shared by the embedded and the
 * server database so that both return the same shapes.
 */

/** PostgreSQL type OIDs whose parsing differs from the client libraries' defaults. */
export const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082 } as const;

/**
 * Parses a bigint column. Amounts are integer minor units and stay exact as JavaScript
 * numbers up to 2^53 - 1 (about 9 × 10^15 minor units), far above any public works budget.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint value ${text} is outside the exact range of a JavaScript number`);
  }
  return value;
}

/** Parses a numeric column, which here only holds percentages with two decimals. */
export function parseNumeric(text: string): number {
  return Number(text);
}

/** Keeps a date column as "YYYY-MM-DD", so no time zone shifts the day. */
export function parseDate(text: string): string {
  return text;
}
