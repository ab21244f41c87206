/**
 * Test helpers of the document, photo and safety pages. A second application serves the report
 * tests' workspace over the same database, with a file store that the test can list. Every role
 * gets a browser-like session whose form posts carry the CSRF token.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSession } from "../accounts/sessions.js";
import { createUser } from "../accounts/users.js";
import { loadConfig } from "../config.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { openWorkspace, PASSWORD, ROLES, type Role, type Workspace } from "../reports/testing.js";
import type { TestDatabase } from "../testing/database.js";
import { uniqueId } from "../testing/factories.js";

/** A caller of the pages: a role of the report tests, or an agency manager (no membership). */
export type SiteRole = Role | "manager";
export const SITE_ROLES: readonly SiteRole[] = [...ROLES, "manager"];

/** A file of a multipart form. */
export interface FormFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** A form's fields: text, one file, or several files under one name. */
export type FormFields = Record<string, string | FormFile | FormFile[]>;

/** The pages' test workspace. */
export interface SiteWorkspace {
  workspace: Workspace;
  app: ReturnType<typeof createApp>;
  projectId: string;
  /** The project's page path, "/workspace/projects/<id>". */
  base: string;
  /** Hashes of the files in the store. */
  storedFiles(): string[];
  /** Sends a GET as `role` with its session cookie (anonymous when null). */
  get(role: SiteRole | null, url: string): Promise<Response>;
  /**
   * Sends a form POST as `role` with its session cookie and CSRF token (anonymous when null).
   * Fields with a file go as multipart/form-data, others as a URL-encoded form.
   */
  post(
    role: SiteRole | null,
    url: string,
    fields: FormFields,
    options?: { csrf?: boolean; contentLength?: number },
  ): Promise<Response>;
  /** The organisation id of a role's user. */
  organisationOf(role: Role): Promise<string>;
}

/** Opens the workspace with a registered long-term project and a session for every role. */
export async function openSiteWorkspace(
  database: TestDatabase,
  start: string,
): Promise<SiteWorkspace> {
  const workspace = await openWorkspace(database, start);
  const fileDir = mkdtempSync(path.join(tmpdir(), "ccs-site-files-"));
  const app = createApp({
    config: loadConfig({ LOAD_DEMO: "false" }),
    database,
    fileStore: createFileStore(fileDir),
    clock: () => workspace.clock.now,
  });
  const projectId = await workspace.registerProject();
  const manager = await createUser(
    database.db,
    {
      email: `${uniqueId("manager")}@example.org`,
      displayName: "Manager user",
      password: PASSWORD,
      organisationId: null,
      jurisdictionRoles: ["agency_manager"],
    },
    { userId: null },
  );
  const sessions = {} as Record<SiteRole, { cookie: string; csrf: string }>;
  for (const role of SITE_ROLES) {
    const user = role === "manager" ? manager : await userOf(database, workspace, role);
    const session = await createSession(database.db, user.id, workspace.clock.now, 24 * 365);
    sessions[role] = { cookie: `ccs_session=${session.sessionId}`, csrf: session.csrfToken };
  }

  const storedFiles = () => {
    const root = path.join(fileDir, "files");
    let names: string[];
    try {
      names = readdirSync(root, { recursive: true }).map(String);
    } catch {
      return [];
    }
    return names
      .filter((name) => /^[0-9a-f]{2}[\\/][0-9a-f]{62}$/.test(name))
      .map((name) => name.replace(/[\\/]/, ""));
  };

  return {
    workspace,
    app,
    projectId,
    base: `/workspace/projects/${encodeURIComponent(projectId)}`,
    storedFiles,
    get: async (role, url) =>
      app.request(url, { headers: role ? { Cookie: sessions[role].cookie } : {} }),
    post: async (role, url, fields, options = {}) => {
      const session = role ? sessions[role] : undefined;
      const headers: Record<string, string> = session ? { Cookie: session.cookie } : {};
      // A claimed length lets a test send an oversized upload without building one.
      if (options.contentLength !== undefined) {
        headers["Content-Length"] = String(options.contentLength);
      }
      const all: FormFields = {
        ...(options.csrf === false ? {} : { _csrf: session?.csrf ?? "" }),
        ...fields,
      };
      const multipart = Object.values(all).some((value) => typeof value !== "string");
      if (!multipart) {
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        const body = new URLSearchParams(all as Record<string, string>).toString();
        return app.request(url, { method: "POST", headers, body });
      }
      const body = new FormData();
      for (const [name, value] of Object.entries(all)) {
        if (typeof value === "string") body.append(name, value);
        else {
          for (const file of [value].flat()) {
            body.append(name, new File([file.bytes], file.name, { type: file.type }));
          }
        }
      }
      return app.request(url, { method: "POST", headers, body });
    },
    organisationOf: async (role) =>
      (
        await database.db
          .selectFrom("users")
          .select("organisation_id")
          .where("email", "=", workspace.emails[role])
          .executeTakeFirstOrThrow()
      ).organisation_id!,
  };
}

async function userOf(database: TestDatabase, workspace: Workspace, role: Role) {
  return database.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", workspace.emails[role])
    .executeTakeFirstOrThrow();
}

/** Reads the problems a form page lists at the top, as "label: message" lines. */
export function errorSummary(html: string): string[] {
  const summary = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
  return [...summary.matchAll(/<li>(?:<a [^>]*>)?([\s\S]*?)(?:<\/a>)?<\/li>/g)].map((match) =>
    decode(match[1]!),
  );
}

/** Reads the error shown next to the field named `name`, if any. */
export function fieldError(html: string, name: string): string | undefined {
  const id = `field-${name}-error`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`<p class="field-error" id="${id}">([\\s\\S]*?)</p>`).exec(html);
  return match ? decode(match[1]!) : undefined;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
