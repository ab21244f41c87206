import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { buildTestJpeg } from "../photos/testing.js";
import { PASSWORD, type Role } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openSiteWorkspace, type SiteWorkspace } from "./site-testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(
    `Skipping the document, photo and safety browser test: ${CHROMIUM_PATH} is missing.`,
  );
}

let database: TestDatabase;
let site: SiteWorkspace;
let server: ServerType;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  if (!hasChromium) return;
  database = await openTestDatabase();
  // The browser drops session cookies that expire in the past, so the clock starts now.
  site = await openSiteWorkspace(database, new Date().toISOString());
  server = serve({ fetch: site.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await browser.close();
  server.close();
  await database.destroy();
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function signIn(role: Role, viewport = PHONE): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${baseUrl}/workspace/login?lang=en`);
  await page.fill("#field-email", site.workspace.emails[role]);
  await page.fill("#field-password", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${baseUrl}/workspace`);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
const byId = (id: string) => `[id="${id}"]`;

/** Tells whether the page is wider than its viewport, which a phone shows as sideways scroll. */
const overflows = (page: Page) =>
  page.evaluate<boolean>("document.documentElement.scrollWidth > window.innerWidth");

describe.skipIf(!hasChromium)("documents, photos and safety in a browser", () => {
  it("takes uploads and an approval", async () => {
    const contractor = await signIn("contractor");
    await contractor.goto(`${baseUrl}${site.base}`);
    await contractor.click("main >> text=Site photos");
    await contractor.waitForURL(`${baseUrl}${site.base}/photos`);
    await contractor.setInputFiles(byId("field-file"), {
      name: "north-abutment.jpg",
      mimeType: "image/jpeg",
      buffer: buildTestJpeg({
        seed: 7,
        dateTimeOriginal: "2025:03:19 14:05:00",
        offsetTimeOriginal: "+09:00",
        latitude: 37.56655,
        longitude: 126.97801,
      }),
    });
    await contractor.fill(byId("field-caption"), "North abutment, rebar before the pour");
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".saved");
    expect(await contractor.textContent(".saved")).toBe("Photos uploaded: 1.");
    expect(await contractor.textContent(".photo-taken")).toBe("2025-03-19 05:05 UTC");
    expect(await overflows(contractor)).toBe(false);
    await shot(contractor, "site-photos-phone");

    await contractor.setInputFiles(byId("field-file"), {
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a photo"),
    });
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".error-summary");
    expect(await contractor.textContent(byId("field-file-error"))).toBe(
      "notes.txt is not a JPEG, PNG or WebP image",
    );

    await contractor.click("main >> nav >> text=Documents");
    await contractor.waitForURL(`${baseUrl}${site.base}/documents`);
    expect(await contractor.textContent("main")).toContain("No document matches.");
    await contractor.click("text=Register a document");
    await contractor.selectOption(byId("field-category"), "test_report");
    await contractor.setInputFiles(byId("field-file"), {
      name: "slump-tests.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.7\nslump 80 mm\n%%EOF\n"),
    });
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".error-summary");
    expect(await contractor.textContent(".error-summary")).toContain("Title: is missing");
    expect(await contractor.inputValue(byId("field-category"))).toBe("test_report");
    await shot(contractor, "document-form-errors-phone");
    await contractor.fill(byId("field-title"), "Concrete slump tests, deck pour 1");
    await contractor.setInputFiles(byId("field-file"), {
      name: "slump-tests.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.7\nslump 80 mm\n%%EOF\n"),
    });
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".version-status");
    expect(await contractor.textContent(".version-status")).toBe("Waiting for approval");
    expect(await overflows(contractor)).toBe(false);
    await shot(contractor, "document-submitted-phone");
    const documentUrl = contractor.url();
    await contractor.click("main >> nav >> text=Documents");
    await contractor.waitForURL(`${baseUrl}${site.base}/documents`);
    expect(await overflows(contractor)).toBe(false);
    await shot(contractor, "documents-registry-phone");

    const agency = await signIn("agency", DESKTOP);
    await agency.goto(documentUrl);
    await agency.click("form[action$='/approve'] button[type=submit]");
    await agency.waitForSelector(".status-approved");
    expect(await agency.textContent(".version-status")).toBe("Approved");
    await shot(agency, "document-approved");
    await agency.goto(`${baseUrl}${site.base}/documents`);
    expect(await agency.textContent("table.documents")).toContain("1: Approved");
    await shot(agency, "documents-registry");
  }, 90_000);

  it("records an inspection with a finding", async () => {
    const supervisor = await signIn("supervisor");
    await supervisor.goto(`${baseUrl}${site.base}/safety`);
    await supervisor.click("text=Record an inspection");
    await supervisor.selectOption(byId("field-items.0.result"), "pass");
    await supervisor.selectOption(byId("field-items.1.result"), "fail");
    await supervisor.click("form.form button[type=submit]");
    await supervisor.waitForSelector(".error-summary");
    expect(await supervisor.textContent(".error-summary")).toContain(
      "Scaffolding inspected and tagged, Corrective action: is missing for a failed item",
    );
    expect(await overflows(supervisor)).toBe(false);
    await shot(supervisor, "safety-inspection-errors-phone");
    await supervisor.locator(byId("field-items.0.result")).scrollIntoViewIfNeeded();
    await supervisor.evaluate("window.scrollBy(0, 60)");
    await supervisor.screenshot({
      path: path.join(SCREENSHOT_DIR, "safety-inspection-failed-item-phone.png"),
    });

    await supervisor.fill(
      byId("field-items.1.correctiveAction"),
      "Tag the scaffold on the east face after inspection.",
    );
    await supervisor.selectOption(byId("field-items.1.responsibleOrganisationId"), {
      index: 1,
    });
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await supervisor.fill(byId("field-items.1.deadline"), deadline);
    await supervisor.click("form.form button[type=submit]");
    await supervisor.waitForSelector("table.checklist-results");
    expect(await supervisor.textContent("table.checklist-results")).toContain("Fail");
    await shot(supervisor, "safety-inspection-phone");

    await supervisor.click("main >> nav >> text=Safety");
    await supervisor.waitForURL(`${baseUrl}${site.base}/safety`);
    await supervisor.click("text=Report an incident");
    await supervisor.selectOption(byId("field-kind"), "near_miss");
    await supervisor.selectOption(byId("field-severity"), "minor");
    await supervisor.fill(byId("field-description"), "A pallet fell from the hoist.");
    await supervisor.fill(byId("field-injuries"), "none");
    await supervisor.fill(byId("field-actions"), "Hoist load limit posted.");
    await supervisor.click("form.form button[type=submit]");
    await supervisor.waitForSelector(".error-summary");
    expect(await supervisor.textContent(byId("field-injuries-error"))).toBe(
      "must be a whole number",
    );
    await supervisor.fill(byId("field-injuries"), "0");
    await supervisor.click("form.form button[type=submit]");
    await supervisor.waitForSelector("table.incidents");
    expect(await supervisor.textContent("table.incidents")).toContain("Near miss");
    expect(await supervisor.textContent("table.findings")).toContain(
      "Scaffolding inspected and tagged",
    );
    expect(await overflows(supervisor)).toBe(false);
    await shot(supervisor, "safety-overview-phone");

    const contractor = await signIn("contractor");
    await contractor.goto(`${baseUrl}${site.base}/safety`);
    await contractor.click("table.findings >> text=Scaffolding inspected and tagged");
    await contractor.fill(byId("field-action"), "East face scaffold inspected and tagged.");
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".finding-status.status-action_reported");
    expect(await contractor.textContent(".finding-status")).toBe("Action reported");
    expect(await overflows(contractor)).toBe(false);
    await shot(contractor, "safety-finding-phone");
  }, 90_000);
});
