/**
 * Crash test: a worker process paying a project's shares is killed with SIGKILL at random
 * points, several times, then run to the end. Afterwards the ledger's invariants hold, every
 * share is paid exactly its approved amount, and the bank paid each share exactly once.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseLocation } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { projectBalances } from "./accounts.js";
import { SimulatedBank } from "./banks/simulated.js";
import type { CrashWorkerConfig } from "./crash/worker.js";
import { checkLedgerInvariants } from "./invariants.js";
import { shareState } from "./shares.js";
import { paymentTables } from "./tables.js";

const WORKER = fileURLToPath(new URL("./crash/worker.ts", import.meta.url));
const KILLS = 3;
const SHARES = 16;
const SHARE_AMOUNT = 1_000;

let folder: string;
let location: DatabaseLocation;
let dropServerDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "ccs-crash-"));
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `ccs_crash_${randomBytes(6).toString("hex")}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    location = { databaseUrl: url.toString() };
    dropServerDatabase = () =>
      adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    location = { dataDir: path.join(folder, "data") };
  }
  const database = await openDatabase(location);
  await migrate(database);
  await database.close();
});

afterAll(async () => {
  await dropServerDatabase?.();
  await rm(folder, { recursive: true, force: true });
});

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Where a run of the worker is killed: after its nth step, plus a short delay. */
interface KillPoint {
  afterStep: number;
  delayMs: number;
}

/**
 * Runs the worker. With a kill point it is killed there; without, it must finish. Returns
 * how it ended. Counting steps rather than time makes the kill land mid-payment however fast
 * or slow the machine is.
 */
function runWorker(config: CrashWorkerConfig, killAt?: KillPoint): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(config)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    let output = "";
    let errors = "";
    let killScheduled = false;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const steps = output.split("\n").filter((line) => line === "step").length;
      if (killAt && !killScheduled && steps >= killAt.afterStep) {
        killScheduled = true;
        setTimeout(() => child.kill("SIGKILL"), killAt.delayMs);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL")
        resolve(output.includes("done") ? "finished before the kill" : "killed");
      else if (code === 0) resolve("finished");
      else reject(new Error(`worker exited with ${code}: ${errors.slice(-2000)}`));
    });
  });
}

describe("payment batches killed at random points", () => {
  it("pay every share exactly once after restart and reconciliation", async () => {
    const config: CrashWorkerConfig = {
      location,
      bankStateFile: path.join(folder, "bank.jsonl"),
      projectId: "crash-1",
      shareCount: SHARES,
      shareAmount: SHARE_AMOUNT,
      faultRate: 0.3,
    };

    const endings: string[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      // The first run makes at least SHARES steps (one payment per share), so its kill always
      // lands; later runs resume with fewer steps left and may finish first.
      const killAt = {
        afterStep: 1 + Math.floor(Math.random() * SHARES),
        delayMs: Math.floor(Math.random() * 30),
      };
      const ending = await runWorker(config, killAt);
      endings.push(`${ending} after step ${killAt.afterStep} + ${killAt.delayMs} ms`);
    }
    const last = await runWorker(config);

    expect(last).toBe("finished");
    expect(
      endings.filter((ending) => ending.startsWith("killed")).length,
      endings.join("; "),
    ).toBeGreaterThan(0);

    const database = await openDatabase(location);
    try {
      const db = paymentTables(database.db);
      expect(await checkLedgerInvariants(db)).toEqual([]);
      expect(await projectBalances(db, "crash-1", "KRW")).toEqual({
        segregated: 0,
        retention: 0,
        inClearing: 0,
      });

      const bank = new SimulatedBank({ stateFile: config.bankStateFile });
      const settled = bank.recordedPayments().filter((payment) => payment.state === "settled");
      for (let index = 1; index <= SHARES; index += 1) {
        const shareId = `crash-1-share-${index}`;
        const state = await shareState(db, shareId);
        const atBank = settled.filter((payment) => payment.creditorId === `crash-1-${index}`);
        expect(state, shareId).toMatchObject({ paid: SHARE_AMOUNT, inPayment: 0, remaining: 0 });
        expect(
          atBank.map((payment) => payment.amount),
          shareId,
        ).toEqual([SHARE_AMOUNT]);
      }
    } finally {
      await database.close();
    }
    // Each worker start opens the database again, which takes seconds on PGlite. Runs took
    // 13 s on PostgreSQL and 30 to 55 s on PGlite on a shared 2-core machine.
  }, 120_000);
});
