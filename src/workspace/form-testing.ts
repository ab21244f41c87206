import { expect } from "vitest";
import { createSession } from "../accounts/sessions.js";
import { ROLES, type Role, type Workspace } from "../reports/testing.js";
import type { TestDatabase } from "../testing/database.js";

/** Sends a form POST as `role`, with its bearer token (anonymous when null). */
export type FormSender = (
  role: Role | null,
  url: string,
  fields: Record<string, string>,
) => Promise<Response>;

/** Returns a sender of form POSTs to the workspace pages of `workspace`. */
export function formSender(workspace: Workspace): FormSender {
  return async (role, url, fields) =>
    workspace.app.request(url, {
      method: "POST",
      headers: {
        ...(role ? { Authorization: `Bearer ${workspace.tokens[role]}` } : {}),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(fields).toString(),
    });
}

/** Expects a form page rejected with 400 and returns its text, which lists the problems. */
export async function rejectedForm(response: Response): Promise<string> {
  expect(response.status).toBe(400);
  return response.text();
}

/**
 * Posts the form as anonymous and as every role but `allowed`, expecting a sign-in redirect or
 * 403, and checks with `snapshot` that nothing changed.
 */
export async function expectFormDenied(
  send: FormSender,
  allowed: Role[],
  url: string,
  fields: Record<string, string>,
  snapshot: () => Promise<unknown>,
): Promise<void> {
  const before = await snapshot();
  const anonymous = await send(null, url, fields);
  expect([401, 303], `anonymous POST ${url}`).toContain(anonymous.status);
  if (anonymous.status === 303) {
    expect(anonymous.headers.get("Location")).toMatch(/^\/workspace\/login/);
  }
  for (const role of ROLES.filter((role) => !allowed.includes(role))) {
    const response = await send(role, url, fields);
    expect(response.status, `${role} POST ${url}`).toBe(403);
  }
  expect(await snapshot()).toEqual(before);
}

/** Opens a browser-like session of `role`, whose form posts must carry the CSRF token. */
export async function sessionOf(
  database: TestDatabase,
  workspace: Workspace,
  role: Role,
): Promise<{
  post: (url: string, fields: Record<string, string>) => Promise<Response>;
  csrf: string;
}> {
  const user = await database.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", workspace.emails[role])
    .executeTakeFirstOrThrow();
  const session = await createSession(database.db, user.id, workspace.clock.now, 1);
  return {
    csrf: session.csrfToken,
    post: async (url, fields) =>
      workspace.app.request(url, {
        method: "POST",
        headers: {
          Cookie: `ccs_session=${session.sessionId}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(fields).toString(),
      }),
  };
}
