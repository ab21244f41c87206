import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, type Role, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { isDisclosed } from "./policy.js";

let database: TestDatabase;
let workspace: Workspace;

const URL_PATH = "/workspace/jurisdictions/page-city/disclosure";

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db
    .insertInto("jurisdictions")
    .values({
      id: "page-city",
      name: JSON.stringify({ en: "Page City" }),
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "en",
    })
    .execute();
  workspace = await openWorkspace(database, "2025-06-01T09:00:00Z");
});
afterAll(() => database.destroy());

function post(role: Role, ticked: string[]) {
  const form = new URLSearchParams(
    ticked.map((category): [string, string] => ["public", category]),
  );
  return workspace.app.request(URL_PATH, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${workspace.tokens[role]}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: form.toString(),
  });
}

describe("disclosure policy page", () => {
  it("shows every category to an administrator only", async () => {
    const page = await workspace.call("administrator", "GET", URL_PATH);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("design_changes");
    expect(html).toContain("Always private");
    expect((await workspace.call("agency", "GET", URL_PATH)).status).toBe(403);
    expect((await workspace.call("auditor", "GET", URL_PATH)).status).toBe(403);
  });

  it("saves the ticked categories as public and the others as private", async () => {
    const response = await post("administrator", ["design_changes", "time_extensions"]);
    expect(response.status).toBe(303);
    expect(await isDisclosed(database.db, "page-city", "design_changes")).toBe(true);
    expect(await isDisclosed(database.db, "page-city", "photos")).toBe(false);
    const saved = await workspace.call("administrator", "GET", `${URL_PATH}?saved=1`);
    expect(await saved.text()).toContain("The policy is saved.");
  });

  it("rejects personal data and changes nothing", async () => {
    const response = await post("administrator", ["photos", "personal_data"]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("must stay private");
    expect(await isDisclosed(database.db, "page-city", "photos")).toBe(false);
  });

  it("refuses the form from a non-administrator", async () => {
    expect((await post("agency", ["photos"])).status).toBe(403);
    expect(await isDisclosed(database.db, "page-city", "photos")).toBe(false);
  });
});
