/**
 * Measures searchProjects latency on about 10,000 projects: a text query, a combination of
 * filters, and the default listing (no query, newest first, first page of 20).
 *
 * Run with `npx tsx bench/search.ts [projectCount] [queries]` (10,000 projects and 200 timed
 * queries of each kind by default). Each backend is measured in a child process of its own:
 * the embedded database always, and PostgreSQL when DATABASE_URL is set. The child imports a
 * demo package of that many projects into a new database, runs 10 untimed queries of each
 * kind to warm caches, then times each query and reports the median and 95th percentile.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { importSource } from "../src/import/service.js";
import { searchProjects, type ProjectSearchQuery } from "../src/projects/search.js";
import {
  backendsToRun,
  describeLoad,
  measureInChild,
  oneDecimal,
  openPreparedDatabase,
  printTable,
  reportToParent,
  secondsSince,
  writeDemoPackageFile,
  type Backend,
} from "./support.js";

/** The queries of each kind, used in turn. Demo titles are "Korean / English". */
const QUERY_KINDS: Record<string, ProjectSearchQuery[]> = {
  text: [
    { q: "sidewalk" },
    { q: "도로 확장" },
    { q: "drainage pipe" },
    { q: "Gangnam" },
    { q: "school" },
  ],
  filters: [
    {
      status: ["implementation", "completion"],
      sector: ["transport.road"],
      district: "강남구",
      budgetMin: 1e9,
      from: "2024-01-01",
    },
    { status: ["implementation"], type: ["construction"], budgetMax: 5e10, sort: "-budget" },
    { sector: ["waterAndWaste"], district: "마포구", from: "2023-06-01", to: "2025-12-31" },
  ],
  default: [{}],
};

const WARM_UP_QUERIES = 10;

/** Latencies of one kind of query, sent from the worker process to the parent. */
interface KindFigures {
  kind: string;
  queries: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Mean number of matching projects. */
  meanTotal: number;
}

interface SearchFigures {
  backend: Backend;
  loadSeconds: number;
  projects: number;
  kinds: KindFigures[];
}

/** Returns the value at fraction `q` (0 to 1) of sorted `values`, by the nearest rank. */
function percentile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function measureSearch(
  backend: Backend,
  database: Database,
  packageFile: string,
  queryCount: number,
): Promise<SearchFigures> {
  try {
    const loadStarted = process.hrtime.bigint();
    const report = await importSource(database, packageFile, { schema: loadConfig().oc4idsSchema });
    if (report.status !== "succeeded") {
      throw new Error(`loading ${packageFile} failed with ${report.problems.length} problems`);
    }
    const loadSeconds = secondsSince(loadStarted);

    const kinds: KindFigures[] = [];
    for (const [kind, queries] of Object.entries(QUERY_KINDS)) {
      const queryAt = (index: number) => queries[index % queries.length] ?? {};
      for (let index = 0; index < WARM_UP_QUERIES; index++) {
        await searchProjects(database.db, queryAt(index));
      }

      const latencies: number[] = [];
      let totals = 0;
      for (let index = 0; index < queryCount; index++) {
        const started = process.hrtime.bigint();
        const result = await searchProjects(database.db, queryAt(index));
        latencies.push(secondsSince(started) * 1000);
        totals += result.total;
      }
      latencies.sort((a, b) => a - b);
      kinds.push({
        kind,
        queries: queryCount,
        medianMs: percentile(latencies, 0.5),
        p95Ms: percentile(latencies, 0.95),
        maxMs: latencies[latencies.length - 1] ?? Number.NaN,
        meanTotal: totals / queryCount,
      });
    }

    const counted = await database.db
      .selectFrom("projects")
      .select((eb) => eb.fn.countAll<number>().as("projects"))
      .executeTakeFirstOrThrow();
    return { backend, loadSeconds, projects: Number(counted.projects), kinds };
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const projectCount = Number(process.argv[2] ?? 10000);
  const queryCount = Number(process.argv[3] ?? 200);
  const workDir = await mkdtemp(path.join(tmpdir(), "ccs-bench-search-"));
  try {
    const packageFile = path.join(workDir, "package.json");
    await writeDemoPackageFile(packageFile, projectCount);
    console.log(
      `Dataset: ${projectCount.toLocaleString("en-US")} demo projects, ` +
        `${queryCount} timed queries of each kind, Node.js ${process.version}`,
    );
    console.log(`Before: ${describeLoad()}`);

    const rows = [];
    for (const backend of backendsToRun()) {
      const figures = await measureInChild<SearchFigures>(self, backend, [
        backend,
        packageFile,
        String(queryCount),
      ]);
      console.log(
        `${backend}: ${figures.projects.toLocaleString("en-US")} projects loaded in ` +
          `${oneDecimal(figures.loadSeconds)} s`,
      );
      for (const kind of figures.kinds) {
        rows.push({
          backend,
          query: kind.kind,
          queries: kind.queries,
          "median (ms)": oneDecimal(kind.medianMs),
          "p95 (ms)": oneDecimal(kind.p95Ms),
          "max (ms)": oneDecimal(kind.maxMs),
          "mean matches": Math.round(kind.meanTotal),
        });
      }
    }
    console.log(`After: ${describeLoad()}`);
    printTable(rows);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === "--worker") {
  const [location, backend, packageFile, queryCount] = process.argv.slice(3);
  const database = await openPreparedDatabase(location);
  reportToParent(
    await measureSearch(backend as Backend, database, packageFile ?? "", Number(queryCount)),
  );
} else {
  await main();
}
