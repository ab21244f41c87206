/**
 * Calendar days for the demo, counted as whole days since 1970-01-01 (UTC).
 *
 * Dates are written with the Seoul offset (+09:00) at 09:00 for the start of something and
 * 18:00 for its end. Both times fall on the same calendar date in Seoul and in UTC, so a
 * reader that keeps only the date gets the intended day either way.
 */

const MILLISECONDS_PER_DAY = 86_400_000;

/** Returns the day that contains `date` in UTC. */
export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / MILLISECONDS_PER_DAY);
}

/** Returns the day of a calendar date given as year, month (1–12) and day of month. */
export function dayFromParts(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / MILLISECONDS_PER_DAY;
}

/** Formats a day as YYYY-MM-DD. */
export function isoDate(day: number): string {
  return new Date(day * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

/** Formats a day as an OC4IDS date-time at 09:00 Seoul time: the start of a period or event. */
export function startDateTime(day: number): string {
  return `${isoDate(day)}T09:00:00+09:00`;
}

/** Formats a day as an OC4IDS date-time at 18:00 Seoul time: the end of a period. */
export function endDateTime(day: number): string {
  return `${isoDate(day)}T18:00:00+09:00`;
}

/** Returns the first day of the month that contains `day`. */
export function startOfMonth(day: number): number {
  const date = new Date(day * MILLISECONDS_PER_DAY);
  return dayFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** Returns the last day of the month that contains `day`. */
export function endOfMonth(day: number): number {
  const date = new Date(day * MILLISECONDS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / MILLISECONDS_PER_DAY;
}

/** Returns the last day of every month from the month of `first` to the month of `last`, in order. */
export function monthEnds(first: number, last: number): number[] {
  const ends: number[] = [];
  for (let end = endOfMonth(first); ; end = endOfMonth(end + 1)) {
    ends.push(end);
    if (end >= last) break;
  }
  return ends;
}
