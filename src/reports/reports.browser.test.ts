import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openWorkspace, PASSWORD, SAMPLE_SCHEDULE, type Role, type Workspace } from "./testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium)
  console.warn(`Skipping the daily report browser test: ${CHROMIUM_PATH} is missing.`);

let database: TestDatabase;
let workspace: Workspace;
let server: ServerType;
let browser: Browser;
let baseUrl: string;
let projectPath: string;

beforeAll(async () => {
  if (!hasChromium) return;
  database = await openTestDatabase();
  // The browser drops session cookies that expire in the past, so the clock starts now.
  workspace = await openWorkspace(database, new Date().toISOString());
  const projectId = await workspace.registerProject();
  projectPath = `/workspace/projects/${encodeURIComponent(projectId)}`;
  const api = `/api/v1${projectPath}`;
  await workspace.call("contractor", "POST", `${api}/schedules`, SAMPLE_SCHEDULE);
  await workspace.call("agency", "POST", `${api}/schedules/1/approve`);

  server = serve({ fetch: workspace.app.fetch, port: 0, hostname: "127.0.0.1" });
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

async function signIn(role: Role): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${baseUrl}/workspace/login?lang=en`);
  await page.fill("#field-email", workspace.emails[role]);
  await page.fill("#field-password", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${baseUrl}/workspace`);
  return page;
}

const byId = (id: string) => `[id="${id}"]`;

describe.skipIf(!hasChromium)("daily reports in a phone browser", () => {
  it("lets the contractor file a report and the supervisor review it", async () => {
    const contractor = await signIn("contractor");
    await contractor.goto(`${baseUrl}${projectPath}`);
    await contractor.click("main >> text=Daily reports");
    await contractor.click("text=New daily report");
    await contractor.waitForURL(`${baseUrl}${projectPath}/reports/new`);
    await contractor.fill(byId("field-date"), "2025-03-04");
    await contractor.fill(byId("field-manpower.0.trade"), "labourer");
    await contractor.fill(byId("field-manpower.0.count"), "twelve");
    await contractor.fill(byId("field-equipment.0.kind"), "excavator");
    await contractor.fill(byId("field-equipment.0.count"), "2");
    await contractor.fill(byId("field-work.0.quantity"), "1200");
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".error-summary");
    await contractor.screenshot({
      path: path.join(SCREENSHOT_DIR, "daily-report-errors.png"),
      fullPage: true,
    });
    const summary = (await contractor.textContent(".error-summary")) ?? "";
    expect(summary).toContain("Weather: is missing");
    expect(summary).toContain("must be a whole number");
    expect(await database.db.selectFrom("daily_reports").select("id").execute()).toHaveLength(0);

    await contractor.fill(byId("field-weather"), "clear, 9 °C");
    await contractor.fill(byId("field-manpower.0.count"), "12");
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".error-summary");
    expect(await contractor.textContent(".error-summary")).toContain("exceeds the 1000 m3 left");

    await contractor.fill(byId("field-work.0.quantity"), "25.5");
    await contractor.fill(byId("field-issues"), "Water main found 1 m off the drawing.");
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".report-status");
    await contractor.screenshot({
      path: path.join(SCREENSHOT_DIR, "daily-report-submitted.png"),
      fullPage: true,
    });
    expect(await contractor.textContent(".report-status")).toBe("Submitted");
    const reportUrl = contractor.url();

    const supervisor = await signIn("supervisor");
    await supervisor.goto(reportUrl);
    await supervisor.click("form[action$='/reject'] button[type=submit]");
    await supervisor.waitForSelector(".error-summary");
    expect(await supervisor.textContent(".error-summary")).toContain("Reason: is missing");
    await supervisor.screenshot({
      path: path.join(SCREENSHOT_DIR, "daily-report-review.png"),
      fullPage: true,
    });

    await supervisor.click("form[action$='/review'] button[type=submit]");
    await supervisor.waitForSelector(".report-status");
    expect(await supervisor.textContent(".report-status")).toBe("Reviewed");
    await supervisor.screenshot({
      path: path.join(SCREENSHOT_DIR, "daily-report-reviewed.png"),
      fullPage: true,
    });
    expect(await supervisor.locator("form[action$='/approve']").count()).toBe(0);
  }, 60_000);

  it("lets the contractor submit a schedule revision", async () => {
    const contractor = await signIn("contractor");
    await contractor.goto(`${baseUrl}${projectPath}/schedule`);
    await contractor.fill("#field-items", "A1 | Earthworks | m3 | -5 | 20000");
    await contractor.fill("#field-periods", "2025-06-30 | 40\n2027-02-28 | 100");
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector(".error-summary");
    expect(await contractor.textContent(".error-summary")).toContain(
      "line 1, quantity: must be more than 0",
    );
    await contractor.screenshot({
      path: path.join(SCREENSHOT_DIR, "schedule-errors.png"),
      fullPage: true,
    });

    await contractor.fill("#field-items", "A1 | Earthworks | m3 | 1200 | 20000");
    await contractor.click("form.form button[type=submit]");
    await contractor.waitForSelector("text=Version 2: Submitted");
    await contractor.screenshot({
      path: path.join(SCREENSHOT_DIR, "schedule-submitted.png"),
      fullPage: true,
    });
    expect(await contractor.locator("form[action$='/approve']").count()).toBe(0);
    expect(await contractor.locator("#field-items").count()).toBe(0);
  }, 60_000);

  it("says a short-term project has no daily reports", async () => {
    const shortTerm = await workspace.registerProject({ shortTerm: true });
    const contractor = await signIn("contractor");
    await contractor.goto(`${baseUrl}/workspace/projects/${encodeURIComponent(shortTerm)}/reports`);
    expect(await contractor.textContent("main")).toContain(
      "This is a short-term project, so it has no daily reports.",
    );
    expect(await contractor.locator("text=New daily report").count()).toBe(0);
  }, 60_000);
});
