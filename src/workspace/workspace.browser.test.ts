import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { createTestApp } from "../testing/app.js";
import { createTestUser, TEST_PASSWORD } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
// Written outside the tracked tree, so a test run leaves the checkout clean.
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const AXE_SOURCE_PATH = path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(`Skipping the workspace browser test: ${CHROMIUM_PATH} is missing.`);
}

let database: TestDatabase;
let server: ServerType;
let browser: Browser;
let baseUrl: string;
let email: string;

beforeAll(async () => {
  if (!hasChromium) return;
  database = await openTestDatabase();
  const agency = await createOrganisation(database.db, { name: "Seoul Infrastructure HQ" });
  email = (
    await createTestUser(database.db, {
      jurisdictionRoles: ["agency_official"],
      organisationId: agency.id,
    })
  ).email;
  const app = createTestApp(database);
  server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
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

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(AXE_SOURCE_PATH, "utf8") });
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run()).violations;
  })) as { id: string; impact: string | null }[];
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => violation.id);
}

describe.skipIf(!hasChromium)("workspace in a phone browser", () => {
  it("signs in and registers a project with per-field errors", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/workspace/login?lang=ko`);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "workspace-login-ko.png"),
      fullPage: true,
    });
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/workspace/login?lang=en`);
    await page.fill("#field-email", email);
    await page.fill("#field-password", TEST_PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(`${baseUrl}/workspace`);

    await page.goto(`${baseUrl}/workspace/projects/new`);
    await page.fill("#field-contractAmount", "1,5 billion");
    await page.fill("#field-startDate", "2026-05-01");
    await page.fill("#field-plannedCompletionDate", "2027-12-31");
    await page.click("form.form button[type=submit]");
    await page.waitForSelector(".error-summary");
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "workspace-register-errors.png"),
      fullPage: true,
    });
    expect(await page.textContent(".error-summary")).toContain("Title");
    expect(await page.textContent(".error-summary")).toContain("Contract amount");
    expect(await seriousViolations(page)).toEqual([]);

    await page.fill("#field-title", "Mapo-gu library extension");
    await page.fill("#field-contractAmount", "1500000000");
    await page.click("form.form button[type=submit]");
    await page.waitForURL(/\/workspace\/projects\/ccs-/);
    expect(await page.textContent("h1")).toBe("Mapo-gu library extension");
    expect(await page.textContent("main")).toContain("Long-term");
    await page.close();
  }, 60_000);
});
