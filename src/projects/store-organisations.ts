import type { Insertable } from "kysely";
import type { DB } from "../db/types.js";
import type { JsonObject } from "../import/types.js";
import {
  canonicalJson,
  writeEvent,
  type EventContext,
  type Executor,
  type InsertBuffer,
  type Row,
} from "./store-rows.js";
import { organisationIdOf, organisationRow, textAt } from "./store-values.js";

/**
 * The organisations met while building one project's rows, and how the project's local party
 * ids map to their stable organisation ids.
 */
export class OrganisationCollector {
  readonly rows = new Map<string, Row>();
  private readonly byPartyId = new Map<string, string>();

  /** Registers a full party (from `parties[]`) and returns its organisation id. */
  addParty(party: JsonObject): string | null {
    const id = organisationIdOf(party.identifier, party.name);
    if (id === null) return null;
    if (!this.rows.has(id)) this.rows.set(id, organisationRow(id, party));
    const partyId = textAt(party.id);
    if (partyId !== null && !this.byPartyId.has(partyId)) this.byPartyId.set(partyId, id);
    return id;
  }

  /**
   * Resolves an OrganizationReference (`{ id, name }`): through the party with that id when
   * there is one, otherwise by name, registering a minimal organisation for it.
   */
  resolveReference(reference: unknown): { id: string | null; name: string | null } {
    if (reference === null || typeof reference !== "object") return { id: null, name: null };
    const object = reference as JsonObject;
    const name = textAt(object.name) ?? textAt(object.legalName);
    const partyId = textAt(object.id);
    const known = partyId === null ? undefined : this.byPartyId.get(partyId);
    if (known) return { id: known, name: name ?? (this.rows.get(known)?.name as string) };

    const id = organisationIdOf(object.identifier, name);
    if (id === null) return { id: null, name };
    if (!this.rows.has(id)) this.rows.set(id, organisationRow(id, { name }));
    return { id, name };
  }
}

const FILLABLE_COLUMNS = [
  "identifier_scheme",
  "identifier_id",
  "legal_name",
  "address",
  "contact_point",
] as const;

/**
 * Inserts organisations not stored yet and fills the columns an existing one lacks.
 *
 * An organisation is shared by every project that names it, and publishers describe the same
 * body slightly differently from project to project. The first description stored is kept,
 * so re-importing the same sources writes no new events. Each project's own wording stays in
 * `project_parties`.
 *
 * With a buffer, the organisations already read or written are not read again, and with
 * `hold` new ones are held in the buffer rather than inserted.
 */
export async function storeOrganisations(
  executor: Executor,
  rows: Iterable<Row>,
  context: EventContext,
  buffer?: InsertBuffer,
  hold = false,
): Promise<void> {
  const given = [...rows];
  if (given.length === 0) return;
  const stored = buffer?.organisations ?? new Map<string, Row>();
  const unread = given.map((row) => row.id as string).filter((id) => !stored.has(id));
  if (unread.length > 0) {
    const found = await executor
      .selectFrom("organisations")
      .selectAll()
      .where("id", "in", unread)
      .execute();
    for (const row of found) stored.set(row.id, row);
  }

  const inserts = given.filter((row) => !stored.has(row.id as string));
  if (inserts.length > 0) {
    const values = inserts.map(organisationValues);
    if (buffer && hold) {
      buffer.add("organisations", values);
      for (const row of inserts) buffer.heldOrganisations.add(row.id as string);
    } else {
      await executor.insertInto("organisations").values(values).execute();
    }
    for (const row of inserts) stored.set(row.id as string, row);
    for (const row of inserts) {
      await writeEvent(executor, context, "organisation", row.id as string, "create", null, row);
    }
  }

  for (const row of given) {
    if (inserts.includes(row)) continue;
    const id = row.id as string;
    const current = stored.get(id);
    if (!current) continue;

    const filled: Record<string, string | null> = {};
    for (const column of FILLABLE_COLUMNS) {
      if (current[column] === null && row[column] !== null && row[column] !== undefined) {
        const value = row[column];
        filled[column] = typeof value === "string" ? value : JSON.stringify(value);
      }
    }
    if (Object.keys(filled).length === 0) continue;

    // The organisation must be in the table before it can be updated.
    if (buffer?.heldOrganisations.has(id)) await buffer.flush(executor);
    const before: Row = JSON.parse(canonicalJson(current)) as Row;
    await executor
      .updateTable("organisations")
      .set({ ...filled, updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    const after: Row = { ...before };
    for (const column of Object.keys(filled)) after[column] = row[column];
    stored.set(id, after);
    await writeEvent(executor, context, "organisation", id, "update", before, after);
  }
}

/** Turns an organisation row into insertable values: jsonb columns become JSON text. */
function organisationValues(row: Row): Insertable<DB["organisations"]> {
  return {
    id: row.id as string,
    name: row.name as string,
    identifier_scheme: row.identifier_scheme as string | null,
    identifier_id: row.identifier_id as string | null,
    legal_name: row.legal_name as string | null,
    address: row.address === null ? null : JSON.stringify(row.address),
    contact_point: row.contact_point === null ? null : JSON.stringify(row.contact_point),
    search_text: row.search_text as string,
    extra: JSON.stringify(row.extra),
  };
}
