/**
 * Role × action checks for workspace routes: every role of the report tests plus an agency
 * manager, so that a test can send one request as each of the nine callers.
 */
import { expect } from "vitest";
import { createUser } from "../accounts/users.js";
import { PASSWORD, ROLES, type Role, type Workspace } from "../reports/testing.js";
import type { TestDatabase } from "./database.js";
import { uniqueId } from "./factories.js";

/** Every caller of a role test: the report test roles and the agency manager. */
export type Caller = Role | "manager";
export const CALLERS: readonly Caller[] = [...ROLES, "manager"];

/** A workspace whose `send` also signs requests as an agency manager. */
export interface RoleWorkspace {
  workspace: Workspace;
  /** Sends a JSON request as `caller` (anonymous when null) and returns the response. */
  send(caller: Caller | null, method: string, url: string, body?: unknown): Promise<Response>;
}

/** Adds an agency manager (a jurisdiction role, no project membership) to `workspace`. */
export async function withAgencyManager(
  database: TestDatabase,
  workspace: Workspace,
): Promise<RoleWorkspace> {
  const email = `${uniqueId("manager")}@example.org`;
  await createUser(
    database.db,
    {
      email,
      displayName: "Manager user",
      password: PASSWORD,
      organisationId: null,
      jurisdictionRoles: ["agency_manager"],
    },
    { userId: null },
  );
  const login = await workspace.call(null, "POST", "/api/v1/auth/login", {
    email,
    password: PASSWORD,
  });
  if (login.status !== 200) throw new Error(`sign-in of the manager failed: ${login.status}`);
  const token = ((await login.json()) as { token: string }).token;

  const send = async (caller: Caller | null, method: string, url: string, body?: unknown) => {
    if (caller !== "manager") return workspace.call(caller, method, url, body);
    return workspace.app.request(url, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  return { workspace, send };
}

/**
 * Sends the request anonymously (expecting 401) and as every caller outside `allowed`
 * (expecting 403).
 */
export async function expectDeniedToOthers(
  roles: RoleWorkspace,
  allowed: readonly Caller[],
  method: string,
  url: string,
  body?: unknown,
): Promise<void> {
  const anonymous = await roles.send(null, method, url, body);
  expect(anonymous.status, `anonymous ${method} ${url}`).toBe(401);
  for (const caller of CALLERS.filter((caller) => !allowed.includes(caller))) {
    const response = await roles.send(caller, method, url, body);
    expect(response.status, `${caller} ${method} ${url}`).toBe(403);
  }
}
