import type { Insertable, Kysely, Transaction } from "kysely";
import type { DB } from "../db/types.js";

/** A transaction or the plain query builder: store functions run inside either. */
export type Executor = Transaction<DB> | Kysely<DB>;

/**
 * One row as the store compares it: jsonb columns hold JSON values (not text), timestamps are
 * ISO 8601 UTC strings and date columns are "YYYY-MM-DD".
 */
export type Row = Record<string, unknown>;

/** Key, jsonb columns and event entity type of one child table. */
export interface TableSpec {
  table: keyof DB;
  /** Value of `events.entity_type`. */
  entityType: string;
  /** Primary key columns, `project_id` first when the table has it. */
  key: string[];
  jsonColumns: string[];
}

/** Actor and project written to the `events` rows of a change. */
export interface EventContext {
  actor: string;
  projectId: string | null;
  /**
   * When given, events are collected here instead of written one by one; `flushEvents`
   * writes them in a few statements. The store uses this to write a project in fewer round
   * trips.
   */
  pending?: Insertable<DB["events"]>[] | undefined;
}

/**
 * Maximum number of rows in one INSERT statement. PostgreSQL accepts at most 65,535 parameters
 * per statement, and no table written here has 40 columns.
 */
const ROWS_PER_INSERT = 500;

/** Counts of rows written by one synchronisation. */
export interface SyncCounts {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * A query builder whose tables are not known statically. The child tables differ only in
 * their columns, so one generic routine writes all of them; `TableSpec` names the columns.
 */
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

function loose(executor: Executor): LooseDb {
  return executor as unknown as LooseDb;
}

/**
 * Serialises a JSON value with object keys sorted, so that two values compare equal exactly
 * when their texts do. PostgreSQL's jsonb reorders keys, so plain JSON.stringify would not.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) sorted[key] = sortKeys(entry);
    }
    return sorted;
  }
  return value;
}

/** Turns a row read from the database into the compared form (Date → ISO text). */
function fromDatabase(row: Row, columns: string[]): Row {
  const result: Row = {};
  for (const column of columns) {
    const value = row[column];
    result[column] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  return result;
}

/** Turns a row into insertable values: jsonb columns become JSON text. */
function toDatabase(row: Row, spec: TableSpec): Row {
  const result: Row = {};
  for (const [column, value] of Object.entries(row)) {
    result[column] =
      spec.jsonColumns.includes(column) && value !== null && value !== undefined
        ? JSON.stringify(value)
        : value;
  }
  return result;
}

function keyOf(row: Row, spec: TableSpec): string {
  return JSON.stringify(spec.key.map((column) => row[column] ?? null));
}

/** Returns the entity id written to `events`: the key values except the project id, joined by "/". */
export function entityIdOf(row: Row, spec: TableSpec): string {
  return spec.key
    .filter((column) => column !== "project_id")
    .map((column) => {
      const value = row[column];
      return typeof value === "string" || typeof value === "number" ? String(value) : "";
    })
    .filter((part) => part !== "")
    .join("/");
}

/** Writes one `events` row, or queues it when the context collects events. */
export async function writeEvent(
  executor: Executor,
  context: EventContext,
  entityType: string,
  entityId: string,
  action: "create" | "update" | "delete",
  before: Row | null,
  after: Row | null,
): Promise<void> {
  const event: Insertable<DB["events"]> = {
    actor: context.actor,
    project_id: context.projectId,
    entity_type: entityType,
    entity_id: entityId,
    action,
    before: before === null ? null : JSON.stringify(before),
    after: after === null ? null : JSON.stringify(after),
  };
  if (context.pending) {
    context.pending.push(event);
    return;
  }
  await executor.insertInto("events").values(event).execute();
}

/**
 * Writes the events a context collected, in their order, or hands them to `buffer`, and
 * empties the context's queue.
 */
export async function flushEvents(
  executor: Executor,
  context: EventContext,
  buffer?: InsertBuffer,
): Promise<void> {
  const pending = context.pending;
  if (!pending || pending.length === 0) return;
  const events = pending.splice(0, pending.length);
  if (buffer) {
    buffer.add("events", events);
    return;
  }
  for (const chunk of chunks(events, ROWS_PER_INSERT)) {
    await executor.insertInto("events").values(chunk).execute();
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

/**
 * Tables in the order their rows must be inserted: a row is inserted after the rows its
 * foreign keys point to.
 */
const INSERT_ORDER = [
  "organisations",
  "projects",
  "project_parties",
  "project_locations",
  "contracting_processes",
  "contracts",
  "contract_suppliers",
  "modifications",
  "transactions",
  "documents",
  "photos",
  "progress_observations",
  "project_versions",
  "events",
] as const;

/** A table whose new rows an InsertBuffer can hold. */
export type BufferedTable = (typeof INSERT_ORDER)[number];

/**
 * New rows of several projects, held so that an import writes them a few hundred to a
 * statement instead of a few to each project. Only rows of projects created in the same
 * transaction go here. The store flushes before it reads or updates a project whose rows are
 * held, and the import flushes before it links processes or commits.
 */
export class InsertBuffer {
  private readonly rows = new Map<BufferedTable, Row[]>();
  private held = 0;
  /** Ids of the projects whose rows are held. */
  readonly projectIds = new Set<string>();
  /**
   * Organisations as stored or held, by id: read once per import, since only this import
   * writes them while its transaction is open.
   */
  readonly organisations = new Map<string, Row>();
  /** Ids of the organisations whose rows are held. */
  readonly heldOrganisations = new Set<string>();

  /** Holds rows already in database form (jsonb columns as JSON text). */
  add(table: BufferedTable, rows: Row[]): void {
    if (rows.length === 0) return;
    const held = this.rows.get(table);
    if (held) held.push(...rows);
    else this.rows.set(table, [...rows]);
    this.held += rows.length;
  }

  /** Number of rows held. */
  get size(): number {
    return this.held;
  }

  /** Inserts every held row, parents before children, and empties the buffer. */
  async flush(executor: Executor): Promise<void> {
    const database = loose(executor);
    for (const table of INSERT_ORDER) {
      const rows = this.rows.get(table);
      if (!rows) continue;
      for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
        await database.insertInto(table).values(chunk).execute();
      }
    }
    this.rows.clear();
    this.held = 0;
    this.projectIds.clear();
    this.heldOrganisations.clear();
  }
}

/** Options of `syncRows`. */
export interface SyncOptions {
  /** Existing rows for which this returns true are not deleted when `rows` lacks their key. */
  keep?: ((row: Row) => boolean) | undefined;
  /**
   * True when the caller knows that no row matches the scope yet, such as for a project
   * created in the same transaction. The existing rows are then not read.
   */
  scopeIsEmpty?: boolean | undefined;
  /** Buffer that keeps the new rows until it is flushed, instead of inserting them at once. */
  buffer?: InsertBuffer | undefined;
}

/**
 * Makes the rows of `spec.table` that match `scope` equal to `rows`: inserts new keys, updates
 * rows whose compared columns differ, deletes keys no longer given, and writes one event per
 * change. Rows that are already equal are not touched, so writing the same rows twice changes
 * nothing the second time. New rows are inserted several to a statement.
 *
 * Every row in `rows` must carry the scope's values and the same set of columns.
 */
export async function syncRows(
  executor: Executor,
  spec: TableSpec,
  scope: Row,
  rows: Row[],
  context: EventContext,
  options: SyncOptions = {},
): Promise<SyncCounts> {
  const counts: SyncCounts = { created: 0, updated: 0, deleted: 0 };
  const database = loose(executor);

  let existingRows: Row[] = [];
  if (!options.scopeIsEmpty) {
    let query = database.selectFrom(spec.table).selectAll();
    for (const [column, value] of Object.entries(scope)) {
      query = query.where(column, "=", value);
    }
    existingRows = await query.execute();
  }

  const wanted = new Map<string, Row>();
  for (const row of rows) wanted.set(keyOf(row, spec), row);
  const columns = rows[0] ? Object.keys(rows[0]) : [];

  const existing = new Map<string, Row>();
  for (const row of existingRows) existing.set(keyOf(row, spec), row);

  const inserts: Row[] = [];
  for (const [key, row] of wanted) {
    const current = existing.get(key);
    if (!current) {
      inserts.push(row);
      continue;
    }

    const before = fromDatabase(current, columns);
    if (canonicalJson(before) === canonicalJson(row)) continue;

    let update = database.updateTable(spec.table).set(toDatabase(row, spec));
    for (const column of spec.key) update = update.where(column, "=", row[column]);
    await update.execute();
    await writeEvent(
      executor,
      context,
      spec.entityType,
      entityIdOf(row, spec),
      "update",
      before,
      row,
    );
    counts.updated++;
  }

  const values = inserts.map((row) => toDatabase(row, spec));
  if (options.buffer) {
    options.buffer.add(spec.table as BufferedTable, values);
  } else {
    for (const chunk of chunks(values, ROWS_PER_INSERT)) {
      await database.insertInto(spec.table).values(chunk).execute();
    }
  }
  for (const row of inserts) {
    await writeEvent(
      executor,
      context,
      spec.entityType,
      entityIdOf(row, spec),
      "create",
      null,
      row,
    );
    counts.created++;
  }

  for (const [key, current] of existing) {
    if (wanted.has(key) || options.keep?.(current)) continue;
    let remove = database.deleteFrom(spec.table);
    for (const column of spec.key) remove = remove.where(column, "=", current[column]);
    await remove.execute();
    const before = fromDatabase(current, Object.keys(current));
    await writeEvent(
      executor,
      context,
      spec.entityType,
      entityIdOf(current, spec),
      "delete",
      before,
      null,
    );
    counts.deleted++;
  }

  return counts;
}
