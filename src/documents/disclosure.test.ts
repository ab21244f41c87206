import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestJpeg } from "../photos/testing.js";
import {
  openWorkspace,
  SAMPLE_SCHEDULE,
  sampleReport,
  type Role,
  type Workspace,
} from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { uniqueId } from "../testing/factories.js";

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;

// A project in a jurisdiction whose policy withholds documents and photos.
beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-20T09:00:00Z");
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
  const jurisdictionId = uniqueId("withholding");
  await database.db
    .insertInto("jurisdictions")
    .values({
      id: jurisdictionId,
      name: JSON.stringify({ en: "Withholding city" }),
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "en",
    })
    .execute();
  await database.db
    .updateTable("projects")
    .set({ jurisdiction_id: jurisdictionId })
    .where("id", "=", projectId)
    .execute();
  const user = await database.db
    .selectFrom("users")
    .select("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  for (const category of ["documents", "photos"]) {
    await sql`INSERT INTO disclosure_policies (jurisdiction_id, category, is_public, updated_by, updated_at)
      VALUES (${jurisdictionId}, ${category}, false, ${user.id}, now())`.execute(database.db);
  }
});
afterAll(() => database.destroy());

async function sendForm(role: Role, url: string, fields: Record<string, string | Buffer>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, new Blob([value]), "upload.bin");
  }
  return workspace.app.request(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${workspace.tokens[role]}` },
    body: form,
  });
}

async function publicRows(table: "documents" | "photos") {
  return database.db.selectFrom(table).select("id").where("project_id", "=", projectId).execute();
}

describe("disclosure policy", () => {
  it("withholds approved minutes", async () => {
    const registered = await sendForm("contractor", `${base}/documents`, {
      category: "minutes",
      title: "Minutes kept private",
      file: Buffer.from("%PDF-1.7\nprivate minutes\n%%EOF\n"),
    });
    expect(registered.status).toBe(201);
    const { id } = (await registered.json()) as { id: number };

    const approved = await workspace.call(
      "agency",
      "POST",
      `${base}/documents/${id}/versions/1/approve`,
    );

    expect(approved.status).toBe(200);
    expect(
      ((await approved.json()) as { versions: { status: string }[] }).versions[0]!.status,
    ).toBe("approved");
    expect(await publicRows("documents")).toEqual([]);
  });

  it("withholds photos of an approved daily report", async () => {
    const jpeg = buildTestJpeg({ dateTimeOriginal: "2025:03:12 09:00:00", seed: 7 });
    const uploaded = await sendForm("contractor", `${base}/photos`, { file: jpeg });
    expect(uploaded.status).toBe(201);
    const photo = (await uploaded.json()) as { sha256: string; takenAt: string };
    // The jurisdiction's zone, Asia/Seoul, is 9 hours ahead of UTC.
    expect(photo.takenAt).toBe("2025-03-12T00:00:00.000Z");

    await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE);
    await workspace.call("agency", "POST", `${base}/schedules/1/approve`);
    const submitted = await workspace.call(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      sampleReport("2025-03-12", { photoReferences: [photo.sha256] }),
    );
    expect(submitted.status).toBe(201);
    const reportId = ((await submitted.json()) as { id: number }).id;
    await workspace.call("supervisor", "POST", `${base}/daily-reports/${reportId}/review`);
    const approved = await workspace.call(
      "agency",
      "POST",
      `${base}/daily-reports/${reportId}/approve`,
    );

    expect(approved.status).toBe(200);
    expect(await publicRows("photos")).toEqual([]);
  });
});
