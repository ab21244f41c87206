import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { importSource } from "../import/service.js";
import type { JsonObject } from "../import/types.js";
import { normaliseProject } from "../oc4ids/normalise.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { writeProjectPackage } from "./export-package.js";
import { storeProject } from "./store.js";
import { loadOc4idsValidators, type Oc4idsValidators } from "./to-oc4ids-schema.js";
import { projectToOc4ids } from "./to-oc4ids.js";

const STANDARD_DIR = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids");
const EXAMPLE = path.join(STANDARD_DIR, "examples/example.json");
const hasExample =
  existsSync(EXAMPLE) && existsSync(path.join(STANDARD_DIR, "project-schema.json"));

const NUEVO_LEON = path.resolve(PROJECT_ROOT, "../shared/data/real/mx-nuevo-leon");
const hasNuevoLeon =
  existsSync(path.join(NUEVO_LEON, "oc4ids-projects")) &&
  existsSync(path.join(STANDARD_DIR, "project-package-schema.json"));

if (!hasNuevoLeon) {
  console.warn(`Skipping the Nuevo León round trip: ${NUEVO_LEON} or the schemas are missing.`);
}

if (!hasExample) {
  console.warn(`Skipping the OC4IDS round trip: ${EXAMPLE} or its schema is missing.`);
}

describe.skipIf(!hasExample)("official example round trip", () => {
  let database: TestDatabase;
  let validators: Oc4idsValidators;
  let sources: JsonObject[];
  const exported = new Map<string, JsonObject>();

  beforeAll(async () => {
    database = await openTestDatabase();
    validators = await loadOc4idsValidators(STANDARD_DIR);
    const examplePackage = JSON.parse(await readFile(EXAMPLE, "utf8")) as {
      projects: JsonObject[];
    };
    sources = examplePackage.projects.map(
      (project, index) =>
        normaliseProject(project, { source: EXAMPLE, pointer: `/projects/${index}` }).project,
    );

    const importRow = await database.db
      .insertInto("imports")
      .values({ source: EXAMPLE, status: "running" })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const project of sources) {
      await storeProject(database.db, project, {
        importId: importRow.id,
        actor: `import:${importRow.id}`,
        publisher: "oc4ids-bu3kcz",
        source: EXAMPLE,
        sourceSha256: "00".repeat(32),
      });
      const id = String(project.id);
      const result = await projectToOc4ids(database.db, id, {
        publicBaseUrl: "https://obras.example.org",
      });
      if (result) exported.set(id, result);
    }
  });

  afterAll(async () => {
    await database.destroy();
  });

  it("exports every stored project", () => {
    expect([...exported.keys()]).toEqual(sources.map((project) => project.id));
  });

  it("exports schema-valid projects", () => {
    for (const project of exported.values()) {
      expect(validators.project(project)).toEqual([]);
    }
  });

  it("keeps the main fields", () => {
    for (const source of sources) {
      const project = exported.get(String(source.id));
      expect(project?.title).toBe(source.title);
      expect(project?.status).toBe(source.status);
      expect(project?.sector).toEqual(source.sector);
      const budget = source.budget as JsonObject | undefined;
      expect(project?.budget).toMatchObject({ amount: budget?.amount });
      expect((project?.budget as JsonObject | undefined)?.budgetBreakdowns).toEqual(
        budget?.budgetBreakdowns,
      );
      expect(project?.budget).not.toHaveProperty("budgetBreakdown");
      expect(project?.period).toEqual(source.period);
      expect(project?.publicAuthority).toEqual(source.publicAuthority);
    }
  });

  it("keeps contracting processes and parties", () => {
    for (const source of sources) {
      const project = exported.get(String(source.id));
      const ids = (items: unknown) =>
        Array.isArray(items) ? items.map((item) => (item as JsonObject).id).sort() : [];
      expect(ids(project?.contractingProcesses)).toEqual(ids(source.contractingProcesses));
      expect(ids(project?.parties)).toEqual(ids(source.parties));
      expect(ids(project?.locations)).toEqual(ids(source.locations));
    }
  });

  it("keeps contracting process summaries", () => {
    for (const source of sources) {
      const project = exported.get(String(source.id));
      const processes = (project?.contractingProcesses ?? []) as JsonObject[];
      for (const sourceProcess of (source.contractingProcesses ?? []) as JsonObject[]) {
        const process = processes.find((candidate) => candidate.id === sourceProcess.id);
        const summary = (process?.summary ?? {}) as JsonObject;
        const sourceSummary = (sourceProcess.summary ?? {}) as JsonObject;
        for (const field of ["ocid", "title", "status", "contractValue", "suppliers"]) {
          expect(summary[field], `${String(sourceProcess.id)} ${field}`).toEqual(
            sourceSummary[field],
          );
        }
      }
    }
  });
});

describe.skipIf(!hasNuevoLeon)("Nuevo León round trip", () => {
  let database: TestDatabase;
  let validators: Oc4idsValidators;
  let exportedPackage: JsonObject & { projects: JsonObject[] };

  beforeAll(async () => {
    database = await openTestDatabase();
    validators = await loadOc4idsValidators(STANDARD_DIR);
    const schema = path.join(STANDARD_DIR, "project-schema.json");
    for (const folder of ["oc4ids-projects", "ocds-record-packages"]) {
      const report = await importSource(database, path.join(NUEVO_LEON, folder), { schema });
      if (report.status !== "succeeded") {
        throw new Error(`importing ${folder} failed: ${JSON.stringify(report.problems[0])}`);
      }
    }
    const chunks: string[] = [];
    await writeProjectPackage(database.db, (chunk) => void chunks.push(chunk));
    exportedPackage = JSON.parse(chunks.join("")) as typeof exportedPackage;
  }, 300_000);

  afterAll(async () => {
    await database.destroy();
  });

  it("exports all ten projects", () => {
    const ids = exportedPackage.projects.map((project) => String(project.id));
    expect(ids.filter((id) => id.startsWith("oc4ids-gx3fo2-"))).toHaveLength(10);
  });

  it("exports a valid package", () => {
    expect(validators.projectPackage(exportedPackage)).toEqual([]);
  });

  it("exports payments from the linked OCDS records", () => {
    const payments = exportedPackage.projects.flatMap((project) =>
      ((project.contractingProcesses ?? []) as JsonObject[]).flatMap(
        (process) => ((process.summary as JsonObject | undefined)?.transactions ?? []) as unknown[],
      ),
    );
    expect(payments.length).toBeGreaterThan(0);
  });
});
