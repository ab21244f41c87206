import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimTables } from "../claims/tables.js";
import { loadConfig } from "../config.js";
import type { JurisdictionRole, ProjectRole } from "../db/types-accounts.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

const CALLERS: Record<string, { jurisdiction?: JurisdictionRole[]; project?: ProjectRole }> = {
  agency: { project: "agency_official" },
  supervisor: { project: "supervisor" },
  contractor: { project: "prime_contractor" },
  subcontractor: { project: "subcontractor" },
  auditor: { jurisdiction: ["auditor"] },
  administrator: { jurisdiction: ["administrator"] },
  outsider: {},
};

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const tokens = new Map<string, string>();
let projectId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const bank = new SimulatedBank();
  const config = loadConfig({ LOAD_DEMO: "false" });
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  app = createApp({ config, database, fileStore, clock: () => new Date(), bank });
  const agencyId = (await createOrganisation(database.db, { name: "Seoul Works Office" })).id;
  projectId = await createRegisteredProject(database.db, agencyId);
  const otherProjectId = await createRegisteredProject(database.db, agencyId);
  // One builder for every caller: a subcontractor reads only its own organisation's cards.
  const builderId = (await createOrganisation(database.db, { name: "Hanbit Construction" })).id;
  for (const [name, roles] of Object.entries(CALLERS)) {
    const user = await createTestUser(database.db, {
      organisationId: builderId,
      jurisdictionRoles: roles.jurisdiction ?? [],
      memberships: roles.project
        ? [{ projectId, role: roles.project }]
        : [{ projectId: otherProjectId, role: "prime_contractor" }],
    });
    tokens.set(name, user.token);
  }
  for (const reference of ["C-1001", "C-1002", "C-1003"]) {
    const response = await app.request(`/api/v1/workspace/projects/${projectId}/workers`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${tokens.get("contractor")}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        reference,
        name: `Worker ${reference}`,
        identityNumber: `900101-${reference.slice(2)}00`,
        phone: null,
        dailyRate: 150_000,
        bankAccount: {
          holderName: `Holder ${reference}`,
          scheme: "other",
          identifier: `ACC-${reference}`,
          agentId: null,
        },
      }),
    });
    expect(response.status, await response.text()).toBe(201);
  }
});
afterAll(async () => {
  await database.destroy();
});

/** Uploads `content` as the file with the other form fields, as `caller`. */
async function upload(
  caller: string | null,
  content: string | Uint8Array,
  fields: Record<string, string> = {},
  fileName = "taps.csv",
) {
  const form = new FormData();
  form.set("file", new File([content], fileName, { type: "text/csv" }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return app.request(`/api/v1/workspace/projects/${projectId}/attendance/import`, {
    method: "POST",
    headers: caller ? { Authorization: `Bearer ${tokens.get(caller)}` } : {},
    body: form,
  });
}

async function json(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The field problems of an error response. */
async function problemsOf(response: Response) {
  const body = await json(response, 400);
  return (body.error as { problems: { path: string; message: string }[] }).problems;
}

async function attendanceRows() {
  return claimTables(database.db)
    .selectFrom("worker_attendance")
    .innerJoin("payment_workers", "payment_workers.id", "worker_attendance.worker_id")
    .select(["payment_workers.reference", "work_date", "time_in", "time_out"])
    .where("payment_workers.project_id", "=", projectId)
    .orderBy("payment_workers.reference")
    .orderBy("work_date")
    .execute();
}

const EXPORT = [
  "Card,Time,Direction,Gate",
  "C-1001,2026-04-01 07:31:05,IN,North",
  "C-1001,2026-04-01 07:31:30,IN,North",
  "C-1001,2026-04-01 17:02:00,OUT,North",
  "C-1002,2026-04-01 07:45:00,in,South",
  "C-1002,2026-04-01 16:30:00,out,South",
  "C-9999,2026-04-01 07:50:00,in,North",
  "C-1003,2026-04-01 08:00:00,in,North",
  "C-1002,2028-01-03 08:00:00,in,North",
  "C-1001,2026-04-02 07:30:00,in,North",
  "C-1001,2026-04-02 12:00:00,out,North",
  "C-1001,2026-04-02 13:00:00,in,North",
  "C-1001,2026-04-02 17:00:00,out,North",
  "C-1002,yesterday,in,North",
].join("\r\n");

describe("importing attendance from a card-reader export", () => {
  it("reports each unusable row in a dry run and stores nothing", async () => {
    const report = await json(await upload("subcontractor", EXPORT, { dryRun: "true" }), 200);
    expect(report).toMatchObject({ dryRun: true, rows: 13, taps: 10, recorded: 0 });
    expect(report.days).toEqual([
      { reference: "C-1001", date: "2026-04-01", timeIn: "07:31", timeOut: "17:02", minutes: 570 },
      { reference: "C-1001", date: "2026-04-02", timeIn: "07:30", timeOut: "17:00", minutes: 510 },
      { reference: "C-1002", date: "2026-04-01", timeIn: "07:45", timeOut: "16:30", minutes: 525 },
    ]);
    expect(report.problems).toEqual([
      {
        row: 3,
        reason: "duplicate tap: the same card tapped in at row 2 less than 60 seconds before",
      },
      { row: 7, reason: "unknown card: C-9999 is not a worker of this project" },
      { row: 8, reason: "unpaired tap: in at 08:00 has no out after it on 2026-04-01" },
      {
        row: 9,
        reason: "tap on 2028-01-03 is outside the contract period 2026-01-01 to 2027-12-31",
      },
      { row: 14, reason: "yesterday is not a time of the form YYYY-MM-DD HH:MM[:SS]" },
    ]);
    expect(await attendanceRows()).toEqual([]);
  });

  it("records the paired days and replaces them when imported again", async () => {
    const first = await json(await upload("contractor", EXPORT), 200);
    expect(first.recorded).toBe(3);
    const again = await json(await upload("contractor", EXPORT), 200);
    expect(again.recorded).toBe(3);
    expect(await attendanceRows()).toEqual([
      { reference: "C-1001", work_date: "2026-04-01", time_in: "07:31", time_out: "17:02" },
      { reference: "C-1001", work_date: "2026-04-02", time_in: "07:30", time_out: "17:00" },
      { reference: "C-1002", work_date: "2026-04-01", time_in: "07:45", time_out: "16:30" },
    ]);
  });

  it("reads named columns, entry and exit readers, semicolons and EUC-KR", async () => {
    // A Korean access-control export: 카드번호 (card), 출입시각 (time), 단말기 (reader).
    const text = [
      "카드번호;출입시각;단말기",
      "C-1003;2026/04/03 06:58;정문 입구",
      "C-1003;2026/04/03 15:10;정문 출구",
      "C-1003;2026/04/03 15:12;후문",
    ].join("\n");
    const encoded = encodeEucKr(text);
    const report = await json(
      await upload("subcontractor", encoded, {
        cardColumn: "카드번호",
        timeColumn: "출입시각",
        readerColumn: "단말기",
        entryReaders: "정문 입구",
        exitReaders: "정문 출구",
        encoding: "euc-kr",
        dryRun: "true",
      }),
      200,
    );
    expect(report.days).toEqual([
      { reference: "C-1003", date: "2026-04-03", timeIn: "06:58", timeOut: "15:10", minutes: 492 },
    ]);
    expect(report.problems).toEqual([
      { row: 4, reason: "reader 후문 is named neither an entry nor an exit reader" },
    ]);
  });

  it("names the missing column and stores nothing", async () => {
    const before = await attendanceRows();
    const problems = await problemsOf(await upload("contractor", "Badge,When,Way\nC-1001,x,in\n"));
    expect(problems).toEqual([
      {
        path: "cardColumn",
        message: "no column is named card; the file's columns are Badge, When, Way",
      },
      {
        path: "timeColumn",
        message: "no column is named time; the file's columns are Badge, When, Way",
      },
      {
        path: "directionColumn",
        message: "no column is named direction or reader; the file's columns are Badge, When, Way",
      },
    ]);
    const readers = await problemsOf(
      await upload("contractor", "card,time,reader\nC-1001,2026-04-05 08:00,Gate 1\n"),
    );
    expect(readers.map((problem) => problem.path)).toEqual(["entryReaders"]);
    expect(await attendanceRows()).toEqual(before);
  });

  it("rejects an unreadable or missing file and stores nothing", async () => {
    const before = await attendanceRows();
    const empty = await problemsOf(await upload("contractor", ""));
    expect(empty).toEqual([{ path: "file", message: "taps.csv: the file is empty (0 bytes)" }]);
    const binary = await problemsOf(
      await upload("contractor", new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9, 0, 0])),
    );
    expect(binary.map((problem) => problem.path)).toEqual(["file"]);
    const badQuote = await problemsOf(
      await upload("contractor", 'card,time,direction\nC-1001,"2026-04-05 08:00,in\n'),
    );
    expect(badQuote.map((problem) => problem.path)).toEqual(["file"]);
    const response = await app.request(
      `/api/v1/workspace/projects/${projectId}/attendance/import`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${tokens.get("contractor")}` },
        body: new FormData(),
      },
    );
    expect(await problemsOf(response)).toEqual([{ path: "file", message: "is missing" }]);
    const badFlag = await problemsOf(await upload("contractor", EXPORT, { dryRun: "maybe" }));
    expect(badFlag).toEqual([{ path: "dryRun", message: "must be true or false" }]);
    expect(await attendanceRows()).toEqual(before);
  });

  it("takes the contract period from the completion date in force", async () => {
    // Planned to end on 2026-05-31; an approved time extension moves the project's period end
    // to 2026-06-30. Both lie in the past, because taps after today are refused too.
    await database.db
      .updateTable("workspace_projects")
      .set({ planned_completion_date: "2026-05-31" })
      .where("project_id", "=", projectId)
      .execute();
    const csv = "card,time,direction\nC-1002,2026-06-15 08:00,in\nC-1002,2026-06-15 16:00,out\n";
    const before = await json(await upload("contractor", csv, { dryRun: "true" }), 200);
    expect(before.problems).toEqual([
      {
        row: 2,
        reason: "tap on 2026-06-15 is outside the contract period 2026-01-01 to 2026-05-31",
      },
      {
        row: 3,
        reason: "tap on 2026-06-15 is outside the contract period 2026-01-01 to 2026-05-31",
      },
    ]);
    await database.db
      .updateTable("projects")
      .set({ period_end: "2026-06-30T00:00:00Z" })
      .where("id", "=", projectId)
      .execute();
    const report = await json(await upload("contractor", csv, { dryRun: "true" }), 200);
    expect(report.problems).toEqual([]);
    expect(report.days).toEqual([
      { reference: "C-1002", date: "2026-06-15", timeIn: "08:00", timeOut: "16:00", minutes: 480 },
    ]);
  });

  it("allows the prime contractor and subcontractors only", async () => {
    expect((await upload(null, EXPORT, { dryRun: "true" })).status).toBe(401);
    for (const caller of Object.keys(CALLERS)) {
      const response = await upload(caller, EXPORT, { dryRun: "true" });
      if (caller === "contractor" || caller === "subcontractor") {
        expect(response.status, caller).toBe(200);
      } else {
        expect(response.status, caller).toBe(403);
      }
    }
  });
});

/** Encodes Hangul text as EUC-KR through Node's decoder table, by searching each syllable. */
function encodeEucKr(text: string): Uint8Array {
  const decoder = new TextDecoder("euc-kr");
  const table = new Map<string, number[]>();
  for (let lead = 0xb0; lead <= 0xc8; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`no EUC-KR code for ${char}`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}
