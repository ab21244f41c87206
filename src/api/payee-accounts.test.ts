import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../config.js";
import type { JurisdictionRole, ProjectRole } from "../db/types-accounts.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { shareHoldEvents, type ShareHoldEvent } from "../claims/compliance.js";
import { claimTables } from "../claims/tables.js";
import { notifyShareHold } from "../notifications/payment-events.js";
import type { SmsAdapter, SmsMessage } from "../notifications/sms.js";
import { notificationTables } from "../notifications/tables.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { checkLedgerInvariants } from "../payments/invariants.js";
import { paymentTables } from "../payments/tables.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

/**
 * Payees' own bank accounts: registered and replaced by the payee's side, checked by the bank
 * before first use, holding the payee's shares while unchecked or rejected, masked to others.
 * Also the contact phones of contracts: SMS notices and the self-check for suppliers.
 */
const CALLERS: Record<
  string,
  { project?: ProjectRole; jurisdiction?: JurisdictionRole[]; organisation?: "p" | "a" | "b" }
> = {
  agency: { project: "agency_official" },
  supervisor: { project: "supervisor" },
  contractor: { project: "prime_contractor", organisation: "p" },
  subA: { project: "subcontractor", organisation: "a" },
  subB: { project: "subcontractor", organisation: "b" },
  auditor: { jurisdiction: ["auditor"] },
  outsider: {},
};
type Caller = keyof typeof CALLERS;

class RecordingSms implements SmsAdapter {
  readonly sent: SmsMessage[] = [];
  send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let bank: SimulatedBank;
const sms = new RecordingSms();
const clock = { now: new Date("2026-03-01T09:00:00Z") };
const tokens = new Map<string, string>();
const organisations = new Map<string, string>();
let projectId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  bank = new SimulatedBank({ now: () => clock.now });
  const config = loadConfig({ LOAD_DEMO: "false" });
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  app = createApp({ config, database, fileStore, clock: () => clock.now, bank, sms });

  const agencyId = (await createOrganisation(database.db, { name: "Seoul Works Office" })).id;
  for (const key of ["p", "a", "b"]) {
    organisations.set(key, (await createOrganisation(database.db, { name: `Org ${key}` })).id);
  }
  projectId = await createRegisteredProject(database.db, agencyId);
  for (const [name, roles] of Object.entries(CALLERS)) {
    const user = await createTestUser(database.db, {
      jurisdictionRoles: roles.jurisdiction ?? [],
      memberships: roles.project ? [{ projectId, role: roles.project }] : [],
      ...(roles.organisation ? { organisationId: organisations.get(roles.organisation)! } : {}),
    });
    tokens.set(name, user.token);
  }
});
afterAll(async () => {
  expect(await checkLedgerInvariants(paymentTables(database.db))).toEqual([]);
  await database.destroy();
});

async function call(caller: Caller | null, method: string, url: string, body?: unknown) {
  return app.request(`/api/v1/workspace/projects/${projectId}${url}`, {
    method,
    headers: {
      ...(caller ? { Authorization: `Bearer ${tokens.get(caller)}` } : {}),
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

const accountsOf = (payeeId: string) =>
  paymentTables(database.db)
    .selectFrom("payee_bank_accounts")
    .select(["id", "identifier", "status", "replaced_at"])
    .where("payee_id", "=", payeeId)
    .orderBy("id")
    .execute();

describe("payees' own bank accounts", () => {
  let primeId: number;
  let supplyA: number;
  let supplyB: number;
  let claimId: number;
  const held: ShareHoldEvent[] = [];
  const released: ShareHoldEvent[] = [];
  const onHeld = (event: ShareHoldEvent) => held.push(event);
  const onReleased = (event: ShareHoldEvent) => released.push(event);

  beforeAll(async () => {
    shareHoldEvents.on("held", onHeld).on("released", onReleased);
    await expectStatus(
      await call("contractor", "POST", "/schedules", {
        periodUnit: "month",
        items: [
          { code: "A1", description: "Earthworks", unit: "m3", quantity: 100, unitPrice: 10_000 },
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
        work: [{ itemCode: "A1", quantity: 60 }],
        issues: "",
        photoReferences: [],
      }),
      201,
    );
    const reportId = report.id as number;
    await expectStatus(await call("supervisor", "POST", `/daily-reports/${reportId}/review`), 200);
    await expectStatus(await call("agency", "POST", `/daily-reports/${reportId}/approve`), 200);

    primeId = (
      await expectStatus(
        await call("contractor", "POST", "/contracts", {
          kind: "prime",
          partyName: "Hanbit Construction",
          amount: 1_000_000,
          bankAccount: account("PRIME-1"),
        }),
        201,
      )
    ).id as number;
    supplyA = (
      await expectStatus(
        await call("subA", "POST", "/contracts", {
          kind: "supply",
          partyName: "Daeil Materials",
          amount: 300_000,
          contactPhone: "010-7777-0001",
          bankAccount: account("SUP-A-1"),
        }),
        201,
      )
    ).id as number;
    supplyB = (
      await expectStatus(
        await call("subB", "POST", "/contracts", {
          kind: "supply",
          partyName: "Seoul Ready-Mix",
          amount: 300_000,
          bankAccount: account("SUP-B-1"),
        }),
        201,
      )
    ).id as number;
    await expectStatus(
      await call("subA", "POST", "/workers", {
        reference: "A-001",
        name: "Park Jiho",
        identityNumber: "900101-1000001",
        phone: "010-7777-0002",
        dailyRate: 10_000,
        bankAccount: account("WORKER-A1"),
      }),
      201,
    );

    const claim = await expectStatus(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-03-01",
        periodEnd: "2026-03-31",
        items: [{ itemCode: "A1", quantity: 60 }],
      }),
      201,
    );
    claimId = claim.id as number;
    await expectStatus(
      await call("contractor", "PUT", `/claims/${claimId}/split`, {
        lines: [
          { payeeKind: "prime", amount: 300_000 },
          { payeeKind: "supplier", contractId: supplyA, amount: 200_000 },
          { payeeKind: "supplier", contractId: supplyB, amount: 100_000 },
        ],
      }),
      200,
    );
    await expectStatus(await call("agency", "POST", `/claims/${claimId}/approve`), 200);
    await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 600_000,
        reference: "2026-03",
        segregatedAccount: account("SEG-1"),
      }),
      201,
    );
  });
  afterAll(() => {
    shareHoldEvents.off("held", onHeld).off("released", onReleased);
  });

  it("denies other callers, storing nothing", async () => {
    const before = await accountsOf(`contract:${supplyA}`);
    const url = `/contracts/${supplyA}/bank-account`;
    for (const caller of ["subB", "contractor"] as const) {
      const body = await expectStatus(await call(caller, "PUT", url, account("EVIL-1")), 403);
      expect(JSON.stringify(body), caller).toContain('"path":"contractId"');
    }
    for (const caller of ["agency", "supervisor", "auditor", "outsider"] as const) {
      expect((await call(caller, "PUT", url, account("EVIL-1"))).status, caller).toBe(403);
    }
    expect((await call(null, "PUT", url, account("EVIL-1"))).status).toBe(401);

    const workerUrl = "/workers/A-001/bank-account";
    const worker = await expectStatus(await call("subB", "PUT", workerUrl, account("EVIL-2")), 403);
    expect(JSON.stringify(worker)).toContain('"path":"workerReference"');
    for (const caller of ["agency", "supervisor", "auditor", "outsider"] as const) {
      expect((await call(caller, "PUT", workerUrl, account("EVIL-2"))).status, caller).toBe(403);
    }
    expect(await accountsOf(`contract:${supplyA}`)).toEqual(before);
    const evil = await paymentTables(database.db)
      .selectFrom("payee_bank_accounts")
      .select("id")
      .where("identifier", "like", "EVIL-%")
      .execute();
    expect(evil).toEqual([]);
  });

  it("names each invalid account field", async () => {
    const before = await accountsOf(`contract:${supplyA}`);
    const url = `/contracts/${supplyA}/bank-account`;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...account("X"), identifier: "no spaces allowed" }, "identifier"],
      [{ ...account("X"), scheme: "swift" }, "scheme"],
      [{ ...account("X"), holderName: "" }, "holderName"],
      [{ ...account("X"), scheme: "iban", identifier: "DE00123456780000000000" }, "identifier"],
      [{ ...account("X"), agentId: "B@NK" }, "agentId"],
    ];
    for (const [body, field] of cases) {
      const answer = await expectStatus(await call("subA", "PUT", url, body), 400);
      expect(JSON.stringify(answer), field).toContain(`"path":"${field}"`);
    }
    const unknown = await call("subA", "PUT", "/contracts/999999/bank-account", account("X"));
    expect(unknown.status).toBe(404);
    expect(await accountsOf(`contract:${supplyA}`)).toEqual(before);
  });

  it("holds shares until the account is verified", async () => {
    bank.rejectAccount("SUP-A-CLOSED");
    const rejected = await expectStatus(
      await call("subA", "PUT", `/contracts/${supplyA}/bank-account`, account("SUP-A-CLOSED")),
      200,
    );
    expect(rejected.account).toMatchObject({
      masked: false,
      identifier: "SUP-A-CLOSED",
      status: "rejected",
      statusReason: "AC04: account closed or unknown",
    });
    const shareA = `claim-${claimId}-line-2`;
    expect(rejected.heldShares).toEqual([
      {
        shareId: shareA,
        reason:
          "the bank rejected the payee's bank account (AC04: account closed or unknown); " +
          "register another one",
      },
    ]);
    expect(held.map((event) => event.shareId)).toEqual([shareA]);

    // The hold's notice goes by SMS to the supplier's contact phone, with the reason.
    await notifyShareHold(
      claimTables(database.db),
      { shareId: shareA, eventId: "bank_account:1", held: true, reason: held[0]!.reason },
      clock.now,
    );
    const notice = await notificationTables(database.db)
      .selectFrom("notification_outbox")
      .select(["recipient", "parameters"])
      .where("idempotency_key", "=", `share-held:${shareA}:bank_account:1`)
      .executeTakeFirstOrThrow();
    expect(notice.recipient).toBe("010-7777-0001");
    expect(JSON.stringify(notice.parameters)).toContain("AC04");
    expect(JSON.stringify(notice.parameters)).not.toContain("SUP-A-CLOSED");

    const paid = await expectStatus(
      await call("agency", "POST", `/claims/${claimId}/payments`, { executionDate: "2026-03-10" }),
      200,
    );
    expect(paid.created).toBe(2);
    expect(paid.heldLines).toEqual([
      { lineNo: 2, reasons: [(rejected.heldShares as { reason: string }[])[0]!.reason] },
    ]);

    const good = await expectStatus(
      await call("subA", "PUT", `/contracts/${supplyA}/bank-account`, account("SUP-A-2")),
      200,
    );
    expect(good.account).toMatchObject({ identifier: "SUP-A-2", status: "verified" });
    expect(good.releasedShares).toEqual([shareA]);
    expect(released.map((event) => event.shareId)).toEqual([shareA]);
    const accounts = await accountsOf(`contract:${supplyA}`);
    expect(accounts.map((row) => [row.identifier, row.status, row.replaced_at === null])).toEqual([
      ["SUP-A-1", "verified", false],
      ["SUP-A-CLOSED", "rejected", false],
      ["SUP-A-2", "verified", true],
    ]);

    const paidLate = await expectStatus(
      await call("agency", "POST", `/claims/${claimId}/payments`, { executionDate: "2026-03-11" }),
      200,
    );
    expect(paidLate).toMatchObject({ created: 1, heldLines: [] });
    const payments = await paymentTables(database.db)
      .selectFrom("payments")
      .innerJoin("payee_bank_accounts", "payee_bank_accounts.id", "payments.bank_account_id")
      .select(["payments.share_id", "payments.status", "payee_bank_accounts.identifier"])
      .orderBy("payments.id")
      .execute();
    expect(payments).toEqual([
      { share_id: `claim-${claimId}-line-1`, status: "settled", identifier: "PRIME-1" },
      { share_id: `claim-${claimId}-line-3`, status: "settled", identifier: "SUP-B-1" },
      { share_id: shareA, status: "settled", identifier: "SUP-A-2" },
    ]);
  });

  it("keeps sent payments on the old account", async () => {
    const replaced = await expectStatus(
      await call("contractor", "PUT", `/contracts/${primeId}/bank-account`, account("PRIME-2")),
      200,
    );
    expect(replaced).toMatchObject({ heldShares: [], releasedShares: [] });
    const again = await expectStatus(
      await call("agency", "POST", `/claims/${claimId}/payments`, { executionDate: "2026-03-12" }),
      200,
    );
    expect(again.created).toBe(0);
    const prime = await paymentTables(database.db)
      .selectFrom("payments")
      .innerJoin("payee_bank_accounts", "payee_bank_accounts.id", "payments.bank_account_id")
      .select("payee_bank_accounts.identifier")
      .where("payments.share_id", "=", `claim-${claimId}-line-1`)
      .execute();
    expect(prime).toEqual([{ identifier: "PRIME-1" }]);
  });

  it("replaces a worker's account by prime or employer", async () => {
    const byPrime = await expectStatus(
      await call("contractor", "PUT", "/workers/A-001/bank-account", account("WORKER-A2")),
      200,
    );
    expect(byPrime.account).toMatchObject({ identifier: "WORKER-A2", status: "verified" });
    const bySub = await expectStatus(
      await call("subA", "PUT", "/workers/A-001/bank-account", account("WORKER-A3")),
      200,
    );
    expect(bySub.account).toMatchObject({ identifier: "WORKER-A3", status: "verified" });
  });

  it("masks the account to other members", async () => {
    const own = await expectStatus(
      await call("subA", "GET", `/contracts/${supplyA}/bank-account`),
      200,
    );
    expect(own.account).toMatchObject({
      masked: false,
      identifier: "SUP-A-2",
      holderName: "Holder SUP-A-2",
    });
    for (const caller of ["subB", "contractor", "agency", "supervisor", "auditor"] as const) {
      const other = await expectStatus(
        await call(caller, "GET", `/contracts/${supplyA}/bank-account`),
        200,
      );
      expect(other.account, caller).toMatchObject({
        masked: true,
        identifier: "••••-A-2",
        holderName: null,
      });
    }
    expect((await call("outsider", "GET", `/contracts/${supplyA}/bank-account`)).status).toBe(403);
    const worker = await expectStatus(
      await call("subB", "GET", "/workers/A-001/bank-account"),
      200,
    );
    expect(worker.account).toMatchObject({ masked: true, identifier: "••••R-A3" });
    const employer = await expectStatus(
      await call("subA", "GET", "/workers/A-001/bank-account"),
      200,
    );
    expect(employer.account).toMatchObject({ masked: false, identifier: "WORKER-A3" });

    // Nothing of the accounts or the contact phones reaches the public page or the export.
    const page = await (
      await app.request(`/projects/${projectId}`, { headers: { "Accept-Language": "en" } })
    ).text();
    const exported = await (await app.request(`/api/v1/projects/${projectId}`)).text();
    for (const text of [page, exported]) {
      for (const secret of ["SUP-A-2", "SUP-A-CLOSED", "PRIME-2", "WORKER-A3", "010-7777-0001"]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("offers the account form to the payee's side", async () => {
    const pageUrl = `/workspace/projects/${projectId}/bank-accounts`;
    const get = (caller: Caller, language = "en") =>
      app.request(pageUrl, {
        headers: { Authorization: `Bearer ${tokens.get(caller)}`, "Accept-Language": language },
      });
    const post = (caller: Caller, fields: Record<string, string>) =>
      app.request(pageUrl, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${tokens.get(caller)}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(fields).toString(),
      });

    const own = await (await get("subA")).text();
    expect(own).toContain("SUP-A-2");
    expect(own).toContain("WORKER-A3");
    expect(own).not.toContain("SUP-B-1");
    expect(own).not.toContain("PRIME-2");
    const other = await (await get("subB")).text();
    expect(other).not.toContain("SUP-A-2");
    expect(other).not.toContain("WORKER-A3");
    expect(await (await get("subA", "ko")).text()).toContain("계좌 등록 또는 변경");
    expect(await (await get("subA", "es")).text()).toContain("Registrar o cambiar una cuenta");

    const fields = {
      payee: `contract:${supplyA}`,
      holderName: "Daeil Materials",
      scheme: "other",
      identifier: "SUP-A-3",
      agentId: "WOORI",
    };
    const before = await accountsOf(`contract:${supplyA}`);
    const bad = await post("subA", { ...fields, identifier: "not an account" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="field-identifier-error"');
    const noPayee = await post("subA", { ...fields, payee: "" });
    expect(noPayee.status).toBe(400);
    expect(await noPayee.text()).toContain('id="field-payee-error"');
    expect((await post("subB", fields)).status).toBe(403);
    for (const caller of ["agency", "supervisor", "auditor", "outsider"] as const) {
      expect((await post(caller, fields)).status, caller).toBe(403);
    }
    expect(await accountsOf(`contract:${supplyA}`)).toEqual(before);

    const saved = await post("subA", fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(
      `/workspace/projects/${projectId}/bank-accounts?saved=1`,
    );
    const after = await accountsOf(`contract:${supplyA}`);
    expect(after.at(-1)).toMatchObject({ identifier: "SUP-A-3", status: "verified" });
  });

  it("lets a supplier self-check by contact phone", async () => {
    const before = sms.sent.length;
    const request = await app.request("/api/v1/payments/check/code-requests", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "daeil materials", phone: "01077770001" }),
    });
    expect(request.status).toBe(202);
    expect(sms.sent).toHaveLength(before + 1);
    expect(sms.sent.at(-1)!.to).toBe("010-7777-0001");
    const code = /(\d{6})/.exec(sms.sent.at(-1)!.body)![1]!;

    const session = await app.request("/api/v1/payments/check/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Daeil Materials", phone: "010-7777-0001", code }),
    });
    expect(session.status).toBe(201);
    const cookie = session.headers.get("set-cookie")!.split(";")[0]!;
    const shares = await app.request("/api/v1/payments/check/shares", {
      headers: { Cookie: cookie },
    });
    const body = (await shares.json()) as { shares: { approved: number; status: string }[] };
    expect(body.shares).toEqual([
      expect.objectContaining({ approved: 200_000, paid: 200_000, status: "paid" }),
    ]);
  });
});
