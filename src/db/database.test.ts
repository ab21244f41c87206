import { sql } from "kysely";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { DataDirError, DataDirLockedError, ensureDirectory, lockDataDir } from "./data-dir-lock.js";
import { migrate, splitStatements } from "./migrate.js";

describe("database", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("applies each migration once", async () => {
    expect(await migrate(database)).toEqual([]);
    const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(
      database.db,
    );
    expect(rows.rows.map((row) => row.name)).toContain("0001_initial.sql");
  });

  it("returns bigint as number, date as text, arrays and jsonb as values", async () => {
    await database.db
      .insertInto("projects")
      .values({
        id: "p-1",
        publisher: "test",
        title: "Bridge",
        sector: ["transport", "transport.road"],
        budget_amount: 9_007_199_254_740_991,
        identifiers: JSON.stringify([{ id: "x", scheme: "y" }]),
      })
      .execute();
    await database.db
      .insertInto("progress_observations")
      .values({
        project_id: "p-1",
        kind: "physical",
        basis: "actual",
        observed_on: "2024-03-31",
        percent: 42.5,
      })
      .execute();

    const project = await database.db
      .selectFrom("projects")
      .selectAll()
      .where("id", "=", "p-1")
      .executeTakeFirstOrThrow();
    expect(project.budget_amount).toBe(9_007_199_254_740_991);
    expect(project.sector).toEqual(["transport", "transport.road"]);
    expect(project.identifiers).toEqual([{ id: "x", scheme: "y" }]);

    const progress = await database.db
      .selectFrom("progress_observations")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(progress.observed_on).toBe("2024-03-31");
    expect(progress.percent).toBe(42.5);
  });

  it.skipIf(!process.env.DATABASE_URL)("turns PostgreSQL's JIT compiler off", async () => {
    const result = await sql<{ jit: string }>`show jit`.execute(database.db);
    expect(result.rows[0]?.jit).toBe("off");
  });

  it("rolls back a failed transaction whole", async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("projects")
          .values({ id: "p-2", publisher: "t", title: "A" })
          .execute();
        await trx
          .insertInto("projects")
          .values({ id: "p-2", publisher: "t", title: "B" })
          .execute();
      }),
    ).rejects.toThrow();
    const found = await database.db
      .selectFrom("projects")
      .where("id", "=", "p-2")
      .selectAll()
      .execute();
    expect(found).toEqual([]);
  });
});

describe("splitStatements", () => {
  it("splits at line-ending semicolons and drops comments", () => {
    expect(
      splitStatements("-- note\nCREATE TABLE a (x int); -- end\n\nCREATE INDEX i ON a (x);\n"),
    ).toEqual(["CREATE TABLE a (x int)", "CREATE INDEX i ON a (x)"]);
  });
});

describe("lockDataDir", () => {
  it("rejects a second holder while the first lives, and allows it after release", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ccs-lock-"));
    try {
      const first = lockDataDir(dir);
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      first.release();
      lockDataDir(dir).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ensureDirectory", () => {
  it("creates missing parents and rejects a file", () => {
    const root = mkdtempSync(path.join(tmpdir(), "ccs-dir-"));
    try {
      ensureDirectory(path.join(root, "a", "b"));
      expect(existsSync(path.join(root, "a", "b"))).toBe(true);

      writeFileSync(path.join(root, "file"), "x");
      expect(() => ensureDirectory(path.join(root, "file"))).toThrow(DataDirError);
      expect(() => ensureDirectory(path.join(root, "file", "below"))).toThrow(/Cannot create/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
