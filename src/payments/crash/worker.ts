/**
 * The process the crash test kills: it pays every share of one project through the simulated
 * bank, in batches, with random bank faults, picking up wherever an earlier run stopped.
 * It prints "ready" once the database is open, "step" after each write to the ledger or call
 * to the bank, and exits 0 when every share is paid.
 *
 * Run as `node --import tsx src/payments/crash/worker.ts CONFIG_JSON`.
 */
import { openDatabase, type DatabaseLocation } from "../../db/database.js";
import { SimulatedBank } from "../banks/simulated.js";
import { createFundedProject } from "../fixtures.js";
import { createBatch, createPayment, sendPendingBatches } from "../payments.js";
import { reconcileWithBank } from "../reconcile.js";
import { shareState } from "../shares.js";
import { paymentTables, type PaymentsDb } from "../tables.js";

/** Settings the crash test passes to the worker. */
export interface CrashWorkerConfig {
  location: DatabaseLocation;
  bankStateFile: string;
  projectId: string;
  shareCount: number;
  shareAmount: number;
  /** Chance that a bank call fails half-way, from 0 to 1. */
  faultRate: number;
}

const BATCH_SIZE = 5;

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? "{}") as CrashWorkerConfig;
  const database = await openDatabase(config.location);
  const db = paymentTables(database.db);
  const bank = new SimulatedBank({ stateFile: config.bankStateFile });
  process.stdout.write("ready\n");

  const project = await createFundedProject(db, bank, {
    projectId: config.projectId,
    deposit: config.shareCount * config.shareAmount,
    shareAmounts: Array.from({ length: config.shareCount }, () => config.shareAmount),
  });

  for (let round = 0; round < 100; round += 1) {
    await reconcileWithBank(db, bank, { projectId: project.projectId });
    step();
    let unpaid = 0;
    for (const share of project.shares) {
      const state = await shareState(db, share.shareId);
      if (state.paid < state.approvedAmount) unpaid += 1;
      if (state.remaining === 0) continue;
      const attempt = await countPayments(db, share.shareId);
      await createPayment(db, {
        shareId: share.shareId,
        bankAccountId: share.bankAccountId,
        amount: state.remaining,
        idempotencyKey: `${share.shareId}-a${attempt + 1}`.slice(-35),
      });
      step();
    }
    if (unpaid === 0) break;

    const batchNumber = await countBatches(db, project.projectId);
    const batchId = `${project.projectId}-b${batchNumber + 1}`;
    await createBatch(db, {
      batchId,
      projectId: project.projectId,
      currency: project.currency,
      executionDate: "2026-12-07",
      maxPayments: BATCH_SIZE,
    });
    step();
    if (Math.random() < config.faultRate) {
      bank.failNextSubmit({ kind: "halfway", after: Math.floor(Math.random() * BATCH_SIZE) });
    }
    await sendPendingBatches(db, bank, project.projectId, "Crash test agency");
    step();
  }

  const unpaid = await countUnpaid(
    db,
    project.shares.map((share) => share.shareId),
  );
  await database.close();
  if (unpaid > 0) throw new Error(`${unpaid} shares are still unpaid after 100 rounds`);
  process.stdout.write("done\n");
}

function step(): void {
  process.stdout.write("step\n");
}

async function countPayments(db: PaymentsDb, shareId: string): Promise<number> {
  const rows = await db
    .selectFrom("payments")
    .select("id")
    .where("share_id", "=", shareId)
    .execute();
  return rows.length;
}

async function countUnpaid(db: PaymentsDb, shareIds: string[]): Promise<number> {
  let unpaid = 0;
  for (const shareId of shareIds) {
    const state = await shareState(db, shareId);
    if (state.paid < state.approvedAmount) unpaid += 1;
  }
  return unpaid;
}

async function countBatches(db: PaymentsDb, projectId: string): Promise<number> {
  const rows = await db
    .selectFrom("payment_batches")
    .select("id")
    .where("project_id", "=", projectId)
    .execute();
  return rows.length;
}

await main();
