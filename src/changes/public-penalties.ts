/**
 * The penalties the public project page lists: approved penalties that were published, that is
 * whose jurisdiction's disclosure policy showed the `penalties` category when they were
 * approved. OC4IDS 0.9.5 has no field for penalties, so they appear on the page only, never in
 * the OC4IDS export. Review comments are never read.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { changeTables } from "./tables.js";

/** One approved penalty as the public page shows it. */
export interface PublicPenalty {
  id: number;
  /** The organisation the penalty was issued against. */
  organisationId: string;
  organisationName: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  description: string;
  reason: string;
  approvedAt: Date;
}

/** Returns the project's published penalties, most recently approved first. */
export async function loadPublicPenalties(
  db: Kysely<DB>,
  projectId: string,
): Promise<PublicPenalty[]> {
  const rows = await changeTables(db)
    .selectFrom("change_requests")
    .innerJoin("organisations", "organisations.id", "change_requests.against_organisation_id")
    .innerJoin("change_request_steps", (join) =>
      join
        .onRef("change_request_steps.change_request_id", "=", "change_requests.id")
        .on("change_request_steps.to_status", "=", "approved"),
    )
    .select([
      "change_requests.id",
      "change_requests.against_organisation_id",
      "organisations.name",
      "change_requests.amount",
      "change_requests.currency",
      "change_requests.description",
      "change_requests.reason",
      "change_request_steps.occurred_at",
    ])
    .where("change_requests.project_id", "=", projectId)
    .where("change_requests.kind", "=", "penalty")
    .where("change_requests.status", "=", "approved")
    .where("change_requests.published", "=", true)
    .orderBy("change_request_steps.occurred_at", "desc")
    .orderBy("change_requests.id", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.against_organisation_id ?? "",
    organisationName: row.name,
    amount: row.amount ?? 0,
    currency: row.currency ?? "",
    description: row.description,
    reason: row.reason,
    approvedAt: new Date(row.occurred_at),
  }));
}
