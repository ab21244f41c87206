import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { FileStore } from "../files/store.js";
import { importPackage } from "../import/service.js";
import { log } from "../log.js";
import { DEMO_PUBLISHER, generateDemoPackage, type DemoOutput } from "./generate.js";

/** Raised when the demo package fails to import. The message lists the first problems. */
export class DemoLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoLoadError";
  }
}

/** The `/files/<sha256>` ending of a photo URL that points into the file store. */
const STORED_FILE_URL = /\/files\/([0-9a-f]{64})$/;

/**
 * Loads the demo jurisdiction when `config.loadDemo` is set and the `projects` table is empty,
 * so the first look at a new installation is never an empty page.
 *
 * Stores the photos, inserts the jurisdiction row (`is_demo`), then imports the package through
 * the import service with `isDemo` and actor "system". The demo is generated as of today, and
 * its URLs use `config.publicUrl` or `http://localhost:<port>`. Returns `loaded: false` and
 * changes nothing when the demo is off or a project exists. Throws DemoLoadError when the
 * import fails; the import is then rolled back, and a later start tries again.
 */
export async function loadDemoIfEmpty(
  database: Database,
  config: Config,
  fileStore: FileStore,
  options: { now?: Date } = {},
): Promise<{ loaded: boolean; projects: number }> {
  if (!config.loadDemo) return { loaded: false, projects: 0 };
  const existing = await database.db.selectFrom("projects").select("id").limit(1).execute();
  if (existing.length > 0) return { loaded: false, projects: 0 };

  const demo = generateDemoPackage({
    now: options.now ?? new Date(),
    baseUrl: config.publicUrl ?? `http://localhost:${config.port}`,
  });
  for (const photo of demo.photos) await fileStore.put(photo.bytes, photo.contentType);
  await insertJurisdiction(database, demo.jurisdiction);

  const report = await importPackage(database, demo.package, {
    schema: config.oc4idsSchema,
    jurisdictionId: demo.jurisdiction.id,
    isDemo: true,
    actor: "system",
    publisher: DEMO_PUBLISHER.uid,
    sourceName: "demo",
  });
  if (report.status !== "succeeded") {
    const problems = report.problems
      .slice(0, 5)
      .map((problem) => `${problem.projectId ?? ""}${problem.pointer}: ${problem.message}`);
    throw new DemoLoadError(
      `The demo package failed to import against ${config.oc4idsSchema} ` +
        `(${report.problems.length} problems): ${problems.join("; ")}. ` +
        "Set LOAD_DEMO=false to start without the demo.",
    );
  }

  await linkPhotosToStoredFiles(database);
  const projects = report.counts.projectsCreated + report.counts.projectsUpdated;
  log.info({ importId: report.importId, projects, photos: demo.photos.length }, "demo loaded");
  return { loaded: true, projects };
}

async function insertJurisdiction(
  database: Database,
  jurisdiction: DemoOutput["jurisdiction"],
): Promise<void> {
  await database.db
    .insertInto("jurisdictions")
    .values({ ...jurisdiction, name: JSON.stringify(jurisdiction.name) })
    .onConflict((conflict) => conflict.column("id").doNothing())
    .execute();
}

/**
 * Sets `photos.sha256` of demo photos whose URL ends in `/files/<sha256>`, with an update event
 * for each, so pages can serve them from the file store.
 *
 * NOTE: the importer stores photo URLs but leaves `sha256` empty. Once it fills `sha256` from
 * such URLs itself, this finds nothing to change.
 */
async function linkPhotosToStoredFiles(database: Database): Promise<void> {
  await database.db.transaction().execute(async (transaction) => {
    const photos = await transaction
      .selectFrom("photos")
      .innerJoin("projects", "projects.id", "photos.project_id")
      .selectAll("photos")
      .where("projects.is_demo", "=", true)
      .where("photos.sha256", "is", null)
      .execute();

    for (const photo of photos) {
      const sha256 = STORED_FILE_URL.exec(photo.url ?? "")?.[1];
      if (!sha256) continue;
      await transaction
        .updateTable("photos")
        .set({ sha256 })
        .where("project_id", "=", photo.project_id)
        .where("id", "=", photo.id)
        .execute();
      await transaction
        .insertInto("events")
        .values({
          actor: "system",
          project_id: photo.project_id,
          entity_type: "photo",
          entity_id: photo.id,
          action: "update",
          before: JSON.stringify(photo),
          after: JSON.stringify({ ...photo, sha256 }),
        })
        .execute();
    }
  });
}
