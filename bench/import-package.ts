/**
 * Measures a full import of a synthetic OC4IDS project package of about 50 MB: reading,
 * normalising, validating and storing every project in one transaction.
 *
 * Run with `npx tsx bench/import-package.ts [projectCount]` (5,000 projects by default, about
 * 50 MB). The package is the demo generator's output, written to a temporary folder. Each
 * backend is measured in a child process of its own, in a new database: the embedded database
 * always, and PostgreSQL when DATABASE_URL is set. Resident memory and heap are sampled every
 * 50 ms while importSource runs.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { importSource } from "../src/import/service.js";
import {
  backendsToRun,
  MEBIBYTE,
  describeLoad,
  measureInChild,
  oneDecimal,
  openPreparedDatabase,
  printTable,
  reportToParent,
  sampleMemory,
  secondsSince,
  writeDemoPackageFile,
  type Backend,
} from "./support.js";

/** Figures of one import, sent from the worker process to the parent. */
interface ImportFigures {
  backend: Backend;
  status: string;
  projects: number;
  warnings: number;
  problems: number;
  seconds: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
}

/** Imports `file` into `database` and returns the figures. */
async function measureImport(
  backend: Backend,
  database: Database,
  file: string,
): Promise<ImportFigures> {
  try {
    const schema = loadConfig().oc4idsSchema;
    const memory = sampleMemory(50);
    const started = process.hrtime.bigint();
    const report = await importSource(database, file, { schema });
    const seconds = secondsSince(started);
    const peaks = memory.stop();
    return {
      backend,
      status: report.status,
      projects: report.counts.projectsCreated + report.counts.projectsUpdated,
      warnings: report.warnings.length,
      problems: report.problems.length,
      seconds,
      rssBeforeMiB: peaks.startRssMiB,
      peakRssMiB: peaks.rssMiB,
      peakHeapUsedMiB: peaks.heapUsedMiB,
    };
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const projectCount = Number(process.argv[2] ?? 5000);
  const workDir = await mkdtemp(path.join(tmpdir(), "ccs-bench-import-"));
  try {
    const file = path.join(workDir, "package.json");
    await writeDemoPackageFile(file, projectCount);
    const bytes = (await stat(file)).size;
    console.log(
      `Package: ${projectCount.toLocaleString("en-US")} demo projects, ` +
        `${(bytes / 1e6).toFixed(1)} MB (${(bytes / MEBIBYTE).toFixed(1)} MiB), Node.js ${process.version}`,
    );
    console.log(`Before: ${describeLoad()}`);

    const rows = [];
    for (const backend of backendsToRun()) {
      const figures = await measureInChild<ImportFigures>(self, backend, [backend, file]);
      if (figures.status !== "succeeded") {
        throw new Error(`the ${backend} import failed with ${figures.problems} problems`);
      }
      rows.push({
        backend,
        projects: figures.projects,
        "time (s)": oneDecimal(figures.seconds),
        "projects/s": Math.round(figures.projects / figures.seconds),
        "MB/s": oneDecimal(bytes / 1e6 / figures.seconds),
        "RSS before (MiB)": figures.rssBeforeMiB,
        "peak RSS (MiB)": figures.peakRssMiB,
        "peak heap used (MiB)": figures.peakHeapUsedMiB,
        warnings: figures.warnings,
      });
    }
    console.log(`After: ${describeLoad()}`);
    printTable(rows);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === "--worker") {
  const [location, backend, file] = process.argv.slice(3);
  const database = await openPreparedDatabase(location);
  reportToParent(await measureImport(backend as Backend, database, file ?? ""));
} else {
  await main();
}
