import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pairTaps, type Tap } from "./card-taps.js";

const at = (clock: string) => {
  const [hour, minute] = clock.split(":").map(Number);
  return hour! * 60 + minute!;
};
let nextRow = 2;
const tap = (reference: string, date: string, clock: string, direction: Tap["direction"]): Tap => ({
  row: nextRow++,
  reference,
  date,
  minute: at(clock),
  direction,
});

describe("pairTaps", () => {
  it("pairs an in and an out into a day with its minutes", () => {
    const taps = [tap("W1", "2026-04-01", "07:30", "in"), tap("W1", "2026-04-01", "17:00", "out")];
    expect(pairTaps(taps)).toEqual({
      days: [
        { reference: "W1", date: "2026-04-01", timeIn: "07:30", timeOut: "17:00", minutes: 570 },
      ],
      problems: [],
    });
  });

  it("leaves a lunch break out", () => {
    const taps = [
      tap("W1", "2026-04-01", "13:00", "in"),
      tap("W1", "2026-04-01", "08:00", "in"),
      tap("W1", "2026-04-01", "17:00", "out"),
      tap("W1", "2026-04-01", "12:00", "out"),
    ];
    const { days, problems } = pairTaps(taps);
    expect(problems).toEqual([]);
    expect(days).toEqual([
      { reference: "W1", date: "2026-04-01", timeIn: "08:00", timeOut: "17:00", minutes: 480 },
    ]);
  });

  it("reports a repeated read as duplicate", () => {
    const first = tap("W1", "2026-04-01", "07:30", "in");
    const again = { ...tap("W1", "2026-04-01", "07:30", "in"), minute: at("07:30") + 0.5 };
    const out = tap("W1", "2026-04-01", "17:00", "out");
    const { days, problems } = pairTaps([first, again, out]);
    expect(days).toHaveLength(1);
    expect(problems).toEqual([
      {
        row: again.row,
        reason: `duplicate tap: the same card tapped in at row ${first.row} less than 60 seconds before`,
      },
    ]);
  });

  it("reports lone taps as unpaired", () => {
    const lonelyIn = tap("W1", "2026-04-01", "07:30", "in");
    const lonelyOut = tap("W2", "2026-04-01", "17:00", "out");
    const { days, problems } = pairTaps([lonelyIn, lonelyOut]);
    expect(days).toEqual([]);
    expect(problems).toEqual([
      {
        row: lonelyIn.row,
        reason: "unpaired tap: in at 07:30 has no out after it on 2026-04-01",
      },
      {
        row: lonelyOut.row,
        reason: "unpaired tap: out at 17:00 has no in before it on 2026-04-01",
      },
    ]);
  });

  it("does not pair taps of different days or different workers", () => {
    const { days, problems } = pairTaps([
      tap("W1", "2026-04-01", "22:00", "in"),
      tap("W1", "2026-04-02", "06:00", "out"),
      tap("W2", "2026-04-01", "23:00", "out"),
    ]);
    expect(days).toEqual([]);
    expect(problems.map((problem) => problem.reason.slice(0, 14))).toEqual([
      "unpaired tap: ",
      "unpaired tap: ",
      "unpaired tap: ",
    ]);
  });
});

/** Shifts of one worker-day: sorted, non-overlapping [in, out] minute pairs, apart by > 1 min. */
const shifts = fc
  .uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 0, maxLength: 8 })
  .map((minutes) => minutes.sort((a, b) => a - b))
  .filter((minutes) => minutes.length % 2 === 0)
  .filter((minutes) =>
    minutes.every((minute, index) => index === 0 || minute - minutes[index - 1]! > 1),
  );

const workerDays = fc.uniqueArray(
  fc.record({
    reference: fc.constantFrom("W1", "W2", "W3"),
    date: fc.constantFrom("2026-04-01", "2026-04-02"),
    minutes: shifts,
  }),
  { selector: (day) => `${day.reference}/${day.date}`, maxLength: 6 },
);

const anyTaps = fc
  .array(
    fc.record({
      reference: fc.constantFrom("W1", "W2"),
      date: fc.constantFrom("2026-04-01", "2026-04-02"),
      minute: fc.integer({ min: 0, max: 1439 }),
      direction: fc.constantFrom("in" as const, "out" as const),
    }),
    { maxLength: 30 },
  )
  .map((taps) => taps.map((item, index) => ({ ...item, row: index + 2 })));

describe("pairTaps properties", () => {
  it("pairs well-formed shifts exactly", () => {
    fc.assert(
      fc.property(workerDays, (days) => {
        const taps: Tap[] = [];
        let row = 2;
        for (const day of days) {
          day.minutes.forEach((minute, index) => {
            const direction = index % 2 === 0 ? "in" : "out";
            taps.push({ row: row++, reference: day.reference, date: day.date, minute, direction });
          });
        }
        const paired = pairTaps(taps);
        expect(paired.problems).toEqual([]);
        const worked = days.filter((day) => day.minutes.length > 0);
        expect(paired.days).toHaveLength(worked.length);
        for (const day of worked) {
          const found = paired.days.find(
            (candidate) => candidate.reference === day.reference && candidate.date === day.date,
          );
          let minutes = 0;
          for (let index = 0; index < day.minutes.length; index += 2) {
            minutes += day.minutes[index + 1]! - day.minutes[index]!;
          }
          expect(found?.minutes).toBe(minutes);
        }
      }),
    );
  });

  it("accounts for every tap once", () => {
    fc.assert(
      fc.property(anyTaps, fc.nat(), (taps, seed) => {
        const paired = pairTaps(taps);
        // Each day's minutes fit inside its first in and last out, and inside a day.
        for (const day of paired.days) {
          expect(day.timeIn <= day.timeOut).toBe(true);
          expect(day.minutes).toBeGreaterThanOrEqual(0);
          expect(day.minutes).toBeLessThanOrEqual(1440);
        }
        // A tap is reported at most once, and every problem names a tap of the input.
        const reported = paired.problems.map((problem) => problem.row);
        expect(new Set(reported).size).toBe(reported.length);
        const rows = new Set(taps.map((item) => item.row));
        expect(reported.every((row) => rows.has(row))).toBe(true);
        // Each worker-day pairs as many ins as outs: taps not reported split evenly.
        for (const reference of ["W1", "W2"]) {
          for (const date of ["2026-04-01", "2026-04-02"]) {
            const kept = taps.filter(
              (item) =>
                item.reference === reference && item.date === date && !reported.includes(item.row),
            );
            const ins = kept.filter((item) => item.direction === "in").length;
            expect(kept.length - ins).toBe(ins);
            const worked = paired.days.some(
              (day) => day.reference === reference && day.date === date,
            );
            expect(worked).toBe(ins > 0);
          }
        }
        // The file's order does not change the outcome.
        const shuffled = [...taps].sort(
          (a, b) => ((a.row * 7919 + seed) % 101) - ((b.row * 7919 + seed) % 101),
        );
        expect(pairTaps(shuffled)).toEqual(paired);
      }),
    );
  });
});
