import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import type { DB } from "../db/types.js";
import {
  DEFAULT_PUBLISHER,
  writeProjectPackage,
  type ProjectPackageOptions,
} from "../projects/export-package.js";
import type { CliCommand } from "./command.js";

/** Export formats `ccs export` writes. */
export const EXPORT_FORMATS = ["oc4ids"] as const;

const HELP = `Usage: ccs export --format FORMAT [OPTIONS]

Writes every public project to standard output or a file.

Options:
  --format FORMAT    what to write; one of: ${EXPORT_FORMATS.join(", ")}
                     oc4ids: one OC4IDS 0.9.5 project package (JSON)
  --output FILE      write to FILE instead of standard output; FILE is replaced only
                     when the export succeeds
  --publisher NAME   publisher named in the package (default: ${DEFAULT_PUBLISHER.name})
  --license URL      licence of the data, named in the package (default: none)
  -h, --help         show this help

Settings come from the environment: DATA_DIR (embedded database folder), DATABASE_URL
(PostgreSQL server) and PUBLIC_URL (base of the package URI and of links to stored files).
Exit status: 0 on success, 1 when the export failed, 2 for a usage error.`;

/** Writes the package to `out`, stopping with the stream's error if the stream fails. */
async function writeToStream(
  db: Kysely<DB>,
  out: Writable,
  options: ProjectPackageOptions,
): Promise<number> {
  let streamError: Error | undefined;
  const recordError = (error: Error) => {
    streamError = error;
  };
  out.on("error", recordError);
  try {
    return await writeProjectPackage(
      db,
      async (chunk) => {
        if (streamError) throw streamError;
        if (!out.write(chunk)) await once(out, "drain");
      },
      options,
    );
  } finally {
    out.off("error", recordError);
  }
}

/**
 * Writes the OC4IDS package to `file` through a temporary file beside it, renamed into place
 * once complete, so a failed export never leaves a truncated file or destroys an older one.
 * Returns the number of projects written.
 */
export async function exportToFile(
  db: Kysely<DB>,
  file: string,
  options: ProjectPackageOptions = {},
): Promise<number> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`,
  );
  const out = createWriteStream(temporary, { flags: "wx" });
  await once(out, "open");
  try {
    const written = await writeToStream(db, out, options);
    out.end();
    await once(out, "finish");
    await rename(temporary, file);
    return written;
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** `ccs export`: writes every public project in an open-data format. */
export const exportCommand: CliCommand = {
  summary: "Export every public project as an OC4IDS project package",
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: {
          format: { type: "string" },
          output: { type: "string", short: "o" },
          publisher: { type: "string" },
          license: { type: "string" },
          help: { type: "boolean", short: "h", default: false },
        },
      });
    } catch (error) {
      console.error(`${(error as Error).message}\n\n${HELP}`);
      return 2;
    }

    const { values } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (values.format === undefined) {
      console.error(`Missing --format; choose one of: ${EXPORT_FORMATS.join(", ")}.`);
      return 2;
    }
    if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) {
      console.error(
        `Unknown format "${values.format}"; choose one of: ${EXPORT_FORMATS.join(", ")}.`,
      );
      return 2;
    }
    if (values.output === "") {
      console.error("Missing file name after --output.");
      return 2;
    }

    const config = loadConfig();
    const options: ProjectPackageOptions = {
      publicBaseUrl: config.publicUrl,
      publisher: values.publisher ? { name: values.publisher } : undefined,
      license: values.license,
    };
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    try {
      await migrate(database);
      if (values.output) {
        const written = await exportToFile(database.db, values.output, options);
        console.error(`Wrote ${written} project(s) to ${values.output}.`);
      } else {
        await writeToStream(database.db, process.stdout, options);
      }
      return 0;
    } catch (error) {
      // A reader that stops early, such as `head`, closes the pipe. Like other command-line
      // tools, the export then stops quietly.
      if ((error as NodeJS.ErrnoException).code === "EPIPE") return 0;
      throw error;
    } finally {
      await database.close();
    }
  },
};
