import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { loadCompiledRelease } from "../ocds/store.js";
import { writeProjectPackage } from "../projects/export-package.js";
import { loadOc4idsValidators } from "../projects/to-oc4ids-schema.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importSource, type ImportOptions } from "./service.js";
import type { JsonObject } from "./types.js";

const SHARED = path.resolve(PROJECT_ROOT, "../shared");
const GACM = path.join(SHARED, "data/real/mx-gacm-naicm-ocds/releases");
const NUEVO_LEON = path.join(SHARED, "data/real/mx-nuevo-leon");
const SCHEMA_DIR = path.join(SHARED, "standards/oc4ids");
const SCHEMA = path.join(SCHEMA_DIR, "project-schema.json");
const hasData = existsSync(GACM) && existsSync(NUEVO_LEON) && existsSync(SCHEMA);
if (!hasData) console.warn(`Skipping GACM import tests: ${SHARED} is absent.`);

const options: ImportOptions = {
  schema: SCHEMA,
  linkRule: { kind: "attach", projectId: "naicm", projectTitle: "Nuevo Aeropuerto" },
};

/** Figures counted straight from the raw files, independently of the importer. */
interface RawCounts {
  ocids: Set<string>;
  /** ocids that more than one file publishes. */
  republished: string[];
  payments: number;
  milestones: number;
  /** Distinct (ocid, day) pairs of milestones whose text is a percentage. */
  progressDays: number;
}

function countRawFiles(): RawCounts {
  const latest = new Map<string, JsonObject>();
  const files = new Map<string, number>();
  for (const name of readdirSync(GACM).filter((file) => file.endsWith(".json"))) {
    const release = JSON.parse(readFileSync(path.join(GACM, name), "utf8")) as JsonObject;
    const ocid = String(release.ocid);
    files.set(ocid, (files.get(ocid) ?? 0) + 1);
    const published = (release.packageInfo as JsonObject).publishedDate as string;
    const current = latest.get(ocid);
    const currentPublished = (current?.packageInfo as JsonObject | undefined)?.publishedDate;
    if (!current || published > String(currentPublished)) latest.set(ocid, release);
  }

  let payments = 0;
  let milestones = 0;
  const progressDays = new Set<string>();
  for (const [ocid, release] of latest) {
    for (const contract of (release.contracts ?? []) as JsonObject[]) {
      const implementation = (contract.implementation ?? {}) as JsonObject;
      payments += ((implementation.transactions ?? []) as unknown[]).length;
      for (const milestone of (implementation.milestones ?? []) as JsonObject[]) {
        milestones++;
        const text = milestone.description;
        if (typeof text !== "string" || !/^\d+(\.\d+)?%$/.test(text)) continue;
        const day = String(milestone.dateMet ?? milestone.dateModified ?? milestone.dueDate);
        progressDays.add(`${ocid} ${day.slice(0, 10)}`);
      }
    }
  }
  const republished = [...files].filter(([, count]) => count > 1).map(([ocid]) => ocid);
  return {
    ocids: new Set(latest.keys()),
    republished,
    payments,
    milestones,
    progressDays: progressDays.size,
  };
}

async function countRows(
  database: TestDatabase,
  table: "contracting_processes" | "transactions" | "progress_observations" | "events",
): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe.skipIf(!hasData)("GACM releases attached to one project", () => {
  let database: TestDatabase;
  let raw: RawCounts;

  beforeAll(async () => {
    database = await openTestDatabase();
    raw = countRawFiles();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("imports every process with payments and progress", async () => {
    const report = await importSource(database, GACM, options);

    expect(report.problems).toEqual([]);
    expect(report.counts.projectsCreated).toBe(1);
    expect(report.counts.processesLinked).toBe(raw.ocids.size);
    expect(raw.ocids.size).toBe(292);
    expect(await countRows(database, "contracting_processes")).toBe(raw.ocids.size);
    expect(raw.payments).toBe(298);
    expect(await countRows(database, "transactions")).toBe(raw.payments);
    const withoutCurrency = await database.db
      .selectFrom("transactions")
      .select("id")
      .where("currency", "is", null)
      .execute();
    expect(withoutCurrency).toEqual([]);
    // 298 milestones: one has no text, and six repeat another of the same process and day.
    expect(raw.milestones).toBe(298);
    expect(await countRows(database, "progress_observations")).toBe(raw.progressDays);
    const scoped = report.warnings.filter((warning) => warning.code === "ocid-without-prefix");
    expect(scoped).toHaveLength(1);
  });

  it("shows the later release and keeps both", async () => {
    expect(raw.republished).toHaveLength(10);
    expect(raw.republished).toContain("10");
    const history = await database.db
      .selectFrom("ocds_releases")
      .select(["release_id"])
      .where("ocid", "=", "gacm:10")
      .orderBy("release_id")
      .execute();
    expect(history.map((row) => row.release_id)).toEqual([
      "RELEASE_10_2017-03-06T21:30:25.373Z",
      "RELEASE_10_2017-10-04T00:53:15.398Z",
    ]);

    const compiled = await loadCompiledRelease(database.db, "gacm:10");
    const award = (compiled?.awards as JsonObject[])[0] as JsonObject;
    // The March file gives 2015-03-20; the October one corrects it to 2015-03-30.
    expect((award.contractPeriod as JsonObject).endDate).toBe("2015-03-30T06:00:00.000Z");
    const progress = await database.db
      .selectFrom("progress_observations")
      .select(["percent"])
      .where("process_id", "=", "gacm:10")
      .execute();
    expect(progress).toEqual([{ percent: 100 }]);
  });

  it("changes nothing on a second import", async () => {
    const events = await countRows(database, "events");
    const again = await importSource(database, GACM, options);

    expect(again.status).toBe("succeeded");
    expect(again.counts).toMatchObject({ projectsCreated: 0, projectsUpdated: 0 });
    expect(await countRows(database, "events")).toBe(events);
    expect(await countRows(database, "contracting_processes")).toBe(raw.ocids.size);
  });

  it("exports a valid OC4IDS package with Nuevo León", async () => {
    const nuevoLeon = await importSource(database, NUEVO_LEON, { schema: SCHEMA });
    expect(nuevoLeon.problems).toEqual([]);

    const chunks: string[] = [];
    const written = await writeProjectPackage(database.db, (chunk) => void chunks.push(chunk));
    const parsed = JSON.parse(chunks.join("")) as { projects: JsonObject[] };
    expect(written).toBe(11);
    const airport = parsed.projects.find((project) => project.id === "naicm");
    expect(airport?.contractingProcesses).toHaveLength(raw.ocids.size);

    const validators = await loadOc4idsValidators(SCHEMA_DIR);
    expect(validators.projectPackage(parsed)).toEqual([]);
  });
});
