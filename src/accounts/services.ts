import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { DB } from "../db/types.js";
import type { WorkspaceSettings } from "../workspace/settings.js";
import { systemClock, type Clock } from "./clock.js";
import { PasswordSignIn } from "./login.js";

/** What the sign-in and access-control code shares across requests of one application. */
export interface AccountServices {
  db: Kysely<DB>;
  settings: WorkspaceSettings;
  clock: Clock;
  /** Password check with lockout and the per-address limit, shared by the page and the API. */
  signIn: PasswordSignIn;
  /** Whether cookies get the Secure flag: when PUBLIC_URL is an https address. */
  secureCookies: boolean;
}

/** Builds the account services of one application. */
export function createAccountServices(
  db: Kysely<DB>,
  config: Config,
  clock: Clock = systemClock,
): AccountServices {
  return {
    db,
    settings: config.workspace,
    clock,
    signIn: new PasswordSignIn(db, config.workspace, clock),
    secureCookies: config.publicUrl?.startsWith("https://") ?? false,
  };
}
