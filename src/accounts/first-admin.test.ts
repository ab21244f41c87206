import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCreateOptions, readPassword } from "../cli/user-command.js";
import { loadConfig } from "../config.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createFirstAdministrator } from "./first-admin.js";
import { createUser, listUsers } from "./users.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe("first administrator from the environment", () => {
  it("is created once, only while no administrator exists", async () => {
    const settings = loadConfig({
      LOAD_DEMO: "false",
      CCS_ADMIN_EMAIL: "admin@city.example",
      CCS_ADMIN_NAME: "City Administrator",
      CCS_ADMIN_PASSWORD: "a long first password",
    }).workspace;

    const created = await createFirstAdministrator(database.db, settings.firstAdmin);
    expect(created?.jurisdictionRoles).toEqual(["administrator"]);
    const again = await createFirstAdministrator(database.db, {
      email: "second@city.example",
      name: "Second",
      password: "another long password",
    });
    expect(again).toBeUndefined();

    const users = await listUsers(database.db);
    expect(users.map((user) => user.email)).toEqual(["admin@city.example"]);
    const stored = await database.db.selectFrom("users").select("password_hash").execute();
    expect(stored[0]?.password_hash).toMatch(/^scrypt\$/);
    const audit = await database.db.selectFrom("audit_events").select("details").execute();
    expect(JSON.stringify(audit)).not.toContain("a long first password");
  });

  it("does nothing without the variables", async () => {
    expect(await createFirstAdministrator(database.db, undefined)).toBeUndefined();
  });

  it("rejects an e-mail address without a password", () => {
    expect(() => loadConfig({ CCS_ADMIN_EMAIL: "admin@city.example" })).toThrow(
      /CCS_ADMIN_EMAIL: must be set together with CCS_ADMIN_PASSWORD/,
    );
  });

  it("rejects a short password", () => {
    expect(() =>
      loadConfig({ CCS_ADMIN_EMAIL: "admin@city.example", CCS_ADMIN_PASSWORD: "short" }),
    ).toThrow(/CCS_ADMIN_PASSWORD: must be at least 12 characters long/);
  });
});

describe("ccs user create", () => {
  it("parses --admin into the administrator role", () => {
    expect(parseCreateOptions(["--email", "a@b.example", "--name", "A", "--admin"])).toEqual({
      email: "a@b.example",
      name: "A",
      roles: ["administrator"],
      organisationId: undefined,
      passwordStdin: false,
    });
  });

  it("refuses a password on the command line", () => {
    const result = parseCreateOptions(["--email", "a@b.example", "--name", "A", "--password", "x"]);
    expect(result).toMatch(/--password is not accepted/);
  });

  it("names an unknown role", () => {
    const result = parseCreateOptions(["--email", "a@b.example", "--name", "A", "--role", "mayor"]);
    expect(result).toMatch(/Unknown role "mayor"/);
  });

  it("reads the password from standard input", async () => {
    expect(await readPassword(Readable.from(["piped password line\nrest\n"]), "")).toBe(
      "piped password line",
    );
  });

  it("creates an administrator who can then be listed", async () => {
    const options = parseCreateOptions(["--email", "cli@city.example", "--name", "CLI", "--admin"]);
    if (typeof options === "string") throw new Error(options);
    const user = await createUser(
      database.db,
      {
        email: options.email,
        displayName: options.name,
        password: "a password from stdin",
        jurisdictionRoles: options.roles,
      },
      { userId: null },
    );
    expect(user.jurisdictionRoles).toEqual(["administrator"]);
    await expect(
      createUser(
        database.db,
        { email: "CLI@city.example", displayName: "Again", password: "a password from stdin" },
        { userId: null },
      ),
    ).rejects.toThrow(/invalid/i);
  });
});
