import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { sampleProject } from "./store-fixtures.js";
import { storeProject, type StoreContext } from "./store.js";

describe("storeProject with workspace rows", () => {
  let database: TestDatabase;
  let context: StoreContext;
  const project = sampleProject("oc4ids-abc123-0100");
  const id = String(project.id);

  beforeAll(async () => {
    database = await openTestDatabase();
    const run = await database.db
      .insertInto("imports")
      .values({ source: "test", status: "running" })
      .returning("id")
      .executeTakeFirstOrThrow();
    context = {
      importId: run.id,
      actor: `import:${run.id}`,
      publisher: "oc4ids-abc123",
      source: "sample.json",
      sourceSha256: "ab".repeat(32),
    };
    await storeProject(database.db, project, context);

    // Rows that approvals in the workspace publish beside the imported data.
    await database.db
      .insertInto("photos")
      .values({
        project_id: id,
        id: "workspace-photo-1",
        sha256: "cd".repeat(32),
        source: "workspace",
      })
      .execute();
    await database.db
      .insertInto("progress_observations")
      .values({
        project_id: id,
        process_id: "",
        kind: "physical",
        basis: "actual",
        observed_on: "2031-05-01",
        percent: 31.5,
        source: "workspace:daily-reports",
      })
      .execute();
    await database.db
      .insertInto("documents")
      .values({ project_id: id, process_id: "", id: "workspace-document-1", title: "Minutes" })
      .execute();
  });
  afterAll(() => database.destroy());

  it("keeps them when a new version is stored", async () => {
    const result = await storeProject(
      database.db,
      { ...project, title: "Bridge repair, second phase" },
      context,
    );
    expect(result.outcome).toBe("updated");

    const photos = await database.db
      .selectFrom("photos")
      .select("id")
      .where("project_id", "=", id)
      .execute();
    expect(photos.map((row) => row.id)).toContain("workspace-photo-1");
    const progress = await database.db
      .selectFrom("progress_observations")
      .select(["observed_on", "source"])
      .where("project_id", "=", id)
      .where("source", "=", "workspace:daily-reports")
      .execute();
    expect(progress).toEqual([{ observed_on: "2031-05-01", source: "workspace:daily-reports" }]);
    const documents = await database.db
      .selectFrom("documents")
      .select("id")
      .where("project_id", "=", id)
      .execute();
    expect(documents.map((row) => row.id)).toContain("workspace-document-1");
  });
});
