/**
 * Property tests: random sequences of deposits, approvals, payments, retries, bank faults,
 * rejections, returns, reconciliations, retention held back and retention released to a payee,
 * after which the ledger's invariants must hold and the ledger must agree with the bank on
 * every share.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { depositToProject, holdRetention, projectBalances, releaseRetention } from "./accounts.js";
import { getSegregatedBankAccount } from "./bank-accounts.js";
import { SimulatedBank } from "./banks/simulated.js";
import { createFundedProject, type FixtureProject } from "./fixtures.js";
import { readCamt } from "./iso20022/camt.js";
import { checkLedgerInvariants } from "./invariants.js";
import { createBatch, createPayment, sendBatch } from "./payments.js";
import { applyBankReport, reconcileWithBank } from "./reconcile.js";
import { approveShare, shareState } from "./shares.js";
import { paymentTables, type PaymentsDb } from "./tables.js";

type Command =
  | { kind: "deposit"; amount: number }
  | { kind: "approve"; share: number; amount: number }
  | { kind: "pay"; share: number; amount: number }
  | { kind: "retry" }
  | { kind: "send" }
  | { kind: "fault"; after: number | null }
  | { kind: "rejectAccount"; share: number }
  | { kind: "return" }
  | { kind: "reconcile" }
  | { kind: "statement" }
  | { kind: "retain"; amount: number }
  | { kind: "releaseRetention" };

const SHARES = 3;
const share = fc.integer({ min: 0, max: SHARES - 1 });
const amount = fc.integer({ min: 1, max: 5_000 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("deposit" as const), amount }),
  fc.record({
    kind: fc.constant("approve" as const),
    share,
    amount: fc.integer({ min: 0, max: 8_000 }),
  }),
  fc.record({ kind: fc.constant("pay" as const), share, amount }),
  fc.record({ kind: fc.constant("pay" as const), share, amount }),
  fc.constant({ kind: "retry" as const }),
  fc.constant({ kind: "send" as const }),
  fc.record({
    kind: fc.constant("fault" as const),
    after: fc.option(fc.integer({ min: 0, max: 3 })),
  }),
  fc.record({ kind: fc.constant("rejectAccount" as const), share }),
  fc.constant({ kind: "return" as const }),
  fc.constant({ kind: "reconcile" as const }),
  fc.constant({ kind: "statement" as const }),
  fc.record({ kind: fc.constant("retain" as const), amount }),
  fc.constant({ kind: "releaseRetention" as const }),
);

/** Rejections the rules call for; any other error fails the property. */
const EXPECTED_CODES = new Set(["over_approved", "insufficient_funds", "conflict"]);

let database: TestDatabase;
let db: PaymentsDb;
let run = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  db = paymentTables(database.db);
});
afterAll(async () => {
  await database.destroy();
});

async function expectedRejection(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError && EXPECTED_CODES.has(error.code)) return;
    throw error;
  }
}

class Scenario {
  private paymentCount = 0;
  private batchCount = 0;
  private lastPayment:
    { shareId: string; bankAccountId: number; amount: number; idempotencyKey: string } | undefined;
  deposited = 0;
  retained = 0;
  released = 0;
  /** Shares that pay out released retention, to the payee of the first share. */
  retentionShares: string[] = [];

  constructor(
    readonly project: FixtureProject,
    readonly bank: SimulatedBank,
  ) {}

  async apply(step: Command): Promise<void> {
    const { projectId } = this.project;
    switch (step.kind) {
      case "deposit":
        await depositToProject(db, {
          agencyId: "agency-1",
          projectId,
          currency: "KRW",
          amount: step.amount,
          idempotencyKey: `${projectId}-dep-${this.deposited}-${step.amount}`,
        });
        this.deposited += step.amount;
        return;
      case "approve": {
        const target = this.project.shares[step.share]!;
        await expectedRejection(
          approveShare(db, {
            shareId: target.shareId,
            projectId,
            payeeId: target.payeeId,
            currency: "KRW",
            approvedAmount: step.amount,
          }),
        );
        return;
      }
      case "pay": {
        const target = this.project.shares[step.share]!;
        this.paymentCount += 1;
        const input = {
          shareId: target.shareId,
          bankAccountId: target.bankAccountId,
          amount: step.amount,
          idempotencyKey: `${projectId}-p${this.paymentCount}`,
        };
        this.lastPayment = input;
        await expectedRejection(createPayment(db, input));
        return;
      }
      case "retry":
        if (this.lastPayment) await expectedRejection(createPayment(db, this.lastPayment));
        return;
      case "send":
        await this.sendPending();
        return;
      case "fault":
        this.bank.failNextSubmit(
          step.after === null ? { kind: "timeout" } : { kind: "halfway", after: step.after },
        );
        return;
      case "rejectAccount":
        this.bank.rejectAccount(this.project.shares[step.share]!.accountIdentifier);
        return;
      case "return": {
        const settled = this.bank.recordedPayments().find((payment) => payment.state === "settled");
        if (settled) this.bank.returnPayment(settled.idempotencyKey);
        return;
      }
      case "reconcile":
        await reconcileWithBank(db, this.bank, { projectId });
        return;
      case "retain":
        try {
          await holdRetention(db, {
            projectId,
            currency: "KRW",
            amount: step.amount,
            idempotencyKey: `${projectId}-retain-${this.retained}-${step.amount}`,
          });
          this.retained += step.amount;
        } catch (error) {
          if (!(error instanceof AppError && error.code === "insufficient_funds")) throw error;
        }
        return;
      case "releaseRetention":
        await this.releaseRetention();
        return;
      case "statement": {
        const debtor = await getSegregatedBankAccount(db, projectId, "KRW");
        await applyBankReport(
          db,
          readCamt(this.bank.notification(`${projectId}-n`, debtor, "KRW")),
        );
        return;
      }
    }
  }

  /**
   * Releases all retention held to the first share's payee as a share of its own and instructs
   * its payment, as the agency's release after the final inspection does.
   */
  async releaseRetention(): Promise<void> {
    const held = this.retained - this.released;
    if (held === 0) return;
    const { projectId } = this.project;
    const payee = this.project.shares[0]!;
    const shareId = `${projectId}-retention-${this.retentionShares.length + 1}`;
    await releaseRetention(db, {
      projectId,
      currency: "KRW",
      amount: held,
      idempotencyKey: `release:${shareId}`,
    });
    this.released += held;
    this.retentionShares.push(shareId);
    await approveShare(db, {
      shareId,
      projectId,
      payeeId: payee.payeeId,
      currency: "KRW",
      approvedAmount: held,
    });
    await expectedRejection(
      createPayment(db, {
        shareId,
        bankAccountId: payee.bankAccountId,
        amount: held,
        idempotencyKey: `${projectId}-r${this.retentionShares.length}`,
      }),
    );
  }

  async sendPending(): Promise<void> {
    this.batchCount += 1;
    const batchId = `${this.project.projectId}-b${this.batchCount}`;
    await createBatch(db, {
      batchId,
      projectId: this.project.projectId,
      currency: "KRW",
      executionDate: "2026-12-07",
    });
    const batches = await db
      .selectFrom("payment_batches")
      .select("id")
      .where("project_id", "=", this.project.projectId)
      .execute();
    for (const batch of batches) await sendBatch(db, this.bank, batch.id, "Agency");
  }

  /** Runs reconciliation and sends until no payment of the project is open. */
  async drain(): Promise<void> {
    for (let round = 0; round < 5; round += 1) {
      await reconcileWithBank(db, this.bank, { projectId: this.project.projectId });
      await this.sendPending();
      await reconcileWithBank(db, this.bank, { projectId: this.project.projectId });
    }
  }
}

describe("ledger properties", () => {
  it("keep the invariants over random operation sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (steps) => {
        run += 1;
        const bank = new SimulatedBank();
        const project = await createFundedProject(db, bank, {
          projectId: `prop-${run}`,
          deposit: 0,
          shareAmounts: Array.from({ length: SHARES }, () => 4_000),
        });
        const scenario = new Scenario(project, bank);
        for (const step of steps) await scenario.apply(step);
        await scenario.drain();

        expect(await checkLedgerInvariants(db)).toEqual([]);

        const open = await db
          .selectFrom("payments")
          .innerJoin("payment_shares", "payment_shares.id", "payments.share_id")
          .select("payments.idempotency_key")
          .where("payment_shares.project_id", "=", project.projectId)
          .where("payments.status", "in", ["pending", "sent", "unknown"])
          .execute();
        expect(open).toEqual([]);

        let paidAtBank = 0;
        for (const fixture of project.shares) {
          const state = await shareState(db, fixture.shareId);
          const atBank = bank
            .recordedPayments()
            .filter(
              (payment) =>
                payment.state === "settled" &&
                payment.idempotencyKey.startsWith(`${project.projectId}-p`),
            )
            .filter((payment) => payment.creditorId === fixture.accountIdentifier)
            .reduce((sum, payment) => sum + payment.amount, 0);
          expect(state.paid).toBe(atBank);
          expect(state.paid).toBeLessThanOrEqual(state.approvedAmount);
          paidAtBank += atBank;
        }
        for (const [index, shareId] of scenario.retentionShares.entries()) {
          const state = await shareState(db, shareId);
          const atBank = bank
            .recordedPayments()
            .filter(
              (payment) =>
                payment.state === "settled" &&
                payment.idempotencyKey === `${project.projectId}-r${index + 1}`,
            )
            .reduce((sum, payment) => sum + payment.amount, 0);
          expect(state.paid).toBe(atBank);
          expect(state.paid).toBeLessThanOrEqual(state.approvedAmount);
          paidAtBank += atBank;
        }
        const retention = scenario.retained - scenario.released;
        const balances = await projectBalances(db, project.projectId, "KRW");
        expect(balances).toEqual({
          segregated: scenario.deposited - paidAtBank - retention,
          retention,
          inClearing: 0,
        });
      }),
      { numRuns: 25 },
    );
  });
});
