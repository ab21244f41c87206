/**
 * Measures writeProjectPackage: every public project written as one OC4IDS project package
 * to a file.
 *
 * Run with `npx tsx bench/export-package.ts [projectCount]` (5,000 projects by default). Each
 * backend is measured in a child process of its own: the embedded database always, and
 * PostgreSQL when DATABASE_URL is set. The child imports a demo package of that many projects
 * into a new database (timed separately), then exports it to a file in a temporary folder
 * while resident memory and heap are sampled every 50 ms.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { importSource } from "../src/import/service.js";
import { writeProjectPackage } from "../src/projects/export-package.js";
import {
  backendsToRun,
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

/** Figures of one export, sent from the worker process to the parent. */
interface ExportFigures {
  backend: Backend;
  loadSeconds: number;
  projects: number;
  bytes: number;
  seconds: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
}

/** Loads `packageFile` into `database`, then exports every project to `outputFile`. */
async function measureExport(
  backend: Backend,
  database: Database,
  packageFile: string,
  outputFile: string,
): Promise<ExportFigures> {
  try {
    const loadStarted = process.hrtime.bigint();
    const report = await importSource(database, packageFile, { schema: loadConfig().oc4idsSchema });
    if (report.status !== "succeeded") {
      throw new Error(`loading ${packageFile} failed with ${report.problems.length} problems`);
    }
    const loadSeconds = secondsSince(loadStarted);

    const memory = sampleMemory(50);
    const started = process.hrtime.bigint();
    const out = createWriteStream(outputFile);
    const projects = await writeProjectPackage(database.db, out);
    out.end();
    await once(out, "finish");
    const seconds = secondsSince(started);
    const peaks = memory.stop();

    return {
      backend,
      loadSeconds,
      projects,
      bytes: (await stat(outputFile)).size,
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
  const workDir = await mkdtemp(path.join(tmpdir(), "ccs-bench-export-"));
  try {
    const packageFile = path.join(workDir, "package.json");
    await writeDemoPackageFile(packageFile, projectCount);
    console.log(
      `Dataset: ${projectCount.toLocaleString("en-US")} demo projects, Node.js ${process.version}`,
    );
    console.log(`Before: ${describeLoad()}`);

    const rows = [];
    for (const backend of backendsToRun()) {
      const outputFile = path.join(workDir, `export-${backend}.json`);
      const figures = await measureInChild<ExportFigures>(self, backend, [
        backend,
        packageFile,
        outputFile,
      ]);
      rows.push({
        backend,
        "load (s)": oneDecimal(figures.loadSeconds),
        projects: figures.projects,
        "output (MB)": oneDecimal(figures.bytes / 1e6),
        "time (s)": oneDecimal(figures.seconds),
        "projects/s": Math.round(figures.projects / figures.seconds),
        "RSS before (MiB)": figures.rssBeforeMiB,
        "peak RSS (MiB)": figures.peakRssMiB,
        "peak heap used (MiB)": figures.peakHeapUsedMiB,
      });
      await rm(outputFile, { force: true });
    }
    console.log(`After: ${describeLoad()}`);
    printTable(rows);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === "--worker") {
  const [location, backend, packageFile, outputFile] = process.argv.slice(3);
  const database = await openPreparedDatabase(location);
  reportToParent(
    await measureExport(backend as Backend, database, packageFile ?? "", outputFile ?? ""),
  );
} else {
  await main();
}
