import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  openWorkspace,
  SAMPLE_SCHEDULE,
  sampleReport,
  type Workspace,
} from "../reports/testing.js";
import { buildTestJpeg } from "./testing.js";

let database: TestDatabase;
let workspace: Workspace;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-20T09:00:00Z");
});
afterAll(() => database.destroy());

describe("two weeks of daily reports with photos", () => {
  it("shows every day's photo on the public page", async () => {
    const projectId = await workspace.registerProject();
    const base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
    await database.db
      .insertInto("project_locations")
      .values({ project_id: projectId, position: 0, latitude: 37.5665, longitude: 126.978 })
      .execute();
    expect(
      (await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE)).status,
    ).toBe(201);
    expect((await workspace.call("agency", "POST", `${base}/schedules/1/approve`)).status).toBe(
      200,
    );

    const publicHashes: string[] = [];
    for (let day = 3; day <= 16; day++) {
      const date = `2025-03-${String(day).padStart(2, "0")}`;
      const form = new FormData();
      const jpeg = buildTestJpeg({
        seed: day,
        dateTimeOriginal: `2025:03:${String(day).padStart(2, "0")} 10:00:00`,
        offsetTimeOriginal: "+09:00",
        latitude: 37.5665 + day / 10_000,
        longitude: 126.978,
      });
      form.append("file", new Blob([jpeg]), `day-${day}.jpg`);
      form.append("caption", `Site on ${date}`);
      const uploaded = await workspace.app.request(`${base}/photos`, {
        method: "POST",
        headers: { Authorization: `Bearer ${workspace.tokens.contractor}` },
        body: form,
      });
      expect(uploaded.status, date).toBe(201);
      const photo = (await uploaded.json()) as { sha256: string; publicSha256: string };
      publicHashes.push(photo.publicSha256);

      const report = sampleReport(date, { photoReferences: [photo.sha256] });
      const submitted = await workspace.call("contractor", "POST", `${base}/daily-reports`, report);
      expect(submitted.status, date).toBe(201);
      const reportId = ((await submitted.json()) as { id: number }).id;
      const reviewed = await workspace.call(
        "supervisor",
        "POST",
        `${base}/daily-reports/${reportId}/review`,
      );
      expect(reviewed.status, date).toBe(200);
      const approved = await workspace.call(
        "agency",
        "POST",
        `${base}/daily-reports/${reportId}/approve`,
      );
      expect(approved.status, date).toBe(200);
    }

    const page = await workspace.app.request(`/projects/${encodeURIComponent(projectId)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const hash of publicHashes) expect(html).toContain(`/files/${hash}`);
    expect(html).toContain("Site on 2025-03-16");
  });

  it("lists the photo and document routes in the OpenAPI document", async () => {
    const document = (await (await workspace.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const base = "/workspace/projects/{id}";
    const expected: [string, string][] = [
      ["post", `${base}/photos`],
      ["get", `${base}/photos`],
      ["get", `${base}/photos/{photoId}`],
      ["post", `${base}/documents`],
      ["get", `${base}/documents`],
      ["get", `${base}/documents/{documentId}`],
      ["post", `${base}/documents/{documentId}/versions`],
      ["post", `${base}/documents/{documentId}/versions/{version}/approve`],
      ["post", `${base}/documents/{documentId}/versions/{version}/reject`],
      ["post", `${base}/final-inspection`],
    ];
    for (const [method, path] of expected) {
      expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
