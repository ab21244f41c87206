import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../config.js";
import type { JurisdictionRole, ProjectRole } from "../db/types-accounts.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { getSegregatedBankAccount } from "../payments/bank-accounts.js";
import { PaymentFileBank } from "../payments/banks/payment-file.js";
import { writeCamt054 } from "../payments/iso20022/camt-write.js";
import { readCamt } from "../payments/iso20022/camt.js";
import { checkLedgerInvariants } from "../payments/invariants.js";
import { applyBankReport } from "../payments/reconcile.js";
import { shareState } from "../payments/shares.js";
import { paymentTables } from "../payments/tables.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

/** A pain.002.001.10 report on the file `messageId`, one status per EndToEndId. */
function statusReport(messageId: string, statuses: [string, string, string?][]): string {
  const transactions = statuses
    .map(
      ([key, status, reason]) =>
        `<TxInfAndSts><OrgnlEndToEndId>${key}</OrgnlEndToEndId><TxSts>${status}</TxSts>` +
        (reason ? `<StsRsnInf><Rsn><Cd>${reason}</Cd></Rsn></StsRsnInf>` : "") +
        "</TxInfAndSts>",
    )
    .join("");
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>' +
    "<GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2026-03-10T08:00:00Z</CreDtTm></GrpHdr>" +
    `<OrgnlGrpInfAndSts><OrgnlMsgId>${messageId}</OrgnlMsgId>` +
    "<OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>" +
    `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${messageId}</OrgnlPmtInfId>${transactions}` +
    "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>"
  );
}

const CALLERS: Record<
  string,
  { project?: ProjectRole; jurisdiction?: JurisdictionRole[]; organisation?: boolean }
> = {
  agency: { project: "agency_official" },
  supervisor: { project: "supervisor" },
  contractor: { project: "prime_contractor" },
  supplier: { project: "subcontractor", organisation: true },
  auditor: { jurisdiction: ["auditor"] },
};
type Caller = keyof typeof CALLERS;

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const outbox = mkdtempSync(path.join(tmpdir(), "ccs-status-outbox-"));
const clock = { now: new Date("2026-03-01T09:00:00Z") };
const tokens = new Map<string, string>();
let projectId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const bank = new PaymentFileBank({ outbox, now: () => clock.now });
  const config = loadConfig({ LOAD_DEMO: "false" });
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  app = createApp({ config, database, fileStore, clock: () => clock.now, bank });

  const agencyId = (await createOrganisation(database.db, { name: "Seoul Works Office" })).id;
  const supplierOrg = (await createOrganisation(database.db, { name: "Daeil Materials" })).id;
  projectId = await createRegisteredProject(database.db, agencyId);
  for (const [name, roles] of Object.entries(CALLERS)) {
    const user = await createTestUser(database.db, {
      jurisdictionRoles: roles.jurisdiction ?? [],
      memberships: roles.project ? [{ projectId, role: roles.project }] : [],
      ...(roles.organisation ? { organisationId: supplierOrg } : {}),
    });
    tokens.set(name, user.token);
  }
});
afterAll(async () => {
  expect(await checkLedgerInvariants(paymentTables(database.db))).toEqual([]);
  await database.destroy();
  await rm(outbox, { recursive: true, force: true });
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

const paymentsNow = () =>
  paymentTables(database.db)
    .selectFrom("payments")
    .select(["idempotency_key", "status", "status_reason", "bank_account_id"])
    .orderBy("id")
    .execute();

describe("POST payments/status-reports", () => {
  let claimId: number;

  beforeAll(async () => {
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
        work: [{ itemCode: "A1", quantity: 50 }],
        issues: "",
        photoReferences: [],
      }),
      201,
    );
    const reportId = report.id as number;
    await expectStatus(await call("supervisor", "POST", `/daily-reports/${reportId}/review`), 200);
    await expectStatus(await call("agency", "POST", `/daily-reports/${reportId}/approve`), 200);
    await expectStatus(
      await call("contractor", "POST", "/contracts", {
        kind: "prime",
        partyName: "Hanbit Construction",
        amount: 1_000_000,
        bankAccount: account("PRIME-1"),
      }),
      201,
    );
    const supply = await expectStatus(
      await call("supplier", "POST", "/contracts", {
        kind: "supply",
        partyName: "Daeil Materials",
        amount: 300_000,
        contactPhone: "010-7777-0001",
        bankAccount: account("SUP-1"),
      }),
      201,
    );
    const claim = await expectStatus(
      await call("contractor", "POST", "/claims", {
        periodStart: "2026-03-01",
        periodEnd: "2026-03-31",
        items: [{ itemCode: "A1", quantity: 50 }],
      }),
      201,
    );
    claimId = claim.id as number;
    await expectStatus(
      await call("contractor", "PUT", `/claims/${claimId}/split`, {
        lines: [
          { payeeKind: "prime", amount: 300_000 },
          { payeeKind: "supplier", contractId: supply.id as number, amount: 200_000 },
        ],
      }),
      200,
    );
    await expectStatus(await call("agency", "POST", `/claims/${claimId}/approve`), 200);
    await expectStatus(
      await call("agency", "POST", "/deposits", {
        amount: 500_000,
        reference: "2026-03",
        segregatedAccount: account("SEG-1"),
      }),
      201,
    );
    const paid = await expectStatus(
      await call("agency", "POST", `/claims/${claimId}/payments`, { executionDate: "2026-03-10" }),
      200,
    );
    expect(paid).toMatchObject({ created: 2, sent: { accepted: 2 } });
  });

  it("denies callers other than the agency", async () => {
    const before = await paymentsNow();
    const body = { document: statusReport("X", [[`C${claimId}L2A1`, "RJCT", "AC04"]]) };
    expect((await call(null, "POST", "/payments/status-reports", body)).status).toBe(401);
    for (const caller of ["supervisor", "contractor", "supplier", "auditor"] as const) {
      const response = await call(caller, "POST", "/payments/status-reports", body);
      expect(response.status, caller).toBe(403);
    }
    expect(await paymentsNow()).toEqual(before);
  });

  it("names the element of a malformed report", async () => {
    const before = await paymentsNow();
    const broken = statusReport("X", [[`C${claimId}L2A1`, "rejected"]]);
    const answer = await expectStatus(
      await call("agency", "POST", "/payments/status-reports", { document: broken }),
      400,
    );
    expect(answer).toMatchObject({
      error: {
        problems: [
          {
            path: "document",
            message:
              'OrgnlPmtInfAndSts 1 TxInfAndSts 1: TxSts is "rejected", not a four-letter ' +
              "ISO 20022 status code",
          },
        ],
      },
    });
    const empty = await expectStatus(
      await call("agency", "POST", "/payments/status-reports", { document: "" }),
      400,
    );
    expect(JSON.stringify(empty)).toContain('"path":"document"');
    expect(await paymentsNow()).toEqual(before);
  });

  it("holds a closed account's share until replaced", async () => {
    const [file] = await readdir(outbox);
    const messageId = file!.replace(/\.xml$/, "");
    const prime = `C${claimId}L1A1`;
    const supply = `C${claimId}L2A1`;
    const applied = await expectStatus(
      await call("agency", "POST", "/payments/status-reports", {
        document: statusReport(messageId, [
          [prime, "ACCP"],
          [supply, "RJCT", "AC04"],
        ]),
      }),
      200,
    );
    const shareId = `claim-${claimId}-line-2`;
    expect(applied).toMatchObject({
      checked: 2,
      accepted: 1,
      rejected: [supply],
      heldShares: [{ shareId }],
    });
    expect((applied.heldShares as { reason: string }[])[0]!.reason).toContain("AC04");
    expect(await paymentsNow()).toMatchObject([
      { idempotency_key: prime, status: "sent" },
      { idempotency_key: supply, status: "rejected", status_reason: "AC04" },
    ]);

    const held = await expectStatus(
      await call("agency", "POST", `/claims/${claimId}/payments`, { executionDate: "2026-03-11" }),
      200,
    );
    expect(held).toMatchObject({ created: 0, heldLines: [{ lineNo: 2 }] });

    const contracts = await expectStatus(await call("agency", "GET", "/contracts"), 200);
    const supplyContract = (contracts.items as { id: number; kind: string }[]).find(
      (contract) => contract.kind === "supply",
    )!;
    const replaced = await expectStatus(
      await call(
        "supplier",
        "PUT",
        `/contracts/${supplyContract.id}/bank-account`,
        account("SUP-2"),
      ),
      200,
    );
    expect(replaced).toMatchObject({ releasedShares: [shareId] });
    const retried = await expectStatus(
      await call("agency", "POST", `/claims/${claimId}/payments`, { executionDate: "2026-03-12" }),
      200,
    );
    expect(retried).toMatchObject({ created: 1, heldLines: [] });

    // The bank books both transfers that went out; each share is paid once, in full.
    const payments = paymentTables(database.db);
    const debtor = await getSegregatedBankAccount(payments, projectId, "KRW");
    const camt = writeCamt054(
      { messageId: "NTF-1", createdAt: clock.now, account: debtor, currency: "KRW" },
      [
        [prime, 300_000],
        [`C${claimId}L2A2`, 200_000],
      ].map(([key, amount]) => ({
        endToEndId: key as string,
        amount: amount as number,
        currency: "KRW",
        creditDebit: "DBIT" as const,
        bookingDate: "2026-03-12",
        bankReference: `REF-${key as string}`,
      })),
    );
    expect((await applyBankReport(payments, readCamt(camt))).settled).toBe(2);
    for (const [line, approved] of [
      [1, 300_000],
      [2, 200_000],
    ] as const) {
      const state = await shareState(payments, `claim-${claimId}-line-${line}`);
      expect(state.paid).toBe(approved);
    }
    const settled = await payments
      .selectFrom("payments")
      .innerJoin("payee_bank_accounts", "payee_bank_accounts.id", "payments.bank_account_id")
      .select(["payments.idempotency_key", "payee_bank_accounts.identifier"])
      .where("payments.status", "=", "settled")
      .orderBy("payments.id")
      .execute();
    expect(settled).toEqual([
      { idempotency_key: prime, identifier: "PRIME-1" },
      { idempotency_key: `C${claimId}L2A2`, identifier: "SUP-2" },
    ]);
  });
});
