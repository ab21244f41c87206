import { parseArgs } from "node:util";
import { systemClock } from "../accounts/clock.js";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import {
  createConfiguredAdapters,
  digestSettings,
  runNotificationCycle,
} from "../notifications/runner.js";
import type { CliCommand } from "./command.js";

const HELP = `Usage: ccs notifications send

Enqueues the notices of settled payments, then sends every due message of the outbox once:
e-mail through the SMTP relay of SMTP_HOST, SMS through the file adapter (SMS_FILE). Failed
messages are retried by later runs with growing delays.`;

/** `ccs notifications send`: one dispatch run, for cron or for a server without its interval. */
export const notificationsCommand: CliCommand = {
  summary: "send the notification outbox's due messages",
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== "send") {
      console.error(`Expected the sub-command "send".\n\n${HELP}`);
      return 2;
    }

    const config = loadConfig();
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    try {
      await migrate(database);
      const adapters = createConfiguredAdapters(config.notifications, systemClock);
      const outcome = await runNotificationCycle(
        database.db,
        adapters,
        systemClock,
        digestSettings(config),
      );
      console.log(
        `Enqueued ${outcome.enqueued} payment and waiting notices; sent ${outcome.sent}, ` +
          `${outcome.retrying} to retry, ${outcome.failed} failed for good.`,
      );
      if (!adapters.email) console.log("E-mail waits in the outbox: SMTP_HOST is not set.");
      return outcome.retrying + outcome.failed > 0 ? 1 : 0;
    } finally {
      await database.close();
    }
  },
};
