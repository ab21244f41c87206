import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, PROJECT_ROOT, type Config } from "../config.js";
import { createFileStore, type FileStore } from "../files/store.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { DemoLoadError, loadDemoIfEmpty } from "./load.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");
const hasSchema = existsSync(SCHEMA);
const NOW = new Date("2025-06-30T03:00:00Z");

function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ DATA_DIR: dataDir }), oc4idsSchema: SCHEMA, ...overrides };
}

async function countRows(database: TestDatabase, table: "projects" | "events" | "photos") {
  const row = await database.db
    .selectFrom(table)
    .select((builder) => builder.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe.skipIf(!hasSchema)("loadDemoIfEmpty on an empty database", () => {
  let database: TestDatabase;
  let dataDir: string;
  let store: FileStore;
  let result: { loaded: boolean; projects: number };

  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), "ccs-demo-"));
    store = createFileStore(dataDir);
    result = await loadDemoIfEmpty(database, testConfig(dataDir), store, { now: NOW });
  }, 60_000);

  afterAll(async () => {
    await database.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("loads 40 demo projects", async () => {
    expect(result).toEqual({ loaded: true, projects: 40 });
    expect(await countRows(database, "projects")).toBe(40);
    const flags = await database.db
      .selectFrom("projects")
      .select(["is_demo", "jurisdiction_id", "publisher"])
      .distinct()
      .execute();
    expect(flags).toEqual([{ is_demo: true, jurisdiction_id: "demo-seoul", publisher: "demo" }]);
  });

  it("inserts the demo jurisdiction", async () => {
    const jurisdiction = await database.db
      .selectFrom("jurisdictions")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(jurisdiction).toMatchObject({
      id: "demo-seoul",
      country: "KR",
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "ko",
      is_demo: true,
    });
    expect(jurisdiction.name).toEqual({
      en: "Seoul (demo)",
      ko: "서울 (데모)",
      es: "Seúl (demostración)",
    });
  });

  it("stores photos as file hashes without the server address", async () => {
    const photos = await database.db.selectFrom("photos").selectAll().execute();
    expect(photos.length).toBeGreaterThan(40);
    for (const photo of photos) {
      expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(photo.url).toBeNull();
      expect(await store.has(photo.sha256 ?? "")).toBe(true);
    }
  });

  it("stores progress and payments", async () => {
    const progress = await database.db
      .selectFrom("progress_observations")
      .select(["basis"])
      .distinct()
      .orderBy("basis")
      .execute();
    expect(progress.map((row) => row.basis)).toEqual(["actual", "planned"]);
    const payments = await database.db
      .selectFrom("transactions")
      .select(["currency"])
      .distinct()
      .execute();
    expect(payments).toEqual([{ currency: "KRW" }]);
  });

  it("does nothing on a second call", async () => {
    const events = await countRows(database, "events");

    const again = await loadDemoIfEmpty(database, testConfig(dataDir), store, { now: NOW });

    expect(again).toEqual({ loaded: false, projects: 0 });
    expect(await countRows(database, "projects")).toBe(40);
    expect(await countRows(database, "events")).toBe(events);
  });
});

describe("loadDemoIfEmpty when it must not load", () => {
  let database: TestDatabase;
  let dataDir: string;

  beforeEach(async () => {
    database = await openTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), "ccs-demo-"));
  });

  afterEach(async () => {
    await database.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("skips when the demo is turned off", async () => {
    const config = testConfig(dataDir, { loadDemo: false });

    const result = await loadDemoIfEmpty(database, config, createFileStore(dataDir));

    expect(result).toEqual({ loaded: false, projects: 0 });
    expect(await countRows(database, "projects")).toBe(0);
    expect(await database.db.selectFrom("jurisdictions").selectAll().execute()).toEqual([]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("skips when a project exists", async () => {
    await database.db
      .insertInto("projects")
      .values({ id: "oc4ids-abc123-1", publisher: "someone", title: "Existing" })
      .execute();

    const result = await loadDemoIfEmpty(database, testConfig(dataDir), createFileStore(dataDir));

    expect(result).toEqual({ loaded: false, projects: 0 });
    expect(await countRows(database, "projects")).toBe(1);
    expect(await database.db.selectFrom("jurisdictions").selectAll().execute()).toEqual([]);
  });

  it("stores no project when the import fails", async () => {
    // A schema that every project fails, so the import reports problems and rolls back.
    const schema = path.join(dataDir, "strict-schema.json");
    await writeFile(
      schema,
      JSON.stringify({
        $schema: "http://json-schema.org/draft-04/schema#",
        id: "https://example.org/strict-project-schema.json",
        type: "object",
        required: ["neverPresent"],
      }),
    );
    const config = testConfig(dataDir, { oc4idsSchema: schema });

    const error: unknown = await loadDemoIfEmpty(database, config, createFileStore(dataDir), {
      now: NOW,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DemoLoadError);
    expect((error as Error).message).toMatch(
      /failed to import against .*strict-schema\.json \(\d+ problems\)/,
    );
    expect((error as Error).message).toContain("neverPresent");
    expect(await countRows(database, "projects")).toBe(0);
    expect(await countRows(database, "photos")).toBe(0);
  });
});
