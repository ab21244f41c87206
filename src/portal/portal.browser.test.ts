import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { sampleProject } from "../projects/store-fixtures.js";
import { storeProject } from "../projects/store.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createSampleProject, createTestApp, type SampleProject } from "./testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// Written outside the tracked tree, so a test run leaves the checkout clean.
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const AXE_SOURCE_PATH = path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(
    `Skipping the portal browser test: ${CHROMIUM_PATH} is missing (apt-get install chromium).`,
  );
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns the serious and critical violations. */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: readFileSync(AXE_SOURCE_PATH, "utf8") });
  const violations = await page.evaluate(async () => {
    // axe is a global that the injected script defines.
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe;
    const results = await axe.run();
    return results.violations;
  });
  return (violations as AxeViolation[]).filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
}

function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    )
    .join("\n");
}

describe.skipIf(!hasChromium)("portal in Chromium", () => {
  let database: TestDatabase;
  let server: ServerType;
  let baseUrl: string;
  let browser: Browser;
  let sample: SampleProject;

  beforeAll(async () => {
    database = await openTestDatabase();
    sample = await createSampleProject(database, { isDemo: true });
    await createSampleProject(database, { title: "Yeouido park footbridge" });
    const app = createTestApp(database);
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
        resolve(started),
      );
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await database?.destroy();
  });

  it("home page passes axe", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${baseUrl}/`);
    expect(await page.locator("h1").textContent()).toBe("Construction Informer");
    expect(await page.locator(".result").count()).toBe(2);

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "home.png"), fullPage: true });
    await page.close();
  });

  it("project page passes axe", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${baseUrl}/projects/${sample.project.id}`);
    expect(await page.locator(".demo-banner").isVisible()).toBe(true);
    expect(await page.locator('svg[role="img"] polyline').count()).toBe(2);

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "project.png"), fullPage: true });
    await page.close();
  });

  it("record history passes axe when open", async () => {
    const id = "oc4ids-browser-0001";
    const { id: importId } = await database.db
      .insertInto("imports")
      .values({ source: "2020-03.json", status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const context = {
      importId,
      actor: `import:${importId}`,
      publisher: "oc4ids-browser",
      source: "2020-03.json",
      sourceSha256: "ab".repeat(32),
    };
    await storeProject(database.db, sampleProject(id), context);
    await storeProject(
      database.db,
      { ...sampleProject(id), budget: { amount: { amount: 1750000, currency: "USD" } } },
      context,
    );

    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${baseUrl}/projects/${id}`);
    await page.locator('section[aria-labelledby="history"] summary').first().click();
    expect(await page.getByText("budget › amount › amount").isVisible()).toBe(true);

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });

  it("search form works without script", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.fill("#filter-q", "footbridge");
    await page.click('button[type="submit"]');
    await page.waitForURL(/q=footbridge/);
    expect(await page.locator(".result").count()).toBe(1);
    expect(await page.locator(".result h3").textContent()).toBe("Yeouido park footbridge");
    await context.close();
  });
});
