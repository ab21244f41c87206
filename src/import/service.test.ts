import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import type { DB } from "../db/types.js";
import { sampleProject } from "../projects/store-fixtures.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importPackage, resolvePublisher, type ImportOptions } from "./service.js";
import type { JsonObject } from "./types.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");
const hasSchema = existsSync(SCHEMA);

const ALL_TABLES = [
  "organisations",
  "projects",
  "project_versions",
  "project_parties",
  "project_locations",
  "ocds_releases",
  "contracting_processes",
  "contracts",
  "contract_suppliers",
  "modifications",
  "progress_observations",
  "transactions",
  "documents",
  "photos",
  "events",
  "imports",
] as const satisfies readonly (keyof DB)[];

/** An OCDS release for the sample project's contracting process. */
function sampleRelease(overrides: JsonObject = {}): JsonObject {
  return {
    ocid: "ocds-abc123-cp-1",
    id: "ocds-abc123-cp-1-01",
    date: "2024-04-01T00:00:00Z",
    tag: ["contract", "implementation"],
    parties: [{ id: "builder", name: "Puentes Núñez S.A.", roles: ["supplier", "payee"] }],
    awards: [{ id: "a1", suppliers: [{ id: "builder", name: "Puentes Núñez S.A." }] }],
    contracts: [
      {
        id: "c1",
        awardID: "a1",
        status: "active",
        value: { amount: 1150000, currency: "USD" },
        implementation: {
          transactions: [
            {
              id: "p1",
              date: "2024-03-01T00:00:00Z",
              value: { amount: 100000, currency: "USD" },
              payee: { id: "builder", name: "Puentes Núñez S.A." },
            },
          ],
          milestones: [
            {
              id: "m1",
              title: "Avance Fisico de la obra",
              description: "45.50%",
              status: "met",
              dateModified: "2024-03-15T00:00:00Z",
            },
          ],
        },
        amendments: [{ id: "am1", date: "2024-03-20T00:00:00Z", rationale: "Extra piles" }],
      },
    ],
    ...overrides,
  };
}

describe.skipIf(!hasSchema)("importPackage", () => {
  let database: TestDatabase;
  const options: ImportOptions = { schema: SCHEMA };

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    for (const table of [
      "events",
      "project_versions",
      "ocds_releases",
      "projects",
      "organisations",
      "imports",
    ] as const) {
      await database.db.deleteFrom(table).execute();
    }
  });

  async function countAll(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of ALL_TABLES) {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.count);
    }
    return counts;
  }

  it("links OCDS releases to the process", async () => {
    const report = await importPackage(
      database,
      { projects: [sampleProject()], releases: [sampleRelease()] },
      options,
    );
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("succeeded");
    expect(report.counts).toMatchObject({
      projectsCreated: 1,
      releases: 1,
      processesLinked: 1,
      ocidsUnlinked: 0,
    });

    const contract = await database.db
      .selectFrom("contracts")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect([contract.id, contract.value_amount]).toEqual(["c1", 115000000]);
    const process = await database.db
      .selectFrom("contracting_processes")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(process.contract_value_amount).toBe(115000000);
    const payments = await database.db
      .selectFrom("transactions")
      .select(["id"])
      .where("process_id", "!=", "")
      .orderBy("id")
      .execute();
    expect(payments.map((row) => row.id)).toEqual(["p1", "t1"]);
    const amendment = await database.db
      .selectFrom("modifications")
      .selectAll()
      .where("id", "=", "am1")
      .executeTakeFirstOrThrow();
    expect(amendment.rationale).toBe("Extra piles");
    const progress = await database.db
      .selectFrom("progress_observations")
      .selectAll()
      .where("source", "=", "ocds")
      .executeTakeFirstOrThrow();
    expect([progress.observed_on, progress.percent, progress.process_id]).toEqual([
      "2024-03-15",
      45.5,
      "ocds-abc123-cp-1",
    ]);

    const stored = await database.db.selectFrom("imports").selectAll().executeTakeFirstOrThrow();
    expect(stored.status).toBe("succeeded");
    expect(stored.counts).toMatchObject({ projectsCreated: 1 });
  });

  it("changes nothing when imported twice", async () => {
    const pkg = { projects: [sampleProject()], releases: [sampleRelease()] };
    await importPackage(database, pkg, options);
    const before = await countAll();

    const again = await importPackage(database, pkg, options);
    expect(again.status).toBe("succeeded");
    expect(again.counts.projectsUnchanged).toBe(1);
    expect(await countAll()).toEqual({ ...before, imports: (before.imports ?? 0) + 1 });
  });

  it("stores nothing from a failing package", async () => {
    await importPackage(database, { projects: [sampleProject()] }, options);
    const before = await countAll();

    const changed = sampleProject();
    changed.title = "Renamed bridge";
    const broken = sampleProject("oc4ids-abc123-0002");
    broken.status = 42;
    const report = await importPackage(
      database,
      { projects: [changed, broken], releases: [sampleRelease()] },
      options,
    );

    expect(report.status).toBe("failed");
    expect(report.problems[0]).toMatchObject({
      projectId: "oc4ids-abc123-0002",
      pointer: "/status",
    });
    expect(await countAll()).toEqual({ ...before, imports: (before.imports ?? 0) + 1 });
    const failed = await database.db
      .selectFrom("imports")
      .selectAll()
      .where("id", "=", report.importId)
      .executeTakeFirstOrThrow();
    expect(failed.status).toBe("failed");
    expect(failed.errors).toHaveLength(report.problems.length);
    const title = await database.db
      .selectFrom("projects")
      .select("title")
      .executeTakeFirstOrThrow();
    expect(title.title).toBe("Riverside Bridge Rehabilitation");
  });

  it("rejects duplicate project ids", async () => {
    const report = await importPackage(
      database,
      { projects: [sampleProject(), sampleProject()] },
      options,
    );
    expect(report.status).toBe("failed");
    expect(report.problems.map((problem) => problem.code)).toEqual(["duplicate-project-id"]);
    expect(report.problems[0]?.message).toContain("/projects/0");
    expect((await countAll()).projects).toBe(0);
  });

  it("rejects another publisher's project", async () => {
    await importPackage(
      database,
      { publisher: { name: "Roads Agency" }, projects: [sampleProject()] },
      options,
    );
    const report = await importPackage(
      database,
      { publisher: { name: "Someone Else" }, projects: [sampleProject()] },
      options,
    );
    expect(report.problems.map((problem) => problem.code)).toEqual(["publisher-collision"]);
  });

  it("rolls back a dry run", async () => {
    const report = await importPackage(
      database,
      { projects: [sampleProject()] },
      { ...options, dryRun: true },
    );
    expect(report.status).toBe("succeeded");
    expect(report.importId).toBeNull();
    expect(report.counts.projectsCreated).toBe(1);
    expect(Object.values(await countAll()).every((count) => count === 0)).toBe(true);
  });

  it("warns about unlinked releases", async () => {
    const report = await importPackage(
      database,
      { releases: [sampleRelease({ ocid: "ocds-zzz-9" })] },
      options,
    );
    expect(report.status).toBe("succeeded");
    expect(report.counts.ocidsUnlinked).toBe(1);
    expect(report.warnings.map((warning) => warning.code)).toContain("ocds-unlinked");
    expect((await countAll()).ocds_releases).toBe(1);
  });

  // The embedded database runs one transaction at a time, so only a server can overlap them.
  it.skipIf(!process.env.DATABASE_URL)("runs overlapping imports one after the other", async () => {
    const pkg = {
      projects: [sampleProject("oc4ids-abc123-0101"), sampleProject("oc4ids-abc123-0102")],
    };
    const reports = await Promise.all([
      importPackage(database, pkg, options),
      importPackage(database, pkg, options),
    ]);
    expect(reports.map((report) => report.status)).toEqual(["succeeded", "succeeded"]);
    const created = reports.map((report) => report.counts.projectsCreated).sort();
    expect(created).toEqual([0, 2]);
    const unchanged = reports.map((report) => report.counts.projectsUnchanged).sort();
    expect(unchanged).toEqual([0, 2]);
  });

  it("warns when a release id comes again with other content", async () => {
    const first = sampleRelease({ ocid: "ocds-abc123-cp-9" });
    const second = sampleRelease({ ocid: "ocds-abc123-cp-9", tag: ["contractTermination"] });
    const report = await importPackage(database, { releases: [first, second] }, options);
    expect(report.status).toBe("succeeded");
    expect(report.warnings).toContainEqual(
      expect.objectContaining({
        code: "release-id-reused",
        ocid: "ocds-abc123-cp-9",
        pointer: "/id",
      }),
    );
    const stored = await database.db
      .selectFrom("ocds_releases")
      .select("tags")
      .where("ocid", "=", "ocds-abc123-cp-9")
      .execute();
    expect(stored).toEqual([{ tags: ["contractTermination"] }]);

    const again = await importPackage(database, { releases: [second] }, options);
    expect(again.warnings.map((warning) => warning.code)).not.toContain("release-id-reused");
  });

  it("names the pointer of a release without id", async () => {
    const release = sampleRelease();
    delete release.id;
    const report = await importPackage(database, { releases: [release] }, options);
    expect(report.status).toBe("failed");
    expect(report.problems[0]).toMatchObject({ code: "invalid-value", pointer: "/id" });
  });
});

describe("resolvePublisher", () => {
  it.each([
    [{ uid: "MX-123", name: "Agency" }, "opt", "oc4ids-abc123-1", "MX-123"],
    [{ uid: "", name: "Agency" }, "opt", "oc4ids-abc123-1", "Agency"],
    [undefined, "opt", "oc4ids-abc123-1", "opt"],
    [undefined, undefined, "oc4ids-ABC123-1", "oc4ids-abc123"],
    [undefined, undefined, "local-7", "unknown"],
  ])("picks %o, %s, %s → %s", (publisher, option, id, expected) => {
    expect(resolvePublisher(publisher, option, id)).toBe(expected);
  });
});
