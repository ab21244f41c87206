import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/app.js";
import { createTestUser, TEST_PASSWORD } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;
let agencyId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  agencyId = (await createOrganisation(database.db, { name: "Busan Roads Office" })).id;
});
afterAll(async () => {
  await database.destroy();
});

/** A browser's cookie jar in a few lines: keeps name=value pairs from Set-Cookie. */
class Browser {
  private cookies = new Map<string, string>();

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = {
      Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
    };
    let body: string | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await app.request(path, { method: init.method ?? "GET", headers, body });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Signs in through the form and returns the session's CSRF token, read from a page. */
  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    const form = await (await this.request("/workspace/login")).text();
    const loginToken = /name="_login" value="([^"]+)"/.exec(form)?.[1] ?? "";
    return this.request("/workspace/login", {
      method: "POST",
      form: { _login: loginToken, email, password, next: "/workspace" },
    });
  }

  async csrfToken(): Promise<string> {
    const page = await (await this.request("/workspace")).text();
    return /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  }
}

describe("workspace pages", () => {
  it("sends an anonymous visitor to the sign-in page", async () => {
    const response = await new Browser().request("/workspace/projects/new");
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(
      "/workspace/login?next=%2Fworkspace%2Fprojects%2Fnew",
    );
  });

  it("signs in with a secure session cookie", async () => {
    const user = await createTestUser(database.db);
    const response = await new Browser().signIn(user.email);
    expect(response.status).toBe(303);
    const cookie = response.headers
      .getSetCookie()
      .find((value) => value.startsWith("ccs_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("shows one error for a wrong password", async () => {
    const user = await createTestUser(database.db);
    const response = await new Browser().signIn(user.email, "not the password");
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("The e-mail address or password is wrong");
  });

  it("refuses a sign-in form without its token", async () => {
    const user = await createTestUser(database.db);
    const response = await new Browser().request("/workspace/login", {
      method: "POST",
      form: { email: user.email, password: TEST_PASSWORD },
    });
    expect(response.status).toBe(403);
  });

  it("refuses a form POST without the CSRF token", async () => {
    const user = await createTestUser(database.db, { jurisdictionRoles: ["administrator"] });
    const browser = new Browser();
    await browser.signIn(user.email);
    const before = await database.db
      .selectFrom("workspace_projects")
      .select("project_id")
      .execute();

    const response = await browser.request("/workspace/projects", {
      method: "POST",
      form: {
        title: "Forged",
        agencyId,
        contractAmount: "10",
        currency: "KRW",
        startDate: "2026-01-01",
        plannedCompletionDate: "2026-02-01",
      },
    });
    expect(response.status).toBe(403);
    const after = await database.db.selectFrom("workspace_projects").select("project_id").execute();
    expect(after).toEqual(before);
  });

  it("registers a project through the form", async () => {
    const user = await createTestUser(database.db, {
      jurisdictionRoles: ["agency_official"],
      organisationId: agencyId,
    });
    const browser = new Browser();
    await browser.signIn(user.email);
    const form = await (await browser.request("/workspace/projects/new")).text();
    expect(form).toContain('name="contractAmount"');

    const response = await browser.request("/workspace/projects", {
      method: "POST",
      form: {
        _csrf: await browser.csrfToken(),
        title: "Haeundae seawall repair",
        contractAmount: "800000000",
        currency: "KRW",
        startDate: "2026-05-01",
        plannedCompletionDate: "2026-12-31",
        agencyId: "",
        locality: "Haeundae-gu",
      },
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/workspace\/projects\/ccs-/);

    const overview = await (await browser.request(location)).text();
    expect(overview).toContain("Haeundae seawall repair");
    expect(overview).toContain("Short-term");
  });

  it("answers bad form input with per-field errors and stores nothing", async () => {
    const user = await createTestUser(database.db, { jurisdictionRoles: ["administrator"] });
    const browser = new Browser();
    await browser.signIn(user.email);
    const before = await database.db.selectFrom("projects").select("id").execute();

    const response = await browser.request("/workspace/projects", {
      method: "POST",
      form: {
        _csrf: await browser.csrfToken(),
        title: "",
        contractAmount: "lots",
        currency: "KRW",
        startDate: "2026-05-01",
        plannedCompletionDate: "2026-04-01",
      },
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('href="#field-title"');
    expect(page).toContain('aria-invalid="true"');
    expect(page).toContain('value="lots"');
    expect(await database.db.selectFrom("projects").select("id").execute()).toEqual(before);
  });

  it("refuses the registration form to a contractor", async () => {
    const user = await createTestUser(database.db);
    const browser = new Browser();
    await browser.signIn(user.email);
    const response = await browser.request("/workspace/projects/new");
    expect(response.status).toBe(403);
  });

  it("signs out and ends the session", async () => {
    const user = await createTestUser(database.db);
    const browser = new Browser();
    await browser.signIn(user.email);
    const response = await browser.request("/workspace/logout", {
      method: "POST",
      form: { _csrf: await browser.csrfToken() },
    });
    expect(response.status).toBe(303);
    const after = await browser.request("/workspace");
    expect(after.status).toBe(303);
    const sessions = await database.db
      .selectFrom("sessions")
      .select("id_sha256")
      .where("user_id", "=", user.id)
      .execute();
    expect(sessions).toEqual([]);
  });
});
