import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, PASSWORD, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { isDisclosed } from "./policy.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium)
  console.warn(`Skipping the disclosure browser test: ${CHROMIUM_PATH} is missing.`);

let database: TestDatabase;
let workspace: Workspace;
let server: ServerType;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  if (!hasChromium) return;
  database = await openTestDatabase();
  await database.db
    .insertInto("jurisdictions")
    .values({
      id: "browser-city",
      name: JSON.stringify({ en: "Browser City" }),
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "en",
    })
    .execute();
  // The browser drops session cookies that expire in the past, so the clock starts now.
  workspace = await openWorkspace(database, new Date().toISOString());
  server = serve({ fetch: workspace.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await browser.close();
  server.close();
  await database.destroy();
});

describe.skipIf(!hasChromium)("disclosure policy in a browser", () => {
  it("lets an administrator make photos private", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/workspace/login?lang=en`);
    await page.fill("#field-email", workspace.emails.administrator);
    await page.fill("#field-password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(`${baseUrl}/workspace`);

    await page.goto(`${baseUrl}/workspace/jurisdictions/browser-city/disclosure?lang=en`);
    const photos = page.locator('[id="field-categories.photos"]');
    expect(await photos.isChecked()).toBe(true);
    await photos.uncheck();
    await page.click("text=Save the policy");
    await page.waitForSelector("p.saved");

    expect(await page.locator('[id="field-categories.photos"]').isChecked()).toBe(false);
    expect(await page.locator('[id="field-categories.schedule"]').isChecked()).toBe(true);
    expect(await isDisclosed(database.db, "browser-city", "photos")).toBe(false);
    await page.close();
  });
});
