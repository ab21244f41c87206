import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { holdRetention } from "../payments/accounts.js";
import { paymentTables } from "../payments/tables.js";
import { PASSWORD } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { openSiteWorkspace, type SiteWorkspace } from "../workspace/site-testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(`Skipping the retention page browser test: ${CHROMIUM_PATH} is missing.`);
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
  const api = async (role: "agency" | "contractor", rest: string, body?: unknown) => {
    const response = await site.app.request(`/api/v1${site.base}${rest}`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${site.workspace.tokens[role]}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBeLessThan(300);
  };
  await api("contractor", "/contracts", {
    kind: "prime",
    partyName: "Hanbit Construction",
    amount: 95_000_000,
    bankAccount: { holderName: "Hanbit", scheme: "other", identifier: "PRIME-1", agentId: null },
  });
  await api("agency", "/deposits", {
    amount: 1_000_000,
    reference: "retention-browser",
    segregatedAccount: {
      holderName: "Project",
      scheme: "other",
      identifier: "SEG-1",
      agentId: null,
    },
  });
  await holdRetention(paymentTables(database.db), {
    projectId: site.projectId,
    currency: "KRW",
    amount: 862_500,
    idempotencyKey: "retention-browser-test",
  });
  await api("agency", "/final-inspection");
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

describe.skipIf(!hasChromium)("retention page in a browser", () => {
  it("releases the retention on a phone", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/workspace/login?lang=en`);
    await page.fill("#field-email", site.workspace.emails.agency);
    await page.fill("#field-password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(`${baseUrl}/workspace`);

    await page.goto(`${baseUrl}${site.base}/retention`);
    await page.fill("#field-executionDate", "2026-12-20");
    await page.click("form.form button[type=submit]");
    await page.waitForSelector(".notice");

    expect(await page.textContent(".notice")).toBe("The retention release was sent to the bank.");
    expect(await page.textContent("main")).toContain(`retention-${site.projectId}-1`);
    const overflows = await page.evaluate<boolean>(
      "document.documentElement.scrollWidth > window.innerWidth",
    );
    expect(overflows).toBe(false);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "retention-phone.png"),
      fullPage: true,
    });
    await page.close();
  });
});
