import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../files/store.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  errorSummary,
  fieldError,
  openSiteWorkspace,
  type FormFile,
  type SiteWorkspace,
} from "../workspace/site-testing.js";

let database: TestDatabase;
let site: SiteWorkspace;

beforeAll(async () => {
  database = await openTestDatabase();
  site = await openSiteWorkspace(database, "2025-03-20T09:00:00Z");
});
afterAll(() => database.destroy());

const pdf = (text: string): FormFile => ({
  name: `${text}.pdf`,
  type: "application/pdf",
  bytes: new TextEncoder().encode(`%PDF-1.7\n${text}\n%%EOF\n`),
});
const csv = (name: string, text: string): FormFile => ({
  name,
  type: "text/csv",
  bytes: new TextEncoder().encode(text),
});

async function documentRows() {
  return database.db
    .selectFrom("workspace_documents")
    .innerJoin("document_versions", "document_versions.document_id", "workspace_documents.id")
    .select(["workspace_documents.id", "document_versions.version", "document_versions.status"])
    .where("project_id", "=", site.projectId)
    .orderBy("workspace_documents.id")
    .orderBy("document_versions.version")
    .execute();
}

async function register(fields: Record<string, string | FormFile>): Promise<number> {
  const response = await site.post("contractor", `${site.base}/documents`, fields);
  expect(response.status, await response.clone().text()).toBe(303);
  const location = response.headers.get("Location") ?? "";
  expect(location).toMatch(/\/documents\/\d+$/);
  return Number(location.split("/").pop());
}

describe("document pages", () => {
  it("refuses a registration with bad fields, naming each, and stores nothing", async () => {
    const rows = await documentRows();
    const files = site.storedFiles();

    const noTitle = await site.post("contractor", `${site.base}/documents`, {
      category: "minutes",
      title: " ",
      file: pdf("site meeting"),
    });
    expect(noTitle.status).toBe(400);
    const noTitleHtml = await noTitle.text();
    expect(errorSummary(noTitleHtml)).toEqual(["Title: is missing"]);
    expect(fieldError(noTitleHtml, "title")).toBe("is missing");
    expect(noTitleHtml).toContain('value="minutes" selected');

    const executable = await site.post("contractor", `${site.base}/documents`, {
      category: "drawing",
      title: "Bridge deck plan",
      file: {
        name: "plan.pdf",
        type: "application/pdf",
        bytes: Uint8Array.from([0x4d, 0x5a, 0, 1]),
      },
    });
    expect(executable.status).toBe(400);
    const executableHtml = await executable.text();
    expect(fieldError(executableHtml, "file")).toBe(
      "plan.pdf is not a PDF, image, office, DWG or UTF-8 text file",
    );
    expect(executableHtml).toContain('value="Bridge deck plan"');

    const noCategory = await site.post("contractor", `${site.base}/documents`, {
      category: "",
      title: "Bridge deck plan",
      file: pdf("deck"),
    });
    expect(noCategory.status).toBe(400);
    expect(fieldError(await noCategory.text(), "category")).toMatch(/^must be one of drawing/);

    const noFile = await site.post("contractor", `${site.base}/documents`, {
      category: "drawing",
      title: "Bridge deck plan",
      file: { name: "", type: "application/octet-stream", bytes: new Uint8Array() },
    });
    expect(noFile.status).toBe(400);
    expect(fieldError(await noFile.text(), "file")).toBe("is missing");

    expect(await documentRows()).toEqual(rows);
    expect(site.storedFiles()).toEqual(files);
  });

  it("refuses a file over the size limit before reading it", async () => {
    const rows = await documentRows();
    const files = site.storedFiles();
    const response = await site.post(
      "contractor",
      `${site.base}/documents`,
      { category: "drawing", title: "Large survey", file: pdf("survey") },
      // Over the form's limit but under the server's limit of any multipart body.
      { contentLength: 50 * 1024 ** 2 + 100 * 1024 },
    );
    expect(response.status).toBe(413);
    expect(fieldError(await response.text(), "file")).toBe(
      `the file is larger than the limit of ${50 * 1024 ** 2} bytes`,
    );
    expect(await documentRows()).toEqual(rows);
    expect(site.storedFiles()).toEqual(files);
  });

  it("registers a document, adds a version and lets the agency decide each", async () => {
    const file = pdf("Test report: slump 80 mm");
    const id = await register({ category: "test_report", title: "Concrete slump tests", file });
    expect(site.storedFiles()).toContain(sha256Hex(file.bytes));

    const page = await (await site.get("agency", `${site.base}/documents/${id}`)).text();
    expect(page).toContain("Concrete slump tests");
    expect(page).toContain(sha256Hex(file.bytes));
    expect(page).toContain("Waiting for approval");
    expect(page).toContain("Shown on the public project page once approved.");
    expect(page).toContain(`/documents/${id}/versions/1/approve`);

    const contractorPage = await (
      await site.get("contractor", `${site.base}/documents/${id}`)
    ).text();
    expect(contractorPage).not.toContain("/versions/1/approve");

    const rejectWithoutReason = await site.post(
      "agency",
      `${site.base}/documents/${id}/versions/1/reject`,
      { reason: "" },
    );
    expect(rejectWithoutReason.status).toBe(400);
    const rejectHtml = await rejectWithoutReason.text();
    expect(fieldError(rejectHtml, "reason-1")).toBe("is missing");
    expect(errorSummary(rejectHtml)).toEqual(["Reason (Version 1): is missing"]);
    expect((await documentRows()).find((row) => row.id === id)?.status).toBe("submitted");

    const rejected = await site.post("agency", `${site.base}/documents/${id}/versions/1/reject`, {
      reason: "The slump of batch 3 is missing.",
    });
    expect(rejected.status).toBe(303);

    const second = await site.post("contractor", `${site.base}/documents/${id}/versions`, {
      note: "Batch 3 added.",
      file: pdf("Test report: slump 80 mm, batch 3 75 mm"),
    });
    expect(second.status).toBe(303);
    expect(
      (await site.post("supervisor", `${site.base}/documents/${id}/versions/2/approve`, {})).status,
    ).toBe(303);
    const approvedAgain = await site.post(
      "agency",
      `${site.base}/documents/${id}/versions/2/approve`,
      {},
    );
    expect(approvedAgain.status).toBe(409);
    expect(await approvedAgain.text()).toContain("version 2 is already approved");

    const decided = await (await site.get("contractor", `${site.base}/documents/${id}`)).text();
    expect(decided).toContain("The slump of batch 3 is missing.");
    expect(decided).toContain("Batch 3 added.");
    expect((await documentRows()).filter((row) => row.id === id).map((row) => row.status)).toEqual([
      "rejected",
      "approved",
    ]);
    const published = await database.db
      .selectFrom("documents")
      .select("title")
      .where("project_id", "=", site.projectId)
      .execute();
    expect(published.map((row) => row.title)).toContain("Concrete slump tests");
  });

  it("refuses a version note over 2000 characters", async () => {
    const id = await register({ category: "drawing", title: "Culvert section", file: pdf("c1") });
    const rows = await documentRows();
    const response = await site.post("contractor", `${site.base}/documents/${id}/versions`, {
      note: "x".repeat(2001),
      file: pdf("c2"),
    });
    expect(response.status).toBe(400);
    expect(fieldError(await response.text(), "note")).toBe("must be at most 2000 characters");
    expect(await documentRows()).toEqual(rows);
  });

  it("serves a version's file as a download to members only", async () => {
    const file = pdf("Retaining wall drawing");
    const id = await register({
      category: "drawing",
      title: "Retaining wall",
      isSensitive: "true",
      file,
    });
    const url = `${site.base}/documents/${id}/versions/1/file`;
    const download = await site.get("auditor", url);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toBe(
      "attachment; filename*=UTF-8''Retaining%20wall%20drawing.pdf",
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(file.bytes);
    expect((await site.get("outsider", url)).status).toBe(403);
    expect((await site.get(null, url)).status).toBe(303);

    const page = await (await site.get("contractor", `${site.base}/documents/${id}`)).text();
    expect(page).toContain("security-sensitive, never public");
  });

  it("keeps an approved security-sensitive approval off the public page", async () => {
    const id = await register({
      category: "approval",
      title: "Water treatment plant access approval",
      isSensitive: "true",
      file: pdf("access"),
    });
    expect(
      (await site.post("agency", `${site.base}/documents/${id}/versions/1/approve`, {})).status,
    ).toBe(303);
    const published = await database.db
      .selectFrom("documents")
      .select("id")
      .where("id", "=", `workspace-document-${id}`)
      .execute();
    expect(published).toEqual([]);
  });

  it("searches titles and text files, narrowed by category", async () => {
    await register({
      category: "minutes",
      title: "Weekly site meeting 12",
      file: csv("meeting.csv", "topic,owner\nDrainage outlet relocation,supervisor\n"),
    });
    const byText = await (
      await site.get("contractor", `${site.base}/documents?q=drainage%20OUTLET`)
    ).text();
    expect(byText).toContain("Weekly site meeting 12");
    expect(byText).not.toContain("Culvert section");

    const byCategory = await (
      await site.get("contractor", `${site.base}/documents?category=drawing`)
    ).text();
    expect(byCategory).toContain("Culvert section");
    expect(byCategory).not.toContain("Weekly site meeting 12");

    const unknown = await site.get("contractor", `${site.base}/documents?category=photos`);
    expect(unknown.status).toBe(400);
    expect(fieldError(await unknown.text(), "category")).toMatch(/^must be one of/);
  });

  it("takes as-built drawings from the prime contractor after the final inspection only", async () => {
    const asBuilt = { category: "as_built", title: "As-built road profile", file: pdf("ab") };
    const rows = await documentRows();
    const early = await site.post("contractor", `${site.base}/documents`, asBuilt);
    expect(early.status).toBe(409);
    expect(fieldError(await early.text(), "category")).toBe(
      "as-built drawings are accepted only after the final inspection is recorded",
    );
    const form = await (await site.get("contractor", `${site.base}/documents/new`)).text();
    expect(form).not.toContain('value="as_built"');

    expect((await site.post("agency", `${site.base}/final-inspection`, {})).status).toBe(303);
    const again = await site.post("agency", `${site.base}/final-inspection`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("the final inspection is already recorded");

    const bySubcontractor = await site.post("subcontractor", `${site.base}/documents`, asBuilt);
    expect(bySubcontractor.status).toBe(403);
    expect(fieldError(await bySubcontractor.text(), "category")).toBe(
      "only the prime contractor files as-built drawings",
    );
    expect(await documentRows()).toEqual(rows);

    const formAfter = await (await site.get("contractor", `${site.base}/documents/new`)).text();
    expect(formAfter).toContain('value="as_built"');
    await register(asBuilt);
  });

  it("shows categories and states in Korean", async () => {
    const page = await (await site.get("auditor", `${site.base}/documents?lang=ko`)).text();
    expect(page).toContain("시험 성적서");
    expect(page).toContain("회의록");
    expect(page).toContain("2: 승인");
  });
});
