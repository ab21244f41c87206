import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import type { PastImport } from "./pages/imports-page.js";

/** Lists the latest imports, newest first, with the number of projects each stored. */
export async function listPastImports(db: Kysely<DB>, limit = 20): Promise<PastImport[]> {
  const rows = await db
    .selectFrom("imports")
    .select(["id", "source", "source_key", "status", "started_at", "counts"])
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const counts = (row.counts ?? {}) as Record<string, number | undefined>;
    const projects =
      (counts.projectsCreated ?? 0) +
      (counts.projectsUpdated ?? 0) +
      (counts.projectsUnchanged ?? 0);
    return {
      id: Number(row.id),
      source: row.source,
      sourceKey: row.source_key,
      status: row.status,
      startedAt: row.started_at,
      projects,
    };
  });
}
