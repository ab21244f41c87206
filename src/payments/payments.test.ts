import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { projectBalances } from "./accounts.js";
import {
  getSegregatedBankAccount,
  registerBankAccount,
  verifyBankAccount,
} from "./bank-accounts.js";
import { PaymentFileBank } from "./banks/payment-file.js";
import { SimulatedBank } from "./banks/simulated.js";
import { createFundedProject } from "./fixtures.js";
import { readCamt } from "./iso20022/camt.js";
import { readPain001 } from "./iso20022/pain001-read.js";
import { checkLedgerInvariants } from "./invariants.js";
import { createBatch, createPayment, findPayment, sendBatch } from "./payments.js";
import { applyBankReport, reconcileWithBank } from "./reconcile.js";
import { approveShare, shareState } from "./shares.js";
import { paymentTables, type PaymentsDb } from "./tables.js";

let database: TestDatabase;
let db: PaymentsDb;
let projectNumber = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  db = paymentTables(database.db);
});
afterAll(async () => {
  expect(await checkLedgerInvariants(db)).toEqual([]);
  await database.destroy();
});

function nextProjectId(): string {
  projectNumber += 1;
  return `pay-${projectNumber}`;
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("createPayment", () => {
  it("reserves the amount and refuses more than approved", async () => {
    const bank = new SimulatedBank();
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 10_000,
      shareAmounts: [3_000],
    });
    const share = project.shares[0]!;

    await createPayment(db, {
      shareId: share.shareId,
      bankAccountId: share.bankAccountId,
      amount: 2_000,
      idempotencyKey: "c1-a",
    });
    const error = await errorOf(
      createPayment(db, {
        shareId: share.shareId,
        bankAccountId: share.bankAccountId,
        amount: 1_001,
        idempotencyKey: "c1-b",
      }),
    );

    expect(error.code).toBe("over_approved");
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 8_000,
      retention: 0,
      inClearing: 2_000,
    });
    expect((await shareState(db, share.shareId)).remaining).toBe(1_000);
  });

  it("refuses a payment the segregated account cannot cover", async () => {
    const bank = new SimulatedBank();
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 500,
      shareAmounts: [3_000],
    });
    const share = project.shares[0]!;

    const error = await errorOf(
      createPayment(db, {
        shareId: share.shareId,
        bankAccountId: share.bankAccountId,
        amount: 501,
      }),
    );

    expect(error.code).toBe("insufficient_funds");
    expect((await shareState(db, share.shareId)).inPayment).toBe(0);
  });

  it("refuses another payee's account and an unverified one", async () => {
    const bank = new SimulatedBank();
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 5_000,
      shareAmounts: [1_000, 1_000],
    });
    const [first, second] = project.shares;
    const unverified = await registerBankAccount(db, {
      payeeId: first!.payeeId,
      holderName: "Payee 1",
      scheme: "other",
      identifier: "UNVERIFIED-1",
      agentId: null,
    });

    const stolen = await errorOf(
      createPayment(db, {
        shareId: first!.shareId,
        bankAccountId: second!.bankAccountId,
        amount: 100,
      }),
    );
    const unchecked = await errorOf(
      createPayment(db, { shareId: first!.shareId, bankAccountId: unverified.id, amount: 100 }),
    );

    expect(stolen.code).toBe("conflict");
    expect(stolen.message).toContain("does not belong to the payee");
    expect(unchecked.message).toContain("is unverified");
  });

  it("returns the stored payment for a repeated key and rejects a changed one", async () => {
    const bank = new SimulatedBank();
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 5_000,
      shareAmounts: [1_000],
    });
    const share = project.shares[0]!;
    const input = {
      shareId: share.shareId,
      bankAccountId: share.bankAccountId,
      amount: 400,
      idempotencyKey: "rep-1",
    };

    const first = await createPayment(db, input);
    const again = await createPayment(db, input);
    const changed = await errorOf(createPayment(db, { ...input, amount: 401 }));

    expect(again).toEqual(first);
    expect(changed.code).toBe("idempotency_conflict");
    expect((await shareState(db, share.shareId)).inPayment).toBe(400);
  });

  it("names each bad field", async () => {
    const error = await errorOf(
      createPayment(db, { shareId: "x", bankAccountId: 1, amount: -5, idempotencyKey: "bad key!" }),
    );
    expect(error.problems.map((problem) => problem.path)).toEqual(["idempotencyKey", "amount"]);
  });
});

describe("approveShare", () => {
  it("rejects lowering below what is in payment", async () => {
    const bank = new SimulatedBank();
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 5_000,
      shareAmounts: [2_000],
    });
    const share = project.shares[0]!;
    await createPayment(db, {
      shareId: share.shareId,
      bankAccountId: share.bankAccountId,
      amount: 1_500,
    });
    const approval = {
      shareId: share.shareId,
      projectId: project.projectId,
      payeeId: share.payeeId,
      currency: "KRW",
    };

    const lowered = await approveShare(db, { ...approval, approvedAmount: 1_500 });
    const error = await errorOf(approveShare(db, { ...approval, approvedAmount: 1_499 }));
    const moved = await errorOf(
      approveShare(db, { ...approval, payeeId: "someone-else", approvedAmount: 1_500 }),
    );

    expect(lowered.remaining).toBe(0);
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("1500 is already paid or in payment");
    expect(moved.message).toContain("exists for another project, payee or currency");
  });

  it("names each bad field", async () => {
    const error = await errorOf(
      approveShare(db, {
        shareId: "",
        projectId: "p",
        payeeId: "q",
        currency: "krw",
        approvedAmount: 1.5,
      }),
    );
    expect(error.problems.map((problem) => problem.path)).toEqual([
      "shareId",
      "currency",
      "approvedAmount",
    ]);
  });
});

describe.runIf(process.env.DATABASE_URL)("createPayment on a server", () => {
  it("lets concurrent payments take no more than approved", async () => {
    const bank = new SimulatedBank();
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 100_000,
      shareAmounts: [5_000],
    });
    const share = project.shares[0]!;

    const attempts = Array.from({ length: 12 }, () =>
      createPayment(db, {
        shareId: share.shareId,
        bankAccountId: share.bankAccountId,
        amount: 1_000,
      }).then(
        () => "ok",
        (error: AppError) => error.code,
      ),
    );
    const results = await Promise.all(attempts);

    expect(results.filter((result) => result === "ok")).toHaveLength(5);
    expect(results.filter((result) => result === "over_approved")).toHaveLength(7);
    expect((await shareState(db, share.shareId)).inPayment).toBe(5_000);
  });
});

describe("verifyBankAccount", () => {
  it("stores the bank's rejection of a closed account", async () => {
    const bank = new SimulatedBank();
    bank.rejectAccount("CLOSED-1");
    const account = await registerBankAccount(db, {
      payeeId: "v-1",
      holderName: "V",
      scheme: "other",
      identifier: "CLOSED-1",
      agentId: null,
    });

    const verified = await verifyBankAccount(db, bank, account.id);

    expect(verified.status).toBe("rejected");
    expect(verified.statusReason).toContain("AC04");
  });

  it("rejects an IBAN with wrong check digits without echoing it", async () => {
    const error = await errorOf(
      registerBankAccount(db, {
        payeeId: "v-2",
        holderName: "V",
        scheme: "iban",
        identifier: "GB00WEST12345698765432",
        agentId: null,
      }),
    );
    expect(error.problems).toEqual([
      { path: "identifier", message: "is not a valid IBAN (check digits or format)" },
    ]);
    expect(error.message).not.toContain("WEST");
  });
});

describe("sendBatch with the simulated bank", () => {
  async function batchOf(shareCount: number, bank: SimulatedBank) {
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 1_000_000,
      shareAmounts: Array.from({ length: shareCount }, () => 10_000),
    });
    for (const share of project.shares) {
      await createPayment(db, {
        shareId: share.shareId,
        bankAccountId: share.bankAccountId,
        amount: 10_000,
        idempotencyKey: `${share.shareId}-k`,
      });
    }
    const batchId = `${project.projectId}-b1`;
    await createBatch(db, {
      batchId,
      projectId: project.projectId,
      currency: "KRW",
      executionDate: "2026-12-07",
    });
    return { project, batchId };
  }

  it("settles every payment and moves the money to the shares", async () => {
    const bank = new SimulatedBank();
    const { project, batchId } = await batchOf(3, bank);

    const outcome = await sendBatch(db, bank, batchId, "Agency");

    expect(outcome).toEqual({ submitted: 3, settled: 3, accepted: 0, rejected: 0, unknown: 0 });
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 970_000,
      retention: 0,
      inClearing: 0,
    });
    expect((await shareState(db, project.shares[0]!.shareId)).paid).toBe(10_000);
  });

  it("releases the money of a payment the bank rejects", async () => {
    const bank = new SimulatedBank();
    const { project, batchId } = await batchOf(2, bank);
    bank.rejectAccount(project.shares[1]!.accountIdentifier);

    const outcome = await sendBatch(db, bank, batchId, "Agency");

    expect(outcome.rejected).toBe(1);
    const rejected = await findPayment(db, `${project.shares[1]!.shareId}-k`);
    expect(rejected?.status).toBe("rejected");
    expect(rejected?.statusReason).toBe("AC04");
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 990_000,
      retention: 0,
      inClearing: 0,
    });
    expect((await shareState(db, project.shares[1]!.shareId)).remaining).toBe(10_000);
  });

  it("pays exactly once after a timeout, reconciliation and a resend", async () => {
    const bank = new SimulatedBank();
    const { project, batchId } = await batchOf(4, bank);
    bank.failNextSubmit({ kind: "halfway", after: 2 });

    const first = await sendBatch(db, bank, batchId, "Agency");
    const again = await sendBatch(db, bank, batchId, "Agency");
    const reconciled = await reconcileWithBank(db, bank, { projectId: project.projectId });
    const resent = await sendBatch(db, bank, batchId, "Agency");

    expect(first.unknown).toBe(4);
    expect(again.submitted).toBe(0);
    expect(reconciled).toMatchObject({ checked: 4, settled: 2, requeued: 2 });
    expect(resent).toMatchObject({ submitted: 2, settled: 2 });
    expect(bank.recordedPayments().filter((payment) => payment.batchId === batchId)).toHaveLength(
      4,
    );
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 960_000,
      retention: 0,
      inClearing: 0,
    });
  });

  it("settles a timed-out batch the bank processed in full", async () => {
    const bank = new SimulatedBank();
    const { project, batchId } = await batchOf(2, bank);
    bank.failNextSubmit({ kind: "timeout" });

    await sendBatch(db, bank, batchId, "Agency");
    bank.timeOutStatusQueries(1);
    await expect(reconcileWithBank(db, bank, { projectId: project.projectId })).rejects.toThrow(
      "did not answer",
    );
    const reconciled = await reconcileWithBank(db, bank, { projectId: project.projectId });

    expect(reconciled).toMatchObject({ settled: 2, requeued: 0 });
    expect(bank.recordedPayments().filter((payment) => payment.batchId === batchId)).toHaveLength(
      2,
    );
  });
});

describe("applyBankReport", () => {
  it("settles from a camt.054 and takes back a returned payment", async () => {
    const bank = new SimulatedBank({ settleOnSubmit: false });
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 100_000,
      shareAmounts: [7_000, 3_000],
    });
    for (const share of project.shares) {
      await createPayment(db, {
        shareId: share.shareId,
        bankAccountId: share.bankAccountId,
        amount: share.approvedAmount,
        idempotencyKey: `${share.shareId}-c`,
      });
    }
    const batchId = `${project.projectId}-b`;
    await createBatch(db, {
      batchId,
      projectId: project.projectId,
      currency: "KRW",
      executionDate: "2026-12-07",
    });
    const sent = await sendBatch(db, bank, batchId, "Agency");
    bank.settleAccepted();
    bank.returnPayment(`${project.shares[1]!.shareId}-c`);
    const debtor = await getSegregatedBankAccount(db, project.projectId, "KRW");

    const report = readCamt(bank.notification("NTF-1", debtor, "KRW"));
    const outcome = await applyBankReport(db, report);
    const repeated = await applyBankReport(db, report);

    expect(sent).toMatchObject({ accepted: 2, settled: 0 });
    expect(report).toMatchObject({
      message: "camt.054",
      version: "001.08",
      accountId: debtor.identifier,
    });
    expect(outcome).toMatchObject({ settled: 2, returned: 1, unmatched: [], mismatched: [] });
    expect(repeated).toMatchObject({ settled: 0, returned: 0, unchanged: 3 });
    expect((await findPayment(db, `${project.shares[1]!.shareId}-c`))?.status).toBe("rejected");
    expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
      segregated: 93_000,
      retention: 0,
      inClearing: 0,
    });
    expect((await shareState(db, project.shares[1]!.shareId)).paid).toBe(0);
  });

  it("reports an amount that differs and applies nothing", async () => {
    const bank = new SimulatedBank({ settleOnSubmit: false });
    const project = await createFundedProject(db, bank, {
      projectId: nextProjectId(),
      deposit: 100_000,
      shareAmounts: [7_000],
    });
    const share = project.shares[0]!;
    await createPayment(db, {
      shareId: share.shareId,
      bankAccountId: share.bankAccountId,
      amount: 7_000,
      idempotencyKey: `${share.shareId}-m`,
    });

    const outcome = await applyBankReport(db, {
      message: "camt.053",
      version: "001.08",
      messageId: "S-1",
      accountId: null,
      entries: [
        {
          amount: 7_001,
          currency: "KRW",
          creditDebit: "DBIT",
          status: "BOOK",
          bookingDate: null,
          accountServicerReference: null,
          transactions: [
            {
              endToEndId: `${share.shareId}-m`,
              amount: 7_001,
              currency: "KRW",
              creditDebit: "DBIT",
              returnReason: null,
            },
          ],
        },
        {
          amount: 50,
          currency: "KRW",
          creditDebit: "DBIT",
          status: "BOOK",
          bookingDate: null,
          accountServicerReference: null,
          transactions: [
            {
              endToEndId: "FEE-1",
              amount: 50,
              currency: "KRW",
              creditDebit: "DBIT",
              returnReason: null,
            },
          ],
        },
      ],
    });

    expect(outcome.mismatched).toEqual([`${share.shareId}-m`]);
    expect(outcome.unmatched).toEqual(["FEE-1"]);
    expect((await findPayment(db, `${share.shareId}-m`))?.status).toBe("pending");
  });
});

describe("PaymentFileBank", () => {
  it("writes each payment into one pain.001 file and settles from the camt", async () => {
    const outbox = await mkdtemp(path.join(tmpdir(), "ccs-outbox-"));
    try {
      const bank = new PaymentFileBank({ outbox });
      const project = await createFundedProject(db, bank, {
        projectId: nextProjectId(),
        deposit: 100_000,
        shareAmounts: [1_000, 2_000],
      });
      for (const share of project.shares) {
        await createPayment(db, {
          shareId: share.shareId,
          bankAccountId: share.bankAccountId,
          amount: share.approvedAmount,
          idempotencyKey: `${share.shareId}-f`,
        });
      }
      const batchId = `${project.projectId}-f`;
      await createBatch(db, {
        batchId,
        projectId: project.projectId,
        currency: "KRW",
        executionDate: "2026-12-07",
      });

      const sent = await sendBatch(db, bank, batchId, "Agency");
      await db
        .updateTable("payments")
        .set({ status: "unknown" })
        .where("batch_id", "=", batchId)
        .execute();
      const reconciled = await reconcileWithBank(db, bank, { projectId: project.projectId });
      const files = await readdir(outbox);
      const written = readPain001(await readFile(path.join(outbox, files[0]!), "utf8"));

      expect(sent.accepted).toBe(2);
      expect(reconciled).toMatchObject({ checked: 2, requeued: 0 });
      expect(files).toEqual([`${batchId}.xml`]);
      expect(written.transfers.map((transfer) => transfer.amount)).toEqual([1_000, 2_000]);

      const simulated = new SimulatedBank();
      const debtor = await getSegregatedBankAccount(db, project.projectId, "KRW");
      await simulated.submitBatch({
        batchId,
        initiatingParty: "Agency",
        debtor,
        executionDate: "2026-12-07",
        payments: written.transfers.map((transfer) => ({
          idempotencyKey: transfer.endToEndId,
          amount: transfer.amount,
          currency: transfer.currency,
          creditor: debtor,
          remittance: "",
        })),
      });
      const outcome = await applyBankReport(
        db,
        readCamt(simulated.notification("N-F", debtor, "KRW")),
      );

      expect(outcome.settled).toBe(2);
      expect(await projectBalances(db, project.projectId, "KRW")).toEqual({
        segregated: 97_000,
        retention: 0,
        inClearing: 0,
      });
    } finally {
      await rm(outbox, { recursive: true, force: true });
    }
  });
});
