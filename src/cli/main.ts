import type { CliCommand } from "./command.js";

/** Every `ccs` command, by name. Each module parses its own arguments. */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  attendance: async () => (await import("./attendance-command.js")).attendanceCommand,
  export: async () => (await import("./export-command.js")).exportCommand,
  import: async () => (await import("./import-command.js")).importCommand,
  notifications: async () => (await import("./notifications-command.js")).notificationsCommand,
  user: async () => (await import("./user-command.js")).userCommand,
};

function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  return [
    "Usage: ccs COMMAND [OPTIONS]",
    "",
    "Commands:",
    ...names.map((name) => `  ${name}`),
    "",
    "Run `ccs COMMAND --help` for a command's options.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  // Commands print their own summary; the structured log keeps to warnings unless asked.
  process.env.LOG_LEVEL ??= "warn";

  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }

  const load = COMMANDS[name];
  if (!load) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    // Expected failures (bad settings, a locked data folder, an unreadable schema) carry a
    // message written for the user. Anything else shows its message, and the stack on request.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`ccs: ${message}`);
    if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace")
      console.error(error);
    process.exitCode = 1;
  });
