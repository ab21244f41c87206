import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Clock } from "../accounts/clock.js";
import { loadConfig, type Config } from "../config.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import type { TestDatabase } from "./database.js";

/**
 * Builds the application over a test database, with the default configuration (demo off)
 * and a file store in a new temporary folder. A test that moves time forward gives `clock`.
 */
export function createTestApp(
  database: TestDatabase,
  overrides: Partial<Config> = {},
  options: { clock?: Clock } = {},
) {
  const config = { ...loadConfig({ LOAD_DEMO: "false" }), ...overrides };
  const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
  return createApp({ config, database, fileStore, ...options });
}
