import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { loadCompiledRelease } from "../ocds/store.js";
import {
  diffProjectVersions,
  listProjectEvents,
  listProjectVersions,
} from "../projects/history.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importSource, type ImportOptions } from "./service.js";

const SHARED = path.resolve(PROJECT_ROOT, "../shared");
const NUEVO_LEON = path.join(SHARED, "data/real/mx-nuevo-leon");
const GACM = path.join(SHARED, "data/real/mx-gacm-naicm-ocds/releases");
const SCHEMA = path.join(SHARED, "standards/oc4ids/project-schema.json");
const hasData = existsSync(NUEVO_LEON) && existsSync(GACM) && existsSync(SCHEMA);
if (!hasData) console.warn(`Skipping real-data import tests: ${SHARED} is absent.`);

const options: ImportOptions = { schema: SCHEMA };

async function count(
  database: TestDatabase,
  table: "projects" | "transactions" | "ocds_releases",
): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe.skipIf(!hasData)("Nuevo León import", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("stores projects, processes and payments", async () => {
    const projects = await importSource(
      database,
      path.join(NUEVO_LEON, "oc4ids-projects"),
      options,
    );
    expect(projects.problems).toEqual([]);
    const records = await importSource(
      database,
      path.join(NUEVO_LEON, "ocds-record-packages"),
      options,
    );
    expect(records.problems).toEqual([]);

    expect(await count(database, "projects")).toBe(10);
    expect(records.counts.records).toBe(24);
    expect(records.counts.processesLinked).toBe(24);
    expect(records.counts.ocidsUnlinked).toBe(0);
    expect(records.warnings.filter((warning) => warning.code === "ocid-matched")).toHaveLength(24);
    const extensions = records.warnings.filter(
      (warning) => warning.code === "extension-listed-as-package",
    );
    expect(extensions).toHaveLength(24);

    const linked = await database.db
      .selectFrom("contracting_processes")
      .select("ocid")
      .where("ocid", "is not", null)
      .execute();
    expect(linked).toHaveLength(24);

    const payments = await database.db
      .selectFrom("transactions")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("process_id", "!=", "")
      .executeTakeFirstOrThrow();
    expect(Number(payments.count)).toBe(321);
  });

  it("leaves a repeated import unchanged", async () => {
    const eventsBefore = await database.db.selectFrom("events").select("id").execute();
    const again = await importSource(database, path.join(NUEVO_LEON, "oc4ids-projects"), options);
    const records = await importSource(
      database,
      path.join(NUEVO_LEON, "ocds-record-packages"),
      options,
    );

    expect(again.counts.projectsUnchanged).toBe(10);
    expect(records.status).toBe("succeeded");
    const eventsAfter = await database.db.selectFrom("events").select("id").execute();
    expect(eventsAfter).toHaveLength(eventsBefore.length);
  });
});

describe.skipIf(!hasData)("Nuevo León history", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("shows what changed from March to April", async () => {
    const march = await importSource(
      database,
      path.join(NUEVO_LEON, "snapshot-2020-03-25"),
      options,
    );
    expect(march.problems).toEqual([]);
    const april = await importSource(database, path.join(NUEVO_LEON, "oc4ids-projects"), options);
    expect(april.problems).toEqual([]);
    expect(april.counts).toMatchObject({ projectsCreated: 1, projectsUpdated: 9 });

    const projectId = "oc4ids-gx3fo2-000004";
    const versions = await listProjectVersions(database.db, projectId);
    expect(versions.map((version) => version.version)).toEqual([1, 2]);

    const changes = await diffProjectVersions(database.db, projectId, 1, 2);
    const pointers = changes.map((change) => change.pointer);
    expect(pointers).toContain("/updated");
    expect(pointers.some((pointer) => pointer.startsWith("/budget"))).toBe(true);

    const events = await listProjectEvents(database.db, projectId);
    const actors = new Set(events.map((event) => event.actor));
    expect(actors).toEqual(new Set([`import:${march.importId}`, `import:${april.importId}`]));
    expect(
      events.some((event) => event.entityType === "project" && event.action === "update"),
    ).toBe(true);
  });
});

describe.skipIf(!hasData)("Nuevo León whole folder", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("imports both snapshots with April current", async () => {
    const report = await importSource(database, NUEVO_LEON, options);

    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ projectsCreated: 10, projectsUpdated: 9 });
    expect(await count(database, "projects")).toBe(10);
    const processes = await database.db
      .selectFrom("contracting_processes")
      .select("id")
      .where("ocid", "is not", null)
      .execute();
    expect(processes).toHaveLength(24);
    const payments = await database.db
      .selectFrom("transactions")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("process_id", "!=", "")
      .executeTakeFirstOrThrow();
    expect(Number(payments.count)).toBe(321);

    const project = await database.db
      .selectFrom("projects")
      .select(["updated"])
      .where("id", "=", "oc4ids-gx3fo2-000004")
      .executeTakeFirstOrThrow();
    expect(project.updated?.toISOString().slice(0, 10)).toBe("2020-04-09");
  });
});

describe.skipIf(!hasData)("GACM releases import", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("stores every release and compiles the later one", async () => {
    const report = await importSource(database, GACM, options);
    expect(report.problems).toEqual([]);
    expect(report.counts.releases).toBe(302);
    expect(report.counts.ocidsUnlinked).toBe(292);
    expect(report.warnings.map((warning) => warning.code)).toContain("ocds-unlinked");

    expect(await count(database, "ocds_releases")).toBe(302);
    const ocids = await database.db.selectFrom("ocds_releases").select("ocid").distinct().execute();
    expect(ocids).toHaveLength(292);
    expect(await count(database, "projects")).toBe(0);

    // GACM's ocids have no registered prefix, so they are stored scoped by the publisher.
    const compiled = await loadCompiledRelease(database.db, "gacm:10");
    const packageInfo = compiled?.packageInfo as { publishedDate?: string } | undefined;
    expect(packageInfo?.publishedDate).toMatch(/^2017-10-04/);
  });
});
