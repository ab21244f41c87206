import { parseArgs } from "node:util";
import path from "node:path";
import { importCardTaps, type TapImportReport } from "../claims/attendance-import.js";
import { claimTables } from "../claims/tables.js";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import type { Database } from "../db/database.js";
import { AppError } from "../http/errors.js";
import type { CliCommand } from "./command.js";

const HELP = `Usage: ccs attendance import --project ID [OPTIONS] FILE

Reads a card-reader export (CSV or XLSX, one row per tap), pairs each worker's in and out taps
per day into days worked, and records them as the project's attendance. Rows that cannot be
used are listed with their row number and reason; the other rows are recorded.

Options:
  --project ID             the workspace project (required)
  --dry-run                read and pair, list what would be recorded, store nothing
  --card-column NAME       header of the card or worker reference column (default: card)
  --time-column NAME       header of the time column, YYYY-MM-DD HH:MM[:SS] (default: time)
  --direction-column NAME  header of the in/out column (default: direction)
  --reader-column NAME     header of the reader or gate column (default: reader)
  --entry-readers A,B      reader names that mean in, when there is no direction column
  --exit-readers A,B       reader names that mean out, when there is no direction column
  --encoding NAME          text encoding of a CSV file (detected when left out)
  --delimiter D            field delimiter of a CSV file: , ; | or tab (detected when left out)

Exit status: 0 when every row was used, 1 when some rows were left out or the file could not
be read, 2 for a usage error.`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  project: { type: "string" },
  "dry-run": { type: "boolean" },
  "card-column": { type: "string" },
  "time-column": { type: "string" },
  "direction-column": { type: "string" },
  "reader-column": { type: "string" },
  "entry-readers": { type: "string" },
  "exit-readers": { type: "string" },
  encoding: { type: "string" },
  delimiter: { type: "string" },
} as const;

/**
 * Runs `ccs attendance …` on an open database, printing with `print`, and returns the exit
 * status. Kept apart from `attendanceCommand` so that tests can run it on a test database.
 */
export async function runAttendanceCommand(
  database: Pick<Database, "db">,
  argv: string[],
  print: (line: string) => void,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    print(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    print(HELP);
    return 0;
  }
  if (positionals[0] !== "import" || positionals.length !== 2 || !values.project) {
    print(`Expected "import", --project and one file.\n\n${HELP}`);
    return 2;
  }

  const file = positionals[1]!;
  const list = (text: string | undefined) =>
    (text ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== "");
  try {
    const report = await importCardTaps(
      claimTables(database.db),
      values.project,
      { path: file, name: path.basename(file) },
      {
        dryRun: values["dry-run"] ?? false,
        columns: {
          card: values["card-column"],
          time: values["time-column"],
          direction: values["direction-column"],
          reader: values["reader-column"],
        },
        entryReaders: list(values["entry-readers"]),
        exitReaders: list(values["exit-readers"]),
        sheet: {
          encoding: values.encoding,
          delimiter: values.delimiter === "tab" ? "\t" : values.delimiter,
        },
      },
    );
    printReport(report, print);
    return report.problems.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    print(error.message);
    for (const problem of error.problems) print(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
}

function printReport(report: TapImportReport, print: (line: string) => void): void {
  const stored = report.dryRun
    ? `dry run, ${report.days.length} days would be recorded`
    : `${report.recorded} days recorded`;
  print(
    `Read ${report.rows} rows, paired ${report.taps} taps: ${stored}; ` +
      `${report.problems.length} rows left out.`,
  );
  for (const problem of report.problems) print(`  row ${problem.row}: ${problem.reason}`);
}

/** `ccs attendance import`: the card-reader import of the workspace API, from a shell. */
export const attendanceCommand: CliCommand = {
  summary: "import daily attendance from a card-reader export",
  async run(argv) {
    if (argv.includes("--help") || argv.includes("-h")) {
      console.log(HELP);
      return 0;
    }
    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    try {
      await migrate(database);
      return await runAttendanceCommand(database, argv, (line) => console.log(line));
    } finally {
      await database.close();
    }
  },
};
