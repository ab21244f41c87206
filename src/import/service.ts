import { createHash } from "node:crypto";
import { sql } from "kysely";
import { checkCoordinateRange } from "../oc4ids/coordinate-range.js";
import { checkTextLengths } from "../oc4ids/text-limits.js";
import type { Database } from "../db/database.js";
import { log } from "../log.js";
import { OcidIndex } from "../ocds/link.js";
import type { LinkRule } from "../ocds/link-rules.js";
import { keyForItem, ocidScopeOf } from "../ocds/ocid-scope.js";
import { storeOcdsRecord, storeOcdsRelease } from "../ocds/store.js";
import {
  InsertBuffer,
  refreshProjectRows,
  storeProject,
  StoreValueError,
  type Executor,
  type StoreResult,
} from "../projects/store.js";
import { linkProcessesByRule } from "./link-processes.js";
import { readSource, SourceReadError } from "./read-source.js";
import { defaultPipeline, type ImportPipeline } from "./service-pipeline.js";
import type {
  ImportProblem,
  ImportWarning,
  InputLocation,
  JsonObject,
  PublisherInfo,
  SourceFile,
  SourceItem,
} from "./types.js";

/** Settings of one import. */
export interface ImportOptions {
  /** Path or URL of the OC4IDS project schema that projects are validated against. */
  schema: string;
  /** Owner of the imported project ids when the source names no publisher. */
  publisher?: string | undefined;
  /** Written to `events.actor`; "import:<import id>" by default. */
  actor?: string | undefined;
  jurisdictionId?: string | undefined;
  isDemo?: boolean | undefined;
  /** Largest file or download accepted, in bytes. */
  maxBytes?: number | undefined;
  /** Runs every step and check, then rolls back and records nothing. */
  dryRun?: boolean | undefined;
  /** Base URL of this server's stored files; see `StoreContext.storedFilesBaseUrl`. */
  storedFilesBaseUrl?: string | undefined;
  /** Replaces steps of the pipeline (normalising, validating, ocid matching). */
  pipeline?: Partial<ImportPipeline> | undefined;
  /** How OCDS contracting processes join projects; see `src/ocds/link-rules.ts`. */
  linkRule?: LinkRule | undefined;
  /** Stable name of the source, recorded on the `imports` row (see `src/mapping/`). */
  sourceKey?: string | undefined;
  /** Called after each project is stored, with what storing it did. */
  onProjectStored?: ((projectId: string, outcome: StoreResult["outcome"]) => void) | undefined;
  /** Runs inside the transaction after every item is stored; its warnings join the report. */
  beforeCommit?: ((trx: Executor) => Promise<ImportWarning[]>) | undefined;
  /** See `StoreContext.keepProgressHistory`: set for sources that give only latest figures. */
  keepProgressHistory?: boolean | undefined;
}

/** How many things an import stored. */
export interface ImportCounts {
  projectsCreated: number;
  projectsUpdated: number;
  projectsUnchanged: number;
  /** OCDS releases read, bare or inside records (linked releases included). */
  releases: number;
  records: number;
  /** Contracting processes of the imported or refreshed projects that have OCDS data. */
  processesLinked: number;
  /** Distinct ocids read that no contracting process links to. */
  ocidsUnlinked: number;
}

/** The outcome of an import, as stored in its `imports` row. */
export interface ImportReport {
  /** Id of the `imports` row; null for a dry run, which records nothing. */
  importId: number | null;
  status: "succeeded" | "failed";
  dryRun: boolean;
  files: SourceFile[];
  counts: ImportCounts;
  warnings: ImportWarning[];
  problems: ImportProblem[];
}

/** An item to import, with the JSON pointer of the item inside its file when known. */
export type ImportItem = SourceItem & { itemPointer?: string | undefined };

/** Thrown inside the transaction to roll it back on purpose. */
class Rollback extends Error {}

function emptyCounts(): ImportCounts {
  return {
    projectsCreated: 0,
    projectsUpdated: 0,
    projectsUnchanged: 0,
    releases: 0,
    records: 0,
    processesLinked: 0,
    ocidsUnlinked: 0,
  };
}

/**
 * Imports an OC4IDS or OCDS file, folder or URL in one transaction: projects are normalised,
 * validated and stored as they are read, OCDS releases and records are stored and linked to
 * the contracting processes that refer to their ocid.
 *
 * Any problem (unreadable file, schema error, duplicate project id, publisher collision, a
 * value that cannot be stored) rolls everything back. The `imports` row then records the
 * failure and its problems, and nothing else changes.
 */
export async function importSource(
  database: Database,
  source: string,
  options: ImportOptions,
): Promise<ImportReport> {
  const reader = readSource(
    source,
    options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes },
  );
  return runImport(database, source, reader.items, reader.files, options, reader.warnings);
}

/**
 * Imports an OC4IDS project package, or an OCDS release or record package, that is already
 * parsed (the demo loader uses this). Behaves as importSource otherwise.
 */
export async function importPackage(
  database: Database,
  pkg: JsonObject,
  options: ImportOptions & { sourceName?: string },
): Promise<ImportReport> {
  const name = options.sourceName ?? "package";
  const text = JSON.stringify(pkg);
  const file: SourceFile = {
    name,
    sha256: createHash("sha256").update(text).digest("hex"),
    bytes: Buffer.byteLength(text),
  };
  return runImport(database, name, itemsOfPackage(pkg, name), () => [file], options);
}

function* itemsOfPackage(pkg: JsonObject, source: string): Generator<ImportItem> {
  const publisher = isPublisher(pkg.publisher) ? pkg.publisher : undefined;
  const list = (key: string): JsonObject[] =>
    Array.isArray(pkg[key]) ? (pkg[key] as JsonObject[]) : [];
  for (const [index, project] of list("projects").entries()) {
    const itemPointer = `/projects/${index}`;
    yield { kind: "project", project, publisher, itemPointer, location: { source, pointer: "" } };
  }
  for (const [index, release] of list("releases").entries()) {
    const itemPointer = `/releases/${index}`;
    yield {
      kind: "ocds-release",
      release,
      publisher,
      itemPointer,
      location: { source, pointer: "" },
    };
  }
  for (const [index, record] of list("records").entries()) {
    const itemPointer = `/records/${index}`;
    yield {
      kind: "ocds-record",
      record,
      publisher,
      itemPointer,
      location: { source, pointer: "" },
    };
  }
}

function isPublisher(value: unknown): value is PublisherInfo {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Returns who owns a project id: the package publisher's uid or name, else the import's
 * publisher option, else the id's OC4IDS prefix ("oc4ids-gx3fo2"), else "unknown".
 */
export function resolvePublisher(
  packagePublisher: PublisherInfo | undefined,
  option: string | undefined,
  projectId: string,
): string {
  const fromPackage = packagePublisher?.uid?.trim() || packagePublisher?.name?.trim();
  if (fromPackage) return fromPackage;
  if (option?.trim()) return option.trim();
  return /^(oc4ids-[a-z0-9]{6})-/i.exec(projectId)?.[1]?.toLowerCase() ?? "unknown";
}

function combinedSha256(files: SourceFile[]): string | null {
  if (files.length === 0) return null;
  if (files.length === 1) return files[0]?.sha256 ?? null;
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file.sha256}  ${file.name}\n`);
  return hash.digest("hex");
}

/** State of one running import. */
interface Run {
  importId: number;
  actor: string;
  options: ImportOptions;
  pipeline: ImportPipeline;
  files: () => SourceFile[];
  ocids: OcidIndex;
  touchedOcids: Set<string>;
  storedProjects: Set<string>;
  seenProjects: Map<string, InputLocation>;
  counts: ImportCounts;
  warnings: ImportWarning[];
  problems: ImportProblem[];
  /** Publisher of the first OCDS item read; owns the projects a link rule creates. */
  releasePublisher?: string | undefined;
  /** New projects' rows not written yet; flushed when large and after the last item. */
  buffer: InsertBuffer;
}

/** Key of the transaction lock that imports take; any constant other locks do not use. */
const IMPORT_LOCK_KEY = 7_261_004;

/** Rows held in the insert buffer before it is written. */
const BUFFERED_ROWS = 5_000;

/**
 * Imports items that the caller has already read, such as projects built from spreadsheet
 * rows; behaves as importSource otherwise. A SourceReadError thrown while iterating `items`
 * fails the import with its problems. `sourceWarnings` is read once every item is stored.
 */
export async function importItems(
  database: Database,
  source: string,
  items: AsyncIterable<ImportItem> | Iterable<ImportItem>,
  files: () => SourceFile[],
  options: ImportOptions,
  sourceWarnings: () => ImportWarning[] = () => [],
): Promise<ImportReport> {
  return runImport(database, source, items, files, options, sourceWarnings);
}

async function runImport(
  database: Database,
  source: string,
  items: AsyncIterable<ImportItem> | Iterable<ImportItem>,
  files: () => SourceFile[],
  options: ImportOptions,
  sourceWarnings: () => ImportWarning[] = () => [],
): Promise<ImportReport> {
  const pipeline: ImportPipeline = {
    ...(await defaultPipeline(options.schema)),
    ...options.pipeline,
  };
  const counts = emptyCounts();
  const warnings: ImportWarning[] = [];
  const problems: ImportProblem[] = [];
  const dryRun = options.dryRun ?? false;
  let importId: number | null = null;

  try {
    await database.db.transaction().execute(async (trx) => {
      // One import at a time: two imports of the same new projects or organisations would
      // otherwise both insert them, and the later one would fail on the primary key.
      await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`.execute(trx);
      const row = await trx
        .insertInto("imports")
        .values({
          source,
          source_key: options.sourceKey ?? null,
          publisher: options.publisher ?? null,
          status: "running",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      importId = row.id;
      const run: Run = {
        importId: row.id,
        actor: options.actor ?? `import:${row.id}`,
        options,
        pipeline,
        files,
        ocids: new OcidIndex(trx),
        touchedOcids: new Set(),
        storedProjects: new Set(),
        seenProjects: new Map(),
        counts,
        warnings,
        problems,
        buffer: new InsertBuffer(),
      };

      for await (const item of items) {
        await importItem(trx, run, item);
        if (run.buffer.size >= BUFFERED_ROWS && problems.length === 0) {
          await run.buffer.flush(trx);
        }
      }
      if (problems.length === 0) await run.buffer.flush(trx);
      warnings.push(...sourceWarnings());
      if (options.beforeCommit && problems.length === 0) {
        warnings.push(...(await options.beforeCommit(trx)));
      }
      if (problems.length > 0) throw new Rollback();

      await linkByRule(trx, run);
      if (problems.length > 0) throw new Rollback();
      await linkOcds(trx, run);
      await trx
        .updateTable("imports")
        .set({
          status: "succeeded",
          source_sha256: combinedSha256(files()),
          finished_at: new Date(),
          counts: JSON.stringify(counts),
          warnings: JSON.stringify(warnings),
        })
        .where("id", "=", row.id)
        .execute();
      if (dryRun) throw new Rollback();
    });
  } catch (error) {
    if (error instanceof SourceReadError) problems.push(...error.problems);
    else if (!(error instanceof Rollback)) {
      log.error({ err: error, source }, "import failed unexpectedly");
      problems.push({ source, pointer: "", code: "store-failed", message: String(error) });
    }
  }

  const status = problems.length > 0 ? "failed" : "succeeded";
  if (dryRun) importId = null;
  else if (status === "failed")
    importId = await recordFailure(database, source, options, files(), counts, warnings, problems);

  log.info(
    { importId, source, status, dryRun, counts, problems: problems.length },
    "import finished",
  );
  return { importId, status, dryRun, files: files(), counts, warnings, problems };
}

async function recordFailure(
  database: Database,
  source: string,
  options: ImportOptions,
  files: SourceFile[],
  counts: ImportCounts,
  warnings: ImportWarning[],
  problems: ImportProblem[],
): Promise<number> {
  const row = await database.db
    .insertInto("imports")
    .values({
      source,
      source_sha256: combinedSha256(files),
      source_key: options.sourceKey ?? null,
      publisher: options.publisher ?? null,
      status: "failed",
      finished_at: new Date(),
      counts: JSON.stringify(counts),
      warnings: JSON.stringify(warnings),
      errors: JSON.stringify(problems),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Locates a finding inside an item: `pointer` is relative to the item itself. */
function locate(item: ImportItem, extra: Partial<InputLocation>): InputLocation {
  return { ...item.location, ...extra, pointer: extra.pointer ?? "" };
}

async function importItem(trx: Executor, run: Run, item: ImportItem): Promise<void> {
  try {
    if (item.kind === "project") await importProject(trx, run, item);
    else if (item.kind === "ocds-release") {
      const location = { ...item.location, ocid: textOf(item.release.ocid) };
      const { value, warnings } = run.pipeline.normaliseRelease(item.release, location);
      run.warnings.push(...warnings);
      const key = keyForItem(value, item.publisher, run.options.publisher, run.warnings, location);
      const stored = await storeOcdsRelease(trx, value, run.importId, key);
      if (stored.outcome === "updated") {
        run.warnings.push({
          ...locate(item, { pointer: "/id" }),
          ocid: stored.ocid,
          code: "release-id-reused",
          message:
            `release ${String(value.id)} of ${stored.ocid} was stored before with other ` +
            "content; a release id should never be reused, and this copy replaces the other",
        });
      }
      run.releasePublisher ??= ocidScopeOf(item.publisher, run.options.publisher);
      run.counts.releases++;
      await noteOcid(run, stored.ocid);
    } else {
      const location = { ...item.location, ocid: textOf(item.record.ocid) };
      const { value, warnings } = run.pipeline.normaliseRecord(item.record, location);
      run.warnings.push(...warnings);
      const key = keyForItem(value, item.publisher, run.options.publisher, run.warnings, location);
      const stored = await storeOcdsRecord(trx, value, run.importId, key);
      run.releasePublisher ??= ocidScopeOf(item.publisher, run.options.publisher);
      run.counts.records++;
      run.counts.releases += stored.releases;
      await noteOcid(run, stored.ocid);
    }
  } catch (error) {
    if (!(error instanceof StoreValueError)) throw error;
    const projectId =
      item.kind === "project" && typeof item.project.id === "string" ? item.project.id : undefined;
    run.problems.push({
      ...locate(item, { pointer: error.pointer, projectId }),
      code: error.code,
      message: error.message,
    });
  }
}

/** Adds an ocid-matching warning unless the same process was already reported. */
function addWarningOnce(run: Run, warning: ImportWarning): void {
  const duplicate = run.warnings.some(
    (known) =>
      known.code === warning.code &&
      known.projectId === warning.projectId &&
      known.pointer === warning.pointer,
  );
  if (!duplicate) run.warnings.push(warning);
}

async function noteOcid(run: Run, ocid: string): Promise<void> {
  run.touchedOcids.add(ocid);
  await run.ocids.add(ocid);
}

async function importProject(
  trx: Executor,
  run: Run,
  item: Extract<ImportItem, { kind: "project" }>,
): Promise<void> {
  const rawId = textOf(item.project.id);
  const normalised = run.pipeline.normaliseProject(item.project, {
    ...item.location,
    projectId: rawId,
  });
  run.warnings.push(...normalised.warnings);
  const project = normalised.value;
  const projectId = textOf(project.id);

  const schemaProblems = [
    ...run.pipeline.validateProject(project, { ...item.location, projectId }),
    ...checkTextLengths(project, { ...item.location, projectId, pointer: "" }),
    ...checkCoordinateRange(project, { ...item.location, projectId, pointer: "" }),
  ];
  run.problems.push(...schemaProblems);
  if (schemaProblems.length > 0 || projectId === undefined) return;

  // Within one file a repeated id is a defect. Across the files of a folder it is another
  // version of the project: files are read oldest first, so each later one supersedes it.
  const previous = run.seenProjects.get(projectId);
  if (previous && previous.source === item.location.source) {
    run.problems.push({
      ...locate(item, { pointer: "/id", projectId }),
      code: "duplicate-project-id",
      message: `project id ${projectId} appears more than once in the source (first in ${previous.source}${previous.pointer ? ` at ${previous.pointer}` : ""})`,
    });
    return;
  }
  if (previous) {
    run.warnings.push({
      ...locate(item, { pointer: "/id", projectId }),
      code: "project-version-superseded",
      message:
        `project id ${projectId} also appears in ${previous.source}; both are kept as ` +
        "versions, and this later one is current",
    });
  }
  run.seenProjects.set(projectId, { ...item.location, pointer: item.itemPointer ?? "" });
  if (run.problems.length > 0) return; // the import will roll back; skip the writes

  const file = run.files().find((candidate) => candidate.name === item.location.source);
  const result = await storeProject(trx, project, {
    importId: run.importId,
    actor: run.actor,
    publisher: resolvePublisher(
      item.publisher && run.pipeline.normalisePublisher(item.publisher, item.location).publisher,
      run.options.publisher,
      projectId,
    ),
    source: item.location.source,
    sourceSha256: file?.sha256 ?? "",
    jurisdictionId: run.options.jurisdictionId,
    isDemo: run.options.isDemo,
    ocids: run.ocids,
    matchOcid: run.pipeline.matchOcid,
    storedFilesBaseUrl: run.options.storedFilesBaseUrl,
    buffer: run.buffer,
    keepProgressHistory: run.options.keepProgressHistory,
  });
  run.storedProjects.add(projectId);
  run.options.onProjectStored?.(projectId, result.outcome);
  for (const warning of result.warnings)
    run.warnings.push({ ...warning, source: item.location.source });
  if (result.outcome === "created") run.counts.projectsCreated++;
  else if (result.outcome === "updated") run.counts.projectsUpdated++;
  else run.counts.projectsUnchanged++;
}

/** Adds the contracting processes read by this import to projects by the import's link rule. */
async function linkByRule(trx: Executor, run: Run): Promise<void> {
  const rule = run.options.linkRule ?? { kind: "match" };
  const outcome = await linkProcessesByRule(trx, rule, [...run.touchedOcids], {
    importId: run.importId,
    actor: run.actor,
    source: run.files()[0]?.name ?? "",
    publisher: run.options.publisher?.trim() || undefined,
    releasePublisher: run.releasePublisher ?? "unknown",
    jurisdictionId: run.options.jurisdictionId,
    isDemo: run.options.isDemo,
    ocids: run.ocids,
    matchOcid: run.pipeline.matchOcid,
    storedFilesBaseUrl: run.options.storedFilesBaseUrl,
    validateProject: (project, projectId) =>
      run.pipeline.validateProject(project, {
        source: run.files()[0]?.name ?? "",
        projectId,
        pointer: "",
      }),
  });
  run.counts.projectsCreated += outcome.created;
  run.counts.projectsUpdated += outcome.updated;
  run.counts.projectsUnchanged += outcome.unchanged;
  run.warnings.push(...outcome.warnings);
  run.problems.push(...outcome.problems);
}

/**
 * Applies the OCDS data read by this import to the projects whose contracting processes refer
 * to its ocids, counts the linked processes and warns about ocids no process refers to.
 */
async function linkOcds(trx: Executor, run: Run): Promise<void> {
  // Only projects whose processes refer to an ocid read in this import need their rows rebuilt.
  // A project stored earlier in the import is among them when its OCDS data came after it.
  const touched = [...run.touchedOcids];
  const affected = new Set<string>();

  if (touched.length > 0) {
    const linked = await trx
      .selectFrom("contracting_processes")
      .select("project_id")
      .where("ocid", "in", touched)
      .execute();
    for (const row of linked) affected.add(row.project_id);
    const unlinked = await trx
      .selectFrom("contracting_processes")
      .select(["project_id", "id"])
      .where("ocid", "is", null)
      .execute();
    for (const row of unlinked) {
      if (run.pipeline.matchOcid(row.id, touched)) affected.add(row.project_id);
    }
  }

  for (const projectId of [...affected].sort()) {
    const warnings = await refreshProjectRows(trx, projectId, {
      actor: run.actor,
      ocids: run.ocids,
      matchOcid: run.pipeline.matchOcid,
      storedFilesBaseUrl: run.options.storedFilesBaseUrl,
    });
    for (const warning of warnings ?? []) addWarningOnce(run, warning);
  }

  if (affected.size > 0) {
    const processes = await trx
      .selectFrom("contracting_processes")
      .select(["ocid"])
      .where("project_id", "in", [...affected])
      .where("ocid", "is not", null)
      .execute();
    for (const process of processes) {
      if (process.ocid !== null && (await run.ocids.has(process.ocid))) {
        run.counts.processesLinked++;
      }
    }
  }

  if (touched.length > 0) {
    const linkedOcids = new Set(
      (
        await trx
          .selectFrom("contracting_processes")
          .select("ocid")
          .where("ocid", "in", touched)
          .execute()
      ).map((row) => row.ocid),
    );
    const unlinked = touched.filter((ocid) => !linkedOcids.has(ocid));
    run.counts.ocidsUnlinked = unlinked.length;
    if (unlinked.length > 0) {
      run.warnings.push({
        source: "",
        pointer: "",
        ocid: unlinked[0],
        code: "ocds-unlinked",
        message: `${unlinked.length} ocid(s) match no contracting process of any project and are stored as releases only (first: ${unlinked[0]})`,
      });
    }
  }
}
