import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../config.js";
import type { ProjectRole } from "../db/types-accounts.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { claimTables } from "../claims/tables.js";
import { loadDirectPayments } from "../claims/public-view.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";
import type { SmsAdapter, SmsMessage } from "../notifications/sms.js";

class RecordingSms implements SmsAdapter {
  sent: SmsMessage[] = [];
  send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}
const sms = new RecordingSms();

/**
 * Checks who registers what direct payment pays from. Only the prime registers the prime
 * contract, everyone else only its own organisation's contracts, and a bank account only its
 * payee's own users. Attendance is recorded only by the worker's employer or the prime. Dates
 * and amounts that used to fail inside the database are rejected naming the field.
 */
const CALLERS: Record<string, { project?: ProjectRole; organisation?: "prime" | "a" | "b" }> = {
  agency: { project: "agency_official" },
  supervisor: { project: "supervisor" },
  contractor: { project: "prime_contractor", organisation: "prime" },
  subA: { project: "subcontractor", organisation: "a" },
  subB: { project: "subcontractor", organisation: "b" },
};
type Caller = keyof typeof CALLERS;

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const clock = { now: new Date("2026-03-01T09:00:00Z") };
const tokens = new Map<string, string>();
const organisations = new Map<string, string>();
let agencyOrganisation: string;
let projectId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const bank = new SimulatedBank({ now: () => clock.now });
  const config = loadConfig({ LOAD_DEMO: "false" });
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  app = createApp({ config, database, fileStore, clock: () => clock.now, bank, sms });

  agencyOrganisation = (await createOrganisation(database.db, { name: "Seoul Works Office" })).id;
  for (const [key, name] of [
    ["prime", "Hanbit Construction"],
    ["a", "Daeil Earthworks"],
    ["b", "Seonjin Steel"],
  ] as const) {
    organisations.set(key, (await createOrganisation(database.db, { name })).id);
  }
  projectId = await createRegisteredProject(database.db, agencyOrganisation);
  for (const [name, roles] of Object.entries(CALLERS)) {
    const user = await createTestUser(database.db, {
      memberships: roles.project ? [{ projectId, role: roles.project }] : [],
      ...(roles.organisation ? { organisationId: organisations.get(roles.organisation)! } : {}),
    });
    tokens.set(name, user.token);
  }

  await expectStatus(
    await call("contractor", "POST", "/schedules", {
      periodUnit: "month",
      items: [
        { code: "A1", description: "Earthworks", unit: "m3", quantity: 1000, unitPrice: 20000 },
        { code: "Z9", description: "Piling", unit: "m", quantity: 1e12, unitPrice: 1e13 },
      ],
      periods: [{ end: "2027-12-31", plannedPercent: 100 }],
    }),
    201,
  );
  await expectStatus(await call("agency", "POST", "/schedules/1/approve"), 200);
  clock.now = new Date("2026-03-02T18:00:00Z");
  const report = await expectStatus(
    await call("contractor", "POST", "/daily-reports", {
      date: "2026-03-02",
      weather: "clear",
      manpower: [],
      equipment: [],
      materials: [],
      work: [
        { itemCode: "A1", quantity: 20 },
        { itemCode: "Z9", quantity: 5000 },
      ],
      issues: "",
      photoReferences: [],
    }),
    201,
  );
  await expectStatus(await call("supervisor", "POST", `/daily-reports/${report.id}/review`), 200);
  await expectStatus(await call("agency", "POST", `/daily-reports/${report.id}/approve`), 200);
  clock.now = new Date("2026-03-10T09:00:00Z");
});
afterAll(async () => {
  await database.destroy();
});

async function call(caller: Caller, method: string, url: string, body?: unknown) {
  return app.request(`/api/v1/workspace/projects/${projectId}${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${tokens.get(caller)}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function expectStatus(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as Record<string, unknown> & { id: number };
}

/** Checks the response's status and returns the field paths of its problems. */
async function problemPaths(response: Response, status: number): Promise<string[]> {
  const body = await expectStatus(response, status);
  return (body.error as { problems: { path: string }[] }).problems.map((problem) => problem.path);
}

const account = (identifier: string) => ({
  holderName: `Holder ${identifier}`,
  scheme: "other",
  identifier,
  agentId: "WOORI",
});

async function storedContracts() {
  return claimTables(database.db)
    .selectFrom("payment_contracts")
    .select(["kind", "party_name", "organisation_id", "bank_account_id"])
    .where("project_id", "=", projectId)
    .orderBy("id")
    .execute();
}

const PRIME = {
  kind: "prime",
  partyName: "Seonjin as Prime",
  amount: 1_000_000,
  bankAccount: account("ATTACKER-1"),
};

describe("registering the prime contract", () => {
  it.each([
    ["agency", 403, []],
    ["supervisor", 403, []],
    ["subA", 403, ["kind"]],
    ["subB", 403, ["kind"]],
  ] as const)("refuses %s with %i and stores nothing", async (caller, status, paths) => {
    const response = await call(caller, "POST", "/contracts", PRIME);
    expect(await problemPaths(response, status)).toEqual(paths);
    expect(await storedContracts()).toEqual([]);
  });

  it("refuses the prime registering another organisation as the prime contract's party", async () => {
    const response = await call("contractor", "POST", "/contracts", {
      ...PRIME,
      organisationId: organisations.get("b"),
    });
    expect(await problemPaths(response, 403)).toEqual(["organisationId"]);
    expect(await storedContracts()).toEqual([]);
  });

  it("lets the prime register it for its own organisation, once", async () => {
    const prime = await expectStatus(
      await call("contractor", "POST", "/contracts", {
        ...PRIME,
        partyName: "Hanbit Construction",
        bankAccount: account("PRIME-1"),
      }),
      201,
    );
    expect(prime.organisationId).toBe(organisations.get("prime"));
    expect(prime.bankAccountStatus).toBe("verified");
    const again = await call("contractor", "POST", "/contracts", PRIME);
    expect(again.status).toBe(409);
  });
});

let subcontractId: number;
let supplyId: number;

describe("registering subcontracts and supply agreements", () => {
  it.each([
    ["a prime contractor's organisation", "prime"],
    ["another subcontractor's organisation", "a"],
  ] as const)("refuses a subcontractor naming %s as the party", async (_, organisation) => {
    const before = await storedContracts();
    const response = await call("subB", "POST", "/contracts", {
      kind: "supply",
      partyName: "Daeil Earthworks",
      amount: 500_000,
      organisationId: organisations.get(organisation),
      bankAccount: account("ATTACKER-2"),
    });
    expect(await problemPaths(response, 403)).toEqual(["organisationId"]);
    expect(await storedContracts()).toEqual(before);
  });

  it("refuses the prime giving a subcontractor's bank account", async () => {
    const before = await storedContracts();
    const response = await call("contractor", "POST", "/contracts", {
      kind: "subcontract",
      partyName: "Daeil Earthworks",
      amount: 17_000_000,
      items: [{ itemCode: "A1", quantity: 1000, unitPrice: 17000 }],
      organisationId: organisations.get("a"),
      bankAccount: account("PRIME-OWN-ACCOUNT"),
    });
    expect(await problemPaths(response, 403)).toEqual(["bankAccount"]);
    expect(await storedContracts()).toEqual(before);
  });

  it.each([
    ["without a party organisation", undefined, "is missing"],
    ["for its own organisation", "prime", "prime contractor's own"],
    ["for an organisation with no subcontractor in the project", "agency", "no subcontractor"],
  ] as const)("refuses the prime registering a supply agreement %s", async (_, key, reason) => {
    const before = await storedContracts();
    const organisationId = key === "agency" ? agencyOrganisation : key && organisations.get(key);
    const response = await call("contractor", "POST", "/contracts", {
      kind: "supply",
      partyName: "Some Supplier",
      amount: 100_000,
      ...(organisationId ? { organisationId } : {}),
    });
    const body = await expectStatus(response, 400);
    expect(JSON.stringify(body)).toContain("organisationId");
    expect(JSON.stringify(body)).toContain(reason);
    expect(await storedContracts()).toEqual(before);
  });

  it("lets the prime register a subcontract's terms without a bank account", async () => {
    const sub = await expectStatus(
      await call("contractor", "POST", "/contracts", {
        kind: "subcontract",
        partyName: "Daeil Earthworks",
        amount: 17_000_000,
        items: [{ itemCode: "A1", quantity: 1000, unitPrice: 17000 }],
        organisationId: organisations.get("a"),
      }),
      201,
    );
    expect(sub.organisationId).toBe(organisations.get("a"));
    expect(sub.bankAccountId).toBeNull();
    subcontractId = sub.id;

    // The prime may not put an account on it afterwards either.
    const byPrime = await call("contractor", "PUT", `/contracts/${sub.id}/bank-account`, {
      ...account("PRIME-OWN-ACCOUNT"),
    });
    expect(byPrime.status).toBe(403);
  });

  it("lets a subcontractor register its own contract with its own account", async () => {
    const own = await expectStatus(
      await call("subB", "POST", "/contracts", {
        kind: "supply",
        partyName: "Seonjin Steel",
        amount: 500_000,
        contactPhone: "+82 10 5555 1111",
        bankAccount: account("SUP-B-1"),
      }),
      201,
    );
    expect(own.organisationId).toBe(organisations.get("b"));
    supplyId = own.id;
  });

  it("lists only the genuine parties on the public page", async () => {
    const view = await loadDirectPayments(claimTables(database.db), projectId, "2026-03-10");
    expect(view!.contracts.map((contract) => contract.partyName)).toEqual([
      "Hanbit Construction",
      "Daeil Earthworks",
      "Seonjin Steel",
    ]);
    const stored = await storedContracts();
    expect(stored.map((contract) => contract.organisation_id)).toEqual([
      organisations.get("prime"),
      organisations.get("a"),
      organisations.get("b"),
    ]);
  });
});

describe("recording attendance", () => {
  beforeAll(async () => {
    for (const [caller, reference] of [
      ["subA", "A-001"],
      ["subB", "B-001"],
    ] as const) {
      await expectStatus(
        await call(caller, "POST", "/workers", {
          reference,
          name: `Worker ${reference}`,
          identityNumber: `900101-${reference}`,
          phone: null,
          dailyRate: 10_000,
          bankAccount: account(`WORKER-${reference}`),
        }),
        201,
      );
    }
  });

  async function daysOf(reference: string) {
    const rows = await claimTables(database.db)
      .selectFrom("worker_attendance")
      .innerJoin("payment_workers", "payment_workers.id", "worker_attendance.worker_id")
      .select("work_date")
      .where("payment_workers.reference", "=", reference)
      .where("payment_workers.project_id", "=", projectId)
      .orderBy("work_date")
      .execute();
    return rows.map((row) => row.work_date);
  }
  const day = (reference: string, date: string) => ({
    entries: [{ reference, date, timeIn: "08:00", timeOut: "17:00" }],
  });

  it.each([
    ["agency", 403, []],
    ["supervisor", 403, []],
    ["subB", 403, ["entries.0.reference"]],
  ] as const)("refuses %s recording a subcontractor's worker", async (caller, status, paths) => {
    const response = await call(caller, "POST", "/attendance", day("A-001", "2026-03-03"));
    expect(await problemPaths(response, status)).toEqual(paths);
    expect(await daysOf("A-001")).toEqual([]);
  });

  it("refuses a request mixing own and other workers, storing none of it", async () => {
    const response = await call("subB", "POST", "/attendance", {
      entries: [
        { reference: "B-001", date: "2026-03-03", timeIn: null, timeOut: null },
        { reference: "A-001", date: "2026-03-03", timeIn: null, timeOut: null },
      ],
    });
    expect(await problemPaths(response, 403)).toEqual(["entries.1.reference"]);
    expect(await daysOf("B-001")).toEqual([]);
  });

  it.each([
    ["subA", "2026-03-03"],
    ["contractor", "2026-03-04"],
  ] as const)("lets %s record the worker's day", async (caller, date) => {
    await expectStatus(await call(caller, "POST", "/attendance", day("A-001", date)), 200);
    expect(await daysOf("A-001")).toContain(date);
  });

  it.each([
    ["2026-02-31", "not a date of the calendar"],
    ["2026-03-11", "in the future"],
    ["2025-12-31", "outside the contract period"],
    ["2028-01-01", "outside the contract period"],
  ])("refuses the date %s with a 400 naming the field", async (date, reason) => {
    const response = await call("subB", "POST", "/attendance", day("B-001", date));
    const body = await expectStatus(response, 400);
    const problems = (body.error as { problems: { path: string; message: string }[] }).problems;
    expect(problems.map((problem) => problem.path)).toEqual(["entries.0.date"]);
    expect(problems[0]!.message).toContain(reason);
    expect(await daysOf("B-001")).toEqual([]);
  });

  it("leaves another organisation's cards and future taps out of a subcontractor's import", async () => {
    const csv = [
      "card,time,direction",
      "A-001,2026-03-05 08:00,in",
      "A-001,2026-03-05 17:00,out",
      "B-001,2026-03-05 08:00,in",
      "B-001,2026-03-05 17:00,out",
      "B-001,2026-03-12 08:00,in",
      "B-001,2026-03-12 17:00,out",
    ].join("\n");
    const form = new FormData();
    form.set("file", new File([csv], "taps.csv", { type: "text/csv" }));
    const response = await app.request(
      `/api/v1/workspace/projects/${projectId}/attendance/import`,
      { method: "POST", headers: { Authorization: `Bearer ${tokens.get("subB")}` }, body: form },
    );
    const report = (await expectStatus(response, 200)) as unknown as {
      recorded: number;
      problems: { row: number; reason: string }[];
    };
    expect(report.recorded).toBe(1);
    expect(report.problems.map((problem) => problem.row)).toEqual([2, 3, 6, 7]);
    expect(report.problems[0]!.reason).toContain("not a worker of your organisation");
    expect(report.problems[2]!.reason).toContain("in the future");
    expect(await daysOf("B-001")).toEqual(["2026-03-05"]);
    expect(await daysOf("A-001")).not.toContain("2026-03-05");
  });
});

describe("claims with impossible dates or amounts", () => {
  async function claimCount() {
    const rows = await claimTables(database.db)
      .selectFrom("payment_claims")
      .select("id")
      .where("project_id", "=", projectId)
      .execute();
    return rows.length;
  }

  it("refuses a period end that is not a date of the calendar", async () => {
    const response = await call("contractor", "POST", "/claims", {
      periodStart: "2026-03-01",
      periodEnd: "2026-11-31",
      items: [{ itemCode: "A1", quantity: 10 }],
    });
    expect(await problemPaths(response, 400)).toEqual(["periodEnd"]);
    expect(await claimCount()).toBe(0);
  });

  it.each([
    ["/claims/1/payments", "2026-02-30"],
    ["/retention/release", "2026-04-31"],
  ])("refuses an execution date that is not in the calendar on %s", async (url, date) => {
    const response = await call("agency", "POST", url, { executionDate: date });
    expect(await problemPaths(response, 400)).toEqual(["executionDate"]);
  });

  it.each([
    ["too large", 5000],
    ["too precise for an exact amount", 901.001],
  ])("refuses a claim amount %s, naming the quantity", async (_, quantity) => {
    const response = await call("contractor", "POST", "/claims", {
      periodStart: "2026-03-01",
      periodEnd: "2026-03-31",
      items: [{ itemCode: "Z9", quantity }],
    });
    const body = await expectStatus(response, 400);
    const problems = (body.error as { problems: { path: string; message: string }[] }).problems;
    expect(problems.map((problem) => problem.path)).toEqual(["items.0.quantity"]);
    expect(problems[0]!.message).toContain("too large or too precise");
    expect(await claimCount()).toBe(0);
  });
});

describe("paying a subcontract whose terms the prime registered", () => {
  it("holds its share until the subcontractor registers an account the bank verifies", async () => {
    const claim = await expectStatus(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-03-01",
        periodEnd: "2026-03-31",
        items: [{ itemCode: "A1", quantity: 20 }],
      }),
      201,
    );
    // Wages: A-001 two days and B-001 one day at 10,000.
    await expectStatus(
      await call("contractor", "PUT", `/claims/${claim.id}/split`, {
        lines: [
          { payeeKind: "prime", amount: 250_000 },
          { payeeKind: "subcontractor", contractId: subcontractId, amount: 100_000 },
          { payeeKind: "supplier", contractId: supplyId, amount: 20_000 },
        ],
      }),
      200,
    );
    await expectStatus(await call("agency", "POST", `/claims/${claim.id}/approve`), 200);
    await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 400_000,
        reference: "DEP-1",
        segregatedAccount: account("SEGREGATED-1"),
      }),
      201,
    );
    const paid = (await expectStatus(
      await call("agency", "POST", `/claims/${claim.id}/payments`, { executionDate: "2026-03-11" }),
      200,
    )) as unknown as { created: number; heldLines: { lineNo: number; reasons: string[] }[] };
    expect(paid.created).toBe(4);
    expect(paid.heldLines).toEqual([
      { lineNo: 2, reasons: [expect.stringContaining("no bank account registered")] },
    ]);

    const bySub = (await expectStatus(
      await call("subA", "PUT", `/contracts/${subcontractId}/bank-account`, account("SUB-A-1")),
      200,
    )) as unknown as { account: { status: string }; releasedShares: string[] };
    expect(bySub.account.status).toBe("verified");
    expect(bySub.releasedShares).toEqual([`claim-${claim.id}-line-2`]);
    const rest = (await expectStatus(
      await call("agency", "POST", `/claims/${claim.id}/payments`, { executionDate: "2026-03-11" }),
      200,
    )) as unknown as { created: number; heldLines: unknown[] };
    expect(rest).toMatchObject({ created: 1, heldLines: [] });
  });
});

describe("the payee self-check for a supplier", () => {
  it("sends a code to the contract's contact phone and shows only the supplier's own share", async () => {
    const supplier = { name: " seonjin  STEEL", phone: "+82 10-5555-1111" };
    const before = sms.sent.length;
    const request = await app.request("/api/v1/payments/check/code-requests", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(supplier),
    });
    expect(request.status).toBe(202);
    expect(sms.sent).toHaveLength(before + 1);
    expect(sms.sent.at(-1)!.to).toBe("+82 10 5555 1111");
    const code = /(\d{6})/.exec(sms.sent.at(-1)!.body)![1]!;

    const session = await app.request("/api/v1/payments/check/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...supplier, code }),
    });
    expect(session.status).toBe(201);
    const cookie = session.headers.get("set-cookie")!.split(";")[0]!;
    const shares = await app.request("/api/v1/payments/check/shares", {
      headers: { Cookie: cookie },
    });
    const body = (await shares.json()) as { shares: { approved: number; paid: number }[] };
    expect(body.shares).toEqual([expect.objectContaining({ approved: 20_000, paid: 20_000 })]);
  });
});
