import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestJpeg } from "../photos/testing.js";
import { openWorkspace, type Role, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;
let svgHash: string;
let pngHash: string;

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const PDF = Buffer.from("%PDF-1.7\n% drawing of the pump room\n%%EOF\n");

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-20T09:00:00Z");
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;

  svgHash = (await workspace.fileStore.put(Buffer.from("<svg/>"), "image/svg+xml")).sha256;
  pngHash = (await workspace.fileStore.put(PNG_BYTES, "image/png")).sha256;
  await database.db
    .insertInto("photos")
    .values([
      { project_id: projectId, id: "public-png", sha256: pngHash, source: "test" },
      { project_id: projectId, id: "public-svg", sha256: svgHash, source: "test" },
    ])
    .execute();
});
afterAll(() => database.destroy());

function get(path: string, role: Role | null = null, headers: Record<string, string> = {}) {
  return workspace.app.request(path, {
    headers: role ? { ...headers, Authorization: `Bearer ${workspace.tokens[role]}` } : headers,
  });
}

async function upload(url: string, field: string, bytes: Buffer, fields = {}) {
  const form = new FormData();
  form.append(field, new Blob([bytes]), "upload.bin");
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  const response = await workspace.app.request(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${workspace.tokens.contractor}` },
    body: form,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Record<string, unknown>;
}

describe("GET /files/:sha256 for a public file", () => {
  it("serves the file with caching headers", async () => {
    const response = await get(`/files/${pngHash}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/png");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("ETag")).toBe(`"${pngHash}"`);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Security-Policy")).toBe("frame-ancestors 'none'");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG_BYTES);
  });

  it("locks down SVG with a content security policy", async () => {
    const response = await get(`/files/${svgHash}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(response.headers.get("Content-Security-Policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    expect(await response.text()).toBe("<svg/>");
  });

  it("returns 304 for a matching ETag", async () => {
    const response = await get(`/files/${svgHash}`, null, {
      "If-None-Match": `W/"other", "${svgHash}"`,
    });

    expect(response.status).toBe(304);
    expect(response.headers.get("ETag")).toBe(`"${svgHash}"`);
  });

  it("returns 404 for an unknown hash", async () => {
    const response = await get(`/files/${"f".repeat(64)}`, "administrator");

    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("returns 404 for a stored file that nothing references", async () => {
    const { sha256 } = await workspace.fileStore.put(Buffer.from("orphan"), "text/plain");

    expect((await get(`/files/${sha256}`)).status).toBe(404);
    expect((await get(`/files/${sha256}`, "administrator")).status).toBe(404);
  });

  it.each([["abc"], ["F".repeat(64)], ["..%2F..%2Fetc%2Fpasswd"], [`${"a".repeat(64)}.json`]])(
    "returns 400 for malformed hash %s",
    async (hash) => {
      const response = await get(`/files/${hash}`);

      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "invalid_input",
      );
    },
  );
});

describe("GET /files/:sha256 for a workspace file", () => {
  const MEMBERS: Role[] = ["agency", "supervisor", "contractor", "subcontractor", "auditor"];

  it("serves a photo original only to those who may view the project", async () => {
    const photo = await upload(
      `${base}/photos`,
      "file",
      buildTestJpeg({ seed: 41, artist: "Kim" }),
    );
    const hashes = [photo.sha256, photo.publicSha256] as string[];

    for (const hash of hashes) {
      const anonymous = await get(`/files/${hash}`);
      expect(anonymous.status, `anonymous ${hash}`).toBe(404);
      expect((await get(`/files/${hash}`, "outsider")).status, `outsider ${hash}`).toBe(404);
      for (const role of MEMBERS) {
        const response = await get(`/files/${hash}`, role);
        expect(response.status, `${role} ${hash}`).toBe(200);
        expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
      }
    }
  });

  it("serves a photo's public copy to anyone once it is published", async () => {
    const photo = await upload(`${base}/photos`, "file", buildTestJpeg({ seed: 42 }));
    await database.db
      .insertInto("photos")
      .values({
        project_id: projectId,
        id: "published-copy",
        sha256: photo.publicSha256 as string,
        source: "workspace",
      })
      .execute();

    expect((await get(`/files/${photo.publicSha256 as string}`)).status).toBe(200);
    expect((await get(`/files/${photo.sha256 as string}`)).status).toBe(404);
  });

  it("serves a document version to members and never to the public", async () => {
    const document = await upload(`${base}/documents`, "file", PDF, {
      category: "drawing",
      title: "Pump room layout",
    });
    const versions = document.versions as { sha256: string }[];
    const hash = versions[0]!.sha256;

    expect((await get(`/files/${hash}`)).status).toBe(404);
    expect((await get(`/files/${hash}`, "outsider")).status).toBe(404);
    const member = await get(`/files/${hash}`, "supervisor");
    expect(member.status).toBe(200);
    expect(Buffer.from(await member.arrayBuffer())).toEqual(PDF);
  });

  it("publishes an image document without its EXIF data", async () => {
    const original = buildTestJpeg({
      seed: 43,
      artist: "Hong Gildong",
      latitude: 37.5,
      longitude: 127,
    });
    const document = await upload(`${base}/documents`, "file", original, {
      category: "minutes",
      title: "Photo of the site meeting board",
    });
    const approve = await workspace.call(
      "agency",
      "POST",
      `${base}/documents/${document.id as number}/versions/1/approve`,
      {},
    );
    expect(approve.status, await approve.clone().text()).toBe(200);

    const published = await database.db
      .selectFrom("documents")
      .select("sha256")
      .where("project_id", "=", projectId)
      .where("id", "=", `workspace-document-${document.id as number}`)
      .executeTakeFirstOrThrow();
    const originalHash = (document.versions as { sha256: string }[])[0]!.sha256;
    expect(published.sha256).not.toBe(originalHash);

    const publicCopy = await get(`/files/${published.sha256}`);
    expect(publicCopy.status).toBe(200);
    const bytes = Buffer.from(await publicCopy.arrayBuffer());
    expect(bytes.includes("Hong Gildong")).toBe(false);
    expect(bytes.includes("Exif\0\0")).toBe(false);
    expect((await get(`/files/${originalHash}`)).status).toBe(404);
    expect((await get(`/files/${originalHash}`, "supervisor")).status).toBe(200);
  });

  it("answers a revoked token with 401", async () => {
    const response = await get(`/files/${pngHash}`, null, {
      Authorization: "Bearer ccs_not-a-real-token",
    });

    expect(response.status).toBe(401);
  });
});
