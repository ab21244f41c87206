import { serve } from "@hono/node-server";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { DataDirLockedError } from "./db/data-dir-lock.js";
import { migrate } from "./db/migrate.js";
import { loadDemoIfEmpty } from "./demo/load.js";
import { createFileStore } from "./files/store.js";
import { createApp } from "./http/app.js";
import { log } from "./log.js";

/** Starts the server: configuration, database, migrations, then HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const applied = await migrate(database);
  if (applied.length > 0) log.info({ migrations: applied }, "database migrated");

  const fileStore = createFileStore(config.dataDir);
  const demo = await loadDemoIfEmpty(database, config, fileStore);
  if (demo.loaded) console.log(`Loaded the demo jurisdiction: ${demo.projects} generated projects`);

  const app = createApp({ config, database, fileStore });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.databaseUrl
      ? "PostgreSQL server"
      : `embedded database in ${config.dataDir}`;
    console.log(`Clean Construction is running at http://localhost:${info.port}/ (${where})`);
  });

  const stop = (signal: string) => {
    log.info({ signal }, "stopping");
    server.close();
    void database.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    log.fatal({ err: error }, "start failed");
  }
  process.exit(1);
});
