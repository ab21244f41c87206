import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { SAMPLE_CSV, signInAs, type SignedIn } from "./testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"];
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const AXE_SOURCE_PATH = path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(
    `Skipping the mapping page browser test: ${CHROMIUM_PATH} is missing (apt-get install chromium).`,
  );
}

/** Runs axe-core in the page and returns the ids and targets of serious violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(AXE_SOURCE_PATH, "utf8") });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id} at ${JSON.stringify(violation.nodes.map((n) => n.target))}`,
    );
}

describe.skipIf(!hasChromium)("mapping page in Chromium", () => {
  let database: TestDatabase;
  let server: ServerType;
  let baseUrl: string;
  let browser: Browser;
  let admin: SignedIn;

  beforeAll(async () => {
    database = await openTestDatabase();
    admin = await signInAs(database.db, ["administrator"]);
    const dataDir = mkdtempSync(path.join(tmpdir(), "ccs-imports-browser-"));
    const app = createTestApp(database, { dataDir });
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
    await database?.close();
  });

  it("builds a mapping for a CSV and imports it", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });

    await page.goto(`${baseUrl}/workspace/login?next=%2Fworkspace%2Fimports`);
    await page.fill('input[name="email"]', admin.email);
    await page.fill('input[name="password"]', admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${baseUrl}/workspace/imports`);
    expect(await page.locator("h1").textContent()).toBe("Imports");

    await page.setInputFiles("#field-file", {
      name: "obras.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(SAMPLE_CSV, "utf8"),
    });
    await page.click('form[enctype="multipart/form-data"] button[type="submit"]');
    await page.waitForURL(/\/workspace\/imports\/uploads\/[0-9a-f]{64}$/);
    expect(await page.locator("h1").textContent()).toBe("Map obras.csv");
    expect(await page.locator("#field-project\\.id\\.column").inputValue()).toBe("codigo");
    expect(await page.locator("#field-field\\.title\\.column").inputValue()).toBe("nombre");

    await page.fill("#field-source\\.key", "test-obras");
    await page.fill("#field-source\\.asOf", "2024-05-01");
    await page.fill("#field-project\\.id\\.prefix", "oc4ids-test02");
    await page.fill("#field-project\\.currency", "ARS");
    await page.fill("#field-project\\.country", "AR");
    await page.fill("#field-project\\.publisher\\.name", "Ciudad de Prueba");

    // Choosing the stage column reloads the page with its words to translate.
    await page.selectOption("#field-field\\.status\\.column", "etapa");
    await page.waitForSelector("#field-status-code-0");
    const words = await page.locator("table.translations label").allTextContents();
    expect(words).toEqual(["En ejecución", "Finalizada", "En licitación", "Desestimada"]);
    const codes = ["implementation", "completion", "preparation", "cancelled"];
    for (const [index, code] of codes.entries()) {
      await page.selectOption(`#field-status-code-${index}`, code);
    }

    await page.selectOption("#field-field\\.budget\\.amount\\.column", "monto");
    await page.selectOption("#field-budget-amount-decimal", ",");
    await page.selectOption("#field-budget-amount-thousands", ".");
    await page.selectOption("#field-field\\.period\\.startDate\\.column", "fecha_inicio");
    await page.fill("#field-period-startDate-formats", "DD/MM/YYYY");
    await page.selectOption("#field-field\\.location\\.latitude\\.column", "lat");
    await page.selectOption("#field-location-latitude-decimal", ",");
    await page.selectOption("#field-field\\.location\\.longitude\\.column", "lng");
    await page.selectOption("#field-location-longitude-decimal", ",");

    // The script refreshes the preview without a page load.
    const preview = page.locator("#mapping-preview");
    // The last change (the longitude's decimal comma) shows once its refresh has landed.
    await expect.poll(() => preview.textContent()).toContain("-34.6037, -58.3816");
    const previewText = (await preview.textContent()) ?? "";
    expect(previewText).toContain("oc4ids-test02-1");
    expect(previewText).toContain("Under construction");
    expect(previewText).toContain("ARS");
    expect(previewText).toContain("unparseable-amount");
    expect(previewText).toContain("2023-03-05");

    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "import-mapping.png"),
      fullPage: true,
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "import-mapping-phone.png"),
      fullPage: true,
    });
    await page.setViewportSize({ width: 1100, height: 900 });

    await page.fill("#field-name", "obras-de-prueba");
    await page.click('button[value="save"]');
    await page.waitForURL(/saved=1/);
    expect(await page.locator("p.saved").textContent()).toBe("Mapping obras-de-prueba saved.");

    await page.click('button[value="dry-run"]');
    await page.waitForSelector("#dry-run");
    const dryRun = (await page.locator("#dry-run").textContent()) ?? "";
    expect(dryRun).toContain("Dry run: succeeded");
    expect(dryRun).toContain("unparseable-amount: 1");

    await page.click('#dry-run button[value="import"]');
    await page.waitForSelector('a[href="/projects/oc4ids-test02-1"]');
    expect(await page.locator("h1").textContent()).toMatch(/^Import \d+: succeeded$/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "import-result.png"), fullPage: true });

    await page.goto(`${baseUrl}/?q=Plaza+Central`);
    expect(await page.locator('a[href="/projects/oc4ids-test02-1"]').count()).toBeGreaterThan(0);

    await page.goto(`${baseUrl}/workspace/imports`);
    expect(await page.locator("#saved-mappings ~ div table").textContent()).toContain(
      "obras-de-prueba",
    );
    await page.close();
  });
});
