import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  depositToProject,
  holdRetention,
  projectBalances,
  releaseRetention,
  segregatedAccount,
} from "./accounts.js";
import { AppError } from "../http/errors.js";
import { accountBalance, ensureAccount, postEntry } from "./ledger.js";
import { checkLedgerInvariants } from "./invariants.js";
import { paymentTables, type PaymentsDb } from "./tables.js";

let database: TestDatabase;
let db: PaymentsDb;

beforeAll(async () => {
  database = await openTestDatabase();
  db = paymentTables(database.db);
});
afterAll(async () => {
  await database.destroy();
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("postEntry", () => {
  it("posts a balanced entry once per idempotency key", async () => {
    const a = await ensureAccount(db, {
      code: "agency:a1:KRW",
      kind: "agency_funding",
      currency: "KRW",
    });
    const b = await segregatedAccount(db, "p-ledger-1", "KRW");
    const entry = {
      idempotencyKey: "k-1",
      kind: "deposit",
      postings: [
        { accountId: b.id, amount: 500 },
        { accountId: a.id, amount: -500 },
      ],
    };

    const first = await postEntry(db, entry);
    const second = await postEntry(db, entry);

    expect(first.created).toBe(true);
    expect(second).toEqual({ entryId: first.entryId, created: false });
    expect(await accountBalance(db, b.id)).toBe(500);
    expect(await accountBalance(db, a.id)).toBe(-500);
  });

  it("rejects an unbalanced entry naming the currency", async () => {
    const a = await ensureAccount(db, {
      code: "agency:a2:KRW",
      kind: "agency_funding",
      currency: "KRW",
    });
    const b = await segregatedAccount(db, "p-ledger-2", "KRW");

    const error = await errorOf(
      postEntry(db, {
        idempotencyKey: "k-2",
        kind: "deposit",
        postings: [
          { accountId: b.id, amount: 500 },
          { accountId: a.id, amount: -499 },
        ],
      }),
    );

    expect(error.code).toBe("invalid_input");
    expect(error.problems[0]).toEqual({
      path: "postings",
      message: "the postings in KRW sum to 1, not zero",
    });
    expect(await accountBalance(db, b.id)).toBe(0);
  });

  it("rejects postings balanced only across currencies", async () => {
    const krw = await ensureAccount(db, {
      code: "agency:a3:KRW",
      kind: "agency_funding",
      currency: "KRW",
    });
    const usd = await segregatedAccount(db, "p-ledger-3", "USD");

    const error = await errorOf(
      postEntry(db, {
        idempotencyKey: "k-3",
        kind: "deposit",
        postings: [
          { accountId: usd.id, amount: 100 },
          { accountId: krw.id, amount: -100 },
        ],
      }),
    );

    expect(error.problems.map((problem) => problem.message)).toEqual([
      "the postings in USD sum to 100, not zero",
      "the postings in KRW sum to -100, not zero",
    ]);
  });

  it("rejects fractional, zero and missing amounts by field", async () => {
    const error = await errorOf(
      postEntry(db, {
        idempotencyKey: "k-4",
        kind: "x",
        postings: [
          { accountId: 1, amount: 1.5 },
          { accountId: 2, amount: 0 },
        ],
      }),
    );

    expect(error.problems.map((problem) => problem.path)).toEqual([
      "postings/0/amount",
      "postings/1/amount",
    ]);
  });

  it("rejects reusing a key for other postings", async () => {
    const a = await ensureAccount(db, {
      code: "agency:a5:KRW",
      kind: "agency_funding",
      currency: "KRW",
    });
    const b = await segregatedAccount(db, "p-ledger-5", "KRW");
    const postings = (amount: number) => [
      { accountId: b.id, amount },
      { accountId: a.id, amount: -amount },
    ];
    await postEntry(db, { idempotencyKey: "k-5", kind: "deposit", postings: postings(10) });

    const error = await errorOf(
      postEntry(db, { idempotencyKey: "k-5", kind: "deposit", postings: postings(11) }),
    );

    expect(error.code).toBe("idempotency_conflict");
    expect(await accountBalance(db, b.id)).toBe(10);
  });

  it("rejects an entry that overdraws a segregated account and stores nothing", async () => {
    await depositToProject(db, {
      agencyId: "a6",
      projectId: "p-ledger-6",
      currency: "KRW",
      amount: 100,
      idempotencyKey: "d-6",
    });

    const error = await errorOf(
      holdRetention(db, {
        projectId: "p-ledger-6",
        currency: "KRW",
        amount: 101,
        idempotencyKey: "r-6",
      }),
    );

    expect(error.code).toBe("insufficient_funds");
    expect(await projectBalances(db, "p-ledger-6", "KRW")).toEqual({
      segregated: 100,
      retention: 0,
      inClearing: 0,
    });
    const entry = await db
      .selectFrom("journal_entries")
      .select("id")
      .where("idempotency_key", "=", "r-6")
      .executeTakeFirst();
    expect(entry).toBeUndefined();
  });

  it("moves retention out of and back into the segregated account", async () => {
    await depositToProject(db, {
      agencyId: "a7",
      projectId: "p-ledger-7",
      currency: "KRW",
      amount: 1000,
      idempotencyKey: "d-7",
    });
    await holdRetention(db, {
      projectId: "p-ledger-7",
      currency: "KRW",
      amount: 300,
      idempotencyKey: "r-7",
    });
    await releaseRetention(db, {
      projectId: "p-ledger-7",
      currency: "KRW",
      amount: 100,
      idempotencyKey: "rr-7",
    });

    expect(await projectBalances(db, "p-ledger-7", "KRW")).toEqual({
      segregated: 800,
      retention: 200,
      inClearing: 0,
    });
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });

  it("rejects an account code reused with another kind", async () => {
    await segregatedAccount(db, "p-ledger-8", "KRW");

    const error = await errorOf(
      ensureAccount(db, {
        code: "segregated:p-ledger-8:KRW",
        kind: "retention_held",
        currency: "KRW",
      }),
    );

    expect(error.code).toBe("conflict");
  });
});

describe.runIf(process.env.DATABASE_URL)("postEntry on a server", () => {
  it("lets concurrent transfers take no more than the balance", async () => {
    await depositToProject(db, {
      agencyId: "a9",
      projectId: "p-ledger-9",
      currency: "KRW",
      amount: 1000,
      idempotencyKey: "d-9",
    });

    const attempts = Array.from({ length: 20 }, (_, index) =>
      holdRetention(db, {
        projectId: "p-ledger-9",
        currency: "KRW",
        amount: 100,
        idempotencyKey: `r-9-${index}`,
      }).then(
        () => "ok",
        (error: AppError) => error.code,
      ),
    );
    const results = await Promise.all(attempts);

    expect(results.filter((result) => result === "ok")).toHaveLength(10);
    expect(results.filter((result) => result === "insufficient_funds")).toHaveLength(10);
    expect(await projectBalances(db, "p-ledger-9", "KRW")).toEqual({
      segregated: 0,
      retention: 1000,
      inClearing: 0,
    });
  });
});
