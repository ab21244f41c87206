import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { csvLine, TEST_COLUMNS, testCells, testMapping } from "../mapping/testing.js";
import { sampleProject } from "../projects/store-fixtures.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");

describe.skipIf(!existsSync(SCHEMA))("ccs import", () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), "ccs-import-command-"));
    writeFileSync(path.join(folder, "good.json"), JSON.stringify({ projects: [sampleProject()] }));
    const bad = sampleProject("oc4ids-abc123-0009");
    bad.status = 42;
    writeFileSync(path.join(folder, "bad.json"), JSON.stringify({ projects: [bad] }));
    const lines = [
      TEST_COLUMNS,
      testCells(1),
      testCells(2, { lat: "-34,61\n-34,62", monto: "mucho" }),
      testCells(3, { etapa: "Paralizada" }),
    ].map(csvLine);
    writeFileSync(path.join(folder, "obras.csv"), lines.join("\n") + "\n");
    writeFileSync(path.join(folder, "mapping.json"), JSON.stringify(testMapping()));
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  /**
   * Runs `ccs import` in a child process. The child is awaited rather than run synchronously,
   * so the test worker keeps answering the test runner while the import runs.
   */
  function runImport(
    ...args: string[]
  ): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const environment: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: path.join(folder, "data"),
      OC4IDS_SCHEMA: SCHEMA,
      LOG_LEVEL: "silent",
    };
    delete environment.DATABASE_URL;
    return new Promise((resolve, reject) => {
      const child = spawn("npx", ["ccs", "import", ...args], {
        cwd: PROJECT_ROOT,
        env: environment,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  it("imports a file and exits 0", async () => {
    const result = await runImport(path.join(folder, "good.json"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("projects: 1 created, 0 updated, 0 unchanged");
  });

  it("lists problems and exits 1", async () => {
    const result = await runImport(path.join(folder, "bad.json"));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Problems \(\d+\); nothing was stored:/);
    expect(result.stderr).toContain("oc4ids-abc123-0009 /status:");
  });

  it("reports a dry run", async () => {
    const result = await runImport(path.join(folder, "good.json"), "--dry-run");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Dry run succeeded");
    expect(result.stdout).toContain("1 unchanged");
  });

  it("prints help", async () => {
    const result = await runImport("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: ccs import PATH_OR_URL");
  });

  it("rejects a missing path", async () => {
    const result = await runImport();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Give exactly one PATH_OR_URL");
  });

  it("imports a spreadsheet with a mapping and writes the row report", async () => {
    const report = path.join(folder, "rows.csv");
    const result = await runImport(
      path.join(folder, "obras.csv"),
      "--mapping",
      path.join(folder, "mapping.json"),
      "--report",
      report,
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("3 row(s) read, 0 skipped");
    expect(result.stdout).toContain("projects: 3 created, 0 updated, 0 unchanged");
    expect(result.stdout).toContain(
      'file: CSV, encoding utf-8 (detected), delimiter ";" (detected)',
    );
    expect(result.stdout).toContain("unparseable-amount: 1");
    expect(result.stdout).toContain("unknown-value: 1");
    // A value with a line break is printed escaped, so each example keeps to one line.
    expect(result.stdout).toMatch(/row 3, lat\+lng "-34,61\\n-34,62 -58,3816": .*\n/);

    const rows = readFileSync(report, "utf8").trim().split("\n");
    expect(rows[0]).toMatch(/^row,/);
    expect(rows.filter((line) => line.includes("unparseable-amount"))).toHaveLength(1);
    expect(rows.some((line) => line.startsWith("2,oc4ids-test00-1,created"))).toBe(true);
  });

  it("refuses --report without --mapping", async () => {
    const result = await runImport(path.join(folder, "good.json"), "--report", "rows.csv");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--report needs --mapping");
  });
});
