import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createSampleProject, createTestApp } from "./testing.js";

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
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(
    `Skipping the map browser test: ${CHROMIUM_PATH} is missing (apt-get install chromium).`,
  );
}

/** A 1×1 grey PNG, served for every tile. */
const TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==",
  "base64",
);

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return (server.address() as AddressInfo).port;
}

describe.skipIf(!hasChromium)("map with a tile server", () => {
  let database: TestDatabase;
  let tileServer: Server;
  let portal: ServerType;
  let browser: Browser;
  let baseUrl: string;
  const tileRequests: string[] = [];

  beforeAll(async () => {
    tileServer = createServer((request, response) => {
      tileRequests.push(request.url ?? "");
      response.writeHead(200, { "content-type": "image/png" }).end(TILE);
    });
    const tilePort = await listen(tileServer);

    database = await openTestDatabase();
    await createSampleProject(database);
    const app = createTestApp(database, {
      mapTileUrl: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
      mapTileAttribution: "Test tiles",
    });
    portal = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => portal.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => portal?.close(resolve));
    await new Promise((resolve) => tileServer?.close(resolve));
    await database?.destroy();
  });

  it("replaces the drawn map with Leaflet, tiles and markers", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${baseUrl}/`);

    await page.locator(".leaflet-container").first().waitFor();
    await page.locator(".leaflet-marker-icon").first().waitFor();
    expect(await page.locator(".leaflet-marker-icon").count()).toBeGreaterThan(0);
    expect(await page.locator(".leaflet-control-attribution").textContent()).toContain(
      "Test tiles",
    );
    expect(tileRequests.some((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
    expect(await page.locator(".map svg").first().getAttribute("hidden")).toBe("");
    await page.close();
  });
});
