import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { Database } from "../db/database.js";
import { SourceReadError } from "../import/read/source-error.js";
import {
  importItems,
  type ImportItem,
  type ImportOptions,
  type ImportReport,
} from "../import/service.js";
import type { ImportProblem, ImportWarning, PublisherInfo, SourceFile } from "../import/types.js";
import type { Executor } from "../projects/store.js";
import { openSheet } from "../spreadsheet/open-sheet.js";
import { SheetError } from "../spreadsheet/sheet-error.js";
import type { Sheet } from "../spreadsheet/types.js";
import type { RowIssue } from "./issues.js";
import { checkMappingCodes } from "./codelists.js";
import { loadMapping, MappingError, mappingColumns } from "./load.js";
import { RowMapper } from "./map-row.js";
import type { Mapping } from "./schema.js";

/** Outcome of one row of the file. */
export interface RowOutcome {
  row: number;
  projectId?: string | undefined;
  /** "not-stored" when the import failed and nothing was stored. */
  action: "created" | "updated" | "unchanged" | "skipped" | "not-stored";
  issues: RowIssue[];
}

/** Settings a spreadsheet was read with: its format and, for CSV, its encoding and delimiter. */
export interface SheetSettings {
  format: "csv" | "xlsx";
  /** Whether each was detected from the file or given by the mapping. */
  encoding: { name: string; detected: boolean } | null;
  delimiter: { character: string; detected: boolean } | null;
}

/** An import report with the spreadsheet's rows, their issues and the projects it lacks. */
export interface SheetImportReport extends ImportReport {
  sourceKey: string | null;
  /** Settings the file was read with, or null when it could not be opened. */
  sheet: SheetSettings | null;
  rowsRead: number;
  rowsSkipped: number;
  /** Number of issues of each code, over every row. */
  issueCounts: Record<string, number>;
  /** Every row in file order. */
  rows: RowOutcome[];
  /** Ids of projects stored from the same source key earlier that this file no longer lists. */
  missingFromSource: string[];
}

/** Settings of a spreadsheet import; the mapping gives the publisher. */
export type SheetImportOptions = Omit<ImportOptions, "publisher" | "sourceKey">;

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Turns a row issue into an import warning at the row, column and value it names. */
function issueWarning(
  source: string,
  projectId: string | undefined,
  issue: RowIssue,
): ImportWarning {
  const skipped = issue.action === "skip-row" ? " (row skipped)" : "";
  return {
    source,
    projectId,
    pointer: "",
    row: issue.row,
    column: issue.column,
    value: issue.value,
    code: issue.code,
    message: `${issue.message}${skipped}`,
  };
}

function readError(source: string, code: string, message: string): SourceReadError {
  // Sheet errors start with the file name, which the problem's source already gives.
  const prefix = `${source}: `;
  const text = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  const problem: ImportProblem = { source, pointer: "", code, message: text };
  return new SourceReadError([problem]);
}

/**
 * Imports a CSV or XLSX file as the mapping says, in one transaction: every row becomes an
 * OC4IDS project that is normalised, validated and stored by the import pipeline.
 *
 * Rows with problems are imported with a warning or skipped, as the mapping says; each issue
 * names its row, column, value and reason. An invalid mapping, a column the file lacks, an
 * empty or unreadable file and any schema problem fail the import: nothing is stored and the
 * `imports` row records the failure. Projects stored earlier under the same `source.key` that
 * the file no longer lists are reported as `missing-from-source` and kept.
 */
export async function importSheet(
  database: Database,
  file: string,
  mapping: Mapping | string,
  options: SheetImportOptions,
): Promise<SheetImportReport> {
  const state = new SheetRun(file);
  let checked: Mapping | undefined = typeof mapping === "string" ? undefined : mapping;
  if (typeof mapping === "string") {
    try {
      checked = await loadMapping(mapping);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      state.mappingProblems = error.problems;
    }
  }
  if (checked) {
    const fileName = typeof mapping === "string" ? path.basename(mapping) : "mapping";
    const unknownCodes = await checkMappingCodes(checked, options.schema, fileName);
    if (unknownCodes.length > 0) {
      state.mappingProblems = unknownCodes;
      checked = undefined;
    }
  }

  const report = await importItems(
    database,
    file,
    state.items(checked, options.maxBytes),
    () => state.files(),
    {
      ...options,
      publisher: checked ? publisherId(checked) : undefined,
      sourceKey: checked?.source.key,
      onProjectStored: (projectId, outcome) => state.outcomes.set(projectId, outcome),
      beforeCommit: (trx) => state.findMissing(trx, checked),
      // A row gives progress as of the file's date only; earlier figures stay.
      keepProgressHistory: true,
    },
    () => state.warnings,
  );
  return state.finish(report, checked);
}

function publisherId(mapping: Mapping): string {
  return mapping.project.publisher.uid ?? mapping.project.publisher.name;
}

/** State of one spreadsheet import while its rows are read and stored. */
class SheetRun {
  mappingProblems: string[] = [];
  sheet: Sheet | undefined;
  readonly rows: RowOutcome[] = [];
  readonly warnings: ImportWarning[] = [];
  readonly outcomes = new Map<string, RowOutcome["action"]>();
  missing: string[] = [];
  /** SHA-256 of the file, hashed before its rows are read: each stored project records it. */
  private sha256: string | undefined;
  private readonly seen = new Map<string, number>();

  constructor(private readonly file: string) {}

  files(): SourceFile[] {
    if (!this.sheet || this.sha256 === undefined) return [];
    return [{ name: this.file, sha256: this.sha256, bytes: this.sheet.bytes }];
  }

  /** Opens the sheet, checks its columns, and yields one project per row that is not skipped. */
  async *items(
    mapping: Mapping | undefined,
    maxBytes: number | undefined,
  ): AsyncGenerator<ImportItem> {
    if (!mapping) {
      const problems = this.mappingProblems.map((message) => ({
        source: this.file,
        pointer: "",
        code: "invalid-mapping",
        message,
      }));
      throw new SourceReadError(problems);
    }
    const sheet = await this.open(mapping, maxBytes);
    const mapper = new RowMapper(mapping, sheet.columns);
    const publisher: PublisherInfo = { ...mapping.project.publisher };

    try {
      for await (const row of sheet.rows()) {
        const mapped = mapper.map(row);
        const issues = [...mapped.issues];
        const first = mapped.projectId === undefined ? undefined : this.seen.get(mapped.projectId);
        let project = mapped.project;
        if (mapped.projectId !== undefined && first !== undefined) {
          issues.push(this.duplicateIssue(mapping, row.row, mapped.projectId, first));
          project = undefined;
        } else if (mapped.projectId !== undefined && project) {
          this.seen.set(mapped.projectId, row.row);
        }

        this.rows.push({
          row: row.row,
          projectId: mapped.projectId,
          action: project ? "not-stored" : "skipped",
          issues,
        });
        for (const issue of issues)
          this.warnings.push(issueWarning(this.file, mapped.projectId, issue));
        if (!project) continue;
        yield {
          kind: "project",
          project,
          publisher,
          location: { source: this.file, pointer: "", row: row.row, projectId: mapped.projectId },
        };
      }
    } catch (error) {
      if (error instanceof SheetError) throw readError(this.file, error.code, error.message);
      throw error;
    }

    if (this.rows.length === 0) {
      throw readError(this.file, "source-empty", "the file has a header row but no data rows");
    }
    for (const note of sheet.notes()) {
      const first = note.firstRow === undefined ? "" : ` (first in row ${note.firstRow})`;
      this.warnings.push({
        source: this.file,
        pointer: "",
        row: note.firstRow,
        code: note.code,
        message: `${note.message}: ${note.count} time(s)${first}`,
      });
    }
  }

  private async open(mapping: Mapping, maxBytes: number | undefined): Promise<Sheet> {
    const { format: _format, key: _key, asOf: _asOf, ...sheetOptions } = mapping.source;
    let sheet: Sheet;
    try {
      sheet = await openSheet(this.file, { ...sheetOptions, maxBytes });
    } catch (error) {
      if (error instanceof SheetError) throw readError(this.file, error.code, error.message);
      throw error;
    }
    this.sheet = sheet;
    this.sha256 = await hashFile(this.file);

    const available = new Set(sheet.columns);
    const missing = mappingColumns(mapping).filter((column) => !available.has(column));
    if (missing.length > 0) {
      throw readError(
        this.file,
        "missing-column",
        `the mapping names column(s) the file lacks: ${missing.join(", ")}. ` +
          `The file's columns are: ${sheet.columns.join(", ")}`,
      );
    }
    return sheet;
  }

  private duplicateIssue(
    mapping: Mapping,
    row: number,
    projectId: string,
    first: number,
  ): RowIssue {
    const id = mapping.project.id;
    return {
      code: "duplicate-id",
      row,
      column: "column" in id ? id.column : id.template,
      value: projectId,
      message: `id: project id ${projectId} was already given in row ${first}; this row is left out`,
      action: "skip-row",
    };
  }

  /** Lists projects stored from the same source key before that this file does not list. */
  async findMissing(trx: Executor, mapping: Mapping | undefined): Promise<ImportWarning[]> {
    if (!mapping) return [];
    const stored = await trx
      .selectFrom("projects")
      .innerJoin("imports", "imports.id", "projects.source_import_id")
      .select("projects.id")
      .where("imports.source_key", "=", mapping.source.key)
      .orderBy("projects.id")
      .execute();
    const listed = new Set(this.rows.map((row) => row.projectId));
    this.missing = stored.map((row) => row.id).filter((id) => !listed.has(id));
    return this.missing.map((projectId) => ({
      source: this.file,
      projectId,
      pointer: "",
      code: "missing-from-source",
      message: `project ${projectId} was imported from source "${mapping.source.key}" before but is not in this file; it is kept`,
    }));
  }

  private settings(mapping: Mapping | undefined): SheetSettings | null {
    if (!this.sheet) return null;
    const { format, encoding, delimiter } = this.sheet;
    return {
      format,
      encoding: encoding ?? null,
      delimiter:
        delimiter === undefined
          ? null
          : { character: delimiter, detected: mapping?.source.delimiter === undefined },
    };
  }

  finish(report: ImportReport, mapping: Mapping | undefined): SheetImportReport {
    const stored = report.status === "succeeded";
    const issueCounts: Record<string, number> = {};
    for (const row of this.rows) {
      if (row.action === "not-stored" && stored && row.projectId !== undefined) {
        row.action = this.outcomes.get(row.projectId) ?? "not-stored";
      }
      for (const issue of row.issues) issueCounts[issue.code] = (issueCounts[issue.code] ?? 0) + 1;
    }
    return {
      ...report,
      sourceKey: mapping?.source.key ?? null,
      sheet: this.settings(mapping),
      rowsRead: this.rows.length,
      rowsSkipped: this.rows.filter((row) => row.action === "skipped").length,
      issueCounts,
      rows: this.rows,
      missingFromSource: stored ? this.missing : [],
    };
  }
}
