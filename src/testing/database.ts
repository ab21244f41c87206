import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";

/** A migrated database of a test's own, and the way to throw it away. */
export interface TestDatabase extends Database {
  /** Closes the database and drops it from the server when one is used. */
  destroy(): Promise<void>;
}

/**
 * Opens an empty, migrated database for one test file.
 *
 * With DATABASE_URL set (as in CI's second run) a new database is created on that server and
 * dropped afterwards, so test files running in parallel never see each other's rows.
 * Otherwise the embedded database runs in memory.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: "memory://" });
    await migrate(database);
    return { ...database, destroy: () => database.close() };
  }

  const name = `ccs_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await migrate(database);

  return {
    ...database,
    async destroy() {
      await database.close();
      await withAdminClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

async function withAdminClient(
  serverUrl: string,
  work: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
