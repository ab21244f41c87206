import type { PGlite } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

type Command = PostgresQueryResult<unknown>["command"];

function commandOf(sql: string): Command {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  switch (word) {
    case "INSERT":
    case "UPDATE":
    case "DELETE":
    case "MERGE":
    case "COMMIT":
    case "ROLLBACK":
      return word;
    default:
      return "SELECT";
  }
}

/**
 * Presents one PGlite instance as the connection pool Kysely's PostgreSQL dialect expects.
 *
 * PGlite is a single connection, so the pool hands it to one caller at a time: a transaction
 * holds it from BEGIN to COMMIT and other callers wait, which keeps their statements out of it.
 */
export function createPgliteKyselyPool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const previous = queue;
      queue = previous.then(() => released);
      await previous;

      const client = {
        async query<R>(sql: string, parameters: readonly unknown[]) {
          const result = await pglite.query<R>(sql, [...parameters]);
          return {
            command: commandOf(sql),
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release: () => release(),
      };
      return client as PostgresPoolClient;
    },
    async end() {
      await queue;
    },
  };
}
