/**
 * Streams every public project as one OC4IDS project package, a batch of projects at a time,
 * so memory use does not grow with the number of projects.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { PublisherInfo } from "../import/types.js";
import { toRfc3339 } from "./to-oc4ids-json.js";
import { projectsToOc4ids } from "./to-oc4ids.js";

/** OC4IDS schema version of the package, as `major.minor`. */
export const OC4IDS_PACKAGE_VERSION = "0.9";

/** Publisher named when the caller gives none. */
export const DEFAULT_PUBLISHER: PublisherInfo = { name: "Clean Construction" };

const DEFAULT_BATCH_SIZE = 100;

/** Settings of a project package. */
export interface ProjectPackageOptions {
  /** The package's own URI; defaults to the API endpoint under `publicBaseUrl`. */
  uri?: string | undefined;
  /** Public base URL of this server, for the default URI and links to stored files. */
  publicBaseUrl?: string | undefined;
  publisher?: PublisherInfo | undefined;
  /** URL of the licence of the data, left out when not given. */
  license?: string | undefined;
  /** Projects loaded per round of queries. */
  batchSize?: number | undefined;
}

/** Destination of the package text: a Node.js stream or a function called with each chunk. */
export type PackageOutput = Writable | ((chunk: string) => void | Promise<void>);

/**
 * Writes every public project, ordered by id, as one OC4IDS project package to `out`.
 *
 * `publishedDate` is the latest change to any public project, so the same data always gives
 * the same package. Returns the number of projects written.
 * NOTE: the package schema requires at least one project, so a database without public
 * projects gives a package that does not validate.
 */
export async function writeProjectPackage(
  db: Kysely<DB>,
  out: PackageOutput,
  options: ProjectPackageOptions = {},
): Promise<number> {
  const write = chunkWriter(out);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const header = {
    uri: options.uri ?? defaultPackageUri(options.publicBaseUrl),
    publishedDate: await latestChange(db),
    publisher: options.publisher ?? DEFAULT_PUBLISHER,
    license: options.license,
    version: OC4IDS_PACKAGE_VERSION,
  };
  const headerText = JSON.stringify(header);
  await write(`${headerText.slice(0, -1)},"projects":[`);

  let written = 0;
  let lastId: string | undefined;
  for (;;) {
    let page = db.selectFrom("projects").select("id").where("is_public", "=", true);
    if (lastId !== undefined) page = page.where("id", ">", lastId);
    const ids = (await page.orderBy("id").limit(batchSize).execute()).map((row) => row.id);
    if (ids.length === 0) break;
    lastId = ids[ids.length - 1];

    const projects = await projectsToOc4ids(db, ids, { publicBaseUrl: options.publicBaseUrl });
    for (const project of projects) {
      await write(`${written > 0 ? "," : ""}\n${JSON.stringify(project)}`);
      written += 1;
    }
  }

  await write("\n]}\n");
  return written;
}

/** Returns the URI of the API endpoint under `publicBaseUrl`, or under http://localhost. */
function defaultPackageUri(publicBaseUrl: string | undefined): string {
  const base = (publicBaseUrl ?? "http://localhost").replace(/\/+$/, "");
  return `${base}/api/v1/oc4ids/project-package`;
}

/** Returns the latest change to a public project, or now when there is none. */
async function latestChange(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom("projects")
    .select(
      sql<Date | null>`max(greatest(modified_at, coalesce(updated, modified_at)))`.as("latest"),
    )
    .where("is_public", "=", true)
    .executeTakeFirst();
  const latest = row?.latest ? new Date(row.latest) : new Date();
  return toRfc3339(latest);
}

function chunkWriter(out: PackageOutput): (chunk: string) => Promise<void> {
  if (typeof out === "function") {
    return async (chunk) => {
      await out(chunk);
    };
  }
  return async (chunk) => {
    if (!out.write(chunk)) await once(out, "drain");
  };
}
