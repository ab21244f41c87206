import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { PROJECT_ROOT } from "../config.js";

/** A static file held in memory with its content type and a version hash for cache busting. */
interface Asset {
  body: Uint8Array;
  contentType: string;
  version: string;
}

const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

const PORTAL_STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "static");
const LEAFLET_DIST_DIR = path.join(PROJECT_ROOT, "node_modules", "leaflet", "dist");

/** Leaflet files the map script loads; nothing else under node_modules is served. */
const LEAFLET_FILES = [
  "leaflet.js",
  "leaflet.css",
  "images/marker-icon.png",
  "images/marker-icon-2x.png",
  "images/marker-shadow.png",
  "images/layers.png",
  "images/layers-2x.png",
];

function loadAsset(file: string): Asset {
  const body = readFileSync(file);
  return {
    body,
    contentType: CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    version: createHash("sha256").update(body).digest("hex").slice(0, 12),
  };
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(PORTAL_STATIC_DIR)) {
    assets.set(name, loadAsset(path.join(PORTAL_STATIC_DIR, name)));
  }
  for (const name of LEAFLET_FILES) {
    assets.set(`leaflet/${name}`, loadAsset(path.join(LEAFLET_DIST_DIR, name)));
  }
  return assets;
}

let cache: Map<string, Asset> | undefined;

function assets(): Map<string, Asset> {
  cache ??= loadAssets();
  return cache;
}

/** Returns the URL of a static file with its content hash, so browsers may cache it for good. */
export function assetUrl(name: string): string {
  const asset = assets().get(name);
  if (!asset) throw new Error(`static file ${name} does not exist`);
  return `/static/${name}?v=${asset.version}`;
}

/** Serves the portal's CSS and script and Leaflet's files under /static/. */
export function createAssetRouter(): Hono {
  const router = new Hono();
  router.get("/static/*", (context) => {
    const name = context.req.path.slice("/static/".length);
    const asset = assets().get(name);
    if (!asset) return context.notFound();

    const versioned = context.req.query("v") === asset.version;
    context.header("Content-Type", asset.contentType);
    context.header(
      "Cache-Control",
      versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
    );
    return context.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  return router;
}
