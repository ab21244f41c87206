/**
 * Measures disbursement throughput: payments instructed (each a reserve entry in the ledger),
 * then sent in batches to the simulated bank and settled (each a settle entry), on the
 * embedded database and, when DATABASE_URL is set, on PostgreSQL.
 *
 * Run with `npx tsx bench/disbursement.ts [payments] [batchSize]` (2,000 payments in batches
 * of 500 by default). Each backend runs in a child process of its own on a new database. The
 * project, its shares and the payees' verified accounts are set up first and not timed.
 */
import { fileURLToPath } from "node:url";
import type { Database } from "../src/db/database.js";
import { SimulatedBank } from "../src/payments/banks/simulated.js";
import { createFundedProject } from "../src/payments/fixtures.js";
import { checkLedgerInvariants } from "../src/payments/invariants.js";
import { createBatch, createPayment, sendBatch } from "../src/payments/payments.js";
import { paymentTables } from "../src/payments/tables.js";
import {
  backendsToRun,
  describeLoad,
  measureInChild,
  oneDecimal,
  openPreparedDatabase,
  printTable,
  reportToParent,
  secondsSince,
  type Backend,
} from "./support.js";

interface DisbursementFigures {
  backend: Backend;
  payments: number;
  instructSeconds: number;
  sendSeconds: number;
  /** Journal entries written while timed: one reserve and one settle per payment. */
  entries: number;
}

async function measureDisbursement(
  backend: Backend,
  database: Database,
  paymentCount: number,
  batchSize: number,
): Promise<DisbursementFigures> {
  try {
    const db = paymentTables(database.db);
    const bank = new SimulatedBank();
    const project = await createFundedProject(db, bank, {
      projectId: "bench-1",
      deposit: paymentCount * 1_000,
      shareAmounts: Array.from({ length: paymentCount }, () => 1_000),
    });
    const entriesBefore = await countEntries(database);

    const instructStarted = process.hrtime.bigint();
    for (const share of project.shares) {
      await createPayment(db, {
        shareId: share.shareId,
        bankAccountId: share.bankAccountId,
        amount: share.approvedAmount,
      });
    }
    const instructSeconds = secondsSince(instructStarted);

    const sendStarted = process.hrtime.bigint();
    for (let batch = 0; batch * batchSize < paymentCount; batch += 1) {
      const batchId = `bench-1-b${batch + 1}`;
      await createBatch(db, {
        batchId,
        projectId: project.projectId,
        currency: project.currency,
        executionDate: "2026-12-07",
        maxPayments: batchSize,
      });
      const outcome = await sendBatch(db, bank, batchId, "Benchmark agency");
      if (outcome.settled !== outcome.submitted) throw new Error(`batch ${batchId} did not settle`);
    }
    const sendSeconds = secondsSince(sendStarted);

    const violations = await checkLedgerInvariants(db);
    if (violations.length > 0)
      throw new Error(`ledger invariants broken: ${violations[0]?.detail}`);
    const entries = (await countEntries(database)) - entriesBefore;
    return { backend, payments: paymentCount, instructSeconds, sendSeconds, entries };
  } finally {
    await database.close();
  }
}

async function countEntries(database: Database): Promise<number> {
  const row = await paymentTables(database.db)
    .selectFrom("journal_entries")
    .select((eb) => eb.fn.countAll<number>().as("entries"))
    .executeTakeFirstOrThrow();
  return Number(row.entries);
}

async function main(): Promise<void> {
  const paymentCount = Number(process.argv[2] ?? 2000);
  const batchSize = Number(process.argv[3] ?? 500);
  console.log(
    `${paymentCount.toLocaleString("en-US")} payments in batches of ${batchSize}, ` +
      `Node.js ${process.version}`,
  );
  console.log(`Before: ${describeLoad()}`);

  const rows = [];
  for (const backend of backendsToRun()) {
    const figures = await measureInChild<DisbursementFigures>(self, backend, [
      backend,
      String(paymentCount),
      String(batchSize),
    ]);
    const totalSeconds = figures.instructSeconds + figures.sendSeconds;
    rows.push({
      backend,
      payments: figures.payments,
      "instruct (payments/s)": Math.round(figures.payments / figures.instructSeconds),
      "send and settle (payments/s)": Math.round(figures.payments / figures.sendSeconds),
      "end to end (payments/s)": Math.round(figures.payments / totalSeconds),
      "ledger entries/s": Math.round(figures.entries / totalSeconds),
      "total (s)": oneDecimal(totalSeconds),
    });
  }
  console.log(`After: ${describeLoad()}`);
  printTable(rows);
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === "--worker") {
  const [location, backend, paymentCount, batchSize] = process.argv.slice(3);
  const database = await openPreparedDatabase(location);
  reportToParent(
    await measureDisbursement(
      backend as Backend,
      database,
      Number(paymentCount),
      Number(batchSize),
    ),
  );
} else {
  await main();
}
