import { createHash } from "node:crypto";
import type { Insertable } from "kysely";
import type { DB } from "../db/types.js";
import type { ImportWarning, JsonObject } from "../import/types.js";
import { applyCompiledRelease, buildOcdsParties } from "../ocds/apply.js";
import { defaultOcidMatcher, OcidIndex, type OcidMatcher } from "../ocds/link.js";
import { loadCompiledRelease } from "../ocds/store.js";
import {
  buildLocations,
  buildParties,
  buildProgress,
  buildProjectDocuments,
  buildProjectRow,
  buildProjectTransactions,
} from "./store-build.js";
import { differOnlyInUpdated, withProgressHistory } from "./progress-history.js";
import { OrganisationCollector, storeOrganisations } from "./store-organisations.js";
import { buildProcessFromSummary, type ProcessRows } from "./store-process.js";
import {
  canonicalJson,
  flushEvents,
  syncRows,
  writeEvent,
  type EventContext,
  type Executor,
  type InsertBuffer,
  type Row,
} from "./store-rows.js";
import { TABLES } from "./store-tables.js";
import { objectAt, objectsAt, StoreValueError, textAt } from "./store-values.js";

export { StoreValueError } from "./store-values.js";
export { InsertBuffer, type Executor } from "./store-rows.js";

/** Provenance, ownership and linking settings for storing one project. */
export interface StoreContext {
  importId: number;
  /** Written to `events.actor`, e.g. "import:12". */
  actor: string;
  /** Owner of the project id; another publisher may not overwrite the project. */
  publisher: string;
  source: string;
  sourceSha256: string;
  jurisdictionId?: string | undefined;
  isDemo?: boolean | undefined;
  /** Stored ocids, shared across one import; loaded from the database when not given. */
  ocids?: OcidIndex | undefined;
  /** Matcher from process ids to ocids; `defaultOcidMatcher` when not given. */
  matchOcid?: OcidMatcher | undefined;
  /**
   * Base URL under which this server serves its stored files. A photo URL of the form
   * `<base>/files/<sha256>` is stored as that hash, so the link follows the server when its
   * address changes.
   */
  storedFilesBaseUrl?: string | undefined;
  /**
   * Holds the rows of new projects so that they are written many projects to a statement.
   * The caller flushes it before it reads the tables or commits.
   */
  buffer?: InsertBuffer | undefined;
  /**
   * True for a source that states only each metric's latest figure, such as a spreadsheet
   * row: the stored observations are kept and the new figure is added to them (see
   * withProgressHistory), and a version that differs from the stored one only in its
   * `updated` date is unchanged.
   */
  keepProgressHistory?: boolean | undefined;
}

/** Outcome of storing one project. */
export interface StoreResult {
  outcome: "created" | "updated" | "unchanged";
  /** The project's version after storing (the existing one when unchanged). */
  version: number;
  /** One warning per contracting process linked to an ocid by a rule other than equality. */
  warnings: ImportWarning[];
}

/** Returns the SHA-256 of a project's canonical JSON, which identifies its version. */
export function projectSha256(project: JsonObject): string {
  return createHash("sha256").update(canonicalJson(project)).digest("hex");
}

/**
 * Stores a normalised OC4IDS 0.9.5 project in every table of the data model and replaces the
 * rows of its previous version. Adds a `project_versions` row and one `events` row per
 * changed entity.
 *
 * Storing the same project again returns "unchanged" and writes nothing. So does storing an
 * earlier version that is already recorded, or one whose `updated` date is older than the
 * stored project's: replaying an old snapshot must not replace newer data. Throws
 * StoreValueError with code "publisher-collision" when another publisher owns the id, and with
 * code "invalid-value" (naming the JSON pointer) when a value cannot be stored.
 */
export async function storeProject(
  executor: Executor,
  incoming: JsonObject,
  context: StoreContext,
): Promise<StoreResult> {
  let project = incoming;
  const id = textAt(project.id);
  if (id === null) throw new StoreValueError("/id", "the project id is missing");

  const buffer = context.buffer;
  if (buffer?.projectIds.has(id)) await buffer.flush(executor);
  const existing = await executor
    .selectFrom("projects")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (existing && existing.publisher !== context.publisher) {
    throw new StoreValueError(
      "/id",
      `project ${id} belongs to publisher "${existing.publisher}" and cannot be changed by "${context.publisher}"`,
      "publisher-collision",
    );
  }

  let sha256 = projectSha256(project);
  // Versions are deleted with their project, so a project not stored has none.
  const latest =
    existing === undefined
      ? undefined
      : await executor
          .selectFrom("project_versions")
          .select(["version", "data_sha256"])
          .where("project_id", "=", id)
          .orderBy("version", "desc")
          .executeTakeFirst();
  if (latest && latest.data_sha256 === sha256) {
    return { outcome: "unchanged", version: latest.version, warnings: [] };
  }
  if (latest && context.keepProgressHistory) {
    const stored = await executor
      .selectFrom("project_versions")
      .select("data")
      .where("project_id", "=", id)
      .where("version", "=", latest.version)
      .executeTakeFirstOrThrow();
    const storedData = stored.data as JsonObject;
    project = withProgressHistory(storedData, project);
    if (differOnlyInUpdated(project, storedData)) {
      return { outcome: "unchanged", version: latest.version, warnings: [] };
    }
    sha256 = projectSha256(project);
  }
  if (latest) {
    const earlier = await executor
      .selectFrom("project_versions")
      .select("version")
      .where("project_id", "=", id)
      .where("data_sha256", "=", sha256)
      .executeTakeFirst();
    if (earlier) {
      const warning: ImportWarning = {
        source: context.source,
        projectId: id,
        pointer: "",
        code: "earlier-version-skipped",
        message:
          `this is version ${earlier.version} of project ${id}, already stored; ` +
          `version ${latest.version} stays current`,
      };
      return { outcome: "unchanged", version: latest.version, warnings: [warning] };
    }
  }
  const olderThanStored = olderThanStoredWarning(id, project, existing?.updated, context.source);
  if (latest && olderThanStored) {
    return { outcome: "unchanged", version: latest.version, warnings: [olderThanStored] };
  }

  const events: EventContext = { actor: context.actor, projectId: id, pending: [] };
  const organisations = new OrganisationCollector();
  // A project not stored yet has no child rows, so they are not read, and its new rows may
  // wait in the buffer. A stored project's rows are written at once, after the held rows
  // they may refer to.
  const isNew = existing === undefined;
  const newRowsBuffer = isNew ? buffer : undefined;
  if (!isNew && buffer && buffer.size > 0) await buffer.flush(executor);
  // Parties first, so that the public authority resolves to the party's organisation.
  const children = await buildChildren(executor, id, project, organisations, context, isNew);
  const projectRow = buildProjectRow(project, context, organisations);

  await storeOrganisations(executor, organisations.rows.values(), events, buffer, isNew);
  if (newRowsBuffer) {
    newRowsBuffer.projectIds.add(id);
    newRowsBuffer.add("projects", [projectValues(projectRow, context)]);
    await writeEvent(executor, events, "project", id, "create", null, projectRow);
  } else {
    await writeProjectRow(executor, projectRow, existing, context, events);
  }
  await syncChildren(executor, id, children, events, isNew, newRowsBuffer);

  const version = (latest?.version ?? 0) + 1;
  const versionRow = {
    project_id: id,
    version,
    import_id: context.importId,
    data_sha256: sha256,
    data: JSON.stringify(project),
  };
  if (newRowsBuffer) newRowsBuffer.add("project_versions", [versionRow]);
  else await executor.insertInto("project_versions").values(versionRow).execute();
  await flushEvents(executor, events, newRowsBuffer);

  return { outcome: existing ? "updated" : "created", version, warnings: children.warnings };
}

/**
 * Returns a warning when `project` gives an `updated` date earlier than the stored project's, so
 * that an old snapshot imported after a newer one is not made current. Projects without an
 * `updated` date on either side are stored as they come.
 */
function olderThanStoredWarning(
  id: string,
  project: JsonObject,
  storedUpdated: Date | null | undefined,
  source: string,
): ImportWarning | undefined {
  const incoming = typeof project.updated === "string" ? Date.parse(project.updated) : Number.NaN;
  if (!storedUpdated || Number.isNaN(incoming) || incoming >= storedUpdated.getTime()) {
    return undefined;
  }
  return {
    source,
    projectId: id,
    pointer: "/updated",
    code: "older-than-stored",
    message:
      `project ${id} was updated on ${String(project.updated)}, before the stored version ` +
      `(${storedUpdated.toISOString()}); the stored version stays current and this one is not stored`,
  };
}

/**
 * Rewrites a stored project's child rows from its latest version, so that OCDS data stored
 * since then is applied. Writes events only for rows that change. Returns the warnings of
 * the ocid matching, or undefined when the project has no stored version.
 */
export async function refreshProjectRows(
  executor: Executor,
  projectId: string,
  context: Pick<StoreContext, "actor" | "ocids" | "matchOcid" | "storedFilesBaseUrl">,
): Promise<ImportWarning[] | undefined> {
  const latest = await executor
    .selectFrom("project_versions")
    .select(["data"])
    .where("project_id", "=", projectId)
    .orderBy("version", "desc")
    .executeTakeFirst();
  if (!latest) return undefined;

  const events: EventContext = { actor: context.actor, projectId, pending: [] };
  const organisations = new OrganisationCollector();
  const project = latest.data as JsonObject;
  const children = await buildChildren(executor, projectId, project, organisations, context);
  await storeOrganisations(executor, organisations.rows.values(), events);
  await syncChildren(executor, projectId, children, events);
  await flushEvents(executor, events);
  return children.warnings;
}

function projectValues(row: Row, context: StoreContext): Insertable<DB["projects"]> {
  const json = (value: unknown): string => JSON.stringify(value);
  const text = (value: unknown): string | null => (value === null ? null : (value as string));
  return {
    id: row.id as string,
    jurisdiction_id: text(row.jurisdiction_id),
    publisher: row.publisher as string,
    is_demo: row.is_demo as boolean,
    language: text(row.language),
    title: row.title as string,
    description: text(row.description),
    status: text(row.status),
    type: text(row.type),
    sector: row.sector as string[],
    purpose: text(row.purpose),
    public_authority_id: text(row.public_authority_id),
    budget_amount: row.budget_amount as number | null,
    budget_currency: text(row.budget_currency),
    budget_approval_date: text(row.budget_approval_date),
    period_start: text(row.period_start),
    period_end: text(row.period_end),
    period_max_extent: text(row.period_max_extent),
    period_duration_days: row.period_duration_days as number | null,
    identifiers: json(row.identifiers),
    additional_classifications: json(row.additional_classifications),
    budget_breakdowns: json(row.budget_breakdowns),
    related_projects: json(row.related_projects),
    completion: row.completion === null ? null : json(row.completion),
    updated: text(row.updated),
    search_text: row.search_text as string,
    extra: json(row.extra),
    source_import_id: context.importId,
    source: context.source,
    source_sha256: context.sourceSha256,
    imported_at: new Date(),
  };
}

/**
 * Inserts or updates the project row. Provenance columns change with every new version; an
 * event is written only when the project's own columns change.
 */
async function writeProjectRow(
  executor: Executor,
  row: Row,
  current: Row | undefined,
  context: StoreContext,
  events: EventContext,
): Promise<void> {
  const id = row.id as string;
  const values = projectValues(row, context);
  if (!current) {
    await executor.insertInto("projects").values(values).execute();
    await writeEvent(executor, events, "project", id, "create", null, row);
    return;
  }

  await executor
    .updateTable("projects")
    .set({ ...values, modified_at: new Date() })
    .where("id", "=", id)
    .execute();
  const before: Row = {};
  for (const column of Object.keys(row)) {
    const value = current[column];
    before[column] = value instanceof Date ? value.toISOString() : value;
  }
  if (canonicalJson(before) !== canonicalJson(row)) {
    await writeEvent(executor, events, "project", id, "update", before, row);
  }
}

interface ChildRows {
  parties: Row[];
  locations: Row[];
  processes: ProcessRows[];
  transactions: Row[];
  documents: Row[];
  photos: Row[];
  progress: Row[];
  warnings: ImportWarning[];
}

async function buildChildren(
  executor: Executor,
  projectId: string,
  project: JsonObject,
  organisations: OrganisationCollector,
  context: Pick<StoreContext, "ocids" | "matchOcid" | "storedFilesBaseUrl">,
  isNew = false,
): Promise<ChildRows> {
  const parties = buildParties(projectId, project, organisations);
  const { documents, photos } = buildProjectDocuments(
    projectId,
    project,
    context.storedFilesBaseUrl,
  );
  const children: ChildRows = {
    parties,
    locations: buildLocations(projectId, project),
    processes: [],
    transactions: buildProjectTransactions(projectId, project, organisations),
    documents,
    photos,
    progress: buildProgress(projectId, project),
    warnings: [],
  };

  const ocids = context.ocids ?? new OcidIndex(executor);
  const matchOcid = context.matchOcid ?? defaultOcidMatcher;
  const previousLinks = new Map(
    isNew
      ? []
      : (
          await executor
            .selectFrom("contracting_processes")
            .select(["id", "ocid"])
            .where("project_id", "=", projectId)
            .execute()
        ).map((row) => [row.id, row.ocid]),
  );
  const partyIds = new Set(parties.map((party) => party.party_id));

  for (const [process, position] of objectsAt(project.contractingProcesses)) {
    const processId = textAt(process.id) ?? String(position);
    let ocid = textAt(objectAt(process.summary)?.ocid) ?? previousLinks.get(processId) ?? null;
    if (ocid === null) {
      const match = matchOcid(processId, await ocids.list());
      if (match) {
        ocid = match.ocid;
        if (match.rule !== "exact") {
          children.warnings.push({
            source: "",
            projectId,
            ocid: match.ocid,
            pointer: `/contractingProcesses/${position}/id`,
            code: "ocid-matched",
            message: `contracting process ${processId} was linked to ocid ${match.ocid} by rule "${match.rule}"`,
          });
        }
      }
    }

    let rows = buildProcessFromSummary(projectId, process, position, ocid, organisations);
    const compiled = ocid === null ? undefined : await loadCompiledRelease(executor, ocid);
    if (compiled) {
      for (const party of buildOcdsParties(projectId, compiled, organisations)) {
        if (partyIds.has(party.party_id)) continue;
        partyIds.add(party.party_id);
        children.parties.push(party);
      }
      rows = applyCompiledRelease(rows, compiled, organisations);
    }
    children.processes.push(rows);
  }

  for (const rows of children.processes) children.progress.push(...rows.progress);
  return children;
}

/**
 * Returns true for a row that the workspace published (an approved daily report's photo or
 * progress figure, an approved document or change). The workspace, not the imported OC4IDS,
 * is the source of these rows, so storing a new version of the project keeps them.
 */
function isWorkspaceRow(row: Row): boolean {
  const source = typeof row.source === "string" ? row.source : "";
  const id = typeof row.id === "string" ? row.id : "";
  return (
    source === "workspace" ||
    source.startsWith("workspace:") ||
    id.startsWith("workspace-document-") ||
    id.startsWith("workspace-change-")
  );
}

async function syncChildren(
  executor: Executor,
  projectId: string,
  children: ChildRows,
  events: EventContext,
  isNew = false,
  buffer?: InsertBuffer,
): Promise<void> {
  const scope = { project_id: projectId };
  const plain = { scopeIsEmpty: isNew, buffer };
  const workspaceKept = { ...plain, keep: isWorkspaceRow };
  const processes = children.processes;
  await syncRows(executor, TABLES.projectParties, scope, children.parties, events, plain);
  await syncRows(executor, TABLES.projectLocations, scope, children.locations, events, plain);
  await syncRows(
    executor,
    TABLES.contractingProcesses,
    scope,
    processes.map((rows) => rows.process),
    events,
    plain,
  );
  // Deleting a process or a contract removes its dependent rows by cascade, without events
  // of their own: the event of the removed process or contract records them.
  await syncRows(
    executor,
    TABLES.contracts,
    scope,
    processes.flatMap((rows) => rows.contracts),
    events,
    plain,
  );
  await syncRows(
    executor,
    TABLES.contractSuppliers,
    scope,
    processes.flatMap((rows) => rows.suppliers),
    events,
    plain,
  );
  await syncRows(
    executor,
    TABLES.modifications,
    scope,
    processes.flatMap((rows) => rows.modifications),
    events,
    workspaceKept,
  );
  await syncRows(
    executor,
    TABLES.transactions,
    scope,
    [...children.transactions, ...processes.flatMap((rows) => rows.transactions)],
    events,
    plain,
  );
  await syncRows(
    executor,
    TABLES.documents,
    scope,
    [...children.documents, ...processes.flatMap((rows) => rows.documents)],
    events,
    workspaceKept,
  );
  await syncRows(executor, TABLES.photos, scope, children.photos, events, workspaceKept);
  await syncRows(
    executor,
    TABLES.progressObservations,
    scope,
    children.progress,
    events,
    workspaceKept,
  );
}
