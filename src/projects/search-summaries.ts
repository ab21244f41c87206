import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { fromMinorUnits } from "../shared/money.js";

/** An amount in major units of its currency, as published in JSON. */
export const moneySchema = z.object({ amount: z.number(), currency: z.string() }).openapi("Money");

/** One project in a list: what a search result, a map marker or a card needs. */
export const projectSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.string().nullable(),
    type: z.string().nullable(),
    sector: z.array(z.string()),
    budget: moneySchema.nullable(),
    period: z
      .object({
        startDate: z.string().nullable().openapi({ format: "date-time" }),
        endDate: z.string().nullable().openapi({ format: "date-time" }),
      })
      .nullable(),
    publicAuthority: z.object({ id: z.string(), name: z.string() }).nullable(),
    location: z
      .object({
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
        locality: z.string().nullable(),
        region: z.string().nullable(),
      })
      .nullable(),
    updated: z.string().nullable().openapi({ format: "date-time" }),
    isDemo: z.boolean(),
  })
  .openapi("ProjectSummary");

export type ProjectSummary = z.infer<typeof projectSummarySchema>;

/**
 * Builds the summaries of the public projects among `projectIds`, in the order given. Private
 * and unknown ids are left out.
 */
export async function summariseProjects(
  db: Kysely<DB>,
  projectIds: readonly string[],
): Promise<ProjectSummary[]> {
  if (projectIds.length === 0) return [];

  const rows = await db
    .selectFrom("projects")
    .leftJoin("organisations as authority", "authority.id", "projects.public_authority_id")
    .select([
      "projects.id",
      "projects.title",
      "projects.status",
      "projects.type",
      "projects.sector",
      "projects.budget_amount",
      "projects.budget_currency",
      "projects.period_start",
      "projects.period_end",
      "projects.updated",
      "projects.is_demo",
      "projects.public_authority_id",
      "authority.name as authority_name",
    ])
    .where("projects.id", "in", projectIds)
    .where("projects.is_public", "=", true)
    .execute();
  const locations = await firstLocations(db, projectIds);
  const rowsById = new Map(rows.map((row) => [row.id, row]));

  return projectIds.flatMap((id) => {
    const row = rowsById.get(id);
    if (!row) return [];
    const summary: ProjectSummary = {
      id: row.id,
      title: row.title,
      status: row.status,
      type: row.type,
      sector: row.sector,
      budget:
        row.budget_amount !== null && row.budget_currency
          ? {
              amount: fromMinorUnits(row.budget_amount, row.budget_currency),
              currency: row.budget_currency,
            }
          : null,
      period:
        row.period_start || row.period_end
          ? { startDate: isoOrNull(row.period_start), endDate: isoOrNull(row.period_end) }
          : null,
      publicAuthority:
        row.public_authority_id && row.authority_name
          ? { id: row.public_authority_id, name: row.authority_name }
          : null,
      location: locations.get(row.id) ?? null,
      updated: isoOrNull(row.updated),
      isDemo: row.is_demo,
    };
    return [summary];
  });
}

/** Loads the location with the lowest position of each project, for markers and cards. */
async function firstLocations(
  db: Kysely<DB>,
  projectIds: readonly string[],
): Promise<Map<string, NonNullable<ProjectSummary["location"]>>> {
  const located = new Map<string, NonNullable<ProjectSummary["location"]>>();
  if (projectIds.length === 0) return located;

  const rows = await db
    .selectFrom("project_locations")
    .select(["project_id", "latitude", "longitude", "locality", "region"])
    .where("project_id", "in", projectIds)
    .orderBy("project_id")
    .orderBy("position")
    .execute();
  for (const row of rows) {
    if (located.has(row.project_id)) continue;
    located.set(row.project_id, {
      latitude: row.latitude,
      longitude: row.longitude,
      locality: row.locality,
      region: row.region,
    });
  }
  return located;
}

function isoOrNull(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
