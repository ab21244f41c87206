/**
 * Shared parts of the database benchmarks: a fresh database on either backend, a memory
 * sampler, the synthetic package, per-backend child processes and the printed table.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase, type Database, type DatabaseLocation } from "../src/db/database.js";

export const MEBIBYTE = 1024 * 1024;

/** The two database backends: PGlite in a data folder, or a PostgreSQL server. */
export type Backend = "embedded" | "server";

/** A new, migrated database prepared for one measurement, and the way to throw it away. */
export interface BenchDatabase {
  backend: Backend;
  /** Location of the database, as the measuring process passes it to openDatabase. */
  location: DatabaseLocation;
  /** Deletes the data folder or drops the database from the server. */
  destroy(): Promise<void>;
}

const prepareScript = fileURLToPath(new URL("./prepare-database.ts", import.meta.url));

/**
 * Creates and migrates a new database on `backend`: a data folder under the system temporary
 * folder for the embedded database, or a database with a random name on the server of
 * DATABASE_URL. Migrating runs in a child process, so the measuring process opens an existing
 * database as `ccs import` does. PGlite takes about twice the memory in the process that
 * creates its data folder (measured with PGlite 0.5.17), which would swamp the figures.
 */
export async function prepareBenchDatabase(backend: Backend): Promise<BenchDatabase> {
  if (backend === "embedded") {
    const dataDir = await mkdtemp(path.join(tmpdir(), "ccs-bench-data-"));
    const location = { dataDir };
    await runChild<unknown>(prepareScript, [JSON.stringify(location)]);
    return {
      backend,
      location,
      destroy: () => rm(dataDir, { recursive: true, force: true }),
    };
  }

  const serverUrl = requireDatabaseUrl();
  const name = `ccs_bench_${randomBytes(6).toString("hex")}`;
  await runAdminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const location = { databaseUrl: url.toString() };
  const destroy = () => runAdminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  try {
    await runChild<unknown>(prepareScript, [JSON.stringify(location)]);
  } catch (error) {
    await destroy();
    throw error;
  }
  return { backend, location, destroy };
}

/**
 * Runs `script --worker LOCATION ...args` in a child process on a new database of `backend`,
 * returns the figures the child sends, then deletes the database.
 */
export async function measureInChild<T>(
  script: string,
  backend: Backend,
  args: string[],
): Promise<T> {
  const database = await prepareBenchDatabase(backend);
  try {
    return await runChild<T>(script, ["--worker", JSON.stringify(database.location), ...args]);
  } finally {
    await database.destroy();
  }
}

/** Opens the database whose location the parent passed as JSON in `argument`. */
export async function openPreparedDatabase(argument: string | undefined): Promise<Database> {
  return openDatabase(JSON.parse(argument ?? "{}") as DatabaseLocation);
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; the server backend needs a PostgreSQL URL");
  return url;
}

async function runAdminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Backends to measure: the embedded database always, the server when DATABASE_URL is set. */
export function backendsToRun(): Backend[] {
  if (process.env.DATABASE_URL) return ["embedded", "server"];
  console.log("DATABASE_URL is not set, so only the embedded database is measured.");
  return ["embedded"];
}

/** Peak resident set size and heap use, sampled on a timer. */
export interface MemoryPeaks {
  rssMiB: number;
  heapUsedMiB: number;
  /** Resident set size when sampling started. */
  startRssMiB: number;
}

/**
 * Samples process.memoryUsage() every `intervalMs` milliseconds until `stop` is called, which
 * takes one last sample and returns the peaks. The timer fires only while the event loop is
 * free, so a peak inside a long synchronous step can be missed.
 */
export function sampleMemory(intervalMs = 50): { stop(): MemoryPeaks } {
  const start = process.memoryUsage();
  let rss = start.rss;
  let heapUsed = start.heapUsed;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heapUsed = Math.max(heapUsed, usage.heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return {
        rssMiB: Math.round(rss / MEBIBYTE),
        heapUsedMiB: Math.round(heapUsed / MEBIBYTE),
        startRssMiB: Math.round(start.rss / MEBIBYTE),
      };
    },
  };
}

/** Returns seconds since `started` (a process.hrtime.bigint() value). */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const writerScript = fileURLToPath(new URL("./write-demo-package.ts", import.meta.url));
const childTimeoutMs = 30 * 60 * 1000;

/**
 * Writes a demo project package of `projectCount` projects to `file`, in a child process so
 * the generator's memory never counts towards the measured process.
 */
export async function writeDemoPackageFile(file: string, projectCount: number): Promise<void> {
  await runChild<unknown>(writerScript, [file, String(projectCount)]);
}

/**
 * Runs `script` in a child Node.js process with the same loader as this one, and returns
 * the one message the child sends with process.send. Fails when the child exits without a
 * message, exits with an error or runs longer than 30 minutes.
 */
export function runChild<T>(script: string, args: string[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = fork(script, args, {
      stdio: "inherit",
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    });
    let message: { value: T } | undefined;
    const timer = setTimeout(() => child.kill("SIGTERM"), childTimeoutMs);
    child.on("message", (value) => {
      message = { value: value as T };
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && message !== undefined) resolve(message.value);
      else
        reject(new Error(`${path.basename(script)} ${args.join(" ")} failed: ${signal ?? code}`));
    });
  });
}

/** Sends `value` to the parent process, or prints it when the script runs on its own. */
export function reportToParent(value: unknown): void {
  if (process.send) process.send(value);
  else console.log(JSON.stringify(value, null, 2));
}

/** Prints rows as a Markdown table, the columns in the order of the first row's keys. */
export function printTable(rows: Record<string, string | number>[]): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const cell = (value: string | number | undefined) =>
    typeof value === "number" ? value.toLocaleString("en-US") : (value ?? "");
  console.log(`| ${columns.join(" | ")} |`);
  console.log(`| ${columns.map(() => "---").join(" | ")} |`);
  for (const row of rows) {
    const cells = columns.map((name) => cell(row[name]));
    console.log(`| ${cells.join(" | ")} |`);
  }
}

/** Rounds to one decimal place. */
export function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Returns the 1, 5 and 15 minute load averages, which show whether other work shared the CPU. */
export function describeLoad(): string {
  return `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(", ")}`;
}
