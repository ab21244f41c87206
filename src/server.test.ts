import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const serverEntry = path.resolve(import.meta.dirname, "server.ts");
const tsx = path.resolve(import.meta.dirname, "../node_modules/.bin/tsx");

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(environment: Record<string, string>): Started {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(tsx, [serverEntry], {
    env: { ...inherited, LOAD_DEMO: "false", LOG_LEVEL: "warn", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, output: () => output, exited };
}

async function waitForOutput(started: Started, pattern: RegExp): Promise<string> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const match = pattern.exec(started.output());
    if (match) return match[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server printed no ${String(pattern)}; output so far:\n${started.output()}`);
}

describe("server start", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ccs-server-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("stops with a message naming a bad setting", async () => {
    const started = startServer({ PORT: "eighty", DATA_DIR: dataDir });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/Invalid configuration:\s+PORT/);
  });

  it("stops with a message when the data folder is a file", async () => {
    const file = path.join(dataDir, "not-a-folder");
    writeFileSync(file, "x");
    const started = startServer({ PORT: "0", DATA_DIR: file });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/could not start: The data folder .* is a file/);
  });

  it("stops with a message when the database server does not answer", async () => {
    const started = startServer({ PORT: "0", DATABASE_URL: "postgres://ccs@127.0.0.1:9/none" });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/cannot connect to the database at DATABASE_URL/);
  });

  it("serves health, and a second process on the same data folder is turned away", async () => {
    const first = startServer({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir });
    try {
      const address = await waitForOutput(first, /http:\/\/127\.0\.0\.1:\d+\//);
      const health = await fetch(new URL("/healthz", address));
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", database: "embedded" });

      const second = startServer({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/data folder .* is in use by process \d+/);

      const stillHealthy = await fetch(new URL("/healthz", address));
      expect(stillHealthy.status).toBe(200);
    } finally {
      first.child.kill("SIGTERM");
      await first.exited;
    }
  });
});
