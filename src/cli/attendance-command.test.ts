import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimTables } from "../claims/tables.js";
import { registerWorker } from "../claims/workers.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";
import { runAttendanceCommand } from "./attendance-command.js";

let database: TestDatabase;
let projectId: string;
let folder: string;

beforeAll(async () => {
  database = await openTestDatabase();
  folder = mkdtempSync(path.join(tmpdir(), "ccs-attendance-command-"));
  const agencyId = (await createOrganisation(database.db, { name: "Works Office" })).id;
  projectId = await createRegisteredProject(database.db, agencyId);
  const user = await createTestUser(database.db, {
    memberships: [{ projectId, role: "prime_contractor" }],
  });
  await registerWorker(
    claimTables(database.db),
    new SimulatedBank(),
    projectId,
    {
      reference: "C-1001",
      name: "Worker One",
      identityNumber: "900101-1000001",
      phone: null,
      dailyRate: 150_000,
      bankAccount: { holderName: "Worker One", scheme: "other", identifier: "A-1", agentId: null },
    },
    { userId: user.id, now: new Date("2026-04-01T00:00:00Z") },
  );
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await database.destroy();
});

async function run(...argv: string[]) {
  const lines: string[] = [];
  const status = await runAttendanceCommand(database, argv, (line) => lines.push(line));
  return { status, output: lines.join("\n") };
}

describe("ccs attendance import", () => {
  it("records paired days and lists rows left out", async () => {
    const file = path.join(folder, "gate.csv");
    writeFileSync(
      file,
      [
        "Badge\tEvent\tReader",
        "C-1001\t2026-04-01 07:30\tGate In",
        "C-1001\t2026-04-01 17:00\tGate Out",
        "C-2002\t2026-04-01 07:40\tGate In",
      ].join("\n"),
    );
    const options = [
      "import",
      "--project",
      projectId,
      "--card-column",
      "Badge",
      "--time-column",
      "Event",
      "--reader-column",
      "Reader",
      "--entry-readers",
      "Gate In",
      "--exit-readers",
      "Gate Out",
      "--delimiter",
      "tab",
    ];
    const dry = await run(...options, "--dry-run", file);
    expect(dry.status).toBe(1);
    expect(dry.output).toContain("dry run, 1 days would be recorded; 1 rows left out.");
    expect(dry.output).toContain("row 4: unknown card: C-2002 is not a worker of this project");

    const stored = await run(...options, file);
    expect(stored.output).toContain("1 days recorded");
    const days = await claimTables(database.db)
      .selectFrom("worker_attendance")
      .select(["work_date", "time_in", "time_out"])
      .execute();
    expect(days).toEqual([{ work_date: "2026-04-01", time_in: "07:30", time_out: "17:00" }]);
  });

  it("names an unreadable file and a usage error", async () => {
    const missing = await run("import", "--project", projectId, path.join(folder, "none.csv"));
    expect(missing.status).toBe(1);
    expect(missing.output).toContain("file: none.csv: file not found");
    const usage = await run("import", "--project", projectId);
    expect(usage.status).toBe(2);
    expect(usage.output).toContain('Expected "import", --project and one file.');
  });
});
