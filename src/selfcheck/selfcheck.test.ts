import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../config.js";
import { claimTables, paymentsOf, workerPayeeId } from "../claims/tables.js";
import { registerWorker } from "../claims/workers.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { log } from "../log.js";
import { notificationTables } from "../notifications/tables.js";
import type { SmsAdapter, SmsMessage } from "../notifications/sms.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { approveShare } from "../payments/shares.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

class RecordingSms implements SmsAdapter {
  sent: SmsMessage[] = [];
  send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}

const KIM = { name: "Kim Minjun", phone: "010-1111-2222" };
const LEE = { name: "Lee Seoyeon", phone: "010-3333-4444" };

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
let now = new Date("2026-03-02T09:00:00Z");
const sms = new RecordingSms();

async function addWorkerWithShare(
  projectId: string,
  userId: number,
  person: { name: string; phone: string },
  reference: string,
  claimId: number,
  amount: number,
) {
  const db = claimTables(database.db);
  const worker = await registerWorker(
    db,
    new SimulatedBank(),
    projectId,
    {
      reference,
      name: person.name,
      identityNumber: `900101-${reference}`,
      phone: person.phone,
      dailyRate: amount,
      bankAccount: {
        holderName: person.name,
        scheme: "other",
        identifier: `1002${reference.replace("W-", "")}0001`,
        agentId: "0020",
      },
    },
    { userId, now },
  );
  const shareId = `claim-${claimId}-line-${reference}`;
  await approveShare(paymentsOf(db), {
    shareId,
    projectId,
    payeeId: workerPayeeId(worker.id),
    currency: "KRW",
    approvedAmount: amount,
  });
  await db
    .insertInto("payment_claim_lines")
    .values({
      claim_id: claimId,
      line_no: worker.id,
      payee_kind: "worker",
      contract_id: null,
      worker_id: worker.id,
      days_worked: 1,
      amount,
      share_id: shareId,
    })
    .execute();
}

beforeAll(async () => {
  database = await openTestDatabase();
  const agency = await createOrganisation(database.db);
  const projectId = await createRegisteredProject(database.db, agency.id);
  const user = await createTestUser(database.db);
  const claim = await claimTables(database.db)
    .insertInto("payment_claims")
    .values({
      project_id: projectId,
      period_start: "2026-02-01",
      period_end: "2026-02-28",
      currency: "KRW",
      gross_amount: 1_000_000,
      retention_amount: 0,
      advance_recovery: 0,
      net_amount: 1_000_000,
      status: "approved",
      claimed_by: user.id,
      claimed_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await addWorkerWithShare(projectId, user.id, KIM, "W-1", claim.id, 187_000);
  await addWorkerWithShare(projectId, user.id, LEE, "W-2", claim.id, 213_000);

  const config = loadConfig({ LOAD_DEMO: "false" });
  config.notifications.selfcheckRequestsPerAddress = 1000;
  app = createApp({
    config,
    database,
    fileStore: createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-"))),
    clock: () => now,
    sms,
  });
});

afterAll(async () => {
  await database.destroy();
});

function post(url: string, body: unknown, cookie?: string) {
  return app.request(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
}

/** Requests a code for `person` and returns the code the SMS carried. */
async function requestCodeFor(person: { name: string; phone: string }): Promise<string> {
  const before = sms.sent.length;
  const response = await post("/api/v1/payments/check/code-requests", person);
  expect(response.status).toBe(202);
  expect(sms.sent).toHaveLength(before + 1);
  return /(\d{6})/.exec(sms.sent.at(-1)!.body)![1]!;
}

describe("payee self-check", () => {
  it("treats an unknown person alike, sending nothing", async () => {
    const before = sms.sent.length;
    const response = await post("/api/v1/payments/check/code-requests", {
      name: "Park Nobody",
      phone: "010-5555-6666",
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "accepted" });
    expect(sms.sent).toHaveLength(before);
  });

  it("rejects a short phone, naming the field", async () => {
    const response = await post("/api/v1/payments/check/code-requests", {
      name: "Kim",
      phone: "12",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { problems: { path: string }[] } };
    expect(body.error.problems.map((problem) => problem.path)).toEqual(["phone"]);
  });

  it("shows a worker their own shares and no one else's", async () => {
    const code = await requestCodeFor({ name: "  kim minjun ", phone: "01011112222" });
    expect(sms.sent.at(-1)!.to).toBe(KIM.phone);

    const session = await post("/api/v1/payments/check/sessions", { ...KIM, code });
    expect(session.status).toBe(201);
    const cookie = session.headers.get("set-cookie")!.split(";")[0]!;
    expect(session.headers.get("set-cookie")).toContain("HttpOnly");

    const shares = await app.request("/api/v1/payments/check/shares", {
      headers: { Cookie: cookie },
    });
    expect(shares.status).toBe(200);
    const body = (await shares.json()) as { shares: { approved: number; status: string }[] };
    expect(body.shares).toHaveLength(1);
    expect(body.shares[0]!.approved).toBe(187_000);
    expect(body.shares[0]!.status).toBe("approved");

    const page = await app.request("/payments/check/mine", { headers: { Cookie: cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("187,000");
    expect(html).not.toContain("213,000");
    expect(html).not.toContain(LEE.name);
  });

  it("rejects the shares without a session", async () => {
    const response = await app.request("/api/v1/payments/check/shares");
    expect(response.status).toBe(401);
    const page = await app.request("/payments/check/mine");
    expect(page.status).toBe(303);
  });

  it("locks a code after five wrong entries", async () => {
    now = new Date(now.getTime() + 2 * 60 * 60_000);
    const code = await requestCodeFor(LEE);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await post("/api/v1/payments/check/sessions", { ...LEE, code: wrong });
      expect(response.status).toBe(400);
    }
    const locked = await post("/api/v1/payments/check/sessions", { ...LEE, code });
    expect(locked.status).toBe(400);
    const body = (await locked.json()) as { error: { code: string } };
    expect(body.error.code).toBe("code_rejected");
  });

  it("rejects an expired code", async () => {
    now = new Date(now.getTime() + 2 * 60 * 60_000);
    const code = await requestCodeFor(LEE);
    now = new Date(now.getTime() + 11 * 60_000);
    const response = await post("/api/v1/payments/check/sessions", { ...LEE, code });
    expect(response.status).toBe(400);
  });

  it("limits code requests per phone number", async () => {
    now = new Date(now.getTime() + 2 * 60 * 60_000);
    for (let request = 0; request < 3; request += 1) {
      await requestCodeFor(KIM);
    }
    const limited = await post("/api/v1/payments/check/code-requests", KIM);
    expect(limited.status).toBe(429);
  });

  it("keeps names, phones and codes out of logs and storage", async () => {
    now = new Date(now.getTime() + 2 * 60 * 60_000);
    const calls: unknown[] = [];
    const spies = (["info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(log, level).mockImplementation((...args: unknown[]) => {
        calls.push(args);
      }),
    );
    try {
      const code = await requestCodeFor(KIM);
      await post("/api/v1/payments/check/sessions", { ...KIM, code: "999999" });
      const logged = JSON.stringify(calls);
      expect(logged).not.toContain(KIM.name);
      expect(logged).not.toContain("1111");
      expect(logged).not.toContain(code);

      const stored = JSON.stringify(
        await notificationTables(database.db).selectFrom("selfcheck_codes").selectAll().execute(),
      );
      expect(stored).not.toContain("1111-2222");
      expect(stored).not.toContain("Kim");
      expect(stored).not.toContain(`"${code}"`);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
