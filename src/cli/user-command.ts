import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { createUser, JURISDICTION_ROLES, listUsers } from "../accounts/users.js";
import { loadConfig } from "../config.js";
import { openDatabase, type Database } from "../db/database.js";
import type { JurisdictionRole } from "../db/types-accounts.js";
import { migrate } from "../db/migrate.js";
import { AppError } from "../http/errors.js";
import type { CliCommand } from "./command.js";

const HELP = `Usage: ccs user create --email ADDRESS --name NAME [OPTIONS]
       ccs user list

create   creates a workspace account. The password is read from a prompt, or from the first
         line of standard input with --password-stdin; it is never taken from the command line,
         where other users of the machine could see it.
list     prints every account: id, e-mail address, name and jurisdiction roles.

Options of create:
  --email ADDRESS        sign-in e-mail address
  --name NAME            name shown to other users
  --admin                give the administrator role
  --role ROLE            give a jurisdiction role; repeat for several
                         (${JURISDICTION_ROLES.join(", ")})
  --organisation ID      id of the organisation the user belongs to
  --password-stdin       read the password from standard input
  -h, --help             show this help

Settings come from the environment: DATA_DIR (embedded database folder) and DATABASE_URL
(PostgreSQL server). Exit status: 0 on success, 1 when it failed, 2 for a usage error.`;

/** Reads one line from `input`; on a terminal, prompts and reads it without echoing it. */
export async function readPassword(
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown },
  prompt: string,
): Promise<string> {
  if (input.isTTY === true && input.setRawMode) return readHidden(input, input.setRawMode, prompt);

  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) return line;
    return "";
  } finally {
    lines.close();
  }
}

function readHidden(
  input: Readable,
  setRawMode: (raw: boolean) => unknown,
  prompt: string,
): Promise<string> {
  process.stderr.write(prompt);
  setRawMode.call(input, true);
  input.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      input.off("data", onData);
      setRawMode.call(input, false);
      input.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n") return finish();
        if (character === "\u0003") return finish(new Error("cancelled"));
        if (character === "\u007f" || character === "\b") typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    input.on("data", onData);
    input.resume();
  });
}

/** Runs `work` on the migrated database of the configuration, then closes it. */
async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Options of `ccs user create` after parsing, as the service takes them. */
export interface CreateOptions {
  email: string;
  name: string;
  roles: JurisdictionRole[];
  organisationId: string | undefined;
  passwordStdin: boolean;
}

/** Parses the options of `ccs user create`; returns a usage message instead when they are bad. */
export function parseCreateOptions(argv: string[]): CreateOptions | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        admin: { type: "boolean", default: false },
        role: { type: "string", multiple: true, default: [] },
        organisation: { type: "string" },
        "password-stdin": { type: "boolean", default: false },
        password: { type: "string" },
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  const { values } = parsed;
  if (values.password !== undefined) {
    return "--password is not accepted, because command lines are visible to other users; use the prompt or --password-stdin.";
  }
  if (!values.email) return "Missing --email.";
  if (!values.name) return "Missing --name.";
  const roles = [...values.role, ...(values.admin ? ["administrator"] : [])];
  const unknown = roles.find((role) => !(JURISDICTION_ROLES as readonly string[]).includes(role));
  if (unknown) return `Unknown role "${unknown}"; choose from: ${JURISDICTION_ROLES.join(", ")}.`;
  return {
    email: values.email,
    name: values.name,
    roles: [...new Set(roles)] as JurisdictionRole[],
    organisationId: values.organisation,
    passwordStdin: values["password-stdin"],
  };
}

/** `ccs user`: creates and lists workspace accounts. */
export const userCommand: CliCommand = {
  summary: "Create and list workspace accounts",
  async run(argv) {
    const [action, ...rest] = argv;
    if (
      !action ||
      action === "--help" ||
      action === "-h" ||
      rest.includes("--help") ||
      rest.includes("-h")
    ) {
      console.log(HELP);
      return action ? 0 : 2;
    }

    if (action === "list") {
      const users = await withDatabase((database) => listUsers(database.db));
      for (const user of users) {
        const roles = user.jurisdictionRoles.join(",") || "-";
        console.log(
          `${user.id}\t${user.email}\t${user.displayName}\t${roles}${user.disabled ? "\tdisabled" : ""}`,
        );
      }
      return 0;
    }
    if (action !== "create") {
      console.error(`Unknown action "${action}".\n\n${HELP}`);
      return 2;
    }

    const options = parseCreateOptions(rest);
    if (typeof options === "string") {
      console.error(`${options}\n\n${HELP}`);
      return 2;
    }
    const password = await readPassword(process.stdin, options.passwordStdin ? "" : "Password: ");
    try {
      const user = await withDatabase((database) =>
        createUser(
          database.db,
          {
            email: options.email,
            displayName: options.name,
            password,
            organisationId: options.organisationId,
            jurisdictionRoles: options.roles,
          },
          { userId: null, clientAddress: null },
        ),
      );
      console.error(
        `Created user ${user.id} (${user.jurisdictionRoles.join(", ") || "no jurisdiction role"}).`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const details = error.problems.map((problem) => `  ${problem.path}: ${problem.message}`);
      console.error([error.message, ...details].join("\n"));
      return 1;
    }
  },
};
