import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { PASSWORD } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openSiteWorkspace, type SiteWorkspace } from "../workspace/site-testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(`Skipping the card-reader import browser test: ${CHROMIUM_PATH} is missing.`);
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
  const response = await site.app.request(`/api/v1${site.base}/workers`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${site.workspace.tokens.contractor}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      reference: "C-1001",
      name: "Worker One",
      identityNumber: "800101-100111",
      phone: null,
      dailyRate: 120_000,
      bankAccount: { holderName: "Worker One", scheme: "other", identifier: "A-1", agentId: null },
    }),
  });
  expect(response.status).toBe(201);
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

describe.skipIf(!hasChromium)("card-reader import in a browser", () => {
  it("checks an export on a phone and shows its report", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/workspace/login?lang=en`);
    await page.fill("#field-email", site.workspace.emails.subcontractor);
    await page.fill("#field-password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(`${baseUrl}/workspace`);

    await page.goto(`${baseUrl}${site.base}/attendance-import`);
    await page.setInputFiles("#field-file", {
      name: "gate.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        [
          "Badge;Event;Reader",
          "C-1001;2025-03-10 07:30;Gate In",
          "C-1001;2025-03-10 16:45;Gate Out",
          "C-9999;2025-03-10 07:40;Gate In",
        ].join("\n"),
      ),
    });
    await page.check("input[name=dryRun]");
    await page.fill("#field-cardColumn", "Badge");
    await page.fill("#field-timeColumn", "Event");
    await page.fill("#field-readerColumn", "Reader");
    await page.fill("#field-entryReaders", "Gate In");
    await page.fill("#field-exitReaders", "Gate Out");
    await page.click("form.form button[type=submit]");
    await page.waitForSelector("#import-report");

    expect(await page.textContent("#import-report")).toBe("Checked: nothing was recorded.");
    expect(await page.textContent("main")).toContain(
      "unknown card: C-9999 is not a worker of this project",
    );
    expect(await page.inputValue("#field-cardColumn")).toBe("Badge");
    expect(await page.isChecked("input[name=dryRun]")).toBe(true);
    const overflows = await page.evaluate<boolean>(
      "document.documentElement.scrollWidth > window.innerWidth",
    );
    expect(overflows).toBe(false);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "attendance-import-phone.png"),
      fullPage: true,
    });
    await page.close();
  });
});
