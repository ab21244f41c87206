import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openWorkspace, ROLES, type Role, type Workspace } from "../reports/testing.js";

const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "latin1");

let database: TestDatabase;
let workspace: Workspace;
let projectId: string;
let base: string;
let counter = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-20T09:00:00Z");
  projectId = await workspace.registerProject();
  base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

/** Builds a PDF whose bytes differ from every other one made here. */
function uniquePdf(): Buffer {
  counter += 1;
  return Buffer.concat([PDF, Buffer.from(`% ${counter}\n`)]);
}

/** Sends a multipart form as `role`; a Buffer field becomes a file named `fileName`. */
async function sendForm(
  role: Role | null,
  url: string,
  fields: Record<string, string | Buffer | undefined>,
  fileName = "document.pdf",
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === "string") form.append(name, value);
    else form.append(name, new Blob([value]), fileName);
  }
  return workspace.app.request(url, {
    method: "POST",
    headers: role ? { Authorization: `Bearer ${workspace.tokens[role]}` } : {},
    body: form,
  });
}

interface DocumentBody {
  id: number;
  category: string;
  title: string;
  isSensitive: boolean;
  versions: { version: number; sha256: string; status: string; mediaType: string }[];
}

async function register(
  role: Role,
  fields: Record<string, string | Buffer | undefined> = {},
): Promise<DocumentBody> {
  const response = await sendForm(role, `${base}/documents`, {
    category: "minutes",
    title: "Site meeting minutes",
    file: uniquePdf(),
    ...fields,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as DocumentBody;
}

async function counts() {
  const documents = await database.db
    .selectFrom("workspace_documents")
    .select("id")
    .where("project_id", "=", projectId)
    .execute();
  const versions = await database.db
    .selectFrom("document_versions")
    .innerJoin("workspace_documents", "workspace_documents.id", "document_versions.document_id")
    .select("document_versions.id")
    .where("workspace_documents.project_id", "=", projectId)
    .execute();
  return { documents: documents.length, versions: versions.length };
}

async function publicDocuments() {
  return database.db
    .selectFrom("documents")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("id")
    .execute();
}

describe("document registry", () => {
  it("registers a document with its first version", async () => {
    const document = await register("contractor", { note: "Weekly meeting 3" });

    expect(document.category).toBe("minutes");
    expect(document.isSensitive).toBe(false);
    expect(document.versions).toHaveLength(1);
    expect(document.versions[0]!.status).toBe("submitted");
    expect(document.versions[0]!.mediaType).toBe("application/pdf");
    const file = await workspace.call(
      "contractor",
      "GET",
      `/files/${document.versions[0]!.sha256}`,
    );
    expect(file.status).toBe(200);
  });

  it("adds versions and keeps earlier ones", async () => {
    const document = await register("supervisor", { category: "specification" });

    const response = await sendForm("contractor", `${base}/documents/${document.id}/versions`, {
      note: "Revised concrete grade",
      file: uniquePdf(),
    });

    expect(response.status).toBe(201);
    const updated = (await response.json()) as DocumentBody;
    expect(updated.versions.map((version) => version.version)).toEqual([1, 2]);
    expect(updated.versions[0]!.sha256).toBe(document.versions[0]!.sha256);
  });

  it.each([
    ["an unknown category", { category: "letters" }, "category"],
    ["a missing title", { title: " " }, "title"],
    ["a long title", { title: "x".repeat(301) }, "title"],
    ["a bad sensitive flag", { isSensitive: "maybe" }, "isSensitive"],
    ["a missing file", { file: undefined }, "file"],
    ["an empty file", { file: Buffer.alloc(0) }, "file"],
    ["a binary file of no known type", { file: Buffer.from([0, 1, 2, 3, 0xfe]) }, "file"],
  ] as const)("rejects %s and stores nothing", async (_name, fields, path) => {
    const before = await counts();

    const response = await sendForm("contractor", `${base}/documents`, {
      category: "minutes",
      title: "Minutes",
      file: uniquePdf(),
      ...fields,
    });

    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { message: string; problems: { path: string }[] };
    };
    expect(body.error.problems[0]?.path).toBe(path);
    expect(body.error.message).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it("publishes approved minutes but not drawings or sensitive documents", async () => {
    const minutes = await register("contractor", { title: "Minutes of the kick-off meeting" });
    const drawing = await register("contractor", { category: "drawing", title: "Pier plan" });
    const secret = await register("contractor", {
      category: "approval",
      title: "Approval of the substation layout",
      isSensitive: "true",
    });
    const before = (await publicDocuments()).length;

    for (const document of [minutes, drawing, secret]) {
      const response = await workspace.call(
        "agency",
        "POST",
        `${base}/documents/${document.id}/versions/1/approve`,
      );
      expect(response.status).toBe(200);
    }

    const rows = await publicDocuments();
    expect(rows).toHaveLength(before + 1);
    const published = rows.find((row) => row.id === `workspace-document-${minutes.id}`)!;
    expect(published.sha256).toBe(minutes.versions[0]!.sha256);
    expect(published.title).toBe("Minutes of the kick-off meeting");
    const page = await (
      await workspace.app.request(`/projects/${encodeURIComponent(projectId)}`)
    ).text();
    expect(page).toContain(`/files/${minutes.versions[0]!.sha256}`);
    expect(page).not.toContain(drawing.versions[0]!.sha256);
    expect(page).not.toContain(secret.versions[0]!.sha256);
  });

  it("replaces the public copy with a newer approved version", async () => {
    const document = await register("contractor", { category: "test_report", title: "Slump test" });
    await workspace.call(
      "supervisor",
      "POST",
      `${base}/documents/${document.id}/versions/1/approve`,
    );
    const second = (await (
      await sendForm("contractor", `${base}/documents/${document.id}/versions`, {
        file: uniquePdf(),
      })
    ).json()) as DocumentBody;

    const response = await workspace.call(
      "supervisor",
      "POST",
      `${base}/documents/${document.id}/versions/2/approve`,
    );

    expect(response.status).toBe(200);
    const rows = (await publicDocuments()).filter(
      (row) => row.id === `workspace-document-${document.id}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sha256).toBe(second.versions[1]!.sha256);
  });

  it("needs a reason to reject and decides a version once", async () => {
    const document = await register("contractor");
    const url = `${base}/documents/${document.id}/versions/1`;

    const noReason = await workspace.call("agency", "POST", `${url}/reject`, { reason: "" });
    expect(noReason.status).toBe(400);
    expect(
      ((await noReason.json()) as { error: { problems: { path: string }[] } }).error.problems[0]
        ?.path,
    ).toBe("reason");
    const rejected = await workspace.call("agency", "POST", `${url}/reject`, {
      reason: "Attendance list missing",
    });
    expect(rejected.status).toBe(200);
    const body = (await rejected.json()) as DocumentBody & {
      versions: { rejectionReason: string }[];
    };
    expect(body.versions[0]!.status).toBe("rejected");
    expect(body.versions[0]!.rejectionReason).toBe("Attendance list missing");

    const again = await workspace.call("agency", "POST", `${url}/approve`);
    expect(again.status).toBe(409);
    const missing = await workspace.call(
      "agency",
      "POST",
      `${base}/documents/${document.id}/versions/9/approve`,
    );
    expect(missing.status).toBe(404);
  });

  it("searches by title, text and category", async () => {
    const text = Buffer.from("Compressive strength of cylinders from pour 14: 32 MPa\n");
    const report = await register("contractor", {
      category: "test_report",
      title: "Cylinder tests",
      file: text,
    });
    await register("contractor", { category: "drawing", title: "Retaining wall section A-A" });
    const search = async (query: string) => {
      const response = await workspace.call("auditor", "GET", `${base}/documents?${query}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as DocumentBody[]).map((document) => document.title);
    };

    expect(await search("q=retaining%20WALL")).toEqual(["Retaining wall section A-A"]);
    expect(await search("q=32%20mpa")).toEqual(["Cylinder tests"]);
    expect(await search("q=100%25")).toEqual([]);
    const reports = await search("category=test_report");
    expect(reports).toContain("Cylinder tests");
    expect(reports).not.toContain("Retaining wall section A-A");
    expect(report.versions[0]!.mediaType).toBe("text/plain; charset=utf-8");
    const bad = await workspace.call("auditor", "GET", `${base}/documents?category=letters`);
    expect(bad.status).toBe(400);
  });
});

describe("as-built drawings", () => {
  it("are accepted from the prime contractor after the final inspection", async () => {
    const project = await workspace.registerProject();
    const url = `/api/v1/workspace/projects/${encodeURIComponent(project)}`;
    const asBuilt = () => ({ category: "as_built", title: "As-built plan", file: uniquePdf() });

    const early = await sendForm("contractor", `${url}/documents`, asBuilt());
    expect(early.status).toBe(409);
    expect(
      ((await early.json()) as { error: { problems: { path: string }[] } }).error.problems[0]?.path,
    ).toBe("category");

    for (const role of ROLES.filter((role) => role !== "agency")) {
      const response = await workspace.call(role, "POST", `${url}/final-inspection`);
      expect(response.status, role).toBe(403);
    }
    expect((await workspace.call(null, "POST", `${url}/final-inspection`)).status).toBe(401);
    const inspected = await workspace.call("agency", "POST", `${url}/final-inspection`);
    expect(inspected.status).toBe(200);
    expect((await workspace.call("agency", "POST", `${url}/final-inspection`)).status).toBe(409);

    for (const role of ["agency", "supervisor", "subcontractor"] as const) {
      expect((await sendForm(role, `${url}/documents`, asBuilt())).status, role).toBe(403);
    }
    expect((await sendForm("contractor", `${url}/documents`, asBuilt())).status).toBe(201);
  });
});

describe("document permissions", () => {
  it("lets project members register and no one else", async () => {
    const before = await counts();
    const fields = () => ({ category: "minutes", title: "Minutes", file: uniquePdf() });
    expect((await sendForm(null, `${base}/documents`, fields())).status).toBe(401);
    for (const role of ["outsider", "administrator", "auditor"] as const) {
      expect((await sendForm(role, `${base}/documents`, fields())).status, role).toBe(403);
    }
    expect(await counts()).toEqual(before);
    for (const role of ["agency", "supervisor", "contractor", "subcontractor"] as const) {
      expect((await sendForm(role, `${base}/documents`, fields())).status, role).toBe(201);
    }
  });

  it("lets project members add versions and no one else", async () => {
    const document = await register("contractor");
    const url = `${base}/documents/${document.id}/versions`;
    expect((await sendForm(null, url, { file: uniquePdf() })).status).toBe(401);
    for (const role of ROLES) {
      const expected = ["outsider", "administrator", "auditor"].includes(role) ? 403 : 201;
      expect((await sendForm(role, url, { file: uniquePdf() })).status, role).toBe(expected);
    }
  });

  it("lets only the agency official and the supervisor decide", async () => {
    for (const step of ["approve", "reject"] as const) {
      const document = await register("contractor");
      const url = `${base}/documents/${document.id}/versions/1/${step}`;
      const body = { reason: "Wrong template" };
      expect((await workspace.call(null, "POST", url, body)).status).toBe(401);
      for (const role of ROLES.filter((role) => role !== "agency" && role !== "supervisor")) {
        expect((await workspace.call(role, "POST", url, body)).status, `${role} ${step}`).toBe(403);
      }
      const decider = step === "approve" ? "agency" : "supervisor";
      expect((await workspace.call(decider, "POST", url, body)).status).toBe(200);
    }
  });

  it("lets members and oversight roles read", async () => {
    const document = await register("contractor");
    for (const url of [`${base}/documents`, `${base}/documents/${document.id}`]) {
      expect((await workspace.call(null, "GET", url)).status).toBe(401);
      for (const role of ROLES) {
        const expected = role === "outsider" ? 403 : 200;
        expect((await workspace.call(role, "GET", url)).status, `${role} ${url}`).toBe(expected);
      }
    }
  });
});
