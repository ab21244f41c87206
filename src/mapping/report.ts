import { writeFile } from "node:fs/promises";
import path from "node:path";
import { csvLine } from "../shared/csv.js";
import type { RowOutcome, SheetImportReport, SheetSettings } from "./import-sheet.js";

/** Number of example rows printed per issue code. */
const EXAMPLES_PER_CODE = 3;

/**
 * Formats a spreadsheet import for people: the outcome, rows read and skipped, projects
 * created, updated and unchanged, a CSV file's encoding and delimiter, each issue code with its
 * count and first examples, the projects the file no longer lists, then the problems that
 * failed the import.
 */
export function formatSheetReport(report: SheetImportReport): string {
  const verb = report.dryRun ? "Dry run" : "Import";
  const id = report.importId === null ? "" : ` ${report.importId}`;
  const counts = report.counts;
  const lines = [
    `${verb}${id} ${report.status}: ${report.rowsRead} row(s) read, ${report.rowsSkipped} skipped.`,
    `  projects: ${counts.projectsCreated} created, ${counts.projectsUpdated} updated, ` +
      `${counts.projectsUnchanged} unchanged`,
  ];
  if (report.sheet?.format === "csv") lines.push(`  file: ${describeCsv(report.sheet)}`);

  const codes = Object.entries(report.issueCounts).sort(([a], [b]) => a.localeCompare(b));
  if (codes.length > 0) lines.push("Issues by kind:");
  for (const [code, count] of codes) {
    lines.push(`  ${code}: ${count}`);
    const examples = report.rows
      .flatMap((row) => row.issues)
      .filter((issue) => issue.code === code)
      .slice(0, EXAMPLES_PER_CODE);
    for (const issue of examples) {
      const value = issue.value === "" ? "" : ` ${JSON.stringify(issue.value)}`;
      lines.push(`    row ${issue.row}, ${issue.column}${value}: ${oneLine(issue.message)}`);
    }
  }

  const other = report.warnings.filter((warning) => warning.row === undefined);
  const notes = other.filter((warning) => warning.code !== "missing-from-source");
  if (notes.length > 0) lines.push("File notes:");
  for (const note of notes) lines.push(`  ${note.code}: ${note.message}`);

  if (report.missingFromSource.length > 0) {
    const shown = report.missingFromSource.slice(0, 10).join(", ");
    const more = report.missingFromSource.length > 10 ? ", …" : "";
    lines.push(
      `Missing from this file but imported from "${report.sourceKey}" before (kept): ` +
        `${report.missingFromSource.length}: ${shown}${more}`,
    );
  }

  if (report.problems.length > 0) {
    lines.push(`Problems (${report.problems.length}); nothing was stored:`);
    for (const problem of report.problems) {
      const at = problem.row === undefined ? problem.source : `row ${problem.row}`;
      const project = problem.projectId ? ` ${problem.projectId}` : "";
      const pointer = problem.pointer ? ` ${problem.pointer}` : "";
      lines.push(`  ${at}${project}${pointer}: ${problem.message} [${problem.code}]`);
    }
  }
  return lines.join("\n");
}

/** Describes how a CSV file was read: `encoding utf-8 (detected), delimiter ";" (given)`. */
function describeCsv(settings: SheetSettings): string {
  const origin = (detected: boolean) => (detected ? "detected" : "given");
  const parts: string[] = [];
  if (settings.encoding) {
    parts.push(`encoding ${settings.encoding.name} (${origin(settings.encoding.detected)})`);
  }
  if (settings.delimiter) {
    const { character, detected } = settings.delimiter;
    const delimiterName = character === "\t" ? "tab" : JSON.stringify(character);
    parts.push(`delimiter ${delimiterName} (${origin(detected)})`);
  }
  return `CSV, ${parts.join(", ")}`;
}

/** Writes line breaks inside a message as "\\n", so that each example stays on one line. */
function oneLine(text: string): string {
  return text.replace(/\r?\n|\r/g, "\\n");
}

/** One line per issue of a row, or one line for a row without issues. */
function rowLines(outcome: RowOutcome): string[][] {
  const base = [String(outcome.row), outcome.projectId ?? "", outcome.action];
  if (outcome.issues.length === 0) return [[...base, "", "", "", ""]];
  return outcome.issues.map((issue) => [
    ...base,
    issue.code,
    issue.column,
    issue.value,
    issue.message,
  ]);
}

/**
 * Writes every row's outcome to `file`: CSV (one line per issue, or per row without one) for
 * a `.csv` name, JSON otherwise. The CSV opens in a spreadsheet for review, so a cell that
 * would run as a formula, such as `=HYPERLINK(...)` typed by the publisher, is written as text.
 */
export async function writeRowReport(file: string, report: SheetImportReport): Promise<void> {
  if (path.extname(file).toLowerCase() !== ".csv") {
    const { rows, missingFromSource, issueCounts, status, dryRun, sheet, counts } = report;
    const body = { status, dryRun, sheet, counts, issueCounts, missingFromSource, rows };
    await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const header = ["row", "project_id", "action", "issue", "column", "value", "message"];
  const lines = [header, ...report.rows.flatMap(rowLines)];
  for (const projectId of report.missingFromSource) {
    lines.push(["", projectId, "missing-from-source", "", "", "", ""]);
  }
  await writeFile(file, `${lines.map(csvLine).join("\n")}\n`);
}
