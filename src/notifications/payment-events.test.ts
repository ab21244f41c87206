import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimTables, paymentsOf, workerPayeeId, type ClaimsDb } from "../claims/tables.js";
import { registerWorker } from "../claims/workers.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { approveShare } from "../payments/shares.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";
import {
  notifyClaimApproved,
  notifyClaimSubmitted,
  notifyDeposit,
  notifySettledPayments,
  notifyShareHold,
} from "./payment-events.js";
import { notificationTables } from "./tables.js";

const now = new Date("2026-03-02T09:00:00Z");
let database: TestDatabase;
let db: ClaimsDb;
let projectId: string;
let claimId: number;
let official: { email: string };
let prime: { id: number; email: string };

beforeAll(async () => {
  database = await openTestDatabase();
  db = claimTables(database.db);
  const agency = await createOrganisation(database.db);
  projectId = await createRegisteredProject(database.db, agency.id);
  official = await createTestUser(database.db, {
    memberships: [{ projectId, role: "agency_official" }],
  });
  prime = await createTestUser(database.db, {
    memberships: [{ projectId, role: "prime_contractor" }],
  });
  const claim = await db
    .insertInto("payment_claims")
    .values({
      project_id: projectId,
      period_start: "2026-02-01",
      period_end: "2026-02-28",
      currency: "KRW",
      gross_amount: 150_000,
      retention_amount: 0,
      advance_recovery: 0,
      net_amount: 150_000,
      status: "approved",
      claimed_by: prime.id,
      claimed_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  claimId = claim.id;
  const worker = await registerWorker(
    db,
    new SimulatedBank(),
    projectId,
    {
      reference: "W-1",
      name: "Kim Minjun",
      identityNumber: "900101-1234567",
      phone: "010-1111-2222",
      dailyRate: 150_000,
      bankAccount: { holderName: "Kim", scheme: "other", identifier: "10020001", agentId: "0020" },
    },
    { userId: prime.id, now },
  );
  await approveShare(paymentsOf(db), {
    shareId: `claim-${claimId}-line-1`,
    projectId,
    payeeId: workerPayeeId(worker.id),
    currency: "KRW",
    approvedAmount: 150_000,
  });
  await db
    .insertInto("payment_claim_lines")
    .values({
      claim_id: claimId,
      line_no: 1,
      payee_kind: "worker",
      contract_id: null,
      worker_id: worker.id,
      days_worked: 1,
      amount: 150_000,
      share_id: `claim-${claimId}-line-1`,
    })
    .execute();
});

afterAll(async () => {
  await database.destroy();
});

async function outbox(prefix: string) {
  return notificationTables(database.db)
    .selectFrom("notification_outbox")
    .selectAll()
    .where("idempotency_key", "like", `${prefix}%`)
    .execute();
}

describe("payment step notifications", () => {
  it("e-mails the agency officials of a claim once", async () => {
    await notifyClaimSubmitted(db, claimId, now);
    await notifyClaimSubmitted(db, claimId, now);
    const rows = await outbox("claim-submitted:");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.channel).toBe("email");
    expect(rows[0]!.recipient).toBe(official.email);
    expect(rows[0]!.parameters.periodEnd).toBe("2026-02-28");
  });

  it("texts the worker and e-mails the prime on approval", async () => {
    await notifyClaimApproved(db, claimId, now);
    const emails = await outbox("claim-approved:");
    expect(emails.map((row) => row.recipient)).toEqual([prime.email]);
    const texts = await outbox("share-approved:");
    expect(texts).toHaveLength(1);
    expect(texts[0]!.channel).toBe("sms");
    expect(texts[0]!.recipient).toBe("010-1111-2222");
    expect(JSON.stringify(texts[0]!.parameters)).not.toContain("Kim");
  });

  it("e-mails the prime once per deposit reference", async () => {
    const deposit = { projectId, reference: "D-1", amount: 150_000, currency: "KRW" };
    await notifyDeposit(db, deposit, now);
    await notifyDeposit(db, deposit, now);
    const rows = await outbox(`deposit:${projectId}:D-1`);
    expect(rows).toHaveLength(1);
  });

  it("texts a held share's reason", async () => {
    const added = await notifyShareHold(
      db,
      {
        shareId: `claim-${claimId}-line-1`,
        eventId: "insurance:1",
        held: true,
        reason: "no insurance",
      },
      now,
    );
    expect(added).toBe(true);
    const rows = await outbox("share-held:");
    expect(rows[0]!.parameters.reason).toBe("no insurance");
  });

  it("texts each settled payment once", async () => {
    const worker = await db
      .selectFrom("payment_workers")
      .select("bank_account_id")
      .where("reference", "=", "W-1")
      .executeTakeFirstOrThrow();
    // A settled payment row as the payment core leaves it; the notice only reads it.
    await db
      .insertInto("payments")
      .values({
        idempotency_key: `C${claimId}L1A1`,
        share_id: `claim-${claimId}-line-1`,
        bank_account_id: worker.bank_account_id!,
        amount: 150_000,
        currency: "KRW",
        status: "settled",
      })
      .execute();

    expect(await notifySettledPayments(db, now)).toBe(1);
    expect(await notifySettledPayments(db, now)).toBe(0);
    const rows = await outbox("settled:");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.idempotency_key).toBe(`settled:C${claimId}L1A1`);
    expect(rows[0]!.recipient).toBe("010-1111-2222");
  });
});
