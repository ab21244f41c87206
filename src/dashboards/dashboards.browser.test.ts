import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { openWorkspace, PASSWORD, SAMPLE_SCHEDULE, type Workspace } from "../reports/testing.js";
import { createTestUser, TEST_PASSWORD } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { addScheduledProject, expectStatus } from "./testing.js";

const CHROMIUM_PATH = "/usr/bin/chromium";
// Written outside the tracked tree, so a test run leaves the checkout clean.
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
const AXE_SOURCE_PATH = path.join(PROJECT_ROOT, "node_modules", "axe-core", "axe.min.js");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(`Skipping the dashboards browser test: ${CHROMIUM_PATH} is missing.`);
}

let database: TestDatabase;
let workspace: Workspace;
let server: ServerType;
let browser: Browser;
let baseUrl: string;
let managerEmail: string;

type Work = { itemCode: string; quantity: number }[];
const ALL_EARTHWORKS_AND_CONCRETE: Work = [
  { itemCode: "A1", quantity: 1000 },
  { itemCode: "B1", quantity: 500 },
];

/**
 * Projects of a city's road and building works on the sample schedule (March 2025 to February
 * 2027). Whatever today's date, the one with nothing done and the one with 48.72% done are
 * behind plan, and the others are not.
 */
const PROJECTS: { title: string; work?: Work; shortTerm?: boolean }[] = [
  {
    title: "Mapo-gu library extension",
    work: [...ALL_EARTHWORKS_AND_CONCRETE, { itemCode: "C1", quantity: 4000 }],
  },
  { title: "Teheran-ro road repaving", work: ALL_EARTHWORKS_AND_CONCRETE },
  {
    title: "Han River cycle bridge",
    work: [...ALL_EARTHWORKS_AND_CONCRETE, { itemCode: "C1", quantity: 3500 }],
  },
  { title: "Seongbuk-gu flood retention tank" },
  { title: "Gangseo-gu school roof repair", shortTerm: true },
];

const DAY = 86_400_000;

beforeAll(async () => {
  if (!hasChromium) return;
  database = await openTestDatabase();
  // The browser drops a session cookie once it expires, so the workspace runs on today's date.
  // The records are made 20 days before, within the 30 days that an API token lasts.
  const now = new Date();
  workspace = await openWorkspace(database, new Date(now.getTime() - 20 * DAY).toISOString());
  for (const project of PROJECTS) {
    const { id, base } = await addScheduledProject(workspace, project);
    await database.db
      .updateTable("projects")
      .set({ title: project.title })
      .where("id", "=", id)
      .execute();
    if (!project.work && !project.shortTerm) {
      await expectStatus(
        workspace.call("agency", "POST", `${base}/directives`, {
          title: "Fence the excavation",
          instruction: "Put up a fence around the open pit.",
          dueDate: new Date(now.getTime() - 10 * DAY).toISOString().slice(0, 10),
          addressedRole: "prime_contractor",
        }),
        201,
      );
      await expectStatus(
        workspace.call("contractor", "POST", `${base}/schedules`, SAMPLE_SCHEDULE),
        201,
      );
    }
    if (project.title.startsWith("Han River")) {
      const change = await expectStatus(
        workspace.call("contractor", "POST", `${base}/changes`, {
          kind: "design_change",
          description: "Deeper piles on the north bank",
          reason: "Soft ground found in the boreholes",
          costImpact: "250000000",
          currency: "KRW",
        }),
        201,
      );
      await expectStatus(
        workspace.call("supervisor", "POST", `${base}/changes/${change.id}/review`, {}),
        200,
      );
    }
  }
  // The project that openWorkspace registers for its outsider has no schedule yet.
  await database.db
    .updateTable("projects")
    .set({ title: "Dobong-gu sports centre" })
    .where("title", "like", "Riverside road widening%")
    .execute();
  workspace.clock.now = now;
  managerEmail = (await createTestUser(database.db, { jurisdictionRoles: ["agency_manager"] }))
    .email;
  // Names as a city's screens would show them.
  await database.db
    .updateTable("users")
    .set({ display_name: "Park Seo-yeon" })
    .where("email", "=", managerEmail)
    .execute();
  await database.db
    .updateTable("organisations")
    .set({ name: "Seoul Infrastructure HQ" })
    .where("name", "like", "Road Agency%")
    .execute();

  server = serve({ fetch: workspace.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}, 120_000);

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

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/workspace/login?lang=en`);
  await page.fill("#field-email", email);
  await page.fill("#field-password", password);
  await page.click("button[type=submit]");
  await page.waitForURL(`${baseUrl}/workspace`);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
}

describe.skipIf(!hasChromium)("dashboards in a browser", () => {
  it("lets an agency manager filter the all-projects view to the projects behind plan", async () => {
    for (const [width, suffix] of [
      [1280, "desktop"],
      [390, "phone"],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await signIn(page, managerEmail, TEST_PASSWORD);
      await page.click("nav.workspace-nav a[href='/workspace/overview']");
      await page.waitForURL(`${baseUrl}/workspace/overview`);
      expect(await page.textContent("h1")).toBe("All projects");
      expect(await page.locator("table tbody tr").count()).toBe(PROJECTS.length + 1);
      await shoot(page, `workspace-overview-${suffix}.png`);
      expect(await seriousViolations(page)).toEqual([]);

      await page.check("#field-behind");
      await page.selectOption("#field-sort", "difference");
      await page.click("form.search button[type=submit]");
      await page.waitForURL(/behind=1/);
      const titles = await page.locator("table tbody th a").allTextContents();
      expect(titles).toEqual(["Seongbuk-gu flood retention tank", "Teheran-ro road repaving"]);
      expect(await page.locator("table tbody .status").count()).toBe(2);
      await shoot(page, `workspace-overview-behind-${suffix}.png`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it("shows the agency official what waits for it on its home page", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, workspace.emails.agency, PASSWORD);
    expect(await page.textContent("h1")).toBe("Waiting for you");
    expect(await page.locator("ul.waiting li").count()).toBeGreaterThan(0);
    await shoot(page, "workspace-waiting-phone.png");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "workspace-waiting-phone-top.png") });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
