/**
 * CSV written for people who open it in a spreadsheet. Cells are quoted as in RFC 4180, and a
 * cell that a spreadsheet would run as a formula is turned into text.
 */

/** First characters of a cell that a spreadsheet may run as a formula, tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain number such as "-34.6" or "-58,4", which no spreadsheet runs as a formula. */
const PLAIN_NUMBER = /^[-+]?(?:\d+(?:[.,]\d+)*|[.,]\d+)$/;

/**
 * Writes one CSV cell. A cell starting with =, +, -, @, a tab or a carriage return gets a
 * leading "'" so that a spreadsheet shows it as text instead of running it, unless it is a plain
 * number. A cell with a comma, a quote or a line break is then quoted.
 */
export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Writes one CSV line, without its line break, from the cells in column order. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",");
}
