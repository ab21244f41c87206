/**
 * Daily report references and dates that look right but name nothing: a photo id that is not a
 * photo of the project, and a calendar day that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../files/store.js";
import { buildTestJpeg } from "../photos/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openWorkspace, SAMPLE_SCHEDULE, sampleReport, type Workspace } from "./testing.js";

let database: TestDatabase;
let workspace: Workspace;
let base: string;
let otherBase: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-04-10T09:00:00Z");
  const projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
  otherBase = `/api/v1/workspace/projects/${encodeURIComponent(await workspace.registerProject())}`;
  expect(
    (await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE)).status,
  ).toBe(201);
  expect((await workspace.call("agency", "POST", `${base}/schedules/1/approve`)).status).toBe(200);
});
afterAll(() => database.destroy());

async function uploadPhoto(projectBase: string, seed: number): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([buildTestJpeg({ seed })]), `photo-${seed}.jpg`);
  const response = await workspace.app.request(`${projectBase}/photos`, {
    method: "POST",
    headers: { Authorization: `Bearer ${workspace.tokens.contractor}` },
    body: form,
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { sha256: string }).sha256;
}

async function problemsOf(response: Response): Promise<Record<string, string>> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as {
    error: { problems: { path: string; message: string }[] };
  };
  return Object.fromEntries(body.error.problems.map((problem) => [problem.path, problem.message]));
}

async function reportCount(): Promise<number> {
  const rows = await database.db.selectFrom("daily_reports").select("id").execute();
  return rows.length;
}

describe("photo references of a daily report", () => {
  it("refuses a SHA-256 id that is no photo of the project, naming its position", async () => {
    const otherProjectsPhoto = await uploadPhoto(otherBase, 1);
    const unknown = sha256Hex(Buffer.from("never uploaded"));
    const before = await reportCount();
    const response = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-04-07", {
        photoReferences: ["https://example.org/site.jpg", unknown, otherProjectsPhoto],
      }),
    );
    const problems = await problemsOf(response);
    expect(Object.keys(problems)).toEqual(["photoReferences.1", "photoReferences.2"]);
    expect(problems["photoReferences.1"]).toBe(
      "no photo of this project has this SHA-256 id; upload the photo first",
    );
    expect(await reportCount()).toBe(before);
  });

  it("accepts a photo uploaded to the project", async () => {
    const photo = await uploadPhoto(base, 2);
    const response = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-04-07", { photoReferences: [photo] }),
    );
    expect(response.status).toBe(201);
  });
});

describe("days that do not exist", () => {
  for (const date of ["2026-02-31", "2026-13-01", "2025-04-00"]) {
    it(`refuses the week of ${date} with 400 naming date`, async () => {
      const response = await workspace.call("agency", "GET", `${base}/reports/weekly?date=${date}`);
      expect((await problemsOf(response)).date).toBe("is not a real calendar date");
    });

    it(`refuses a daily report of ${date} with 400 naming date`, async () => {
      const response = await workspace.call(
        "contractor",
        "POST",
        `${base}/daily-reports`,
        sampleReport(date),
      );
      expect((await problemsOf(response)).date).toBe("is not a real calendar date");
    });
  }

  it("rolls up a real week", async () => {
    const response = await workspace.call(
      "agency",
      "GET",
      `${base}/reports/weekly?date=2025-04-09`,
    );
    expect(response.status).toBe(200);
  });
});
