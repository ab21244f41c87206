import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { importSource } from "../import/service.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createTestApp } from "./testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"];
// Written outside the tracked tree, so a test run leaves the checkout clean.
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const AXE_SOURCE_PATH = path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");
const SHARED = path.resolve(PROJECT_ROOT, "../shared");
const GACM = path.join(SHARED, "data/real/mx-gacm-naicm-ocds/releases");
const SCHEMA = path.join(SHARED, "standards/oc4ids/project-schema.json");

const canRun = existsSync(CHROMIUM_PATH) && existsSync(GACM) && existsSync(SCHEMA);
if (!canRun) console.warn(`Skipping the GACM browser test: Chromium or ${SHARED} is missing.`);

/** Runs axe-core in the page and returns the ids of serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(AXE_SOURCE_PATH, "utf8") });
  const violations = await page.evaluate(async () => {
    // axe is a global that the injected script defines.
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run()).violations as { id: string; impact: string | null }[];
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => violation.id);
}

describe.skipIf(!canRun)("airport project in Chromium", () => {
  let database: TestDatabase;
  let server: ServerType;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    database = await openTestDatabase();
    const report = await importSource(database, GACM, {
      schema: SCHEMA,
      linkRule: {
        kind: "attach",
        projectId: "mx-gacm-naicm",
        projectTitle: "Nuevo Aeropuerto Internacional de la Ciudad de México",
      },
    });
    expect(report.problems).toEqual([]);
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

  it("project page passes axe", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${baseUrl}/projects/mx-gacm-naicm?processes=2`);
    expect(await page.locator("#processes + p").textContent()).toContain(
      "292 contracting processes.",
    );
    expect(await page.locator("#processes ~ .table-scroll tbody tr").count()).toBe(25);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "airport.png"), fullPage: true });
    await page
      .locator('section[aria-labelledby="processes"]')
      .screenshot({ path: path.join(SCREENSHOT_DIR, "airport-processes.png") });
    await page.close();
  });

  it("process page passes axe", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${baseUrl}/projects/mx-gacm-naicm/processes/gacm%3A10`);
    expect(await page.locator("#releases ~ .table-scroll tbody tr").count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "airport-process.png"),
      fullPage: true,
    });
    await page.close();
  });
});
