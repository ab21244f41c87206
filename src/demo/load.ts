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

/**
 * Loads the demo jurisdiction when `config.loadDemo` is set and the `projects` table is empty,
 * so the first look at a new installation is never an empty page.
 *
 * Stores the photos, inserts the jurisdiction row (`is_demo`), then imports the package through
 * the import service with `isDemo` and actor "system". The demo is generated as of today, and
 * photo URLs use `config.publicUrl` or `http://localhost:<port>` and are stored as file hashes,
 * so they keep working when the address changes. Returns `loaded: false` and
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

  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const demo = generateDemoPackage({ now: options.now ?? new Date(), baseUrl });
  for (const photo of demo.photos) await fileStore.put(photo.bytes, photo.contentType);
  await insertJurisdiction(database, demo.jurisdiction);

  const report = await importPackage(database, demo.package, {
    schema: config.oc4idsSchema,
    jurisdictionId: demo.jurisdiction.id,
    isDemo: true,
    actor: "system",
    publisher: DEMO_PUBLISHER.uid,
    sourceName: "demo",
    storedFilesBaseUrl: baseUrl,
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
