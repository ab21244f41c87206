import { mkdtemp, readFile, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { projectBalances } from "./accounts.js";
import {
  getBankAccount,
  getSegregatedBankAccount,
  registerBankAccount,
  verifyBankAccount,
} from "./bank-accounts.js";
import { PaymentFileBank } from "./banks/payment-file.js";
import { createFundedProject, type FixtureProject } from "./fixtures.js";
import { writeCamt054 } from "./iso20022/camt-write.js";
import { readCamt } from "./iso20022/camt.js";
import { readPain002 } from "./iso20022/pain002.js";
import { checkLedgerInvariants } from "./invariants.js";
import { createBatch, createPayment, findPayment, sendBatch } from "./payments.js";
import { applyBankReport } from "./reconcile.js";
import { shareState } from "./shares.js";
import { applyPaymentStatusReport } from "./status-report.js";
import { paymentTables, type PaymentsDb } from "./tables.js";

const fixture = (name: string) =>
  readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "iso20022", "fixtures", name),
    "utf8",
  );

let database: TestDatabase;
let db: PaymentsDb;
let outbox: string;

beforeAll(async () => {
  database = await openTestDatabase();
  db = paymentTables(database.db);
  outbox = await mkdtemp(path.join(tmpdir(), "ccs-pain002-"));
});
afterAll(async () => {
  expect(await checkLedgerInvariants(db)).toEqual([]);
  await database.destroy();
  await rm(outbox, { recursive: true, force: true });
});

/** Pays `payments` (share index, key) as one batch through the payment-file bank. */
async function payAsFile(
  bank: PaymentFileBank,
  project: FixtureProject,
  batchId: string,
  payments: { share: number; key: string; bankAccountId?: number }[],
) {
  for (const payment of payments) {
    const share = project.shares[payment.share]!;
    await createPayment(db, {
      shareId: share.shareId,
      bankAccountId: payment.bankAccountId ?? share.bankAccountId,
      amount: share.approvedAmount,
      idempotencyKey: payment.key,
    });
  }
  await createBatch(db, {
    batchId,
    projectId: project.projectId,
    currency: "KRW",
    executionDate: "2026-12-07",
  });
  return sendBatch(db, bank, batchId, "Agency");
}

/** Books the payments of `keys` as debits in a camt.054 and applies it. */
async function bookDebits(project: FixtureProject, messageId: string, keys: string[]) {
  const debtor = await getSegregatedBankAccount(db, project.projectId, "KRW");
  const movements = [];
  for (const key of keys) {
    const payment = (await findPayment(db, key))!;
    movements.push({
      endToEndId: key,
      amount: payment.amount,
      currency: "KRW",
      creditDebit: "DBIT" as const,
      bookingDate: "2026-12-08",
      bankReference: `REF-${key}`,
    });
  }
  const xml = writeCamt054(
    { messageId, createdAt: new Date("2026-12-08T18:00:00Z"), account: debtor, currency: "KRW" },
    movements,
  );
  return applyBankReport(db, readCamt(xml));
}

describe("applyPaymentStatusReport", () => {
  it("fails, retries and pays each share once", async () => {
    const bank = new PaymentFileBank({ outbox });
    const project = await createFundedProject(db, bank, {
      projectId: "status-1",
      deposit: 100_000,
      shareAmounts: [1_000, 2_000, 3_000],
    });
    const sent = await payAsFile(bank, project, "PS-BATCH-1", [
      { share: 0, key: "PS-A1" },
      { share: 1, key: "PS-B1" },
      { share: 2, key: "PS-C1" },
    ]);
    expect(sent.accepted).toBe(3);

    const report = readPain002(fixture("pain002-mixed.xml"));
    const outcome = await applyPaymentStatusReport(db, report);
    const repeated = await applyPaymentStatusReport(db, report);

    expect(outcome).toMatchObject({
      checked: 3,
      rejected: ["PS-B1", "PS-C1"],
      accepted: 1,
      accountsRejected: [project.shares[2]!.bankAccountId],
      unmatched: [],
      mismatched: [],
    });
    expect(repeated).toMatchObject({ rejected: [], accepted: 1, accountsRejected: [] });
    expect(await findPayment(db, "PS-A1")).toMatchObject({ status: "sent" });
    expect(await findPayment(db, "PS-B1")).toMatchObject({
      status: "rejected",
      statusReason: "AM04",
    });
    expect(await findPayment(db, "PS-C1")).toMatchObject({
      status: "rejected",
      statusReason: "AC04",
    });
    // AM04 leaves the account usable; AC04 closes it for new payments.
    expect((await getBankAccount(db, project.shares[1]!.bankAccountId)).status).toBe("verified");
    const closed = await getBankAccount(db, project.shares[2]!.bankAccountId);
    expect(closed).toMatchObject({
      status: "rejected",
      statusReason: "the bank rejected a payment to this account (AC04)",
    });
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 99_000,
      retention: 0,
      inClearing: 1_000,
    });

    // The accepted transfer is settled by the statement, not by the status report.
    expect((await bookDebits(project, "NTF-1", ["PS-A1"])).settled).toBe(1);

    // The AM04 share is paid again with a new key; the AC04 share waits for a new account.
    await expect(
      createPayment(db, {
        shareId: project.shares[2]!.shareId,
        bankAccountId: closed.id,
        amount: 3_000,
        idempotencyKey: "PS-C2",
      }),
    ).rejects.toThrow(/is rejected/);
    const replacement = await registerBankAccount(db, {
      payeeId: project.shares[2]!.payeeId,
      holderName: "Payee 3",
      scheme: "other",
      identifier: "status-1-3-new",
      agentId: null,
    });
    await verifyBankAccount(db, bank, replacement.id);
    await payAsFile(bank, project, "PS-BATCH-3", [
      { share: 1, key: "PS-B2" },
      { share: 2, key: "PS-C2", bankAccountId: replacement.id },
    ]);
    const written = await readFile(path.join(outbox, "PS-BATCH-3.xml"), "utf8");
    expect(written).toContain("status-1-3-new");
    expect((await bookDebits(project, "NTF-2", ["PS-B2", "PS-C2"])).settled).toBe(2);

    for (const share of project.shares) {
      const state = await shareState(db, share.shareId);
      expect(state.paid, share.shareId).toBe(share.approvedAmount);
      const settled = await db
        .selectFrom("payments")
        .select("idempotency_key")
        .where("share_id", "=", share.shareId)
        .where("status", "=", "settled")
        .execute();
      expect(settled, share.shareId).toHaveLength(1);
    }
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 94_000,
      retention: 0,
      inClearing: 0,
    });
  });

  it("rejects every transfer of a refused file", async () => {
    const bank = new PaymentFileBank({ outbox });
    const project = await createFundedProject(db, bank, {
      projectId: "status-2",
      deposit: 10_000,
      shareAmounts: [1_500, 2_500],
    });
    await payAsFile(bank, project, "PS-BATCH-2", [
      { share: 0, key: "PS-D1" },
      { share: 1, key: "PS-E1" },
    ]);

    const outcome = await applyPaymentStatusReport(
      db,
      readPain002(fixture("pain002-group-rejected.xml")),
      { keysOfMessage: (messageId) => bank.keysOfMessage(messageId) },
    );

    expect(outcome).toMatchObject({ rejected: ["PS-D1", "PS-E1"], accountsRejected: [] });
    expect(await findPayment(db, "PS-D1")).toMatchObject({
      status: "rejected",
      statusReason: "FF01",
    });
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 10_000,
      retention: 0,
      inClearing: 0,
    });
  });

  it("leaves settled payments alone and lists strays", async () => {
    const bank = new PaymentFileBank({ outbox });
    const project = await createFundedProject(db, bank, {
      projectId: "status-3",
      deposit: 10_000,
      shareAmounts: [1_000],
    });
    await payAsFile(bank, project, "PS-BATCH-4", [{ share: 0, key: "PS-F1" }]);
    await bookDebits(project, "NTF-3", ["PS-F1"]);

    const outcome = await applyPaymentStatusReport(db, {
      version: "001.10",
      messageId: "STS-9",
      originalMessageId: "PS-BATCH-4",
      groupStatus: null,
      groupReason: null,
      blocksWithoutTransactions: [],
      transactions: [
        { endToEndId: "PS-F1", status: "RJCT", reason: "AC04", amount: null, currency: null },
        { endToEndId: "PS-F1", status: "RJCT", reason: "AM04", amount: 999, currency: "KRW" },
        { endToEndId: "NOT-OURS", status: "RJCT", reason: "AM04", amount: null, currency: null },
      ],
    });

    expect(outcome).toMatchObject({
      rejected: [],
      conflicting: ["PS-F1"],
      mismatched: ["PS-F1"],
      unmatched: ["NOT-OURS"],
      accountsRejected: [],
    });
    expect(await findPayment(db, "PS-F1")).toMatchObject({ status: "settled" });
  });
});
