/**
 * Public search parameters: a status outside the OC4IDS projectStatus codelist, and a page
 * number too large to be exact, each give one clear problem.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createProject } from "../testing/factories.js";

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database);
  await createProject(database.db, { title: "Bridge in use", status: "implementation" });
});
afterAll(() => database.destroy());

interface ErrorBody {
  error: { code: string; problems: { path: string; message: string }[] };
}

async function problemsOf(query: string) {
  const response = await app.request(`/api/v1/projects?${query}`);
  expect(response.status).toBe(400);
  return ((await response.json()) as ErrorBody).error.problems;
}

describe("public search parameters", () => {
  it("names page once when it is too large to be exact", async () => {
    expect(await problemsOf("page=99999999999999999")).toEqual([
      { path: "page", message: "must be a whole number from 1 to 10000" },
    ]);
    expect(await problemsOf("page=2.5")).toEqual([
      { path: "page", message: "must be a whole number" },
    ]);
  });

  it("accepts codes of the projectStatus codelist", async () => {
    const response = await app.request("/api/v1/projects?status=implementation,completion");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { total: number }).total).toBe(1);
  });

  // The codelists beside the configured schema; a schema given as a URL has none here.
  const codelist = path.join(
    path.dirname(loadConfig({ LOAD_DEMO: "false" }).oc4idsSchema),
    "codelists/projectStatus.csv",
  );
  it.skipIf(!existsSync(codelist))(
    "refuses a status that is not in the projectStatus codelist, naming status",
    async () => {
      const problems = await problemsOf("status=implementation,foo");
      expect(problems.map((problem) => problem.path)).toEqual(["status"]);
      expect(problems[0]?.message).toContain('"foo" is not in the OC4IDS projectStatus codelist');
      expect(problems[0]?.message).toContain("implementation");

      const page = await app.request("/?status=foo");
      expect(await page.text()).toContain("is not in the OC4IDS projectStatus codelist");
    },
  );
});
