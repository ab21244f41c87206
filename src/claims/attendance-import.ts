/**
 * Importing daily attendance from a card-reader export: a CSV (or XLSX) with one row per tap,
 * read with the project's spreadsheet reader (encoding and delimiter detected, rows streamed).
 * Each row names a card or worker reference, a site-local timestamp, and either a direction
 * (in or out) or the reader or gate that read the card, which the caller names as an entry or
 * an exit reader. Taps are paired per worker and day (`card-taps.ts`) into days worked, which
 * are recorded like entered attendance. Rows that cannot be used are reported with their row
 * number and reason and left out; a file that cannot be read stores nothing.
 */
import { errors, type Problem } from "../http/errors.js";
import { openSheet } from "../spreadsheet/open-sheet.js";
import { SheetError } from "../spreadsheet/sheet-error.js";
import type { SheetOptions } from "../spreadsheet/types.js";
import { pairTaps, type Tap, type TapProblem, type WorkedDay } from "./card-taps.js";
import { ownsWorker, type PayeeActor } from "./payee-access.js";
import { loadContractPeriod } from "./project.js";
import { attendanceDateProblem, recordAttendance } from "./workers.js";
import type { ClaimsDb } from "./tables.js";

/** The header names of the columns to read; matched ignoring case and surrounding spaces. */
export interface TapColumns {
  card: string;
  time: string;
  /** The in/out column; when the file has none, `reader` and the reader lists are used. */
  direction: string;
  reader: string;
}

/** The column names used when the caller names none. */
export const DEFAULT_TAP_COLUMNS: TapColumns = {
  card: "card",
  time: "time",
  direction: "direction",
  reader: "reader",
};

/** How to read a card-reader export. */
export interface TapImportOptions {
  columns?: Partial<TapColumns>;
  /** Reader or gate names that mean in, and those that mean out (ignoring case). */
  entryReaders?: string[];
  exitReaders?: string[];
  /** Read and pair, report what would be recorded, and store nothing. */
  dryRun?: boolean;
  /**
   * The caller. A subcontractor's rows for workers of other organisations are left out and
   * reported; left out for the server's own import, which reads every card.
   */
  acting?: PayeeActor;
  /** Today as "YYYY-MM-DD" (UTC); taps after it are left out and reported. */
  today?: string;
  sheet?: Pick<SheetOptions, "encoding" | "delimiter" | "maxBytes">;
}

/** The outcome of an import: the days found, the days recorded and the rows left out. */
export interface TapImportReport {
  dryRun: boolean;
  /** Data rows read. */
  rows: number;
  /** Taps used for pairing. */
  taps: number;
  days: WorkedDay[];
  /** Days written (0 in a dry run); a day recorded before is replaced. */
  recorded: number;
  problems: TapProblem[];
}

/** Words a direction cell may hold, in English, Spanish and Korean, and the common codes. */
const DIRECTIONS: Record<string, "in" | "out"> = {
  in: "in",
  i: "in",
  entry: "in",
  enter: "in",
  "1": "in",
  entrada: "in",
  출근: "in",
  입장: "in",
  out: "out",
  o: "out",
  exit: "out",
  leave: "out",
  "0": "out",
  salida: "out",
  퇴근: "out",
  퇴장: "out",
};

/** "YYYY-MM-DD HH:MM[:SS]", with "T" or a space, "-", "/" or "." between the date's parts. */
const TIMESTAMP =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads the card-reader export at `file`, pairs its taps into days worked and, unless it is a
 * dry run, records them. Raises invalid_input on `file` when the file cannot be read, and on
 * the column options when the header lacks a column; nothing is stored then.
 */
export async function importCardTaps(
  db: ClaimsDb,
  projectId: string,
  file: { path: string; name: string },
  options: TapImportOptions = {},
): Promise<TapImportReport> {
  // The completion date in force moves with approved time extensions.
  const period = await loadContractPeriod(db, projectId);
  const workers = await db
    .selectFrom("payment_workers")
    .select(["id", "reference"])
    .where("project_id", "=", projectId)
    .execute();
  const known = new Set(workers.map((worker) => worker.reference));
  const own = new Set<string>();
  for (const worker of workers) {
    if (!options.acting || (await ownsWorker(db, options.acting, worker.id))) {
      own.add(worker.reference);
    }
  }

  const outsidePeriod = (date: string) => {
    const problem = attendanceDateProblem(date, period, options.today);
    return problem === null ? null : `tap on ${problem}`;
  };
  const read = await readTaps(file, options, outsidePeriod);
  const problems = read.problems;
  const taps = read.taps.filter((tap) => {
    if (own.has(tap.reference)) return true;
    problems.push({
      row: tap.row,
      reason: known.has(tap.reference)
        ? `other organisation's card: ${tap.reference} is not a worker of your organisation`
        : `unknown card: ${tap.reference} is not a worker of this project`,
    });
    return false;
  });

  const paired = pairTaps(taps);
  const allProblems = [...problems, ...paired.problems].sort((a, b) => a.row - b.row);
  const dryRun = options.dryRun ?? false;
  let recorded = 0;
  if (!dryRun && paired.days.length > 0) {
    ({ recorded } = await recordAttendance(
      db,
      projectId,
      paired.days.map((day) => ({
        reference: day.reference,
        date: day.date,
        timeIn: day.timeIn,
        timeOut: day.timeOut,
      })),
    ));
  }
  return {
    dryRun,
    rows: read.rows,
    taps: taps.length,
    days: paired.days,
    recorded,
    problems: allProblems,
  };
}

/** Finds each named column in the header, or raises invalid_input naming the option. */
function locateColumns(header: string[], options: TapImportOptions) {
  const names = { ...DEFAULT_TAP_COLUMNS, ...definedOnly(options.columns ?? {}) };
  const folded = header.map((name) => name.trim().toLowerCase());
  const indexOf = (name: string) => folded.indexOf(name.trim().toLowerCase());
  const problems: Problem[] = [];
  const card = indexOf(names.card);
  const time = indexOf(names.time);
  const direction = indexOf(names.direction);
  const reader = indexOf(names.reader);
  const listed = `the file's columns are ${header.join(", ")}`;
  if (card < 0) {
    problems.push({ path: "cardColumn", message: `no column is named ${names.card}; ${listed}` });
  }
  if (time < 0) {
    problems.push({ path: "timeColumn", message: `no column is named ${names.time}; ${listed}` });
  }
  if (direction < 0 && reader < 0) {
    problems.push({
      path: "directionColumn",
      message: `no column is named ${names.direction} or ${names.reader}; ${listed}`,
    });
  }
  if (direction < 0 && reader >= 0) {
    if ((options.entryReaders ?? []).length === 0 || (options.exitReaders ?? []).length === 0) {
      problems.push({
        path: "entryReaders",
        message: "the file has no direction column, so name the entry readers and the exit readers",
      });
    }
  }
  if (problems.length > 0) throw errors.invalidInput(problems, "The file lacks a named column.");
  return { card, time, direction, reader };
}

function definedOnly(columns: Partial<TapColumns>): Partial<TapColumns> {
  return Object.fromEntries(
    Object.entries(columns).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
}

async function readTaps(
  file: { path: string; name: string },
  options: TapImportOptions,
  outsidePeriod: (date: string) => string | null,
): Promise<{ taps: Tap[]; rows: number; problems: TapProblem[] }> {
  const taps: Tap[] = [];
  const problems: TapProblem[] = [];
  let rows = 0;
  const entry = new Set((options.entryReaders ?? []).map((name) => name.trim().toLowerCase()));
  const exit = new Set((options.exitReaders ?? []).map((name) => name.trim().toLowerCase()));
  try {
    const sheet = await openSheet(file.path, options.sheet ?? {});
    const at = locateColumns(sheet.columns, options);
    for await (const row of sheet.rows()) {
      rows += 1;
      const cell = (index: number) => (index >= 0 ? (row.cells[index] ?? "").trim() : "");
      const card = cell(at.card);
      const stamp = parseTimestamp(cell(at.time));
      const direction =
        at.direction >= 0
          ? readDirection(cell(at.direction))
          : readerDirection(cell(at.reader), entry, exit);
      const reason = !card
        ? "the card cell is empty"
        : typeof stamp === "string"
          ? stamp
          : typeof direction === "object"
            ? direction.reason
            : outsidePeriod(stamp.date);
      if (reason) {
        problems.push({ row: row.row, reason });
        continue;
      }
      const { date, minute } = stamp as { date: string; minute: number };
      taps.push({
        row: row.row,
        reference: card,
        date,
        minute,
        direction: direction as Tap["direction"],
      });
    }
  } catch (error) {
    if (error instanceof SheetError) {
      const message = error.message.split(file.path).join(file.name);
      throw errors.invalidInput([{ path: "file", message }], `The file cannot be read: ${message}`);
    }
    throw error;
  }
  return { taps, rows, problems };
}

/** Parses a site-local timestamp; a zone suffix is read past, keeping the clock as written. */
export function parseTimestamp(text: string): { date: string; minute: number } | string {
  if (text === "") return "the time cell is empty";
  const match = TIMESTAMP.exec(text);
  if (!match) return `${text} is not a time of the form YYYY-MM-DD HH:MM[:SS]`;
  const [, year, month, day, hour, minute, second] = match;
  const date = `${year}-${month!.padStart(2, "0")}-${day!.padStart(2, "0")}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) {
    return `${text} is not a calendar date`;
  }
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) {
    return `${text} is not a time of day`;
  }
  return { date, minute: Number(hour) * 60 + Number(minute) + Number(second ?? 0) / 60 };
}

function readDirection(text: string): "in" | "out" | { reason: string } {
  const direction = DIRECTIONS[text.toLowerCase()];
  if (direction) return direction;
  return {
    reason:
      text === ""
        ? "the direction cell is empty"
        : `${text} is not a direction; use in or out (or entry/exit)`,
  };
}

function readerDirection(
  text: string,
  entry: Set<string>,
  exit: Set<string>,
): "in" | "out" | { reason: string } {
  const name = text.toLowerCase();
  if (entry.has(name)) return "in";
  if (exit.has(name)) return "out";
  return {
    reason:
      text === ""
        ? "the reader cell is empty"
        : `reader ${text} is named neither an entry nor an exit reader`,
  };
}
