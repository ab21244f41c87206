/**
 * The disclosure policy of a jurisdiction: which categories of workspace records flow to the
 * public portal. Features that publish on approval call `isDisclosed` inside their approval
 * transaction and write to the public tables only when it returns true.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import { changeTables } from "../changes/tables.js";
import type { DB } from "../db/types.js";
import { errors, type Problem } from "../http/errors.js";

/** A category of workspace records, with its default and whether a jurisdiction may change it. */
export interface DisclosureCategory {
  category: string;
  description: string;
  /** Whether the portal shows the category when the jurisdiction has not decided. */
  publicByDefault: boolean;
  /** False for categories that stay private whatever the policy sets. */
  adjustable: boolean;
}

/**
 * Every category, in the order the administrator page lists them. By default everything is
 * public except personal data, security-sensitive drawings and internal deliberations (which
 * include work directives and their action reports).
 */
export const DISCLOSURE_CATEGORIES: readonly DisclosureCategory[] = [
  { category: "schedule", description: "approved work schedule and planned progress" },
  { category: "progress", description: "actual progress from approved daily reports" },
  { category: "daily_report_summaries", description: "weekly and monthly report summaries" },
  { category: "photos", description: "site photos" },
  { category: "design_changes", description: "approved design changes" },
  { category: "time_extensions", description: "approved time extensions" },
  { category: "penalties", description: "penalties imposed on contractors" },
  { category: "documents", description: "contract documents and reports" },
  { category: "safety_incidents", description: "safety inspections and accidents" },
  { category: "evaluations", description: "performance evaluations" },
  {
    category: "directives",
    description: "work directives and action reports (internal deliberation)",
    publicByDefault: false,
  },
  {
    category: "internal_deliberations",
    description: "review comments and other internal deliberations",
    publicByDefault: false,
  },
  {
    category: "security_sensitive_drawings",
    description: "drawings of security-sensitive facilities",
    publicByDefault: false,
  },
  {
    category: "personal_data",
    description: "names, identity numbers, bank accounts and contacts of people",
    publicByDefault: false,
    adjustable: false,
  },
].map((entry) => ({ publicByDefault: true, adjustable: true, ...entry }));

/** A category name of `DISCLOSURE_CATEGORIES`. */
export type DisclosureCategoryName = string;

const BY_NAME = new Map(DISCLOSURE_CATEGORIES.map((entry) => [entry.category, entry]));

/** One category as a jurisdiction's policy has it. */
export interface PolicyEntry extends DisclosureCategory {
  isPublic: boolean;
  /** Null while the category follows its default. */
  updatedBy: number | null;
  updatedAt: Date | null;
}

/**
 * Returns whether the public portal may show records of `category` in `jurisdictionId`. A
 * project without a jurisdiction follows the defaults. Throws for an unknown category, so that
 * a misspelt name fails in tests instead of hiding or leaking records.
 */
export async function isDisclosed(
  db: Kysely<DB>,
  jurisdictionId: string | null,
  category: DisclosureCategoryName,
): Promise<boolean> {
  const entry = BY_NAME.get(category);
  if (!entry) throw new Error(`unknown disclosure category "${category}"`);
  if (!entry.adjustable || jurisdictionId === null) return entry.publicByDefault;
  const row = await changeTables(db)
    .selectFrom("disclosure_policies")
    .select("is_public")
    .where("jurisdiction_id", "=", jurisdictionId)
    .where("category", "=", category)
    .executeTakeFirst();
  return row ? row.is_public : entry.publicByDefault;
}

/** Returns the jurisdiction of a project, or null when it has none. */
export async function jurisdictionOfProject(
  db: Kysely<DB>,
  projectId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("projects")
    .select("jurisdiction_id")
    .where("id", "=", projectId)
    .executeTakeFirst();
  return row?.jurisdiction_id ?? null;
}

/** Loads the whole policy of a jurisdiction. Throws 404 for an unknown jurisdiction. */
export async function loadDisclosurePolicy(
  db: Kysely<DB>,
  jurisdictionId: string,
): Promise<PolicyEntry[]> {
  await requireJurisdiction(db, jurisdictionId);
  const rows = await changeTables(db)
    .selectFrom("disclosure_policies")
    .selectAll()
    .where("jurisdiction_id", "=", jurisdictionId)
    .execute();
  const decided = new Map(rows.map((row) => [row.category, row]));
  return DISCLOSURE_CATEGORIES.map((entry) => {
    const row = entry.adjustable ? decided.get(entry.category) : undefined;
    return {
      ...entry,
      isPublic: row ? row.is_public : entry.publicByDefault,
      updatedBy: row?.updated_by ?? null,
      updatedAt: row?.updated_at ?? null,
    };
  });
}

/** The user changing the policy, the client address and the time of the change. */
export interface PolicyActor {
  userId: number;
  clientAddress: string | null;
  now: Date;
}

/**
 * Sets categories of a jurisdiction's policy to public or private in one transaction, with one
 * audit entry. Throws invalid_input naming each unknown category and each category that must
 * stay private; nothing is stored then.
 */
export async function updateDisclosurePolicy(
  db: Kysely<DB>,
  jurisdictionId: string,
  changes: Record<string, boolean>,
  actor: PolicyActor,
): Promise<PolicyEntry[]> {
  const problems: Problem[] = [];
  for (const [category, isPublic] of Object.entries(changes)) {
    const entry = BY_NAME.get(category);
    if (!entry) {
      problems.push({
        path: `categories.${category}`,
        message: `is not a disclosure category; use one of ${[...BY_NAME.keys()].join(", ")}`,
      });
    } else if (!entry.adjustable && isPublic !== entry.publicByDefault) {
      problems.push({
        path: `categories.${category}`,
        message: "must stay private: personal data never goes to the public portal",
      });
    }
  }
  if (problems.length > 0) throw errors.invalidInput(problems);

  await db.transaction().execute(async (trx) => {
    await requireJurisdiction(trx, jurisdictionId);
    for (const [category, isPublic] of Object.entries(changes)) {
      if (!BY_NAME.get(category)!.adjustable) continue;
      await changeTables(trx)
        .insertInto("disclosure_policies")
        .values({
          jurisdiction_id: jurisdictionId,
          category,
          is_public: isPublic,
          updated_by: actor.userId,
          updated_at: actor.now,
        })
        .onConflict((conflict) =>
          conflict.columns(["jurisdiction_id", "category"]).doUpdateSet({
            is_public: isPublic,
            updated_by: actor.userId,
            updated_at: actor.now,
          }),
        )
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "disclosure.policy.manage",
      subject: `jurisdiction:${jurisdictionId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { changes },
      occurredAt: actor.now,
    });
  });
  return loadDisclosurePolicy(db, jurisdictionId);
}

async function requireJurisdiction(db: Kysely<DB>, jurisdictionId: string): Promise<void> {
  const row = await db
    .selectFrom("jurisdictions")
    .select("id")
    .where("id", "=", jurisdictionId)
    .executeTakeFirst();
  if (!row) throw errors.notFound(`Jurisdiction ${jurisdictionId}`);
}
