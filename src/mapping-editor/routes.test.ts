import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_FIELD } from "../accounts/middleware.js";
import { createAccountServices } from "../accounts/services.js";
import { loadConfig } from "../config.js";
import { createFileStore } from "../files/store.js";
import { listMappings } from "../mapping/saved.js";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createImportPagesRouter } from "./routes.js";
import { SAMPLE_CSV, sampleForm, signInAs, type SignedIn } from "./testing.js";

const MAX_UPLOAD_BYTES = 4096;

describe("import pages", () => {
  let database: TestDatabase;
  let dataDir: string;
  let app: ReturnType<typeof createTestApp>;
  let admin: SignedIn;
  let official: SignedIn;

  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), "ccs-imports-"));
    app = createTestApp(database, { dataDir });
    admin = await signInAs(database.db, ["administrator"]);
    official = await signInAs(database.db, ["agency_official"]);
  });

  afterAll(async () => {
    await database.close();
  });

  function upload(
    user: SignedIn | undefined,
    name: string,
    content: string | Uint8Array,
    csrf = true,
  ) {
    const body = new FormData();
    if (user && csrf) body.set(CSRF_FIELD, user.csrfToken);
    body.set("file", new File([content], name, { type: "text/csv" }));
    return app.request("/workspace/imports/uploads", {
      method: "POST",
      body,
      headers: user ? { Cookie: user.cookie } : {},
    });
  }

  function post(user: SignedIn, url: string, form: Record<string, string>) {
    return app.request(url, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    });
  }

  async function uploadSample(): Promise<string> {
    const response = await upload(admin, "obras.csv", SAMPLE_CSV);
    expect(response.status).toBe(303);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/workspace\/imports\/uploads\/[0-9a-f]{64}$/);
    return location;
  }

  const uploadsFolder = () => path.join(dataDir, "uploads");

  it("sends an anonymous visitor to sign in", async () => {
    const response = await app.request("/workspace/imports");
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/workspace/login?next=%2Fworkspace%2Fimports");
  });

  it("rejects an anonymous upload without storing it", async () => {
    const response = await upload(undefined, "obras.csv", SAMPLE_CSV);
    expect(response.status).toBe(303);
    expect(existsSync(uploadsFolder())).toBe(false);
  });

  it("forbids the page to an agency official", async () => {
    const response = await app.request("/workspace/imports", {
      headers: { Cookie: official.cookie },
    });
    expect(response.status).toBe(403);
  });

  it("forbids an upload by an agency official", async () => {
    const response = await upload(official, "obras.csv", SAMPLE_CSV);
    expect(response.status).toBe(403);
    expect(existsSync(uploadsFolder())).toBe(false);
  });

  it("shows the page to an administrator", async () => {
    const response = await app.request("/workspace/imports", {
      headers: { Cookie: admin.cookie },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Imports</h1>");
    expect(html).toContain('enctype="multipart/form-data"');
  });

  it("rejects an upload without the CSRF token", async () => {
    const response = await upload(admin, "obras.csv", SAMPLE_CSV, false);
    expect(response.status).toBe(403);
    expect(existsSync(uploadsFolder())).toBe(false);
  });

  it("rejects an empty file by name", async () => {
    const response = await upload(admin, "vacio.csv", "");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("vacio.csv is empty (0 bytes)");
    expect(existsSync(uploadsFolder())).toBe(false);
  });

  it("rejects a file over the size limit", async () => {
    const config = { ...loadConfig({ LOAD_DEMO: "false" }), dataDir };
    const dependencies = { config, database, fileStore: createFileStore(dataDir) };
    const limited = new Hono();
    limited.route(
      "/workspace/imports",
      createImportPagesRouter(dependencies, createAccountServices(database.db, config), {
        maxUploadBytes: MAX_UPLOAD_BYTES,
      }),
    );
    const body = new FormData();
    body.set(CSRF_FIELD, admin.csrfToken);
    body.set("file", new File(["x".repeat(MAX_UPLOAD_BYTES * 20)], "big.csv"));
    const response = await limited.request("/workspace/imports/uploads", {
      method: "POST",
      body,
      headers: { Cookie: admin.cookie },
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("larger than the limit");
    expect(existsSync(uploadsFolder())).toBe(false);
  });

  it("rejects a file that is not a spreadsheet", async () => {
    const response = await upload(admin, "photo.png", "not a sheet");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("photo.png is not a .csv or .xlsx file");
  });

  it("shows the columns of an upload with sample values", async () => {
    const location = await uploadSample();
    const response = await app.request(location, { headers: { Cookie: admin.cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Map obras.csv");
    expect(html).toContain("En ejecución · Finalizada · En licitación");
    expect(html).toContain('<option value="codigo" selected="">codigo</option>');
  });

  it("names a column the file lacks and saves nothing", async () => {
    const location = await uploadSample();
    const form: Record<string, string> = {
      ...sampleForm(admin.csrfToken, "broken"),
      action: "save",
    };
    form["field.title.column"] = "titulo";
    const response = await post(admin, location, form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("the file has no column &quot;titulo&quot;");
    expect((await listMappings(database)).map((saved) => saved.name)).not.toContain("broken");
  });

  it("reports a wrong encoding on the encoding field", async () => {
    const latin1 = Buffer.from("codigo;nombre\n1;Educación\n", "latin1");
    const response = await upload(admin, "latin.csv", latin1);
    const location = response.headers.get("Location") ?? "";
    const form = {
      ...sampleForm(admin.csrfToken),
      "source.encoding": "utf-8",
      action: "preview",
    };
    const page = await post(admin, location, form);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain(
      "latin.csv: row 2 has a byte that is not valid utf-8 (0xF3 at byte offset 23)",
    );
  });

  it("previews the first rows as projects", async () => {
    const location = await uploadSample();
    const response = await post(admin, `${location}/preview`, sampleForm(admin.csrfToken));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("oc4ids-test01-1");
    expect(html).toContain("Plaza Central");
    expect(html).toContain("2023-03-05");
    expect(html).toContain("unparseable-amount");
    expect(html).toContain("a definir");
  });

  it("saves, dry-runs and imports a mapping", async () => {
    const location = await uploadSample();
    const saved = await post(admin, location, { ...sampleForm(admin.csrfToken), action: "save" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toContain("?mapping=ba-obras-test&saved=1");
    const mappings = await listMappings(database);
    expect(mappings.map((mapping) => mapping.sourceKey)).toContain("test-ba-obras");

    const reopened = await app.request(saved.headers.get("Location") ?? "", {
      headers: { Cookie: admin.cookie },
    });
    const reopenedHtml = await reopened.text();
    expect(reopenedHtml).toContain("Mapping ba-obras-test saved.");
    expect(reopenedHtml).toContain('<option value="implementation" selected="">');

    const dryRun = await post(admin, location, {
      ...sampleForm(admin.csrfToken),
      action: "dry-run",
    });
    expect(dryRun.status).toBe(200);
    expect(await dryRun.text()).toContain("unparseable-amount</code>: 1");
    const before = await database.db.selectFrom("projects").select("id").execute();
    expect(before.filter((row) => row.id.startsWith("oc4ids-test01-"))).toHaveLength(0);

    const imported = await post(admin, location, {
      ...sampleForm(admin.csrfToken),
      action: "import",
    });
    const html = await imported.text();
    expect(imported.status).toBe(200);
    expect(html).toContain('href="/projects/oc4ids-test01-3"');
    const after = await database.db.selectFrom("projects").select(["id", "status"]).execute();
    const stored = after.filter((row) => row.id.startsWith("oc4ids-test01-"));
    expect(stored).toHaveLength(5);
    expect(existsSync(path.join(uploadsFolder(), location.split("/").pop()!))).toBe(false);
  });

  it("downloads the form's mapping as YAML", async () => {
    const location = await uploadSample();
    const response = await post(admin, location, {
      ...sampleForm(admin.csrfToken),
      action: "download",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain("ba-obras-test.yaml");
    const yaml = await response.text();
    expect(yaml).toContain("key: test-ba-obras");
    expect(yaml).toContain("En licitación: preparation");
  });
});
