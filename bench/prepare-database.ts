/**
 * Creates the tables of a new benchmark database: `npx tsx bench/prepare-database.ts
 * LOCATION`, where LOCATION is the JSON of a DatabaseLocation. The benchmarks run it as a
 * child process before the measuring process opens the same database.
 */
import { openDatabase, type DatabaseLocation } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { reportToParent } from "./support.js";

const location = JSON.parse(process.argv[2] ?? "{}") as DatabaseLocation;
if (!location.dataDir && !location.databaseUrl) {
  console.error('usage: npx tsx bench/prepare-database.ts \'{"dataDir":"/tmp/folder"}\'');
  process.exit(2);
}

const database = await openDatabase(location);
try {
  reportToParent({ applied: await migrate(database) });
} finally {
  await database.close();
}
