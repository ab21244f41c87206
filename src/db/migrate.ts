import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import type { Database } from "./database.js";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Arbitrary constant that names the migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 7_243_118;

/**
 * Applies the SQL files of `migrations/` that the database has not seen, in name order, each
 * in its own transaction. Returns the names applied.
 *
 * The same files run on the embedded database and on a server. On a server an advisory lock
 * keeps two starting instances from migrating at once.
 */
export async function migrate(database: Database): Promise<string[]> {
  await database.runScript(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    );
  `);

  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith(".sql")).sort();
  const applied: string[] = [];

  for (const name of files) {
    const script = await readFile(path.join(MIGRATIONS_DIR, name), "utf8");
    const done = await database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const seen = await sql`select 1 from schema_migrations where name = ${name}`.execute(trx);
      if (seen.rows.length > 0) return true;

      for (const statement of splitStatements(script)) {
        await sql.raw(statement).execute(trx);
      }
      await sql`insert into schema_migrations (name) values (${name})`.execute(trx);
      return false;
    });
    if (!done) applied.push(name);
  }
  return applied;
}

/**
 * Splits a migration script into statements at semicolons that end a line.
 *
 * Kysely sends one statement per query, so a script is split here. Migrations therefore keep
 * to plain DDL: no function bodies or string literals with a semicolon at the end of a line.
 */
export function splitStatements(script: string): string[] {
  const withoutComments = script
    .split("\n")
    .map((line) => line.replace(/--.*$/, ""))
    .join("\n");
  return withoutComments
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
