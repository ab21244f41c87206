import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../files/store.js";
import { SAMPLE_SCHEDULE, sampleReport } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  errorSummary,
  fieldError,
  openSiteWorkspace,
  type FormFile,
  type SiteWorkspace,
} from "../workspace/site-testing.js";
import { buildTestJpeg, buildTestPng } from "./testing.js";

let database: TestDatabase;
let site: SiteWorkspace;

beforeAll(async () => {
  database = await openTestDatabase();
  site = await openSiteWorkspace(database, "2025-03-20T09:00:00Z");
});
afterAll(() => database.destroy());

const jpeg = (seed: number, options: Parameters<typeof buildTestJpeg>[0] = {}): FormFile => ({
  name: `site-${seed}.jpg`,
  type: "image/jpeg",
  bytes: new Uint8Array(buildTestJpeg({ seed, ...options })),
});

async function photoCount(): Promise<number> {
  const rows = await database.db
    .selectFrom("workspace_photos")
    .select("id")
    .where("project_id", "=", site.projectId)
    .execute();
  return rows.length;
}

describe("site photo pages", () => {
  it("refuses a file that is not an image, naming it, and stores nothing", async () => {
    const files = site.storedFiles();
    const before = await photoCount();
    const response = await site.post("contractor", `${site.base}/photos`, {
      caption: "North abutment",
      file: [
        jpeg(1),
        {
          name: "notes.pdf",
          type: "image/jpeg",
          bytes: new TextEncoder().encode("%PDF-1.7\n"),
        },
      ],
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(fieldError(html, "file")).toBe("notes.pdf is not a JPEG, PNG or WebP image");
    expect(errorSummary(html)).toEqual(["Photos: notes.pdf is not a JPEG, PNG or WebP image"]);
    expect(html).toContain("North abutment");
    expect(await photoCount()).toBe(before);
    expect(site.storedFiles()).toEqual(files);
  });

  it("refuses photos over the size limit before reading them", async () => {
    const before = await photoCount();
    const response = await site.post(
      "contractor",
      `${site.base}/photos`,
      { file: jpeg(6) },
      // Over the form's limit but under the server's limit of any multipart body.
      { contentLength: 50 * 1024 ** 2 + 100 * 1024 },
    );
    expect(response.status).toBe(413);
    expect(fieldError(await response.text(), "file")).toMatch(/^the photos are larger than/);
    expect(await photoCount()).toBe(before);
  });

  it("refuses the whole upload when one photo cannot be decoded", async () => {
    const files = site.storedFiles();
    const before = await photoCount();
    const response = await site.post("contractor", `${site.base}/photos`, {
      file: [
        jpeg(5),
        {
          name: "broken.jpg",
          type: "image/jpeg",
          bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]),
        },
      ],
    });
    expect(response.status).toBe(400);
    expect(fieldError(await response.text(), "file")).toMatch(
      /^broken\.jpg cannot be read as an image: /,
    );
    expect(await photoCount()).toBe(before);
    expect(site.storedFiles()).toEqual(files);
  });

  it("refuses a form without a photo and a caption with control characters", async () => {
    const before = await photoCount();
    const none = await site.post("contractor", `${site.base}/photos`, {
      caption: "",
      file: { name: "", type: "application/octet-stream", bytes: new Uint8Array() },
    });
    expect(none.status).toBe(400);
    expect(fieldError(await none.text(), "file")).toBe(
      "is missing: choose or take at least one photo",
    );
    const badCaption = await site.post("contractor", `${site.base}/photos`, {
      caption: "bell\u0007",
      file: jpeg(2),
    });
    expect(badCaption.status).toBe(400);
    expect(fieldError(await badCaption.text(), "caption")).toBe(
      "must not contain control characters",
    );
    expect(await photoCount()).toBe(before);
    expect(site.storedFiles()).toEqual([]);
  });

  it("uploads several photos at once and shows their EXIF time and position", async () => {
    const thumbnail = buildTestJpeg({ seed: 90 });
    const first = jpeg(3, {
      dateTimeOriginal: "2025:03:19 14:05:00",
      offsetTimeOriginal: "+09:00",
      latitude: 37.56655,
      longitude: 126.97801,
      thumbnail,
    });
    const second: FormFile = { name: "plan.png", type: "image/png", bytes: buildTestPng() };
    const response = await site.post("supervisor", `${site.base}/photos`, {
      caption: "Rebar before the pour",
      file: [first, second],
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`${site.base}/photos?uploaded=2`);
    expect(await photoCount()).toBe(2);

    const gallery = await (await site.get("auditor", `${site.base}/photos?uploaded=2`)).text();
    expect(gallery).toContain("Photos uploaded: 2.");
    expect(gallery).toContain("2025-03-19 05:05 UTC");
    expect(gallery).toContain("37.56655, 126.97801");
    expect(gallery).toContain("not checked: the project has no location");
    expect(gallery).toContain("no time in the photo");
    expect(gallery).toContain(sha256Hex(first.bytes));
    // The auditor reads but may not upload.
    expect(gallery).not.toContain('type="file"');

    const photo = await database.db
      .selectFrom("workspace_photos")
      .select(["id", "thumbnail_sha256"])
      .where("sha256", "=", sha256Hex(first.bytes))
      .executeTakeFirstOrThrow();
    expect(photo.thumbnail_sha256).not.toBeNull();
    const thumb = await site.get("contractor", `${site.base}/photos/${photo.id}/thumbnail`);
    expect(sha256Hex(new Uint8Array(await thumb.arrayBuffer()))).toBe(photo.thumbnail_sha256);
    const original = await site.get("contractor", `${site.base}/photos/${photo.id}/image`);
    expect(original.headers.get("Content-Type")).toBe("image/jpeg");
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(first.bytes);
    expect((await site.get("outsider", `${site.base}/photos/${photo.id}/image`)).status).toBe(403);
  });

  it("offers a phone's camera and links each photo to the daily reports that use it", async () => {
    const form = await (await site.get("contractor", `${site.base}/photos`)).text();
    expect(form).toMatch(
      /<input[^>]*type="file"[^>]*accept="image\/\*"[^>]*capture="environment"[^>]*multiple/,
    );

    const photo = jpeg(4);
    expect((await site.post("contractor", `${site.base}/photos`, { file: photo })).status).toBe(
      303,
    );
    const api = `/api/v1${site.base}`;
    await site.workspace.call("contractor", "POST", `${api}/schedules`, SAMPLE_SCHEDULE);
    await site.workspace.call("agency", "POST", `${api}/schedules/1/approve`);
    const report = await site.workspace.call(
      "contractor",
      "POST",
      `${api}/daily-reports`,
      sampleReport("2025-03-18", { photoReferences: [sha256Hex(photo.bytes)] }),
    );
    expect(report.status).toBe(201);
    const { id } = (await report.json()) as { id: number };

    const gallery = await (await site.get("contractor", `${site.base}/photos`)).text();
    expect(gallery).toContain(`href="${site.base}/reports/${id}">2025-03-18 (Submitted)</a>`);
  });

  it("shows position checks in Spanish", async () => {
    const gallery = await (await site.get("contractor", `${site.base}/photos?lang=es`)).text();
    expect(gallery).toContain("sin comprobar: el proyecto no tiene ubicación");
    expect(gallery).toContain("En partes diarios");
  });
});
