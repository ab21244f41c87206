import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { Principal } from "../accounts/permissions.js";
import type { DB } from "../db/types.js";
import type { ProjectMode } from "../db/types-accounts.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import type { JsonObject } from "../import/types.js";
import { storeProject } from "../projects/store.js";
import { AmountError, toMinorUnits } from "../shared/money.js";
import { decideProjectMode } from "./mode.js";
import type { RegistrationInput } from "./registration-input.js";
import type { WorkspaceSettings } from "./settings.js";

/** Publisher recorded on projects created in the workspace rather than imported. */
export const WORKSPACE_PUBLISHER = "workspace";

/** A project registered in the workspace. */
export interface RegisteredProject {
  projectId: string;
  created: boolean;
  mode: ProjectMode;
}

/** Who registers, from where, and at what time. */
export interface RegistrationActor {
  principal: Principal;
  clientAddress: string | null;
  now: Date;
}

/**
 * Registers a project in the workspace when its contract is signed. A new project is written
 * through the same store as an import, so it appears on the public portal with a version and
 * its events. An imported project (`projectId`) is linked as it is. The mode (long-term or
 * short-term) follows the jurisdiction's thresholds. A registering user who holds the
 * agency_official jurisdiction role becomes the project's agency official.
 *
 * Everything happens in one transaction: on any error nothing is stored. Throws invalid_input
 * naming each bad field, and conflict when the project is already registered.
 */
export async function registerProject(
  db: Kysely<DB>,
  input: RegistrationInput,
  actor: RegistrationActor,
  settings: WorkspaceSettings,
): Promise<RegisteredProject> {
  const problems: Problem[] = [];
  const amount = contractAmountInMinorUnits(input, problems);
  const agencyId = input.agencyId ?? actor.principal.organisationId;
  if (!agencyId) {
    problems.push({
      path: "agencyId",
      message: "is missing: your account belongs to no organisation, so name the ordering agency",
    });
  }

  return db.transaction().execute(async (trx) => {
    const agency = agencyId
      ? await trx
          .selectFrom("organisations")
          .select(["id", "name", "identifier_scheme", "identifier_id"])
          .where("id", "=", agencyId)
          .executeTakeFirst()
      : undefined;
    if (agencyId && !agency)
      problems.push({ path: "agencyId", message: "no organisation has this id" });
    if (input.projectId) await checkImportedProject(trx, input.projectId, problems);
    const jurisdictionId = await chosenJurisdiction(trx, input.jurisdictionId, problems);
    if (problems.length > 0 || amount === undefined || !agency) throw errors.invalidInput(problems);
    if (input.projectId) await checkMayRegisterExisting(trx, input.projectId, actor.principal);

    const mode = decideProjectMode(
      {
        amount,
        currency: input.currency,
        startDate: input.startDate,
        plannedCompletionDate: input.plannedCompletionDate,
      },
      settings,
    );
    const projectId =
      input.projectId ??
      (await storeNewProject(trx, input, agency, actor, settings.projectIdPrefix, jurisdictionId));

    await trx
      .insertInto("workspace_projects")
      .values({
        project_id: projectId,
        mode,
        contract_amount: amount,
        contract_currency: input.currency,
        start_date: input.startDate,
        planned_completion_date: input.plannedCompletionDate,
        agency_id: agency.id,
        registered_by: actor.principal.userId,
        registered_at: actor.now,
      })
      .execute();
    if (actor.principal.jurisdictionRoles.includes("agency_official")) {
      await trx
        .insertInto("project_memberships")
        .values({
          project_id: projectId,
          user_id: actor.principal.userId,
          role: "agency_official",
          added_by: actor.principal.userId,
          added_at: actor.now,
        })
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: actor.principal.userId,
      action: "project.register",
      subject: `project:${projectId}`,
      outcome: "success",
      clientAddress: actor.clientAddress,
      details: { mode, created: !input.projectId, agencyId: agency.id },
      occurredAt: actor.now,
    });
    return { projectId, created: !input.projectId, mode };
  });
}

function contractAmountInMinorUnits(
  input: RegistrationInput,
  problems: Problem[],
): number | undefined {
  try {
    const amount = toMinorUnits(input.contractAmount, input.currency);
    if (amount < 0) {
      problems.push({ path: "contractAmount", message: "must not be negative" });
      return undefined;
    }
    return amount;
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    problems.push({
      path: "contractAmount",
      message: `must be a number in major units, such as 1500000000 or 1250.50 (got ${JSON.stringify(input.contractAmount)})`,
    });
    return undefined;
  }
}

/** Roles of a project's parties that make an organisation the one that orders the works. */
const ORDERING_PARTY_ROLES = ["publicAuthority", "buyer", "procuringEntity"];

/**
 * Checks that the caller may register an existing project. An agency official may do so only
 * when their organisation is its public authority, buyer or procuring entity. Administrators
 * and agency managers, whose roles cover the whole installation, may register any project.
 * Throws 403 naming the reason otherwise.
 */
async function checkMayRegisterExisting(
  trx: Transaction<DB>,
  projectId: string,
  principal: Principal,
): Promise<void> {
  const roles = principal.jurisdictionRoles;
  if (roles.includes("administrator") || roles.includes("agency_manager")) return;
  const organisationId = principal.organisationId;
  const refuse = (reason: string) =>
    new AppError(
      "forbidden",
      403,
      `You may not register project ${projectId}: ${reason}. Ask an administrator or agency manager to register it.`,
    );
  if (!organisationId) throw refuse("your account belongs to no organisation");
  const project = await trx
    .selectFrom("projects")
    .select("public_authority_id")
    .where("id", "=", projectId)
    .executeTakeFirst();
  if (project?.public_authority_id === organisationId) return;
  const party = await trx
    .selectFrom("project_parties")
    .select("party_id")
    .where("project_id", "=", projectId)
    .where("organisation_id", "=", organisationId)
    .where(sql<boolean>`roles && ${sql.val(ORDERING_PARTY_ROLES)}::text[]`)
    .executeTakeFirst();
  if (!party) {
    throw refuse("your organisation is not its public authority, buyer or procuring entity");
  }
}

/**
 * Returns the jurisdiction a new project joins: the one named, which must exist and must not
 * be a demonstration, or none. A real project never joins a demo jurisdiction, whatever else
 * is loaded.
 */
async function chosenJurisdiction(
  trx: Transaction<DB>,
  jurisdictionId: string | undefined,
  problems: Problem[],
): Promise<string | undefined> {
  if (jurisdictionId === undefined) return undefined;
  const row = await trx
    .selectFrom("jurisdictions")
    .select(["id", "is_demo"])
    .where("id", "=", jurisdictionId)
    .executeTakeFirst();
  if (!row) {
    problems.push({ path: "jurisdictionId", message: "no jurisdiction has this id" });
    return undefined;
  }
  if (row.is_demo) {
    problems.push({
      path: "jurisdictionId",
      message: "names a demonstration jurisdiction, which real projects may not join",
    });
    return undefined;
  }
  return row.id;
}

async function checkImportedProject(
  trx: Transaction<DB>,
  projectId: string,
  problems: Problem[],
): Promise<void> {
  const project = await trx
    .selectFrom("projects")
    .leftJoin("workspace_projects", "workspace_projects.project_id", "projects.id")
    .select(["projects.id", "workspace_projects.project_id as registered"])
    .where("projects.id", "=", projectId)
    .executeTakeFirst();
  if (!project) {
    problems.push({ path: "projectId", message: "no project has this id" });
  } else if (project.registered) {
    throw errors.conflict(`Project ${projectId} is already registered in the workspace.`);
  }
}

/** Writes a new project as OC4IDS through the import store, recorded as its own source. */
async function storeNewProject(
  trx: Transaction<DB>,
  input: RegistrationInput,
  agency: {
    id: string;
    name: string;
    identifier_scheme: string | null;
    identifier_id: string | null;
  },
  actor: RegistrationActor,
  prefix: string,
  jurisdictionId: string | undefined,
): Promise<string> {
  const projectId = `${prefix}-${randomBytes(6).toString("hex")}`;
  const project = buildOc4idsProject(projectId, input, agency, actor.now);
  const source = `workspace registration by user ${actor.principal.userId}`;

  // The store records every version against an `imports` row, so the registration gets one
  // that names the workspace as the source.
  const run = await trx
    .insertInto("imports")
    .values({
      source,
      source_sha256: null,
      publisher: WORKSPACE_PUBLISHER,
      status: "succeeded",
      started_at: actor.now,
      finished_at: actor.now,
      counts: JSON.stringify({ projects: 1 }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  await storeProject(trx, project, {
    importId: run.id,
    actor: `user:${actor.principal.userId}`,
    publisher: WORKSPACE_PUBLISHER,
    source,
    sourceSha256: "",
    jurisdictionId,
  });
  return projectId;
}

/** Builds the OC4IDS 0.9.5 project of a new registration. */
export function buildOc4idsProject(
  projectId: string,
  input: RegistrationInput,
  agency: {
    id: string;
    name: string;
    identifier_scheme: string | null;
    identifier_id: string | null;
  },
  now: Date,
): JsonObject {
  const identifier =
    agency.identifier_scheme && agency.identifier_id
      ? { scheme: agency.identifier_scheme, id: agency.identifier_id }
      : undefined;
  const period = {
    startDate: `${input.startDate}T00:00:00Z`,
    endDate: `${input.plannedCompletionDate}T00:00:00Z`,
  };
  const location: JsonObject = {
    id: "1",
    ...(input.locationDescription ? { description: input.locationDescription } : {}),
    ...(input.latitude !== undefined && input.longitude !== undefined
      ? { geometry: { type: "Point", coordinates: [input.longitude, input.latitude] } }
      : {}),
    ...(input.locality ? { address: { locality: input.locality } } : {}),
  };

  return {
    id: projectId,
    title: input.title ?? projectId,
    ...(input.description ? { description: input.description } : {}),
    status: "implementation",
    updated: now.toISOString(),
    publicAuthority: { id: agency.id, name: agency.name },
    parties: [
      {
        id: agency.id,
        name: agency.name,
        ...(identifier ? { identifier } : {}),
        roles: ["publicAuthority", "buyer"],
      },
    ],
    period,
    ...(Object.keys(location).length > 1 ? { locations: [location] } : {}),
    contractingProcesses: [
      {
        id: `${projectId}-contract`,
        summary: {
          status: "implementation",
          contractValue: { amount: Number(input.contractAmount), currency: input.currency },
          contractPeriod: period,
        },
      },
    ],
  };
}
