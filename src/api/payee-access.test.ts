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
import { complianceTables } from "../claims/compliance-tables.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

/**
 * Who may act for which payee: each subcontractor only for its own organisation's contracts
 * and workers, the prime for the prime contract and every worker, the agency for documents.
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
let projectId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const bank = new SimulatedBank({ now: () => clock.now });
  const config = loadConfig({ LOAD_DEMO: "false" });
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  app = createApp({ config, database, fileStore, clock: () => clock.now, bank });

  const agencyId = (await createOrganisation(database.db, { name: "Seoul Works Office" })).id;
  for (const [key, name] of [
    ["prime", "Hanbit Construction"],
    ["a", "Daeil Earthworks"],
    ["b", "Seoul Ready-Mix"],
  ] as const) {
    organisations.set(key, (await createOrganisation(database.db, { name })).id);
  }
  projectId = await createRegisteredProject(database.db, agencyId);
  for (const [name, roles] of Object.entries(CALLERS)) {
    const user = await createTestUser(database.db, {
      memberships: roles.project ? [{ projectId, role: roles.project }] : [],
      ...(roles.organisation ? { organisationId: organisations.get(roles.organisation)! } : {}),
    });
    tokens.set(name, user.token);
  }
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
  return JSON.parse(text) as Record<string, unknown>;
}

const account = (identifier: string) => ({
  holderName: `Holder ${identifier}`,
  scheme: "other",
  identifier,
  agentId: "WOORI",
});

const SCHEDULE = {
  periodUnit: "month",
  items: [{ code: "A1", description: "Earthworks", unit: "m3", quantity: 1000, unitPrice: 20000 }],
  periods: [{ end: "2027-12-31", plannedPercent: 100 }],
};

describe("payee actions are limited to the caller's own payees", () => {
  let primeId: number;
  let supplyA: number;
  let supplyB: number;
  let claimId: number;
  const split = () => ({
    lines: [
      { payeeKind: "prime", amount: 200_000 },
      { payeeKind: "supplier", contractId: supplyA, amount: 150_000 },
      { payeeKind: "supplier", contractId: supplyB, amount: 50_000 },
    ],
  });
  const storedLines = async () =>
    claimTables(database.db)
      .selectFrom("payment_claim_lines")
      .select(["contract_id", "amount"])
      .where("claim_id", "=", claimId)
      .orderBy("contract_id")
      .execute();

  beforeAll(async () => {
    await expectStatus(await call("contractor", "POST", "/schedules", SCHEDULE), 201);
    await expectStatus(await call("agency", "POST", "/schedules/1/approve"), 200);
    clock.now = new Date("2026-03-02T18:00:00Z");
    const report = await expectStatus(
      await call("contractor", "POST", "/daily-reports", {
        date: "2026-03-02",
        weather: "clear",
        manpower: [],
        equipment: [],
        materials: [],
        work: [{ itemCode: "A1", quantity: 20 }],
        issues: "",
        photoReferences: [],
      }),
      201,
    );
    await expectStatus(
      await call("supervisor", "POST", `/daily-reports/${report.id as number}/review`),
      200,
    );
    await expectStatus(
      await call("agency", "POST", `/daily-reports/${report.id as number}/approve`),
      200,
    );

    const prime = await expectStatus(
      await call("contractor", "POST", "/contracts", {
        kind: "prime",
        partyName: "Hanbit Construction",
        amount: 20_000_000,
        bankAccount: account("PRIME-1"),
      }),
      201,
    );
    expect(prime.organisationId).toBe(organisations.get("prime"));
    primeId = prime.id as number;
    supplyA = (
      await expectStatus(
        await call("subA", "POST", "/contracts", {
          kind: "supply",
          partyName: "Daeil Earthworks",
          amount: 1_000_000,
          bankAccount: account("SUP-A"),
        }),
        201,
      )
    ).id as number;
    // A subcontractor registering a contract is its party by default.
    const byB = await expectStatus(
      await call("subB", "POST", "/contracts", {
        kind: "supply",
        partyName: "Seoul Ready-Mix",
        amount: 500_000,
        bankAccount: account("SUP-B"),
      }),
      201,
    );
    expect(byB.organisationId).toBe(organisations.get("b"));
    supplyB = byB.id as number;

    const claim = await expectStatus(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-03-01",
        periodEnd: "2026-03-31",
        items: [{ itemCode: "A1", quantity: 20 }],
      }),
      201,
    );
    claimId = claim.id as number;
    await expectStatus(await call("contractor", "PUT", `/claims/${claimId}/split`, split()), 200);
  });

  it("rejects an unknown party organisation", async () => {
    const body = await expectStatus(
      await call("contractor", "POST", "/contracts", {
        kind: "supply",
        partyName: "Nobody Ltd",
        amount: 1,
        organisationId: "org-missing",
        bankAccount: account("SUP-X"),
      }),
      400,
    );
    expect(JSON.stringify(body)).toContain("organisationId");
    const stored = await claimTables(database.db)
      .selectFrom("payment_contracts")
      .select("id")
      .where("party_name", "=", "Nobody Ltd")
      .execute();
    expect(stored).toEqual([]);
  });

  it("denies another organisation's split line", async () => {
    const before = await storedLines();
    const other = await expectStatus(
      await call("subA", "PUT", `/claims/${claimId}/split`, {
        lines: [{ payeeKind: "supplier", contractId: supplyB, amount: 50_000 }],
      }),
      403,
    );
    expect(JSON.stringify(other)).toContain("lines.0.contractId");
    const primeLine = await expectStatus(
      await call("subA", "PUT", `/claims/${claimId}/split`, {
        lines: [
          { payeeKind: "supplier", contractId: supplyA, amount: 150_000 },
          { payeeKind: "prime", amount: 200_000 },
        ],
      }),
      403,
    );
    expect(JSON.stringify(primeLine)).toContain("lines.1.contractId");
    expect(JSON.stringify(primeLine)).not.toContain("lines.0.contractId");
    expect(await storedLines()).toEqual(before);
  });

  it("keeps other lines of a subcontractor's split", async () => {
    const off = await expectStatus(
      await call("subA", "PUT", `/claims/${claimId}/split`, {
        lines: [{ payeeKind: "supplier", contractId: supplyA, amount: 150_001 }],
      }),
      400,
    );
    expect(JSON.stringify(off)).toContain("over the claim");
    const claim = await expectStatus(
      await call("subA", "PUT", `/claims/${claimId}/split`, {
        lines: [{ payeeKind: "supplier", contractId: supplyA, amount: 150_000 }],
      }),
      200,
    );
    const lines = claim.lines as { contractId: number; amount: number }[];
    expect(lines.map((line) => [line.contractId, line.amount]).sort()).toEqual(
      [
        [primeId, 200_000],
        [supplyA, 150_000],
        [supplyB, 50_000],
      ].sort(),
    );
  });

  it("denies the split to agency and supervisor", async () => {
    const before = await storedLines();
    for (const caller of ["agency", "supervisor"] as const) {
      const response = await call(caller, "PUT", `/claims/${claimId}/split`, split());
      expect(response.status, caller).toBe(403);
    }
    expect(await storedLines()).toEqual(before);
  });

  it("limits payee documents to their own side", async () => {
    const documents = () =>
      complianceTables(claimTables(database.db))
        .selectFrom("payee_documents")
        .select(["payee_id", "registered_by"])
        .execute();
    await expectStatus(
      await call("subA", "POST", "/workers", {
        reference: "A-001",
        name: "Worker of A",
        identityNumber: "900101-1000001",
        dailyRate: 10_000,
        bankAccount: account("WORKER-A1"),
      }),
      201,
    );
    await expectStatus(
      await call("contractor", "POST", "/workers", {
        reference: "P-001",
        name: "Worker of the prime",
        identityNumber: "900101-1000002",
        dailyRate: 10_000,
        bankAccount: account("WORKER-P1"),
      }),
      201,
    );
    const document = (payee: Record<string, unknown>) => ({
      ...payee,
      kind: "insurance",
      reference: "INS-1",
    });

    const denials: [Caller, Record<string, unknown>, string][] = [
      ["subA", { contractId: supplyB }, "contractId"],
      ["subA", { contractId: primeId }, "contractId"],
      ["subA", { workerReference: "P-001" }, "workerReference"],
      ["subB", { workerReference: "A-001" }, "workerReference"],
      ["contractor", { contractId: supplyA }, "contractId"],
    ];
    for (const [caller, payee, field] of denials) {
      const body = await expectStatus(
        await call(caller, "POST", "/payee-documents", document(payee)),
        403,
      );
      expect(JSON.stringify(body), `${caller} ${JSON.stringify(payee)}`).toContain(
        `"path":"${field}"`,
      );
    }
    const supervisor = await call("supervisor", "POST", "/payee-documents", document({}));
    expect(supervisor.status).toBe(403);
    expect(await documents()).toEqual([]);

    const allowed: [Caller, Record<string, unknown>][] = [
      ["subA", { contractId: supplyA }],
      ["subA", { workerReference: "A-001" }],
      ["subB", { contractId: supplyB }],
      ["contractor", { contractId: primeId }],
      ["contractor", { workerReference: "A-001" }],
      ["contractor", { workerReference: "P-001" }],
      ["agency", { contractId: supplyB }],
    ];
    for (const [caller, payee] of allowed) {
      await expectStatus(await call(caller, "POST", "/payee-documents", document(payee)), 201);
    }
    expect(await documents()).toHaveLength(allowed.length);
  });
});
