import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { WorkspaceSettings } from "../workspace/settings.js";
import { countAdministrators, createUser, type UserSummary } from "./users.js";

/**
 * Creates the first administrator from CCS_ADMIN_EMAIL, CCS_ADMIN_NAME and CCS_ADMIN_PASSWORD
 * when they are set and no enabled administrator exists yet. Returns the user created, or
 * undefined when nothing was to be done. Changing the variables later changes nothing.
 */
export async function createFirstAdministrator(
  db: Kysely<DB>,
  firstAdmin: WorkspaceSettings["firstAdmin"],
): Promise<UserSummary | undefined> {
  if (!firstAdmin) return undefined;
  if ((await countAdministrators(db)) > 0) return undefined;

  return createUser(
    db,
    {
      email: firstAdmin.email,
      displayName: firstAdmin.name,
      password: firstAdmin.password,
      jurisdictionRoles: ["administrator"],
    },
    { userId: null, clientAddress: null },
  );
}
