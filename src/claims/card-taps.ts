/**
 * Pairing card-reader taps into days worked. A tap is one read of a worker's card at a gate:
 * in or out, at a site-local time. Per worker and calendar day, taps are taken in time order.
 * An in followed by an out is a stretch of work, and a day with at least one stretch is a day
 * worked. Whatever does not pair is reported, never guessed.
 */

/** One read of a card, already matched to a worker. */
export interface Tap {
  /** Row number in the file, as a person counts it (the header is row 1). */
  row: number;
  reference: string;
  /** "YYYY-MM-DD", site-local. */
  date: string;
  /** Minutes since midnight, site-local, with seconds as a fraction. */
  minute: number;
  direction: "in" | "out";
}

/** A day worked, from the first paired in to the last paired out. */
export interface WorkedDay {
  reference: string;
  date: string;
  /** "HH:MM" of the first paired in and the last paired out. */
  timeIn: string;
  timeOut: string;
  /** Minutes inside paired stretches, rounded down. */
  minutes: number;
}

/** A tap left out of the days worked, and why. */
export interface TapProblem {
  row: number;
  reason: string;
}

/**
 * Two taps of one card in the same direction within this many seconds are one tap read twice:
 * readers commonly read a card held against them more than once.
 */
export const DUPLICATE_SECONDS = 60;

/** Returns "HH:MM" for minutes since midnight, dropping seconds. */
export function clockTime(minute: number): string {
  const whole = Math.floor(minute);
  return `${String(Math.floor(whole / 60)).padStart(2, "0")}:${String(whole % 60).padStart(2, "0")}`;
}

/**
 * Pairs taps into days worked per worker and date, taking each day's taps in time order (row
 * order for equal times). A repeat of the previous tap's direction within `DUPLICATE_SECONDS`
 * is a duplicate. An in followed by an out pairs. An in followed by another in, an out with no
 * open in, and an in still open at the day's end are unpaired. The result does not depend on
 * the order of `taps`, only on their times and rows.
 */
export function pairTaps(taps: readonly Tap[]): { days: WorkedDay[]; problems: TapProblem[] } {
  const byDay = new Map<string, Tap[]>();
  for (const tap of taps) {
    const key = `${tap.reference}\u0000${tap.date}`;
    const list = byDay.get(key) ?? [];
    list.push(tap);
    byDay.set(key, list);
  }

  const days: WorkedDay[] = [];
  const problems: TapProblem[] = [];
  for (const dayTaps of byDay.values()) {
    const day = pairDay(dayTaps.sort((a, b) => a.minute - b.minute || a.row - b.row));
    problems.push(...day.problems);
    if (day.stretches.length === 0) continue;
    const first = dayTaps[0]!;
    days.push({
      reference: first.reference,
      date: first.date,
      timeIn: clockTime(day.stretches[0]![0]),
      timeOut: clockTime(day.stretches[day.stretches.length - 1]![1]),
      minutes: Math.floor(day.stretches.reduce((sum, [from, to]) => sum + (to - from), 0)),
    });
  }
  days.sort((a, b) => a.reference.localeCompare(b.reference) || a.date.localeCompare(b.date));
  problems.sort((a, b) => a.row - b.row);
  return { days, problems };
}

function pairDay(sorted: Tap[]) {
  const stretches: [number, number][] = [];
  const problems: TapProblem[] = [];
  let open: Tap | null = null;
  let previous: Tap | null = null;
  for (const tap of sorted) {
    if (
      previous &&
      previous.direction === tap.direction &&
      (tap.minute - previous.minute) * 60 <= DUPLICATE_SECONDS
    ) {
      problems.push({
        row: tap.row,
        reason: `duplicate tap: the same card tapped ${tap.direction} at row ${previous.row} less than ${DUPLICATE_SECONDS} seconds before`,
      });
      continue;
    }
    previous = tap;
    if (tap.direction === "in") {
      if (open) {
        problems.push({
          row: open.row,
          reason: `unpaired tap: in at ${clockTime(open.minute)} is followed by another in at row ${tap.row}, with no out between`,
        });
      }
      open = tap;
    } else if (open) {
      stretches.push([open.minute, tap.minute]);
      open = null;
    } else {
      problems.push({
        row: tap.row,
        reason: `unpaired tap: out at ${clockTime(tap.minute)} has no in before it on ${tap.date}`,
      });
    }
  }
  if (open) {
    problems.push({
      row: open.row,
      reason: `unpaired tap: in at ${clockTime(open.minute)} has no out after it on ${open.date}`,
    });
  }
  return { stretches, problems };
}
