import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { csvLine, TEST_COLUMNS, testCells, testMapping } from "../mapping/testing.js";
import { SchemaLoadError } from "../oc4ids/validate.js";
import { explainSchemaLoadError } from "./import-command.js";

const SCHEMA_URL = "https://standard.example.org/project-schema.json";

describe("explainSchemaLoadError", () => {
  it("names OC4IDS_SCHEMA when it is not set", () => {
    const error = new SchemaLoadError(SCHEMA_URL, "could not connect (ENOTFOUND)");
    const message = explainSchemaLoadError(error, false);
    expect(message).toContain(
      `Cannot load the OC4IDS schema from ${SCHEMA_URL}: could not connect`,
    );
    expect(message).toContain("OC4IDS_SCHEMA sets where the schema is read from.");
    expect(message).toContain("It is not set, so the default location was tried.");
  });

  it("names OC4IDS_SCHEMA when it is set", () => {
    const message = explainSchemaLoadError(new SchemaLoadError(SCHEMA_URL, "HTTP 404"), true);
    expect(message).toContain("OC4IDS_SCHEMA sets where the schema is read from.");
    expect(message).toContain("It is set to this location.");
  });
});

describe("ccs import with an unreadable schema", () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), "ccs-import-schema-"));
    const lines = [TEST_COLUMNS, testCells(1)].map(csvLine);
    writeFileSync(path.join(folder, "obras.csv"), lines.join("\n") + "\n");
    writeFileSync(path.join(folder, "mapping.json"), JSON.stringify(testMapping()));
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("fails with the setting to change", async () => {
    const schema = path.join(folder, "no-such-schema.json");
    const environment: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: path.join(folder, "data"),
      OC4IDS_SCHEMA: schema,
      LOG_LEVEL: "silent",
    };
    delete environment.DATABASE_URL;
    const args = ["ccs", "import", path.join(folder, "obras.csv")];
    args.push("--mapping", path.join(folder, "mapping.json"), "--dry-run");

    const result = await new Promise<{ status: number | null; stderr: string }>(
      (resolve, reject) => {
        const child = spawn("npx", args, { cwd: PROJECT_ROOT, env: environment });
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stderr }));
      },
    );

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Cannot load the OC4IDS schema from ${schema}: no file exists at this path.`,
    );
    expect(result.stderr).toContain("OC4IDS_SCHEMA sets where the schema is read from.");
    expect(result.stderr).not.toContain("ccs: ");
  });
});
