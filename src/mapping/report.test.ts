import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SheetImportReport } from "./import-sheet.js";
import { writeRowReport } from "./report.js";

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "ccs-row-report-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Builds a dry-run report of one row whose `etapa` cell held `value`. */
function reportWithValue(value: string): SheetImportReport {
  // writeRowReport reads only these parts; the others describe the run as a whole.
  const report: Partial<SheetImportReport> = {
    status: "succeeded",
    dryRun: true,
    issueCounts: { "unknown-value": 1 },
    rows: [
      {
        row: 2,
        projectId: "oc4ids-test00-1",
        action: "created",
        issues: [
          {
            code: "unknown-value",
            row: 2,
            column: "etapa",
            value,
            message: `status: "${value}" is not in the value table`,
            action: "warn",
          },
        ],
      },
    ],
    missingFromSource: ["-oc4ids-test00-9"],
  };
  return report as SheetImportReport;
}

describe("writeRowReport", () => {
  it("writes a formula cell as text", async () => {
    const file = path.join(folder, "formula.csv");
    await writeRowReport(file, reportWithValue('=HYPERLINK("https://example.org","x")'));

    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines[0]).toBe("row,project_id,action,issue,column,value,message");
    expect(lines[1]).toBe(
      `2,oc4ids-test00-1,created,unknown-value,etapa,` +
        `"'=HYPERLINK(""https://example.org"",""x"")",` +
        `"status: ""=HYPERLINK(""https://example.org"",""x"")"" is not in the value table"`,
    );
    expect(lines[2]).toBe(",'-oc4ids-test00-9,missing-from-source,,,,");
  });

  it("keeps a negative coordinate a number", async () => {
    const file = path.join(folder, "number.csv");
    await writeRowReport(file, reportWithValue("-34.6"));

    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines[1]).toContain(",etapa,-34.6,");
  });
});
