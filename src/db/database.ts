import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import path from "node:path";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import { parseDate, parseInt8, parseNumeric, TYPE_OIDS } from "./parsers.js";
import { createPgliteKyselyPool } from "./pglite-pool.js";
import type { DB } from "./types.js";
import { log } from "../log.js";

/** An open database: the query builder plus what the migrator and shutdown need. */
export interface Database {
  /** Query builder over every table. */
  db: Kysely<DB>;
  /** "embedded" for PGlite in a data folder or in memory, "server" for PostgreSQL. */
  kind: "embedded" | "server";
  /** Runs a script of several SQL statements without parameters (migrations). */
  runScript(script: string): Promise<void>;
  /** Closes connections and releases the data folder. */
  close(): Promise<void>;
}

/** Location of the database: a PostgreSQL server URL or an embedded data folder. */
export interface DatabaseLocation {
  /** PostgreSQL connection string; when set, the server is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; "memory://" keeps it in memory (tests). */
  dataDir?: string | undefined;
}

const parsers = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: parseNumeric,
  [TYPE_OIDS.date]: parseDate,
};

/** Opens the PostgreSQL server or the embedded database named by `location`. */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if (location.databaseUrl) return openServer(location.databaseUrl);
  return openEmbedded(location.dataDir ?? "./data");
}

async function openServer(databaseUrl: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    // PostgreSQL's JIT compiler fires on the search query's high cost estimates. It spent about
    // 270 ms compiling a query that runs in about 1 ms (PostgreSQL 15, 10,000 projects), and the
    // short queries of this application gain nothing from it.
    options: "-c jit=off",
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        const parser = (parsers as Record<number, (text: string) => unknown>)[oid];
        return (
          parser ?? (pg.types.getTypeParser(oid, format as "text") as (text: string) => unknown)
        );
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection that the server closes (a restart, an administrator, a dropped
  // database) emits "error" on the pool. Without a listener that error would end the process.
  pool.on("error", (error) => {
    log.warn({ err: error }, "database connection closed by the server");
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);

  return {
    db,
    kind: "server",
    async runScript(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  const lock: DataDirLock | undefined = inMemory ? undefined : lockDataDir(dataDir);

  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? dataDir : path.join(dataDir, "pgdata"), { parsers });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: createPgliteKyselyPool(pglite) }),
  });

  return {
    db,
    kind: "embedded",
    async runScript(script) {
      await pglite.exec(script);
    },
    async close() {
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
  };
}
