/**
 * Calendar dates written "YYYY-MM-DD", as the API takes them. A date that matches the pattern
 * but names no day of the calendar, such as 2026-02-31, is not a date: PostgreSQL refuses it,
 * so it has to be caught as a field error first.
 */

/** True when `text` is a "YYYY-MM-DD" date that exists in the Gregorian calendar. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}
