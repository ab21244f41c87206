import type { Context } from "hono";
import type { WorkspaceEnv } from "../accounts/middleware.js";
import type { PayeeActor } from "../claims/payee-access.js";

/**
 * Returns the caller of a payee route with its organisation and its roles in the project, as
 * `requirePermission` loaded them. An oversight role without membership has no project roles.
 */
export function payeeActorOf(context: Context<WorkspaceEnv>): PayeeActor {
  const principal = context.get("principal")!;
  return {
    userId: principal.userId,
    organisationId: principal.organisationId,
    roles: context.get("projectAccess")?.roles ?? [],
  };
}
