import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../accounts/tokens.js";
import { checkMapping } from "../mapping/load.js";
import { formToDocument } from "../mapping-editor/form.js";
import { SAMPLE_CSV, sampleForm, signInAs } from "../mapping-editor/testing.js";
import { listMappings } from "../mapping/saved.js";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

describe("workspace import API", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let adminToken: string;
  let officialToken: string;
  const mapping = checkMapping(formToDocument(sampleForm("")));

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database, { dataDir: mkdtempSync(path.join(tmpdir(), "ccs-api-")) });
    const admin = await signInAs(database.db, ["administrator"]);
    const official = await signInAs(database.db, ["agency_official"]);
    adminToken = (await createApiToken(database.db, admin.userId, "test", new Date(), 1)).token;
    officialToken = (await createApiToken(database.db, official.userId, "test", new Date(), 1))
      .token;
  });

  afterAll(async () => {
    await database.close();
  });

  function upload(token: string | undefined, content: string, name = "obras.csv") {
    const body = new FormData();
    body.set("file", new File([content], name, { type: "text/csv" }));
    return app.request("/api/v1/workspace/imports/uploads", {
      method: "POST",
      body,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  }

  function json(token: string, method: string, url: string, body: unknown) {
    return app.request(`/api/v1${url}`, {
      method,
      body: JSON.stringify(body),
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    });
  }

  it("rejects an anonymous upload with 401", async () => {
    expect((await upload(undefined, SAMPLE_CSV)).status).toBe(401);
  });

  it("rejects an agency official with 403", async () => {
    expect((await upload(officialToken, SAMPLE_CSV)).status).toBe(403);
    const save = await json(officialToken, "PUT", "/workspace/imports/mappings/x", { mapping });
    expect(save.status).toBe(403);
  });

  it("rejects an empty file naming the field", async () => {
    const response = await upload(adminToken, "");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { problems: unknown[] } };
    expect(body.error.problems).toEqual([
      { path: "file", message: "obras.csv is empty (0 bytes)" },
    ]);
  });

  it("rejects an invalid mapping by field path and saves nothing", async () => {
    const broken = { ...mapping, project: { ...mapping.project, currency: "pesos" } };
    const response = await json(adminToken, "PUT", "/workspace/imports/mappings/broken", {
      mapping: broken,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { problems: { path: string }[] } };
    expect(body.error.problems[0]?.path).toBe("mapping.project.currency");
    expect((await listMappings(database)).map((saved) => saved.name)).not.toContain("broken");
  });

  it("uploads, previews, saves and imports", async () => {
    const uploaded = await upload(adminToken, SAMPLE_CSV);
    expect(uploaded.status).toBe(201);
    const { uploadId, columns } = (await uploaded.json()) as {
      uploadId: string;
      columns: string[];
    };
    expect(columns).toEqual(["codigo", "nombre", "etapa", "monto", "fecha_inicio", "lat", "lng"]);

    const preview = await json(adminToken, "POST", "/workspace/imports/preview", {
      uploadId,
      mapping,
    });
    expect(preview.status).toBe(200);
    const previewBody = (await preview.json()) as {
      rows: { projectId: string; project: { status: string } }[];
    };
    expect(previewBody.rows).toHaveLength(5);
    expect(previewBody.rows[1]?.project.status).toBe("completion");

    const missing = await json(adminToken, "POST", "/workspace/imports/preview", {
      uploadId,
      mapping: { ...mapping, fields: { ...mapping.fields, title: { column: "titulo" } } },
    });
    const missingBody = (await missing.json()) as { problems: { message: string }[] };
    expect(missingBody.problems.map((problem) => problem.message)).toContain(
      'the file has no column "titulo"',
    );

    const saved = await json(adminToken, "PUT", "/workspace/imports/mappings/api-obras", {
      mapping,
    });
    expect(saved.status).toBe(200);

    const run = await json(adminToken, "POST", "/workspace/imports/run", {
      uploadId,
      mappingName: "api-obras",
    });
    expect(run.status).toBe(200);
    const report = (await run.json()) as { status: string; projectIds: string[] };
    expect(report.status).toBe("succeeded");
    expect(report.projectIds).toContain("oc4ids-test01-5");

    const again = await json(adminToken, "POST", "/workspace/imports/run", {
      uploadId,
      mappingName: "api-obras",
    });
    expect(again.status).toBe(404);
  });

  it("describes the routes in the OpenAPI document", async () => {
    const document = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/workspace/imports/uploads",
        "/workspace/imports/preview",
        "/workspace/imports/mappings",
        "/workspace/imports/mappings/{name}",
        "/workspace/imports/run",
      ]),
    );
  });
});
