import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { openWorkspace, PASSWORD, type Role, type Workspace } from "../reports/testing.js";
import { requestDueEvaluations } from "../evaluations/evaluations.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const AXE_SOURCE_PATH = path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`Skipping the directive browser test: ${CHROMIUM_PATH} is missing.`);

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let database: TestDatabase;
let workspace: Workspace;
let server: ServerType;
let browser: Browser;
let baseUrl: string;
let projectId: string;
let projectPath: string;

beforeAll(async () => {
  if (!hasChromium) return;
  database = await openTestDatabase();
  // The browser drops session cookies that expire in the past, so the clock starts now.
  workspace = await openWorkspace(database, new Date().toISOString());
  projectId = await workspace.registerProject();
  projectPath = `/workspace/projects/${encodeURIComponent(projectId)}`;

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

async function signIn(role: Role, viewport = PHONE): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${baseUrl}/workspace/login?lang=en`);
  await page.fill("#field-email", workspace.emails[role]);
  await page.fill("#field-password", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${baseUrl}/workspace`);
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Returns true when the page is wider than its viewport, so a phone would scroll sideways. */
async function overflowsSideways(page: Page): Promise<boolean> {
  const widths = await page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }
    ).document.documentElement;
    return {
      page: root.scrollWidth,
      viewport: (globalThis as unknown as { innerWidth: number }).innerWidth,
    };
  });
  return widths.page > widths.viewport;
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

const byId = (id: string) => `[id="${id}"]`;

describe.skipIf(!hasChromium)("directives and changes in a browser", () => {
  it("issues and answers a directive", async () => {
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const agency = await signIn("agency");
    await agency.goto(`${baseUrl}${projectPath}`);
    await agency.click("main >> text=Work directives");
    await agency.click("text=Issue a directive");
    await agency.waitForURL(`${baseUrl}${projectPath}/directives/new`);
    await agency.fill(byId("field-instruction"), "Put up a 1.8 m fence around the pit.");
    await agency.click("form.form button[type=submit]");
    await agency.waitForSelector(".error-summary");
    expect(await agency.textContent(".error-summary")).toContain("Title: is missing");
    expect(await agency.textContent(".error-summary")).toContain("Due: is missing");
    expect(await agency.inputValue(byId("field-instruction"))).toBe(
      "Put up a 1.8 m fence around the pit.",
    );
    expect(await overflowsSideways(agency)).toBe(false);
    await shoot(agency, "directive-form-errors");
    expect(await seriousViolations(agency)).toEqual([]);

    await agency.fill(byId("field-title"), "Fence the excavation");
    await agency.fill(byId("field-dueDate"), due);
    await agency.selectOption(byId("field-addressedRole"), "prime_contractor");
    await agency.click("form.form button[type=submit]");
    await agency.waitForSelector(".directive-status");
    expect(await agency.textContent(".directive-status")).toBe("Open");
    const directiveUrl = agency.url();

    const contractor = await signIn("contractor");
    await contractor.goto(`${baseUrl}${projectPath}/directives`);
    await contractor.click("text=Fence the excavation");
    await contractor.waitForURL(directiveUrl);
    await contractor.click("form[action$='/report'] button[type=submit]");
    await contractor.waitForSelector(".error-summary");
    expect(await contractor.textContent(".error-summary")).toContain("Action report: is missing");
    await contractor.fill(byId("field-text"), "Fence up on all four sides; photo attached.");
    await contractor.fill(
      byId("field-attachmentReferences"),
      "https://photos.example.org/fence-north.jpg",
    );
    await contractor.click("form[action$='/report'] button[type=submit]");
    await contractor.waitForSelector("text=Action reported");
    expect(await contractor.textContent(".directive-status")).toBe("Answered");
    expect(await overflowsSideways(contractor)).toBe(false);
    await shoot(contractor, "directive-answered");
    expect(await seriousViolations(contractor)).toEqual([]);

    await agency.goto(directiveUrl);
    await shoot(agency, "directive-answered-agency");
    await agency.click("form[action$='/close'] button[type=submit]");
    await agency.waitForSelector("text=Accepted and closed");
    expect(await agency.textContent(".directive-status")).toBe("Closed");
    await shoot(agency, "directive-closed");
    await agency.goto(`${directiveUrl}?lang=ko`);
    expect(await agency.textContent(".directive-status")).toBe("종결");
    expect(await overflowsSideways(agency)).toBe(false);
    await shoot(agency, "directive-closed-ko");

    const desktop = await signIn("agency", DESKTOP);
    await desktop.goto(`${baseUrl}${projectPath}/directives`);
    await shoot(desktop, "directive-list-desktop");
    expect(await desktop.textContent("main table")).toContain("Closed");
  }, 90_000);

  it("requests and approves a time extension", async () => {
    const contractor = await signIn("contractor");
    await contractor.goto(`${baseUrl}${projectPath}`);
    await contractor.click("main >> text=Changes");
    await contractor.click("text=Request a time extension");
    await contractor.fill(byId("field-description"), "Extension for the rainy season");
    await contractor.fill(byId("field-reason"), "Forty days of rain stopped the earthworks.");
    // The script shows the new date as the days are typed; the preview button does without it.
    await contractor.fill(byId("field-days"), "45");
    expect(await contractor.textContent(".newCompletionDate")).toBe("2027-04-14");
    await contractor.fill(byId("field-days"), "30");
    await contractor.click("button[value=preview]");
    await contractor.waitForSelector("text=2027-03-30");
    expect(await contractor.textContent(".newCompletionDate")).toBe("2027-03-30");
    expect(await contractor.inputValue(byId("field-days"))).toBe("30");
    expect(await overflowsSideways(contractor)).toBe(false);
    await shoot(contractor, "time-extension-form");
    expect(await seriousViolations(contractor)).toEqual([]);

    await contractor.click("button[value=submit]");
    await contractor.waitForSelector(".change-status");
    expect(await contractor.textContent(".change-status")).toBe("Requested");
    const changeUrl = contractor.url();

    const supervisor = await signIn("supervisor");
    await supervisor.goto(changeUrl);
    await supervisor.click("form[action$='/review'] button[type=submit]");
    await supervisor.waitForSelector("text=Waiting for the agency official's decision.");

    const agency = await signIn("agency");
    await agency.goto(`${baseUrl}${projectPath}/changes`);
    await shoot(agency, "changes-list");
    expect(await overflowsSideways(agency)).toBe(false);
    await agency.click("main table >> text=Time extension");
    await agency.waitForURL(changeUrl);
    await agency.click("form[action$='/approve'] button[type=submit]");
    await agency.waitForSelector(".change-status >> text=Approved");
    expect(await agency.textContent(".new-completion-date")).toBe("2027-03-30");
    expect(await overflowsSideways(agency)).toBe(false);
    await shoot(agency, "time-extension-approved");
    expect(await seriousViolations(agency)).toEqual([]);

    const publicPage = await browser.newPage({ viewport: PHONE });
    await publicPage.goto(`${baseUrl}/projects/${encodeURIComponent(projectId)}?lang=en`);
    expect(await publicPage.textContent("main")).toContain("Extension for the rainy season");
  }, 90_000);

  it("records a requested evaluation", async () => {
    await requestDueEvaluations(database.db, projectId, 31, workspace.clock.now);
    const agency = await signIn("agency");
    await agency.goto(`${baseUrl}${projectPath}/evaluations`);
    expect(await overflowsSideways(agency)).toBe(false);
    await shoot(agency, "evaluation-list");
    await agency.click("main table >> text=Construction");
    await agency.fill(byId("field-scores.0.score"), "85");
    await agency.fill(byId("field-scores.1.score"), "70");
    await agency.click("form.form button[type=submit]");
    await agency.waitForSelector(".error-summary");
    expect(await agency.textContent(".error-summary")).toContain("Score 3: must be a whole number");
    await shoot(agency, "evaluation-form-errors");
    expect(await overflowsSideways(agency)).toBe(false);

    await agency.fill(byId("field-scores.2.score"), "90");
    await agency.fill(byId("field-scores.3.score"), "80");
    await agency.click("form.form button[type=submit]");
    await agency.waitForSelector(".evaluation-status >> text=Recorded");
    expect(await agency.textContent("main")).toContain("81.25");
    await shoot(agency, "evaluation-recorded");
  }, 90_000);
});
