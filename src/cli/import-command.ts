import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { importSource, type ImportReport } from "../import/service.js";
import type { ImportWarning } from "../import/types.js";
import { LinkRuleError, parseLinkRule, type LinkRule } from "../ocds/link-rules.js";
import { SchemaLoadError } from "../oc4ids/validate.js";
import { importSheet } from "../mapping/import-sheet.js";
import { formatSheetReport, writeRowReport } from "../mapping/report.js";
import type { CliCommand } from "./command.js";

const HELP = `Usage: ccs import PATH_OR_URL [OPTIONS]

Imports OC4IDS projects and OCDS releases or records from a JSON file, a folder of JSON
files or an http(s) URL, in one transaction: if any item has a problem, nothing is stored.

Options:
  --publisher NAME   owner of the imported project ids when the data names no publisher
                     (default: the project id's OC4IDS prefix, such as oc4ids-gx3fo2)
  --max-bytes N      largest file or download accepted, in bytes (default: 2 GiB)
  --dry-run          run every check and step, then roll back and store nothing
  --attach-to ID     add every OCDS contracting process of the source to project ID
  --project-title T  with --attach-to: create project ID with title T if it does not exist
  --project-per-process PREFIX
                     make a project of each OCDS contracting process, with id PREFIX-<ocid>
                     (default for OCDS data: link each process to the projects whose
                     contractingProcesses[].id names its ocid)
  --mapping FILE     import a CSV or XLSX file with this mapping (.yaml or .json); see
                     docs/importing.md
  --report FILE      with --mapping, write every row's outcome and issues to FILE
                     (.csv for a spreadsheet, JSON otherwise)
  -h, --help         show this help

Settings come from the environment: DATA_DIR (embedded database folder), DATABASE_URL
(PostgreSQL server) and OC4IDS_SCHEMA (schema path or URL).
Exit status: 0 when the import succeeded, 1 when it failed, 2 for a usage error.`;

/** Number of example locations printed per warning code. */
const EXAMPLES_PER_CODE = 3;

function describeLocation(location: {
  source: string;
  projectId?: string | undefined;
  ocid?: string | undefined;
  pointer: string;
}): string {
  const subject = location.projectId ?? location.ocid ?? location.source;
  return location.pointer ? `${subject} ${location.pointer}` : subject;
}

/** Formats an import report for people: counts, warnings grouped by code, then problems. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const verb = report.dryRun ? "Dry run" : "Import";
  const id = report.importId === null ? "" : ` ${report.importId}`;
  lines.push(`${verb}${id} ${report.status}: ${report.files.length} file(s) read.`);

  const counts = report.counts;
  lines.push(
    `  projects: ${counts.projectsCreated} created, ${counts.projectsUpdated} updated, ${counts.projectsUnchanged} unchanged`,
    `  OCDS: ${counts.releases} release(s), ${counts.records} record(s), ${counts.processesLinked} contracting process(es) linked, ${counts.ocidsUnlinked} ocid(s) unlinked`,
  );

  const byCode = new Map<string, ImportWarning[]>();
  for (const warning of report.warnings) {
    const group = byCode.get(warning.code) ?? [];
    group.push(warning);
    byCode.set(warning.code, group);
  }
  if (byCode.size > 0) {
    lines.push(`Warnings (${report.warnings.length}):`);
    for (const [code, group] of [...byCode].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${code}: ${group.length}`);
      for (const warning of group.slice(0, EXAMPLES_PER_CODE)) {
        lines.push(`    ${describeLocation(warning)}: ${warning.message}`);
      }
    }
  }

  if (report.problems.length > 0) {
    lines.push(`Problems (${report.problems.length}); nothing was stored:`);
    for (const problem of report.problems) {
      lines.push(`  ${describeLocation(problem)}: ${problem.message} [${problem.code}]`);
    }
  }
  return lines.join("\n");
}

/**
 * Explains a schema that could not be loaded: the OC4IDS_SCHEMA setting chooses where it is
 * read from, and the default location is used when the setting is empty.
 */
export function explainSchemaLoadError(error: SchemaLoadError, isSchemaSet: boolean): string {
  const setting = isSchemaSet
    ? "It is set to this location."
    : "It is not set, so the default location was tried.";
  return (
    `${error.message}.\nOC4IDS_SCHEMA sets where the schema is read from. ${setting} ` +
    "Set it to the path of a local copy of the OC4IDS 0.9.5 project-schema.json, or to a URL " +
    "that this machine can reach."
  );
}

/** `ccs import`: imports a file, folder or URL into the configured database. */
export const importCommand: CliCommand = {
  summary: "Import OC4IDS projects and OCDS data from a file, folder or URL",
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          publisher: { type: "string" },
          "max-bytes": { type: "string" },
          "dry-run": { type: "boolean", default: false },
          "attach-to": { type: "string" },
          "project-title": { type: "string" },
          "project-per-process": { type: "string" },
          mapping: { type: "string" },
          report: { type: "string" },
          help: { type: "boolean", short: "h", default: false },
        },
      });
    } catch (error) {
      console.error(`${(error as Error).message}\n\n${HELP}`);
      return 2;
    }

    const { values, positionals } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length !== 1 || !positionals[0]) {
      console.error(`Give exactly one PATH_OR_URL to import.\n\n${HELP}`);
      return 2;
    }
    if (values.report !== undefined && values.mapping === undefined) {
      console.error(`--report needs --mapping: it lists the rows of a spreadsheet.\n\n${HELP}`);
      return 2;
    }
    let linkRule: LinkRule;
    try {
      linkRule = parseLinkRule({
        attachTo: values["attach-to"],
        projectTitle: values["project-title"],
        projectPerProcess: values["project-per-process"],
      });
    } catch (error) {
      if (!(error instanceof LinkRuleError)) throw error;
      console.error(`${error.message}.\n\n${HELP}`);
      return 2;
    }
    const maxBytes = values["max-bytes"] === undefined ? undefined : Number(values["max-bytes"]);
    if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes > 0)) {
      console.error(
        `--max-bytes must be a positive whole number of bytes, got "${values["max-bytes"]}".`,
      );
      return 2;
    }

    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    try {
      await migrate(database);
      if (values.mapping !== undefined) {
        const sheetReport = await importSheet(database, positionals[0], values.mapping, {
          schema: config.oc4idsSchema,
          maxBytes,
          dryRun: values["dry-run"],
        });
        if (values.report !== undefined) await writeRowReport(values.report, sheetReport);
        const output = formatSheetReport(sheetReport);
        if (sheetReport.status === "succeeded") console.log(output);
        else console.error(output);
        return sheetReport.status === "succeeded" ? 0 : 1;
      }
      const report = await importSource(database, positionals[0], {
        schema: config.oc4idsSchema,
        publisher: values.publisher,
        linkRule,
        maxBytes,
        dryRun: values["dry-run"],
      });
      const output = formatReport(report);
      if (report.status === "succeeded") console.log(output);
      else console.error(output);
      return report.status === "succeeded" ? 0 : 1;
    } catch (error) {
      if (!(error instanceof SchemaLoadError)) throw error;
      // loadConfig treats an empty variable as unset.
      console.error(explainSchemaLoadError(error, Boolean(process.env.OC4IDS_SCHEMA)));
      return 1;
    } finally {
      await database.close();
    }
  },
};
