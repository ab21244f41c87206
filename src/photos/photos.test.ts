import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  openWorkspace,
  ROLES,
  SAMPLE_SCHEDULE,
  sampleReport,
  type Role,
  type Workspace,
} from "../reports/testing.js";
import { MAX_PHOTO_BYTES } from "./photos.js";
import { buildTestJpeg, buildTestPng, TEST_JPEG_SIZE } from "./testing.js";

// City Hall, Seoul: the test project's only location.
const SITE = { latitude: 37.5665, longitude: 126.978 };
const THUMBNAIL = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x02, 0xff, 0xd9]);

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;
let seed = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-20T09:00:00Z");
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
  await database.db
    .insertInto("project_locations")
    .values({ project_id: projectId, position: 0, ...SITE })
    .execute();
});
afterAll(() => database.destroy());

/** Sends a multipart upload of `bytes` as `role`. */
async function upload(
  role: Role | null,
  bytes: Uint8Array | null,
  fields: Record<string, string> = {},
  url = `${base}/photos`,
): Promise<Response> {
  const form = new FormData();
  if (bytes) form.append("file", new Blob([bytes]), "site.jpg");
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return workspace.app.request(url, {
    method: "POST",
    headers: role ? { Authorization: `Bearer ${workspace.tokens[role]}` } : {},
    body: form,
  });
}

function uniqueJpeg(options: Parameters<typeof buildTestJpeg>[0] = {}): Buffer {
  seed += 1;
  return buildTestJpeg({ seed, ...options });
}

async function photoCount(): Promise<number> {
  const rows = await database.db
    .selectFrom("workspace_photos")
    .select("id")
    .where("project_id", "=", projectId)
    .execute();
  return rows.length;
}

interface PhotoBody {
  id: number;
  sha256: string;
  publicSha256: string;
  thumbnailSha256: string | null;
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
  positionCheck: string;
  caption: string | null;
}

describe("photo upload", () => {
  it("keeps EXIF time, position and thumbnail", async () => {
    const jpeg = uniqueJpeg({
      dateTimeOriginal: "2025:03:12 14:05:09",
      offsetTimeOriginal: "+09:00",
      latitude: 37.567,
      longitude: 126.979,
      artist: "Kim Camera-Owner",
      thumbnail: THUMBNAIL,
    });

    const response = await upload("contractor", jpeg, { caption: "Formwork, pier 2" });

    expect(response.status).toBe(201);
    const photo = (await response.json()) as PhotoBody;
    expect(photo.takenAt).toBe("2025-03-12T05:05:09.000Z");
    expect(photo.latitude).toBeCloseTo(37.567, 5);
    expect(photo.longitude).toBeCloseTo(126.979, 5);
    expect(photo.positionCheck).toBe("within_area");
    expect(photo.caption).toBe("Formwork, pier 2");
    expect(photo.publicSha256).not.toBe(photo.sha256);

    const original = await workspace.call("contractor", "GET", `/files/${photo.sha256}`);
    expect(Buffer.from(await original.arrayBuffer())).toEqual(jpeg);
    const thumbnail = await workspace.call("contractor", "GET", `/files/${photo.thumbnailSha256}`);
    const thumbnailBytes = Buffer.from(await thumbnail.arrayBuffer());
    expect(thumbnail.headers.get("Content-Type")).toBe("image/jpeg");
    expect(thumbnailBytes.includes("Kim Camera-Owner")).toBe(false);
    expect(thumbnailBytes.includes("Exif")).toBe(false);
    const publicCopy = await workspace.call("contractor", "GET", `/files/${photo.publicSha256}`);
    const publicBytes = Buffer.from(await publicCopy.arrayBuffer());
    expect(publicCopy.headers.get("Content-Type")).toBe("image/jpeg");
    expect(publicBytes.includes("Kim Camera-Owner")).toBe(false);
  });

  it("reads a time without offset as UTC without a jurisdiction", async () => {
    const response = await upload(
      "supervisor",
      uniqueJpeg({ dateTimeOriginal: "2025:03:12 09:00:00" }),
    );

    expect(response.status).toBe(201);
    const photo = (await response.json()) as PhotoBody;
    expect(photo.takenAt).toBe("2025-03-12T09:00:00.000Z");
    expect(photo.positionCheck).toBe("no_position");
  });

  it("flags a position far from the project", async () => {
    // Busan, about 325 km from the site.
    const response = await upload(
      "contractor",
      uniqueJpeg({ latitude: 35.1796, longitude: 129.0756 }),
    );

    expect(response.status).toBe(201);
    const photo = (await response.json()) as PhotoBody & { distanceMetres: number };
    expect(photo.positionCheck).toBe("outside_area");
    expect(photo.distanceMetres).toBeGreaterThan(300_000);
  });

  it("accepts a PNG by its magic bytes", async () => {
    const response = await upload("subcontractor", buildTestPng());

    expect(response.status).toBe(201);
    const photo = (await response.json()) as PhotoBody & { mediaType: string };
    expect(photo.mediaType).toBe("image/png");
    expect(photo.takenAt).toBeNull();
    expect(photo.thumbnailSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("turns a sideways photo upright for the public copy and thumbnail", async () => {
    const response = await upload("contractor", uniqueJpeg({ orientation: 6, artist: "Lee" }));

    expect(response.status).toBe(201);
    const photo = (await response.json()) as PhotoBody;
    for (const hash of [photo.publicSha256, photo.thumbnailSha256]) {
      const file = await workspace.call("contractor", "GET", `/files/${hash}`);
      const bytes = Buffer.from(await file.arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect(metadata.width).toBe(TEST_JPEG_SIZE.height);
      expect(metadata.height).toBe(TEST_JPEG_SIZE.width);
      expect(metadata.orientation).toBeUndefined();
      expect(bytes.includes("Lee")).toBe(false);
    }
  });

  it("returns the stored photo for the same bytes", async () => {
    const jpeg = uniqueJpeg();
    const first = (await (await upload("contractor", jpeg)).json()) as PhotoBody;
    const before = await photoCount();

    const again = await upload("agency", jpeg);

    expect(again.status).toBe(200);
    expect(((await again.json()) as PhotoBody).id).toBe(first.id);
    expect(await photoCount()).toBe(before);
  });

  it.each([
    ["a missing file", null, {}, "file", 400],
    ["an empty file", new Uint8Array(0), {}, "file", 400],
    ["a GIF", Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), {}, "file", 400],
    ["a script named .jpg", Buffer.from("<script>alert(1)</script>"), {}, "file", 400],
    ["a damaged JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0x00]), {}, "file", 400],
    ["a JPEG without pixels", Buffer.from([0xff, 0xd8, 0xff, 0xd9]), {}, "file", 400],
    ["a long caption", "jpeg", { caption: "x".repeat(501) }, "caption", 400],
  ] as const)("rejects %s and stores nothing", async (_name, bytes, fields, path, status) => {
    const before = await photoCount();
    const file = bytes === "jpeg" ? uniqueJpeg() : bytes;

    const response = await upload("contractor", file, fields);

    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { problems: { path: string }[] } };
    expect(body.error.problems[0]?.path).toBe(path);
    expect(await photoCount()).toBe(before);
  });

  it("rejects a file over the limit before storing it", async () => {
    const before = await photoCount();
    const large = Buffer.alloc(MAX_PHOTO_BYTES + 128 * 1024);
    large.set([0xff, 0xd8, 0xff], 0);

    const response = await upload("contractor", large);

    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { problems: { path: string }[] } };
    expect(body.error.problems[0]?.path).toBe("file");
    expect(await photoCount()).toBe(before);
  });

  it("returns 404 for an unknown project", async () => {
    const response = await upload(
      "agency",
      uniqueJpeg(),
      {},
      "/api/v1/workspace/projects/nope/photos",
    );

    expect(response.status).toBe(404);
  });
});

describe("photo permissions", () => {
  it("lets project members upload and no one else", async () => {
    const before = await photoCount();
    expect((await upload(null, uniqueJpeg())).status).toBe(401);
    for (const role of ["outsider", "administrator", "auditor"] as const) {
      expect((await upload(role, uniqueJpeg())).status, role).toBe(403);
    }
    expect(await photoCount()).toBe(before);
    for (const role of ["agency", "supervisor", "contractor", "subcontractor"] as const) {
      expect((await upload(role, uniqueJpeg())).status, role).toBe(201);
    }
    expect(await photoCount()).toBe(before + 4);
  });

  it("lets members and oversight roles read", async () => {
    const first = (await (await upload("contractor", uniqueJpeg())).json()) as PhotoBody;
    for (const url of [`${base}/photos`, `${base}/photos/${first.id}`]) {
      expect((await workspace.call(null, "GET", url)).status).toBe(401);
      for (const role of ROLES) {
        const expected = role === "outsider" ? 403 : 200;
        expect((await workspace.call(role, "GET", url)).status, `${role} ${url}`).toBe(expected);
      }
    }
  });
});

describe("photo publication", () => {
  it("publishes photos of an approved daily report, except flagged ones", async () => {
    const near = (await (
      await upload(
        "contractor",
        uniqueJpeg({ latitude: 37.5668, longitude: 126.9785, artist: "Lee" }),
      )
    ).json()) as PhotoBody;
    const far = (await (
      await upload("contractor", uniqueJpeg({ latitude: 35.1796, longitude: 129.0756 }))
    ).json()) as PhotoBody;
    const unlocated = (await (await upload("contractor", buildTestPng())).json()) as PhotoBody;

    expect(
      (await workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE)).status,
    ).toBe(201);
    expect((await workspace.call("agency", "POST", `${base}/schedules/1/approve`)).status).toBe(
      200,
    );
    const report = sampleReport("2025-03-10", {
      photoReferences: [near.sha256, far.sha256, unlocated.sha256],
    });
    const submitted = await workspace.call("contractor", "POST", `${base}/daily-reports`, report);
    expect(submitted.status).toBe(201);
    const reportId = ((await submitted.json()) as { id: number }).id;
    const published = () =>
      database.db
        .selectFrom("photos")
        .selectAll()
        .where("project_id", "=", projectId)
        .orderBy("id")
        .execute();
    expect(await published()).toEqual([]);

    await workspace.call("supervisor", "POST", `${base}/daily-reports/${reportId}/review`);
    const approved = await workspace.call(
      "agency",
      "POST",
      `${base}/daily-reports/${reportId}/approve`,
    );
    expect(approved.status).toBe(200);

    const rows = await published();
    expect(rows.map((row) => row.sha256).sort()).toEqual(
      [near.publicSha256, unlocated.publicSha256].sort(),
    );
    const nearRow = rows.find((row) => row.sha256 === near.publicSha256)!;
    expect(nearRow.source).toBe("workspace");
    expect(nearRow.latitude).toBeCloseTo(37.5668, 5);
    const page = await workspace.app.request(`/projects/${encodeURIComponent(projectId)}`);
    const html = await page.text();
    expect(html).toContain(`/files/${near.publicSha256}`);
    expect(html).not.toContain(far.sha256);
    expect(html).not.toContain(far.publicSha256);
    expect(html).not.toContain(near.sha256);
  });
});
