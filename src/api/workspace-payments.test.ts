import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../config.js";
import type { JurisdictionRole, ProjectRole } from "../db/types-accounts.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { shareHoldEvents, type ShareHoldEvent } from "../claims/compliance.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { checkLedgerInvariants } from "../payments/invariants.js";
import { paymentTables } from "../payments/tables.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";
import { createFormatter } from "../portal/format.js";
import { checkRetentionInvariants } from "../claims/retention.js";
import { claimTables } from "../claims/tables.js";

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

async function call(caller: Caller | null, method: string, url: string, body?: unknown) {
  return app.request(`/api/v1/workspace/projects/${encodeURIComponent(projectIdOf(url))}${url}`, {
    method,
    headers: {
      ...(caller ? { Authorization: `Bearer ${tokens.get(caller)}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
let currentProject = "";
const projectIdOf = (_url: string) => currentProject;

async function expectStatus(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

const account = (identifier: string) => ({
  holderName: `Holder ${identifier}`,
  scheme: "other",
  identifier,
  agentId: "WOORI",
});

const SCHEDULE = {
  periodUnit: "month",
  items: [
    { code: "A1", description: "Earthworks", unit: "m3", quantity: 1000, unitPrice: 20000 },
    { code: "B1", description: "Concrete", unit: "m3", quantity: 500, unitPrice: 150000 },
  ],
  periods: [
    { end: "2026-06-30", plannedPercent: 30 },
    { end: "2027-12-31", plannedPercent: 100 },
  ],
};

/** Files, reviews and approves a daily report with 20 m3 of earthworks and 5 m3 of concrete. */
async function approvedReport(date: string) {
  clock.now = new Date(`${date}T18:00:00Z`);
  const filed = await expectStatus(
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
  const id = filed!.id as number;
  await expectStatus(await call("supervisor", "POST", `/daily-reports/${id}/review`), 200);
  await expectStatus(await call("agency", "POST", `/daily-reports/${id}/approve`), 200);
}

describe("direct payment through the API", () => {
  it("pays every share of a monthly claim exactly once", async () => {
    currentProject = projectId;
    await expectStatus(await call("contractor", "POST", "/schedules", SCHEDULE), 201);
    await expectStatus(await call("agency", "POST", "/schedules/1/approve"), 200);
    for (const date of ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]) {
      await approvedReport(date);
    }

    // Contracts: the prime, two subcontracts (one priced under 82% of the prime) and a supplier.
    // The prime registers its own; each other party registers its own with its bank account.
    const contract = async (body: Record<string, unknown>) =>
      (await expectStatus(
        await call(
          body.kind === "prime" ? "contractor" : "subcontractor",
          "POST",
          "/contracts",
          body,
        ),
        201,
      )) as {
        id: number;
        priceRatio: number | null;
        belowRatioFloor: boolean;
        bankAccountStatus: string;
      };
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
    expect(prime.bankAccountStatus).toBe("verified");
    expect(earthworks.priceRatio).toBe(0.85);
    expect(earthworks.belowRatioFloor).toBe(false);
    expect(concrete.priceRatio).toBe(0.8);
    expect(concrete.belowRatioFloor).toBe(true);

    // Twenty workers, each at work three days of the period.
    for (let index = 1; index <= 20; index++) {
      const worker = await call("subcontractor", "POST", "/workers", {
        reference: `W${String(index).padStart(3, "0")}`,
        name: `Worker ${index}`,
        identityNumber: `900101-10000${String(index).padStart(2, "0")}`,
        phone: `010-5555-${String(index).padStart(4, "0")}`,
        dailyRate: 15_000,
        bankAccount: account(`WORKER-${index}`),
      });
      const body = await expectStatus(worker, 201);
      expect(body).not.toHaveProperty("name");
      expect(body!.bankAccountStatus).toBe("verified");
    }
    const entries = [];
    for (let index = 1; index <= 20; index++) {
      for (const date of ["2026-03-02", "2026-03-03", "2026-03-04"]) {
        entries.push({
          reference: `W${String(index).padStart(3, "0")}`,
          date,
          timeIn: "07:30",
          timeOut: "17:00",
        });
      }
    }
    const unknown = await expectStatus(
      await call("subcontractor", "POST", "/attendance", {
        entries: [...entries.slice(0, 2), { reference: "W999", date: "2026-03-02" }],
      }),
      400,
    );
    expect(JSON.stringify(unknown)).toContain("entries.2.reference");
    const recorded = await expectStatus(
      await call("subcontractor", "POST", "/attendance", { entries }),
      200,
    );
    expect(recorded!.recorded).toBe(60);

    // A claim past approved progress is rejected, naming the item.
    const claimBody = {
      periodStart: "2026-03-01",
      periodEnd: "2026-03-31",
      items: [
        { itemCode: "A1", quantity: 80 },
        { itemCode: "B1", quantity: 20 },
      ],
      retentionAmount: 230_000,
      advanceRecovery: 100_000,
    };
    const overClaim = await expectStatus(
      await call("contractor", "POST", "/claims", {
        ...claimBody,
        items: [{ itemCode: "A1", quantity: 81 }],
      }),
      400,
    );
    expect(JSON.stringify(overClaim)).toContain("items.0.quantity");
    const claim = (await expectStatus(
      await call("contractor", "POST", "/claims", claimBody),
      201,
    )) as {
      id: number;
      grossAmount: number;
      netAmount: number;
      subcontractsBelowFloor: { contractId: number }[];
    };
    expect(claim.grossAmount).toBe(4_600_000);
    expect(claim.netAmount).toBe(4_270_000);
    expect(claim.subcontractsBelowFloor.map((flag) => flag.contractId)).toEqual([concrete.id]);
    const overlapping = await call("contractor", "POST", "/claims", {
      ...claimBody,
      periodStart: "2026-03-31",
      periodEnd: "2026-04-30",
    });
    expect(overlapping.status).toBe(409);

    // A split KRW 1,234 short of the net amount is rejected; the right one is stored.
    const lines = (supplierAmount: number) => ({
      lines: [
        { payeeKind: "prime", amount: 870_000 },
        { payeeKind: "subcontractor", contractId: earthworks.id, amount: 1_000_000 },
        { payeeKind: "subcontractor", contractId: concrete.id, amount: 1_200_000 },
        { payeeKind: "supplier", contractId: supplier.id, amount: supplierAmount },
      ],
    });
    const short = await expectStatus(
      await call("contractor", "PUT", `/claims/${claim.id}/split`, lines(298_766)),
      400,
    );
    expect(JSON.stringify(short)).toContain("the split is KRW 1,234 short of the claim");
    const early = await call("agency", "POST", `/claims/${claim.id}/approve`);
    expect(early.status).toBe(409);
    const split = (await expectStatus(
      await call("contractor", "PUT", `/claims/${claim.id}/split`, lines(300_000)),
      200,
    )) as { lines: { payeeKind: string; amount: number; daysWorked: number | null }[] };
    const wageLines = split.lines.filter((line) => line.payeeKind === "worker");
    expect(split.lines).toHaveLength(24);
    expect(wageLines).toHaveLength(20);
    expect(wageLines.every((line) => line.amount === 45_000 && line.daysWorked === 3)).toBe(true);

    // Approval, deposit, then payment with the bank connection lost after ten payments.
    await expectStatus(await call("agency", "POST", `/claims/${claim.id}/approve`), 200);
    const changed = await call("contractor", "PUT", `/claims/${claim.id}/split`, lines(300_000));
    expect(changed.status).toBe(409);
    // The deposit covers the net amount and the retention, which moves into the retention
    // account when the claim is paid.
    const deposit = await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 4_500_000,
        reference: "2026-03-progress",
        segregatedAccount: account("SEG-PROJECT"),
      }),
      201,
    );
    expect(deposit!.segregated).toBe(4_500_000);

    // Subcontractors must register their insurance; Mirae Concrete has not, so its share waits.
    const held: ShareHoldEvent[] = [];
    const released: ShareHoldEvent[] = [];
    const onHeld = (event: ShareHoldEvent) => held.push(event);
    const onReleased = (event: ShareHoldEvent) => released.push(event);
    shareHoldEvents.on("held", onHeld).on("released", onReleased);
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

    bank.failNextSubmit({ kind: "halfway", after: 10 });
    const paid = (await expectStatus(
      await call("agency", "POST", `/claims/${claim.id}/payments`, { executionDate: "2026-04-10" }),
      200,
    )) as {
      created: number;
      heldLines: { lineNo: number; reasons: string[] }[];
      sent: { settled: number; unknown: number };
    };
    // The bank made the first ten payments, but no answer came back for any of the 23.
    expect(paid.created).toBe(23);
    expect(paid.heldLines).toEqual([
      { lineNo: 3, reasons: ["the payee's insurance certificate is not registered"] },
    ]);
    expect(held.map((event) => [event.payeeId, event.documentKind])).toEqual([
      [`contract:${concrete.id}`, "insurance"],
    ]);
    expect(paid.sent.settled).toBe(0);
    expect(paid.sent.unknown).toBe(23);
    expect(bank.recordedPayments()).toHaveLength(10);

    const reconciled = (await expectStatus(
      await call("agency", "POST", "/payments/reconcile"),
      200,
    )) as { reconciled: { settled: number; requeued: number }; resent: { settled: number } };
    expect(reconciled.reconciled.settled).toBe(10);
    expect(reconciled.reconciled.requeued).toBe(13);
    expect(reconciled.resent.settled).toBe(13);

    // Past its due date (approved 2026-03-05, plus 30 and 15 days) the held share is overdue.
    clock.now = new Date("2026-04-25T09:00:00Z");
    const overdue = (await expectStatus(await call("agency", "GET", "/payments/overdue"), 200)) as {
      items: { contractId: number; dueOn: string; daysOverdue: number; held: boolean }[];
    };
    expect(overdue.items).toHaveLength(1);
    expect(overdue.items[0]).toMatchObject({
      contractId: concrete.id,
      dueOn: "2026-04-19",
      daysOverdue: 6,
      held: true,
    });
    const pageWhileHeld = await publicPage();
    expect(directPaymentRow(pageWhileHeld, "Mirae Concrete")).toEqual([
      "Subcontract",
      "Mirae Concrete",
      won(1_200_000),
      won(0),
      "0",
      "0",
      "1",
    ]);
    const holds = (await expectStatus(
      await call("subcontractor", "GET", `/payment-holds?payeeId=contract:${concrete.id}`),
      200,
    )) as { items: { reason: string; releasedAt: string | null }[] };
    expect(holds.items).toEqual([
      expect.objectContaining({
        reason: "the payee's insurance certificate is not registered",
        releasedAt: null,
      }),
    ]);

    // The insurance arrives, the hold is released and the next payment pays the share.
    const registered = (await expectStatus(
      await call("agency", "POST", "/payee-documents", {
        contractId: concrete.id,
        kind: "insurance",
        reference: "INS-2026-0002",
      }),
      201,
    )) as { released: { shareId: string; documentKind: string }[] };
    expect(registered.released).toEqual([
      { shareId: `claim-${claim.id}-line-3`, documentKind: "insurance" },
    ]);
    expect(released.map((event) => event.shareId)).toEqual([`claim-${claim.id}-line-3`]);
    shareHoldEvents.off("held", onHeld).off("released", onReleased);
    const paidLate = (await expectStatus(
      await call("agency", "POST", `/claims/${claim.id}/payments`, { executionDate: "2026-04-25" }),
      200,
    )) as { created: number; heldLines: unknown[]; sent: { settled: number } };
    expect(paidLate.created).toBe(1);
    expect(paidLate.heldLines).toEqual([]);
    expect(paidLate.sent.settled).toBe(1);
    const noneOverdue = (await expectStatus(
      await call("agency", "GET", "/payments/overdue"),
      200,
    )) as { items: unknown[] };
    expect(noneOverdue.items).toEqual([]);

    // Every payee received its share once, and paying again moves nothing.
    const final = (await expectStatus(
      await call("auditor", "GET", `/claims/${claim.id}`),
      200,
    )) as { lines: { amount: number; paid: number; inPayment: number }[] };
    for (const line of final.lines) {
      expect(line.paid).toBe(line.amount);
      expect(line.inPayment).toBe(0);
    }
    const again = (await expectStatus(
      await call("agency", "POST", `/claims/${claim.id}/payments`, { executionDate: "2026-04-11" }),
      200,
    )) as { created: number };
    expect(again.created).toBe(0);
    const atBank = bank.recordedPayments();
    expect(atBank).toHaveLength(24);
    expect(new Set(atBank.map((payment) => payment.creditorId)).size).toBe(24);
    expect(atBank.reduce((sum, payment) => sum + payment.amount, 0)).toBe(4_270_000);
    expect(await checkLedgerInvariants(paymentTables(database.db))).toEqual([]);
    expect(await checkRetentionInvariants(claimTables(database.db))).toEqual([]);
    const retention = (await expectStatus(await call("auditor", "GET", "/retention"), 200)) as {
      retained: number;
      held: number;
    };
    expect(retention).toMatchObject({ retained: 230_000, held: 230_000 });

    // The public page shows per contract what was paid and whether on time, and no worker.
    const html = await publicPage();
    const rows: [string, string[]][] = [
      ["Hanbit Construction", ["Prime contract", won(870_000), won(870_000), "1", "0", "0"]],
      ["Daeil Earthworks", ["Subcontract", won(1_000_000), won(1_000_000), "1", "0", "0"]],
      ["Mirae Concrete", ["Subcontract", won(1_200_000), won(1_200_000), "0", "1", "0"]],
      ["Seoul Ready-Mix", ["Supply agreement", won(300_000), won(300_000), "1", "0", "0"]],
      ["20 workers", ["Workers", won(900_000), won(900_000), "20", "0", "0"]],
    ];
    for (const [party, [kind, ...figures]] of rows) {
      expect(directPaymentRow(html, party)).toEqual([kind, party, ...figures]);
    }
    expect(directPaymentRow(html, "Total")).toEqual([
      "Total",
      won(4_270_000),
      won(4_270_000),
      "23",
      "1",
      "0",
    ]);
    expect(html).toContain(`<dt>Paid so far</dt><dd>${won(4_270_000)}</dd>`);

    const exported = await app.request(`/api/v1/projects/${projectId}`);
    expect(exported.status).toBe(200);
    const published = { page: html, oc4ids: await exported.text() };
    const workers = await claimTables(database.db)
      .selectFrom("payment_workers")
      .select(["name", "identity_hash"])
      .where("project_id", "=", projectId)
      .execute();
    expect(workers).toHaveLength(20);
    for (let index = 1; index <= 20; index++) {
      const personal = [
        `Worker ${index}<`,
        `Worker ${index}"`,
        `010-5555-${String(index).padStart(4, "0")}`,
        `W${String(index).padStart(3, "0")}`,
        `WORKER-${index}`,
        workers[index - 1]!.identity_hash,
      ];
      for (const [where, text] of Object.entries(published)) {
        for (const value of personal) {
          expect(text, `${value} in the ${where}`).not.toContain(value);
        }
      }
    }
  });
});

/** Returns the public project page of the scenario's project, in English. */
async function publicPage(): Promise<string> {
  const response = await app.request(`/projects/${projectId}`, {
    headers: { "Accept-Language": "en" },
  });
  expect(response.status).toBe(200);
  return response.text();
}

const won = (minorUnits: number) => createFormatter("en", "UTC").money(minorUnits, "KRW");

/** Returns the cell texts of the direct payments table row that has a cell reading `cell`. */
function directPaymentRow(html: string, cell: string): string[] | undefined {
  const section = /<section aria-labelledby="direct-payments">([\s\S]*?)<\/section>/.exec(html);
  expect(section, "the page has a direct payments section").not.toBeNull();
  for (const row of section![1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((match) =>
      match[1]!.replace(/<[^>]+>/g, "").trim(),
    );
    if (cells.includes(cell)) return cells;
  }
  return undefined;
}

describe("direct payment roles", () => {
  const ENDPOINTS: { method: string; url: string; allowed: Caller[]; body?: unknown }[] = [
    { method: "POST", url: "/contracts", allowed: ["contractor", "subcontractor"], body: {} },
    { method: "POST", url: "/workers", allowed: ["contractor", "subcontractor"], body: {} },
    { method: "POST", url: "/attendance", allowed: ["contractor", "subcontractor"], body: {} },
    { method: "POST", url: "/claims", allowed: ["contractor"], body: {} },
    { method: "PUT", url: "/claims/999/split", allowed: ["contractor", "subcontractor"], body: {} },
    { method: "POST", url: "/claims/999/approve", allowed: ["agency"] },
    { method: "POST", url: "/deposits", allowed: ["agency"], body: {} },
    { method: "POST", url: "/claims/999/payments", allowed: ["agency"], body: {} },
    { method: "POST", url: "/payments/reconcile", allowed: ["agency"] },
    { method: "PUT", url: "/required-documents", allowed: ["agency"], body: {} },
    {
      method: "POST",
      url: "/payee-documents",
      allowed: ["agency", "contractor", "subcontractor"],
      body: {},
    },
    {
      method: "GET",
      url: "/required-documents",
      allowed: ["agency", "supervisor", "contractor", "subcontractor", "auditor", "administrator"],
    },
    {
      method: "GET",
      url: "/payment-holds",
      allowed: ["agency", "supervisor", "contractor", "subcontractor", "auditor", "administrator"],
    },
    {
      method: "GET",
      url: "/payments/overdue",
      allowed: ["agency", "supervisor", "contractor", "subcontractor", "auditor", "administrator"],
    },
    {
      method: "GET",
      url: "/contracts",
      allowed: ["agency", "supervisor", "contractor", "subcontractor", "auditor", "administrator"],
    },
    {
      method: "GET",
      url: "/workers",
      allowed: ["agency", "supervisor", "contractor", "subcontractor", "auditor", "administrator"],
    },
    {
      method: "GET",
      url: "/claims/999",
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
});
