import type { Kysely, Selectable } from "kysely";
import type {
  ContractsTable,
  ContractingProcessesTable,
  DB,
  DocumentsTable,
  ImportsTable,
  JurisdictionsTable,
  ModificationsTable,
  PhotosTable,
  ProgressObservationsTable,
  ProjectLocationsTable,
  ProjectPartiesTable,
  ProjectsTable,
  TransactionsTable,
} from "../db/types.js";
import { loadPublicPenalties, type PublicPenalty } from "../changes/public-penalties.js";
import { loadDirectPayments, type DirectPaymentsView } from "../claims/public-view.js";
import { claimTables } from "../claims/tables.js";
import { dateOf } from "../claims/deadlines.js";
import { loadVersionHistory, type VersionHistory } from "../projects/version-history.js";
import { publicContactPoint } from "../projects/public-contacts.js";

/**
 * Maximum numbers of versions, and of changes per version, in the record history on the page.
 * The rest stays in the JSON history, so a project with a long history keeps the page light.
 */
export const HISTORY_LIMITS = { versions: 10, changesPerVersion: 10 };

/** An OC4IDS contact point: officials' names and office contacts, public by policy. */
export interface ContactPoint {
  name?: string;
  email?: string;
  telephone?: string;
  url?: string;
}

/** A party of the project with the organisation it stands for. */
export interface PartyView extends Selectable<ProjectPartiesTable> {
  contactPoint: ContactPoint | undefined;
  identifierScheme: string | null;
  identifierId: string | null;
}

/** A contract with its suppliers. */
export interface ContractView extends Selectable<ContractsTable> {
  suppliers: { organisationId: string; name: string }[];
}

/** A contracting process with everything recorded under it. */
export interface ProcessView extends Selectable<ContractingProcessesTable> {
  contracts: ContractView[];
  modifications: Selectable<ModificationsTable>[];
}

/** Where the project's data came from. */
export interface ProvenanceView {
  source: string | null;
  sourceSha256: string | null;
  importedAt: Date | null;
  publisher: string;
  /** The import run that last wrote the project, when it is recorded. */
  importRun: Pick<Selectable<ImportsTable>, "id" | "source" | "publisher" | "finished_at"> | null;
}

/** Everything the public project page shows, read in one go. */
export interface ProjectView {
  project: Selectable<ProjectsTable>;
  jurisdiction: Selectable<JurisdictionsTable> | null;
  publicAuthority: { id: string; name: string } | null;
  parties: PartyView[];
  locations: Selectable<ProjectLocationsTable>[];
  processes: ProcessView[];
  /** Payments of the project and of its processes, oldest first. */
  transactions: Selectable<TransactionsTable>[];
  /** Documents of the project and of its processes, newest first. */
  documents: Selectable<DocumentsTable>[];
  photos: Selectable<PhotosTable>[];
  progress: Selectable<ProgressObservationsTable>[];
  provenance: ProvenanceView;
  /** The newest versions with their changes, none for a project that was never imported. */
  history: VersionHistory;
  /** True when the project or its jurisdiction is generated demo data. */
  isDemo: boolean;
  /** Direct payments per contract, null when the project's payments do not run through here. */
  directPayments: DirectPaymentsView | null;
  /** Approved penalties the disclosure policy showed when they were approved. */
  penalties: PublicPenalty[];
}

/**
 * Loads a public project with its parties, locations, contracting processes (contracts,
 * suppliers, modifications), payments, documents, photos, progress, jurisdiction,
 * provenance, the newest versions of its record history and its direct payments, whose
 * overdue shares are counted as of `now`. Returns undefined when no public project has that id.
 */
export async function loadProjectView(
  db: Kysely<DB>,
  id: string,
  now: Date = new Date(),
): Promise<ProjectView | undefined> {
  const project = await db
    .selectFrom("projects")
    .selectAll()
    .where("id", "=", id)
    .where("is_public", "=", true)
    .executeTakeFirst();
  if (!project) return undefined;

  const [jurisdiction, publicAuthority, parties, locations, processes] = await Promise.all([
    loadJurisdiction(db, project.jurisdiction_id),
    loadOrganisationName(db, project.public_authority_id),
    loadParties(db, id),
    db
      .selectFrom("project_locations")
      .selectAll()
      .where("project_id", "=", id)
      .orderBy("position")
      .execute(),
    loadProcesses(db, id),
  ]);
  const [transactions, documents, photos, progress, importRun, history, directPayments, penalties] =
    await Promise.all([
      db
        .selectFrom("transactions")
        .selectAll()
        .where("project_id", "=", id)
        .orderBy("date", (order) => order.asc().nullsLast())
        .orderBy("id")
        .execute(),
      db
        .selectFrom("documents")
        .selectAll()
        .where("project_id", "=", id)
        .orderBy("date_published", (order) => order.desc().nullsLast())
        .orderBy("id")
        .execute(),
      db
        .selectFrom("photos")
        .selectAll()
        .where("project_id", "=", id)
        .orderBy("taken_at", (order) => order.desc().nullsLast())
        .orderBy("id")
        .execute(),
      db
        .selectFrom("progress_observations")
        .selectAll()
        .where("project_id", "=", id)
        .orderBy("observed_on")
        .execute(),
      loadImportRun(db, project.source_import_id),
      loadVersionHistory(db, id, {
        versionLimit: HISTORY_LIMITS.versions,
        changeLimit: HISTORY_LIMITS.changesPerVersion,
      }),
      loadDirectPayments(claimTables(db), id, dateOf(now)),
      loadPublicPenalties(db, id),
    ]);

  return {
    project,
    jurisdiction,
    publicAuthority,
    parties,
    locations,
    processes,
    transactions,
    documents,
    photos,
    progress,
    provenance: {
      source: project.source,
      sourceSha256: project.source_sha256,
      importedAt: project.imported_at,
      publisher: project.publisher,
      importRun,
    },
    history: history ?? { versionCount: 0, versions: [] },
    isDemo: project.is_demo || (jurisdiction?.is_demo ?? false),
    directPayments,
    penalties,
  };
}

async function loadJurisdiction(db: Kysely<DB>, id: string | null) {
  if (!id) return null;
  const row = await db
    .selectFrom("jurisdictions")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row ?? null;
}

async function loadOrganisationName(db: Kysely<DB>, id: string | null) {
  if (!id) return null;
  const row = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ?? null;
}

async function loadImportRun(db: Kysely<DB>, id: number | null) {
  if (id === null) return null;
  const row = await db
    .selectFrom("imports")
    .select(["id", "source", "publisher", "finished_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ?? null;
}

async function loadParties(db: Kysely<DB>, projectId: string): Promise<PartyView[]> {
  const rows = await db
    .selectFrom("project_parties")
    .innerJoin("organisations", "organisations.id", "project_parties.organisation_id")
    .selectAll("project_parties")
    .select(["organisations.identifier_scheme", "organisations.identifier_id"])
    .where("project_parties.project_id", "=", projectId)
    .orderBy("project_parties.name")
    .execute();
  return rows.map(({ identifier_scheme, identifier_id, ...party }) => ({
    ...party,
    contactPoint: readContactPoint(publicContactPoint(party.roles, party.contact_point)),
    identifierScheme: identifier_scheme,
    identifierId: identifier_id,
  }));
}

/** Keeps the string fields of an OC4IDS contactPoint; anything else in it is not shown. */
export function readContactPoint(value: unknown): ContactPoint | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const source = value as Record<string, unknown>;
  const contact: ContactPoint = {};
  for (const key of ["name", "email", "telephone", "url"] as const) {
    const field = source[key];
    if (typeof field === "string" && field.trim() !== "") contact[key] = field.trim();
  }
  return Object.keys(contact).length > 0 ? contact : undefined;
}

async function loadProcesses(db: Kysely<DB>, projectId: string): Promise<ProcessView[]> {
  const [processes, contracts, suppliers, modifications] = await Promise.all([
    db
      .selectFrom("contracting_processes")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("contracts")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("date_signed", (order) => order.asc().nullsLast())
      .orderBy("id")
      .execute(),
    db
      .selectFrom("contract_suppliers")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("name")
      .execute(),
    db
      .selectFrom("modifications")
      .selectAll()
      .where("project_id", "=", projectId)
      .orderBy("date", (order) => order.asc().nullsLast())
      .orderBy("id")
      .execute(),
  ]);

  return processes.map((process) => ({
    ...process,
    contracts: contracts
      .filter((contract) => contract.process_id === process.id)
      .map((contract) => ({
        ...contract,
        suppliers: suppliers
          .filter(
            (supplier) =>
              supplier.process_id === process.id && supplier.contract_id === contract.id,
          )
          .map((supplier) => ({ organisationId: supplier.organisation_id, name: supplier.name })),
      })),
    modifications: modifications.filter((modification) => modification.process_id === process.id),
  }));
}
