/**
 * The acceptance scenario of direct payment over three monthly claims: two subcontractors, a
 * supplier and 20 workers whose attendance comes from entered days and card-reader exports.
 * March has a split that does not add up, April a share held for a missing insurance
 * certificate and then released, May a bank connection lost in the middle of a batch. Each
 * claim takes only that month's approved progress, with its own retention and advance
 * recovery; after the final inspection the retention is released to the prime contractor.
 * In the end each payee has received the sum of its approved shares, each share once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRetentionInvariants } from "../claims/retention.js";
import { claimTables } from "../claims/tables.js";
import { loadConfig } from "../config.js";
import type { JurisdictionRole, ProjectRole } from "../db/types-accounts.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { projectBalances } from "../payments/accounts.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { checkLedgerInvariants } from "../payments/invariants.js";
import { paymentTables } from "../payments/tables.js";
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
type Caller = keyof typeof CALLERS;

let database: TestDatabase;
let bank: SimulatedBank;
let app: ReturnType<typeof createApp>;
const clock = { now: new Date("2026-03-01T09:00:00Z") };
const tokens = new Map<string, string>();
let projectId: string;
let accessProjectId: string;
let currentProject = "";

beforeAll(async () => {
  database = await openTestDatabase();
  bank = new SimulatedBank({ now: () => clock.now });
  const config = loadConfig({ LOAD_DEMO: "false" });
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  app = createApp({ config, database, fileStore, clock: () => clock.now, bank });

  const agencyId = (await createOrganisation(database.db, { name: "Seoul Works Office" })).id;
  projectId = await createRegisteredProject(database.db, agencyId);
  accessProjectId = await createRegisteredProject(database.db, agencyId);
  const otherProjectId = await createRegisteredProject(database.db, agencyId);
  for (const [name, roles] of Object.entries(CALLERS)) {
    const user = await createTestUser(database.db, {
      jurisdictionRoles: roles.jurisdiction ?? [],
      memberships: roles.project
        ? [
            { projectId, role: roles.project },
            { projectId: accessProjectId, role: roles.project },
          ]
        : [{ projectId: otherProjectId, role: "prime_contractor" }],
    });
    tokens.set(name, user.token);
  }
});
afterAll(async () => {
  await database.destroy();
});

function call(caller: Caller | null, method: string, url: string, body?: unknown) {
  return app.request(`/api/v1/workspace/projects/${encodeURIComponent(currentProject)}${url}`, {
    method,
    headers: {
      ...(caller ? { Authorization: `Bearer ${tokens.get(caller)}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function expectStatus<T = Record<string, unknown>>(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Uploads a card-reader export as the prime contractor, which answers for every worker. */
async function importTaps(csv: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", new File([csv], "taps.csv", { type: "text/csv" }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const response = await app.request(
    `/api/v1/workspace/projects/${currentProject}/attendance/import`,
    {
      method: "POST",
      headers: { Authorization: `Bearer ${tokens.get("contractor")}` },
      body: form,
    },
  );
  return expectStatus<{ recorded: number; problems: unknown[]; days: unknown[] }>(response, 200);
}

const account = (identifier: string) => ({
  holderName: `Holder ${identifier}`,
  scheme: "other",
  identifier,
  agentId: "WOORI",
});
const reference = (index: number) => `W${String(index).padStart(3, "0")}`;
const WORKERS = Array.from({ length: 20 }, (_, index) => index + 1);

/** Files, reviews and approves a daily report with 20 m3 of earthworks and 5 m3 of concrete. */
async function approvedReport(date: string) {
  clock.now = new Date(`${date}T18:00:00Z`);
  const filed = await expectStatus<{ id: number }>(
    await call("contractor", "POST", "/daily-reports", {
      date,
      weather: "clear",
      manpower: [{ trade: "labourer", count: 20 }],
      equipment: [],
      materials: [],
      work: [
        { itemCode: "A1", quantity: 20 },
        { itemCode: "B1", quantity: 5 },
      ],
      issues: "",
      photoReferences: [],
    }),
    201,
  );
  await expectStatus(await call("supervisor", "POST", `/daily-reports/${filed.id}/review`), 200);
  await expectStatus(await call("agency", "POST", `/daily-reports/${filed.id}/approve`), 200);
}

interface Claim {
  id: number;
  grossAmount: number;
  retentionAmount: number;
  advanceRecovery: number;
  netAmount: number;
  lines: {
    lineNo: number;
    payeeKind: string;
    contractId: number | null;
    workerReference: string | null;
    daysWorked: number | null;
    amount: number;
    paid: number;
    inPayment: number;
  }[];
}
interface PaidOutcome {
  created: number;
  heldLines: { lineNo: number; reasons: string[] }[];
  sent: { settled: number; unknown: number } | null;
}

describe("direct payment over three monthly claims", () => {
  it("pays every payee the sum of its approved shares, each share once", async () => {
    currentProject = projectId;
    await expectStatus(
      await call("contractor", "POST", "/schedules", {
        periodUnit: "month",
        items: [
          { code: "A1", description: "Earthworks", unit: "m3", quantity: 1000, unitPrice: 20000 },
          { code: "B1", description: "Concrete", unit: "m3", quantity: 500, unitPrice: 150000 },
        ],
        periods: [
          { end: "2026-06-30", plannedPercent: 30 },
          { end: "2027-12-31", plannedPercent: 100 },
        ],
      }),
      201,
    );
    await expectStatus(await call("agency", "POST", "/schedules/1/approve"), 200);

    // The prime registers its own contract; each other party registers its own with its account.
    const contract = async (body: Record<string, unknown>) =>
      expectStatus<{ id: number }>(
        await call(
          body.kind === "prime" ? "contractor" : "subcontractor",
          "POST",
          "/contracts",
          body,
        ),
        201,
      );
    const prime = await contract({
      kind: "prime",
      partyName: "Hanbit Construction",
      amount: 95_000_000,
      bankAccount: account("PRIME-1"),
    });
    const earthworks = await contract({
      kind: "subcontract",
      partyName: "Daeil Earthworks",
      amount: 17_000_000,
      items: [{ itemCode: "A1", quantity: 1000, unitPrice: 17000 }],
      bankAccount: account("SUB-1"),
    });
    const concrete = await contract({
      kind: "subcontract",
      partyName: "Mirae Concrete",
      amount: 60_000_000,
      items: [{ itemCode: "B1", quantity: 500, unitPrice: 120000 }],
      bankAccount: account("SUB-2"),
    });
    const supplier = await contract({
      kind: "supply",
      partyName: "Seoul Ready-Mix",
      amount: 5_000_000,
      bankAccount: account("SUP-1"),
    });
    for (const index of WORKERS) {
      await expectStatus(
        await call("contractor", "POST", "/workers", {
          reference: reference(index),
          name: `Worker ${index}`,
          identityNumber: `900101-10000${String(index).padStart(2, "0")}`,
          phone: `010-5555-${String(index).padStart(4, "0")}`,
          dailyRate: 15_000,
          bankAccount: account(`WORKER-${index}`),
        }),
        201,
      );
    }
    const split = (claim: Claim, amounts: [number, number, number, number]) =>
      call("contractor", "PUT", `/claims/${claim.id}/split`, {
        lines: [
          { payeeKind: "prime", amount: amounts[0] },
          { payeeKind: "subcontractor", contractId: earthworks.id, amount: amounts[1] },
          { payeeKind: "subcontractor", contractId: concrete.id, amount: amounts[2] },
          { payeeKind: "supplier", contractId: supplier.id, amount: amounts[3] },
        ],
      });
    const claims: Claim[] = [];

    // March: four approved days (80 m3 of earthworks, 20 of concrete), three days entered for
    // each worker, and a split KRW 1,234 short of the claim.
    for (const date of ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]) {
      await approvedReport(date);
    }
    const marchDays = WORKERS.flatMap((index) =>
      ["2026-03-02", "2026-03-03", "2026-03-04"].map((date) => ({
        reference: reference(index),
        date,
        timeIn: "07:30",
        timeOut: "17:00",
      })),
    );
    await expectStatus(
      await call("contractor", "POST", "/attendance", { entries: marchDays }),
      200,
    );
    const march = await expectStatus<Claim>(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-03-01",
        periodEnd: "2026-03-31",
        items: [
          { itemCode: "A1", quantity: 80 },
          { itemCode: "B1", quantity: 20 },
        ],
        retentionAmount: 230_000,
        advanceRecovery: 100_000,
      }),
      201,
    );
    expect(march).toMatchObject({ grossAmount: 4_600_000, netAmount: 4_270_000 });
    const short = await expectStatus(
      await split(march, [870_000, 1_000_000, 1_200_000, 298_766]),
      400,
    );
    expect(JSON.stringify(short)).toContain("the split is KRW 1,234 short of the claim");
    await expectStatus(await split(march, [870_000, 1_000_000, 1_200_000, 300_000]), 200);
    await expectStatus(await call("agency", "POST", `/claims/${march.id}/approve`), 200);
    await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 4_500_000,
        reference: "2026-03-progress",
        segregatedAccount: account("SEG-PROJECT"),
      }),
      201,
    );
    const marchPaid = await expectStatus<PaidOutcome>(
      await call("agency", "POST", `/claims/${march.id}/payments`, { executionDate: "2026-04-06" }),
      200,
    );
    expect(marchPaid).toMatchObject({ created: 24, heldLines: [], sent: { settled: 24 } });
    claims.push(march);

    // April: six approved days (120 m3 and 30 m3 more), attendance from a card-reader export
    // with an in and an out tap per worker and day.
    const aprilDates = [
      "2026-04-01",
      "2026-04-02",
      "2026-04-03",
      "2026-04-06",
      "2026-04-07",
      "2026-04-08",
    ];
    for (const date of aprilDates) await approvedReport(date);
    const aprilTaps = ["card,time,direction"];
    for (const index of WORKERS) {
      for (const date of aprilDates.slice(0, 4)) {
        aprilTaps.push(`${reference(index)},${date} 07:2${index % 10},in`);
        aprilTaps.push(`${reference(index)},${date} 17:0${index % 10},out`);
      }
    }
    const aprilImport = await importTaps(aprilTaps.join("\n"));
    expect(aprilImport).toMatchObject({ recorded: 80, problems: [] });

    // A claim for more than the work approved since March is rejected: March's 80 m3 of
    // earthworks are claimed already, so 120 m3 remain of the 200 approved.
    const reclaim = await expectStatus(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-04-01",
        periodEnd: "2026-04-30",
        items: [{ itemCode: "A1", quantity: 200 }],
      }),
      400,
    );
    expect(JSON.stringify(reclaim)).toContain(
      "200 is more than the 120 approved and not yet claimed (200 in approved daily reports up to 2026-04-30, 80 claimed before)",
    );
    const april = await expectStatus<Claim>(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-04-01",
        periodEnd: "2026-04-30",
        items: [
          { itemCode: "A1", quantity: 120 },
          { itemCode: "B1", quantity: 30 },
        ],
        retentionAmount: 345_000,
        advanceRecovery: 150_000,
      }),
      201,
    );
    expect(april).toMatchObject({ grossAmount: 6_900_000, netAmount: 6_405_000 });
    const aprilSplit = await expectStatus<Claim>(
      await split(april, [1_305_000, 1_500_000, 2_100_000, 300_000]),
      200,
    );
    expect(aprilSplit.lines.filter((line) => line.payeeKind === "worker")).toHaveLength(20);
    expect(
      aprilSplit.lines.every((line) => line.payeeKind !== "worker" || line.daysWorked === 4),
    ).toBe(true);
    await expectStatus(await call("agency", "POST", `/claims/${april.id}/approve`), 200);
    await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 6_750_000,
        reference: "2026-04-progress",
      }),
      201,
    );

    // From April subcontractors must register their insurance; Mirae Concrete has not yet.
    await expectStatus(
      await call("agency", "PUT", "/required-documents", {
        required: [{ payeeKind: "subcontractor", documentKinds: ["insurance"] }],
      }),
      200,
    );
    await expectStatus(
      await call("agency", "POST", "/payee-documents", {
        contractId: earthworks.id,
        kind: "insurance",
        reference: "INS-2026-0001",
      }),
      201,
    );
    const aprilPaid = await expectStatus<PaidOutcome>(
      await call("agency", "POST", `/claims/${april.id}/payments`, { executionDate: "2026-05-06" }),
      200,
    );
    expect(aprilPaid).toMatchObject({
      created: 23,
      heldLines: [{ lineNo: 3, reasons: ["the payee's insurance certificate is not registered"] }],
      sent: { settled: 23 },
    });
    const registered = await expectStatus<{ released: { shareId: string }[] }>(
      await call("agency", "POST", "/payee-documents", {
        contractId: concrete.id,
        kind: "insurance",
        reference: "INS-2026-0002",
      }),
      201,
    );
    expect(registered.released.map((hold) => hold.shareId)).toEqual([`claim-${april.id}-line-3`]);
    const aprilHeldPaid = await expectStatus<PaidOutcome>(
      await call("agency", "POST", `/claims/${april.id}/payments`, { executionDate: "2026-05-07" }),
      200,
    );
    expect(aprilHeldPaid).toMatchObject({ created: 1, heldLines: [], sent: { settled: 1 } });
    claims.push(april);

    // May: five approved days (100 m3 and 25 m3 more), attendance from an export that names
    // the gate's readers instead of a direction, and the bank connection lost mid-batch.
    const mayDates = ["2026-05-04", "2026-05-05", "2026-05-06", "2026-05-07", "2026-05-08"];
    for (const date of mayDates) await approvedReport(date);
    const mayTaps = ["Badge;Read at;Reader"];
    for (const index of WORKERS) {
      for (const date of mayDates) {
        mayTaps.push(`${reference(index)};${date} 07:15:00;Gate 1 entry`);
        mayTaps.push(`${reference(index)};${date} 16:45:00;Gate 1 exit`);
      }
    }
    const mayImport = await importTaps(mayTaps.join("\n"), {
      cardColumn: "Badge",
      timeColumn: "Read at",
      readerColumn: "Reader",
      entryReaders: "Gate 1 entry",
      exitReaders: "Gate 1 exit",
    });
    expect(mayImport).toMatchObject({ recorded: 100, problems: [] });
    const may = await expectStatus<Claim>(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-05-01",
        periodEnd: "2026-05-31",
        items: [
          { itemCode: "A1", quantity: 100 },
          { itemCode: "B1", quantity: 25 },
        ],
        retentionAmount: 287_500,
        advanceRecovery: 125_000,
      }),
      201,
    );
    expect(may).toMatchObject({ grossAmount: 5_750_000, netAmount: 5_337_500 });
    await expectStatus(await split(may, [937_500, 1_250_000, 1_350_000, 300_000]), 200);
    await expectStatus(await call("agency", "POST", `/claims/${may.id}/approve`), 200);
    // A deposit of the net amount alone cannot cover the retention too: the payment run is
    // refused and stores nothing, until the agency deposits the retention.
    await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 5_337_500,
        reference: "2026-05-progress",
      }),
      201,
    );
    const underfunded = await call("agency", "POST", `/claims/${may.id}/payments`, {
      executionDate: "2026-06-05",
    });
    expect(underfunded.status).toBe(409);
    expect(await underfunded.text()).toContain("insufficient_funds");
    const paymentsBefore = bank.recordedPayments().length;
    const heldBefore = await expectStatus(await call("auditor", "GET", "/retention"), 200);
    expect(heldBefore).toMatchObject({ retained: 575_000, held: 575_000 });
    const mayClaim = await expectStatus<Claim>(
      await call("auditor", "GET", `/claims/${may.id}`),
      200,
    );
    expect(mayClaim.lines.every((line) => line.paid === 0 && line.inPayment === 0)).toBe(true);
    expect(bank.recordedPayments()).toHaveLength(paymentsBefore);
    await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 287_500,
        reference: "2026-05-retention",
      }),
      201,
    );
    bank.failNextSubmit({ kind: "halfway", after: 12 });
    const mayPaid = await expectStatus<PaidOutcome>(
      await call("agency", "POST", `/claims/${may.id}/payments`, { executionDate: "2026-06-05" }),
      200,
    );
    expect(mayPaid).toMatchObject({ created: 24, sent: { settled: 0, unknown: 24 } });
    const reconciled = await expectStatus<{
      reconciled: { settled: number; requeued: number };
      resent: { settled: number };
    }>(await call("agency", "POST", "/payments/reconcile"), 200);
    expect(reconciled.reconciled).toMatchObject({ settled: 12, requeued: 12 });
    expect(reconciled.resent.settled).toBe(12);
    claims.push(may);

    // Retention and advance recovery were taken per claim; the retention is held in the ledger.
    const final: Claim[] = [];
    for (const claim of claims) {
      final.push(
        await expectStatus<Claim>(await call("auditor", "GET", `/claims/${claim.id}`), 200),
      );
    }
    expect(final.map((claim) => [claim.retentionAmount, claim.advanceRecovery])).toEqual([
      [230_000, 100_000],
      [345_000, 150_000],
      [287_500, 125_000],
    ]);
    const beforeRelease = await expectStatus(await call("auditor", "GET", "/retention"), 200);
    expect(beforeRelease).toMatchObject({ retained: 862_500, released: 0, held: 862_500 });

    // Retention waits for the final inspection, then goes to the prime contractor once.
    const early = await call("agency", "POST", "/retention/release", {
      executionDate: "2026-06-30",
    });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("only after the final inspection is recorded");
    clock.now = new Date("2026-06-30T09:00:00Z");
    await expectStatus(await call("agency", "POST", "/final-inspection"), 200);
    // The bank makes the release payment but its answer is lost: a second release pays nothing
    // while the payment is open, and reconciliation settles it.
    bank.failNextSubmit({ kind: "timeout" });
    const release = await expectStatus(
      await call("agency", "POST", "/retention/release", { executionDate: "2026-06-30" }),
      200,
    );
    expect(release).toMatchObject({ releasedAmount: 862_500, created: 1, sent: { unknown: 1 } });
    const again = await expectStatus(
      await call("agency", "POST", "/retention/release", { executionDate: "2026-07-01" }),
      200,
    );
    expect(again).toMatchObject({ releasedShareId: null, releasedAmount: 0, created: 0 });
    const settledRelease = await expectStatus<{ reconciled: { settled: number } }>(
      await call("agency", "POST", "/payments/reconcile"),
      200,
    );
    expect(settledRelease.reconciled.settled).toBe(1);
    const afterRelease = await expectStatus(await call("auditor", "GET", "/retention"), 200);
    expect(afterRelease).toMatchObject({ retained: 862_500, released: 862_500, held: 0 });
    expect(afterRelease.releases).toEqual([
      { shareId: `retention-${projectId}-1`, amount: 862_500, paid: 862_500, inPayment: 0 },
    ]);

    // Per payee: what the bank paid equals the sum of the approved shares, one payment each.
    const approved = new Map<string, { total: number; shares: number }>();
    const add = (payee: string, amount: number) => {
      const entry = approved.get(payee) ?? { total: 0, shares: 0 };
      approved.set(payee, { total: entry.total + amount, shares: entry.shares + 1 });
    };
    const accountOf = new Map<number, string>([
      [prime.id, "PRIME-1"],
      [earthworks.id, "SUB-1"],
      [concrete.id, "SUB-2"],
      [supplier.id, "SUP-1"],
    ]);
    for (const claim of final) {
      for (const line of claim.lines) {
        expect(line.paid).toBe(line.amount);
        expect(line.inPayment).toBe(0);
        const payee =
          line.contractId !== null
            ? accountOf.get(line.contractId)!
            : `WORKER-${Number(line.workerReference!.slice(1))}`;
        add(payee, line.amount);
      }
    }
    add("PRIME-1", 862_500);
    expect(approved.get("PRIME-1")).toEqual({
      total: 870_000 + 1_305_000 + 937_500 + 862_500,
      shares: 4,
    });
    expect(approved.get("WORKER-7")).toEqual({ total: (3 + 4 + 5) * 15_000, shares: 3 });

    const atBank = bank.recordedPayments();
    expect(atBank.every((payment) => payment.state === "settled")).toBe(true);
    expect(new Set(atBank.map((payment) => payment.idempotencyKey)).size).toBe(atBank.length);
    expect(atBank).toHaveLength(24 * 3 + 1);
    for (const [payee, expected] of approved) {
      const paid = atBank.filter((payment) => payment.creditorId === payee);
      expect({ payee, total: paid.reduce((sum, payment) => sum + payment.amount, 0) }).toEqual({
        payee,
        total: expected.total,
      });
      expect({ payee, payments: paid.length }).toEqual({ payee, payments: expected.shares });
    }
    expect(approved.size).toBe(24);

    // Every deposit was paid out: nothing is left in the segregated, retention or clearing
    // accounts, and the ledger's and retention's invariants hold.
    const payments = paymentTables(database.db);
    expect(await projectBalances(payments, projectId, "KRW")).toEqual({
      segregated: 0,
      retention: 0,
      inClearing: 0,
    });
    expect(await checkLedgerInvariants(payments)).toEqual([]);
    expect(await checkRetentionInvariants(claimTables(database.db))).toEqual([]);
  });
});

describe("retention roles", () => {
  const ENDPOINTS: { method: string; url: string; allowed: Caller[]; body?: unknown }[] = [
    { method: "POST", url: "/retention/release", allowed: ["agency"], body: {} },
    {
      method: "GET",
      url: "/retention",
      allowed: ["agency", "supervisor", "contractor", "subcontractor", "auditor", "administrator"],
    },
  ];
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.url} by role`, async () => {
      currentProject = accessProjectId;
      const anonymous = await call(null, endpoint.method, endpoint.url, endpoint.body);
      expect(anonymous.status).toBe(401);
      for (const caller of Object.keys(CALLERS)) {
        const response = await call(caller, endpoint.method, endpoint.url, endpoint.body);
        if (endpoint.allowed.includes(caller)) {
          expect([401, 403], `${caller} should be allowed`).not.toContain(response.status);
        } else {
          expect(response.status, `${caller} should be denied`).toBe(403);
        }
      }
    });
  }

  it("names the missing execution date of a release", async () => {
    currentProject = accessProjectId;
    const body = await expectStatus<{ error: { problems: { path: string }[] } }>(
      await call("agency", "POST", "/retention/release", {}),
      400,
    );
    expect(body.error.problems.map((problem) => problem.path)).toEqual(["executionDate"]);
  });
});
