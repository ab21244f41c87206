import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
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
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  function runImport(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const environment: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: path.join(folder, "data"),
      OC4IDS_SCHEMA: SCHEMA,
      LOG_LEVEL: "silent",
    };
    delete environment.DATABASE_URL;
    const result = spawnSync("npx", ["ccs", "import", ...args], {
      cwd: PROJECT_ROOT,
      env: environment,
      encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("imports a file and exits 0", () => {
    const result = runImport(path.join(folder, "good.json"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("projects: 1 created, 0 updated, 0 unchanged");
  });

  it("lists problems and exits 1", () => {
    const result = runImport(path.join(folder, "bad.json"));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Problems \(\d+\); nothing was stored:/);
    expect(result.stderr).toContain("oc4ids-abc123-0009 /status:");
  });

  it("reports a dry run", () => {
    const result = runImport(path.join(folder, "good.json"), "--dry-run");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Dry run succeeded");
    expect(result.stdout).toContain("1 unchanged");
  });

  it("prints help", () => {
    const result = runImport("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: ccs import PATH_OR_URL");
  });

  it("rejects a missing path", () => {
    const result = runImport();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Give exactly one PATH_OR_URL");
  });
});
