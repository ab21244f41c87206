import { serve } from "@hono/node-server";
import { createFirstAdministrator } from "./accounts/first-admin.js";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { DataDirError, DataDirLockedError } from "./db/data-dir-lock.js";
import { migrate } from "./db/migrate.js";
import { loadDemoIfEmpty } from "./demo/load.js";
import { createFileStore } from "./files/store.js";
import { createApp } from "./http/app.js";
import { log } from "./log.js";
import { createConfiguredBank } from "./payments/banks/configured.js";
import { systemClock } from "./accounts/clock.js";
import {
  createConfiguredAdapters,
  digestSettings,
  startNotifications,
} from "./notifications/runner.js";

/** Starts the server: configuration, database, migrations, then HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const applied = await migrate(database);
  if (applied.length > 0) log.info({ migrations: applied }, "database migrated");

  const admin = await createFirstAdministrator(database.db, config.workspace.firstAdmin);
  if (admin) log.info({ userId: admin.id }, "first administrator created from CCS_ADMIN_EMAIL");

  const fileStore = createFileStore(config.dataDir);
  const demo = await loadDemoIfEmpty(database, config, fileStore);
  if (demo.loaded) console.log(`Loaded the demo jurisdiction: ${demo.projects} generated projects`);

  const bank = createConfiguredBank(config.bank);
  const notifications = createConfiguredAdapters(config.notifications, systemClock);
  const stopNotifications = startNotifications(
    database.db,
    notifications,
    systemClock,
    config.notifications.dispatchIntervalSeconds,
    digestSettings(config),
  );
  const app = createApp({ config, database, fileStore, bank });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.databaseUrl
      ? "PostgreSQL server"
      : `embedded database in ${config.dataDir}`;
    // A wildcard address listens on every interface, and localhost reaches it from this machine.
    const wildcard = config.host === "0.0.0.0" || config.host === "::";
    const host = wildcard
      ? "localhost"
      : config.host.includes(":")
        ? `[${config.host}]`
        : config.host;
    console.log(`Clean Construction is running at http://${host}:${info.port}/ (${where})`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });

  const stop = (signal: string) => {
    log.info({ signal }, "stopping");
    stopNotifications();
    server.close();
    void database.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`Clean Construction could not start: ${describeStartError(error)}`);
  log.debug({ err: error }, "start failed");
  process.exit(1);
});

/** Describes what stopped the start in one line that names what to change. */
function describeStartError(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  if (error instanceof DataDirError) return error.message;

  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE") return `the port is in use (${message}); set PORT to a free port.`;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "28P01" || code === "3D000") {
    return `cannot connect to the database at DATABASE_URL (${message}).`;
  }
  return `${message} (set LOG_LEVEL=debug for details).`;
}
