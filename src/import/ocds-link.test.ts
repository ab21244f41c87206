import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { loadCompiledRelease } from "../ocds/store.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importPackage, type ImportOptions } from "./service.js";
import type { JsonObject } from "./types.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");
const hasSchema = existsSync(SCHEMA);

const TABLES = [
  "projects",
  "project_versions",
  "contracting_processes",
  "contracts",
  "transactions",
  "progress_observations",
  "ocds_releases",
  "events",
] as const;

/** Builds an OCDS 1.0 release in GACM's shape: no parties, 1.0 transactions, progress as text. */
function release10(ocid: string, date: string, overrides: JsonObject = {}): JsonObject {
  return {
    ocid,
    id: `${ocid}-${date}`,
    date,
    tag: ["contract"],
    language: "es",
    buyer: { name: "Aeropuerto", identifier: { id: "AIR", legalName: "Aeropuerto S.A." } },
    tender: { id: "t1", title: `Obra ${ocid}`, status: "active" },
    awards: [
      {
        id: "a1",
        status: "active",
        suppliers: [{ name: "Constructora", identifier: { id: "CON", legalName: "Constructora" } }],
      },
    ],
    contracts: [
      {
        id: "c1",
        awardID: "a1",
        status: "active",
        value: { amount: 1000, currency: "MXN" },
        period: { startDate: "2016-01-01T00:00:00Z", endDate: "2018-01-01T00:00:00Z" },
        implementation: {
          transactions: [
            {
              amount: { amount: 400, currency: "MXN" },
              providerOrganization: { id: "AIR", legalName: "Aeropuerto S.A." },
              receiverOrganization: { id: "CON", legalName: "Constructora" },
            },
          ],
          milestones: [
            {
              id: "m1",
              title: "Avance Fisico c1",
              description: "45.50%",
              status: "partiallyMet",
              dateModified: "2017-07-31T05:00:00Z",
            },
          ],
        },
      },
    ],
    ...overrides,
  };
}

async function countRows(database: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  return counts;
}

describe.skipIf(!hasSchema)("OCDS link rules on import", () => {
  let database: TestDatabase;
  const attach: ImportOptions = {
    schema: SCHEMA,
    linkRule: { kind: "attach", projectId: "airport", projectTitle: "New airport" },
  };

  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.destroy();
  });

  it("attaches every process to a new project", async () => {
    const report = await importPackage(
      database,
      {
        publisher: { name: "GACM" },
        releases: [
          release10("10", "2017-03-06T00:00:00Z", {
            contracts: [{ id: "c1", value: { amount: 900, currency: "MXN" } }],
          }),
          release10("10", "2017-10-04T00:00:00Z"),
          release10("11", "2017-10-04T00:00:00Z"),
        ],
      },
      attach,
    );

    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ projectsCreated: 1, releases: 3, processesLinked: 2 });
    expect(report.warnings.filter((w) => w.code === "ocid-without-prefix")).toHaveLength(1);
    const processes = await database.db
      .selectFrom("contracting_processes")
      .select(["id", "ocid", "contract_value_amount"])
      .where("project_id", "=", "airport")
      .orderBy("id")
      .execute();
    expect(processes).toEqual([
      { id: "gacm:10", ocid: "gacm:10", contract_value_amount: 100000 },
      { id: "gacm:11", ocid: "gacm:11", contract_value_amount: 100000 },
    ]);
    const history = await database.db
      .selectFrom("ocds_releases")
      .select(["release_id"])
      .where("ocid", "=", "gacm:10")
      .execute();
    expect(history).toHaveLength(2);
  });

  it("reads payments and progress of OCDS 1.0 releases", async () => {
    const report = await importPackage(
      database,
      { publisher: { name: "GACM" }, releases: [release10("10", "2017-10-04T00:00:00Z")] },
      attach,
    );

    expect(report.problems).toEqual([]);
    const codes = report.warnings.map((warning) => warning.code);
    expect(codes).toContain("parties-built");
    expect(codes).toContain("transaction-date-assumed");
    const payment = await database.db
      .selectFrom("transactions")
      .select(["process_id", "amount", "date", "payer_id", "payee_id"])
      .executeTakeFirstOrThrow();
    expect(payment.process_id).toBe("gacm:10");
    expect(payment.amount).toBe(40000);
    expect(payment.date?.toISOString()).toBe("2017-10-04T00:00:00.000Z");
    expect(payment.payer_id).not.toBeNull();
    expect(payment.payee_id).not.toBeNull();
    const progress = await database.db
      .selectFrom("progress_observations")
      .select(["process_id", "percent", "observed_on"])
      .execute();
    expect(progress).toEqual([{ process_id: "gacm:10", percent: 45.5, observed_on: "2017-07-31" }]);
  });

  it("keeps one figure per process on a shared day", async () => {
    await importPackage(
      database,
      {
        publisher: { name: "GACM" },
        releases: [
          release10("10", "2017-10-04T00:00:00Z"),
          release10("11", "2017-10-04T00:00:00Z"),
        ],
      },
      attach,
    );
    const progress = await database.db
      .selectFrom("progress_observations")
      .select("process_id")
      .orderBy("process_id")
      .execute();
    expect(progress.map((row) => row.process_id)).toEqual(["gacm:10", "gacm:11"]);
  });

  it("warns about progress text that is not a percentage", async () => {
    const release = release10("10", "2017-10-04T00:00:00Z");
    const contract = (release.contracts as JsonObject[])[0] as JsonObject;
    (contract.implementation as JsonObject).milestones = [
      { id: "m1", title: "Avance Fisico", description: "casi listo" },
    ];
    const report = await importPackage(
      database,
      { publisher: { name: "GACM" }, releases: [release] },
      attach,
    );
    const warning = report.warnings.find((w) => w.code === "milestone-progress-unreadable");
    expect(warning?.pointer).toBe("/contracts/0/implementation/milestones/0/description");
    expect(warning?.message).toContain('"casi listo"');
    expect((await countRows(database)).progress_observations).toBe(0);
  });

  it("adds processes to an existing project", async () => {
    await importPackage(
      database,
      { projects: [{ id: "oc4ids-abc123-1", title: "Airport", status: "implementation" }] },
      { schema: SCHEMA },
    );
    const report = await importPackage(
      database,
      { releases: [release10("ocds-abc123-10", "2017-10-04T00:00:00Z")] },
      { schema: SCHEMA, linkRule: { kind: "attach", projectId: "oc4ids-abc123-1" } },
    );

    expect(report.problems).toEqual([]);
    expect(report.counts.projectsUpdated).toBe(1);
    const project = await database.db
      .selectFrom("projects")
      .select(["title", "status", "publisher"])
      .executeTakeFirstOrThrow();
    expect(project).toEqual({
      title: "Airport",
      status: "implementation",
      publisher: "oc4ids-abc123",
    });
    const versions = await database.db.selectFrom("project_versions").select("version").execute();
    expect(versions).toHaveLength(2);
  });

  it("rejects --attach-to of an unknown project", async () => {
    const report = await importPackage(
      database,
      { releases: [release10("10", "2017-10-04T00:00:00Z")] },
      { schema: SCHEMA, linkRule: { kind: "attach", projectId: "nowhere" } },
    );

    expect(report.status).toBe("failed");
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.code).toBe("attach-project-not-found");
    expect(report.problems[0]?.message).toContain("--attach-to");
    expect(report.problems[0]?.message).toContain("--project-title");
    const counts = await countRows(database);
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  });

  it("warns when a link rule finds no OCDS data", async () => {
    const report = await importPackage(
      database,
      { projects: [{ id: "oc4ids-abc123-1", title: "Airport" }] },
      attach,
    );

    expect(report.status).toBe("succeeded");
    expect(report.warnings.map((warning) => warning.code)).toEqual(["link-rule-unused"]);
    expect(report.warnings[0]?.message).toContain("--attach-to");
    expect((await countRows(database)).projects).toBe(1);
  });

  it("rejects a release without ocid and stores nothing", async () => {
    const { ocid: _ocid, ...withoutOcid } = release10("10", "2017-10-04T00:00:00Z");
    const report = await importPackage(
      database,
      { releases: [release10("11", "2017-10-04T00:00:00Z"), withoutOcid] },
      attach,
    );

    expect(report.status).toBe("failed");
    expect(report.problems.map((problem) => [problem.pointer, problem.message])).toEqual([
      ["/ocid", "an OCDS release needs an ocid"],
    ]);
    const counts = await countRows(database);
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  });

  it("makes one valid project per process", async () => {
    const report = await importPackage(
      database,
      {
        publisher: { name: "GACM" },
        releases: [
          release10("10", "2017-10-04T00:00:00Z"),
          release10("11", "2017-10-04T00:00:00Z"),
        ],
      },
      { schema: SCHEMA, linkRule: { kind: "project-per-process", prefix: "naicm" } },
    );

    expect(report.problems).toEqual([]);
    expect(report.counts.projectsCreated).toBe(2);
    const projects = await database.db
      .selectFrom("projects")
      .select(["id", "title", "status", "publisher"])
      .orderBy("id")
      .execute();
    expect(projects).toEqual([
      { id: "naicm-gacm:10", title: "Obra 10", status: "implementation", publisher: "GACM" },
      { id: "naicm-gacm:11", title: "Obra 11", status: "implementation", publisher: "GACM" },
    ]);
  });

  it("changes nothing on a second import", async () => {
    const pkg = {
      publisher: { name: "GACM" },
      releases: [release10("10", "2017-03-06T00:00:00Z"), release10("10", "2017-10-04T00:00:00Z")],
    };
    await importPackage(database, pkg, attach);
    const before = await countRows(database);
    const again = await importPackage(database, pkg, attach);

    expect(again.status).toBe("succeeded");
    expect(again.counts.projectsUnchanged).toBe(1);
    expect(await countRows(database)).toEqual(before);
  });

  it("lets the later of two same-date releases win", async () => {
    // The release ids sort the other way round, so only the reading order can decide.
    const first = release10("10", "2017-10-04T00:00:00Z", { id: "b-first" });
    const second = release10("10", "2017-10-04T00:00:00Z", {
      id: "a-second",
      tender: { title: "Segunda versión" },
    });
    await importPackage(
      database,
      { publisher: { name: "GACM" }, releases: [first, second] },
      attach,
    );

    const compiled = await loadCompiledRelease(database.db, "gacm:10");
    expect((compiled?.tender as JsonObject).title).toBe("Segunda versión");
  });

  it("keeps two publishers' bare ocids apart", async () => {
    await importPackage(
      database,
      { publisher: { name: "Ciudad A" }, releases: [release10("10", "2017-10-04T00:00:00Z")] },
      { schema: SCHEMA },
    );
    await importPackage(
      database,
      {
        publisher: { name: "Ciudad B" },
        releases: [release10("10", "2017-10-04T00:00:00Z", { tender: { title: "Otra obra" } })],
      },
      { schema: SCHEMA },
    );

    const keys = await database.db
      .selectFrom("ocds_releases")
      .select("ocid")
      .orderBy("ocid")
      .execute();
    expect(keys.map((row) => row.ocid)).toEqual(["ciudad-a:10", "ciudad-b:10"]);
    const first = await loadCompiledRelease(database.db, "ciudad-a:10");
    expect((first?.tender as JsonObject).title).toBe("Obra 10");
  });

  it("links an OCDS 1.1 record package", async () => {
    const release = {
      ...release10("ocds-abc123-7", "2020-01-01T00:00:00Z"),
      parties: [{ id: "AIR", name: "Aeropuerto", roles: ["buyer"] }],
      buyer: { id: "AIR", name: "Aeropuerto" },
    };
    const report = await importPackage(
      database,
      {
        records: [
          {
            ocid: "ocds-abc123-7",
            releases: [{ url: "https://example.org/r1", date: "2020-01-01T00:00:00Z" }],
            compiledRelease: release,
          },
        ],
      },
      attach,
    );

    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ records: 1, processesLinked: 1 });
    expect(report.warnings.map((w) => w.code)).not.toContain("ocid-without-prefix");
    const process = await database.db
      .selectFrom("contracting_processes")
      .select(["id", "procuring_entity_id"])
      .executeTakeFirstOrThrow();
    expect(process.id).toBe("ocds-abc123-7");
    expect(process.procuring_entity_id).not.toBeNull();
  });
});
