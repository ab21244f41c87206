import type { Database } from "../db/database.js";
import { checkMapping } from "./load.js";
import type { Mapping } from "./schema.js";

/** A mapping saved under a name for reuse. */
export interface SavedMapping {
  id: number;
  name: string;
  sourceKey: string;
  mapping: Mapping;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Saves a mapping under `name`, replacing the one saved under that name before. The mapping
 * is checked first, so that an invalid one is never saved; throws MappingError naming the
 * invalid fields.
 */
export async function saveMapping(
  database: Database,
  name: string,
  mapping: unknown,
): Promise<SavedMapping> {
  const trimmed = name.trim();
  if (trimmed === "") throw new RangeError("a saved mapping needs a name");
  const checked = checkMapping(mapping, trimmed);
  const row = await database.db
    .insertInto("import_mappings")
    .values({
      name: trimmed,
      source_key: checked.source.key,
      mapping: JSON.stringify(checked),
    })
    .onConflict((conflict) =>
      conflict.column("name").doUpdateSet({
        source_key: checked.source.key,
        mapping: JSON.stringify(checked),
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSaved(row);
}

/** Returns the mapping saved under `name`, or undefined. */
export async function getMapping(
  database: Database,
  name: string,
): Promise<SavedMapping | undefined> {
  const row = await database.db
    .selectFrom("import_mappings")
    .selectAll()
    .where("name", "=", name.trim())
    .executeTakeFirst();
  return row ? toSaved(row) : undefined;
}

/** Lists saved mappings by name. */
export async function listMappings(database: Database): Promise<SavedMapping[]> {
  const rows = await database.db
    .selectFrom("import_mappings")
    .selectAll()
    .orderBy("name")
    .execute();
  return rows.map(toSaved);
}

function toSaved(row: {
  id: number;
  name: string;
  source_key: string;
  mapping: unknown;
  created_at: Date;
  updated_at: Date;
}): SavedMapping {
  return {
    id: Number(row.id),
    name: row.name,
    sourceKey: row.source_key,
    // Saved mappings were checked before saving; checking again fills defaults added since.
    mapping: checkMapping(row.mapping, row.name),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
