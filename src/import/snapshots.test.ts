import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { sampleProject } from "../projects/store-fixtures.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { importSource } from "./service.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");

/** A folder holding two snapshots of one project, the newer one under the earlier path. */
function writeSnapshots(folder: string): void {
  const april = { ...sampleProject(), updated: "2020-04-09T12:00:00Z", title: "April title" };
  const march = { ...sampleProject(), updated: "2020-03-24T12:00:00Z", title: "March title" };
  mkdirSync(path.join(folder, "a-current"), { recursive: true });
  mkdirSync(path.join(folder, "b-snapshot-march"), { recursive: true });
  writeFileSync(path.join(folder, "a-current/project.json"), JSON.stringify(april));
  writeFileSync(path.join(folder, "b-snapshot-march/project.json"), JSON.stringify(march));
}

describe.skipIf(!existsSync(SCHEMA))(
  "importing a folder of snapshots (needs ../shared/standards)",
  () => {
    let database: TestDatabase;
    let folder: string;

    beforeAll(async () => {
      database = await openTestDatabase();
      folder = mkdtempSync(path.join(tmpdir(), "ccs-snapshots-"));
      writeSnapshots(folder);
    });
    afterAll(async () => {
      await database.destroy();
      rmSync(folder, { recursive: true, force: true });
    });

    it("keeps both versions and makes the newest current", async () => {
      const report = await importSource(database, folder, { schema: SCHEMA });

      expect(report.status).toBe("succeeded");
      expect(report.counts.projectsCreated).toBe(1);
      expect(report.counts.projectsUpdated).toBe(1);
      expect(report.warnings.map((warning) => warning.code)).toContain(
        "project-version-superseded",
      );

      const project = await database.db
        .selectFrom("projects")
        .select(["title"])
        .executeTakeFirstOrThrow();
      expect(project.title).toBe("April title");

      const versions = await database.db
        .selectFrom("project_versions")
        .select(["version", "data"])
        .orderBy("version")
        .execute();
      expect(versions.map((version) => version.data.title)).toEqual(["March title", "April title"]);
    });

    it("changes nothing when the folder is imported again", async () => {
      const eventsBefore = await database.db.selectFrom("events").select("id").execute();

      const report = await importSource(database, folder, { schema: SCHEMA });

      expect(report.status).toBe("succeeded");
      expect(report.counts.projectsUnchanged).toBe(2);
      expect(report.warnings.map((warning) => warning.code)).toContain("earlier-version-skipped");
      const project = await database.db
        .selectFrom("projects")
        .select(["title"])
        .executeTakeFirstOrThrow();
      expect(project.title).toBe("April title");
      const eventsAfter = await database.db.selectFrom("events").select("id").execute();
      expect(eventsAfter).toHaveLength(eventsBefore.length);
    });
  },
);

describe.skipIf(!existsSync(SCHEMA))(
  "importing an older snapshot later (needs ../shared/standards)",
  () => {
    let database: TestDatabase;
    let folder: string;

    beforeAll(async () => {
      database = await openTestDatabase();
      folder = mkdtempSync(path.join(tmpdir(), "ccs-snapshots-"));
      writeSnapshots(folder);
    });
    afterAll(async () => {
      await database.destroy();
      rmSync(folder, { recursive: true, force: true });
    });

    it("keeps the newer stored version current", async () => {
      await importSource(database, path.join(folder, "a-current"), { schema: SCHEMA });

      const report = await importSource(database, path.join(folder, "b-snapshot-march"), {
        schema: SCHEMA,
      });

      expect(report.status).toBe("succeeded");
      expect(report.counts.projectsUnchanged).toBe(1);
      const warning = report.warnings.find((candidate) => candidate.code === "older-than-stored");
      expect(warning?.pointer).toBe("/updated");
      expect(warning?.message).toMatch(/stored version stays current/);
      const project = await database.db
        .selectFrom("projects")
        .select(["title"])
        .executeTakeFirstOrThrow();
      expect(project.title).toBe("April title");
    });
  },
);
