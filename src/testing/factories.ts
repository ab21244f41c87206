/**
 * Test factories: each inserts one row with sensible defaults, applies `overrides` over them
 * and returns the stored row. JSON columns take plain values here and are serialised on insert.
 */
import type { Insertable, Kysely, Selectable } from "kysely";
import type {
  ContractingProcessesTable,
  ContractsTable,
  DB,
  DocumentsTable,
  ModificationsTable,
  OrganisationsTable,
  PhotosTable,
  ProgressObservationsTable,
  ProjectLocationsTable,
  ProjectPartiesTable,
  ProjectsTable,
  TransactionsTable,
} from "../db/types.js";
import { foldForSearch } from "../shared/text.js";

let sequence = 0;

/** Returns a name unique within the test run, such as "project-7". */
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

/** Insert values of a table with its JSON columns given as values instead of JSON text. */
type WithJson<Row, JsonKeys extends keyof Row> = Omit<Row, JsonKeys> & {
  [Key in JsonKeys]?: unknown;
};

function serialise<Row extends Record<string, unknown>>(
  row: Row,
  jsonKeys: readonly string[],
): Row {
  const copy: Record<string, unknown> = { ...row };
  for (const key of jsonKeys) {
    const value = copy[key];
    if (value !== undefined && value !== null) copy[key] = JSON.stringify(value);
  }
  return copy as Row;
}

const ORGANISATION_JSON = ["address", "contact_point", "extra"] as const;
export type OrganisationOverrides = Partial<
  WithJson<Insertable<OrganisationsTable>, (typeof ORGANISATION_JSON)[number]>
>;

/** Inserts an organisation whose `search_text` defaults to the folded name. */
export async function createOrganisation(
  db: Kysely<DB>,
  overrides: OrganisationOverrides = {},
): Promise<Selectable<OrganisationsTable>> {
  const name = overrides.name ?? `Organisation ${uniqueId("o")}`;
  const values = {
    id: uniqueId("org"),
    name,
    identifier_scheme: null,
    identifier_id: null,
    legal_name: null,
    search_text: foldForSearch(name),
    ...overrides,
  };
  return db
    .insertInto("organisations")
    .values(serialise(values, ORGANISATION_JSON) as Insertable<OrganisationsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const PROJECT_JSON = [
  "identifiers",
  "additional_classifications",
  "budget_breakdowns",
  "related_projects",
  "completion",
  "extra",
] as const;
export type ProjectOverrides = Partial<
  WithJson<Insertable<ProjectsTable>, (typeof PROJECT_JSON)[number]>
>;

/** Inserts a public project whose `search_text` defaults to the folded title and description. */
export async function createProject(
  db: Kysely<DB>,
  overrides: ProjectOverrides = {},
): Promise<Selectable<ProjectsTable>> {
  const title = overrides.title ?? `Project ${uniqueId("p")}`;
  const description = overrides.description ?? null;
  const values = {
    id: uniqueId("oc4ids-test"),
    publisher: "test",
    jurisdiction_id: null,
    language: null,
    title,
    description,
    status: "implementation",
    type: "construction",
    purpose: null,
    public_authority_id: null,
    budget_amount: null,
    budget_currency: null,
    budget_approval_date: null,
    period_start: null,
    period_end: null,
    period_max_extent: null,
    period_duration_days: null,
    completion: null,
    updated: null,
    source_import_id: null,
    source: null,
    source_sha256: null,
    imported_at: null,
    search_text: foldForSearch([title, description ?? ""].join(" ")),
    ...overrides,
  };
  return db
    .insertInto("projects")
    .values(serialise(values, PROJECT_JSON) as Insertable<ProjectsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const PARTY_JSON = ["contact_point", "extra"] as const;
export type PartyOverrides = Partial<
  WithJson<Insertable<ProjectPartiesTable>, (typeof PARTY_JSON)[number]>
>;

/** Inserts a party of a project, named after its organisation by default. */
export async function createParty(
  db: Kysely<DB>,
  projectId: string,
  organisation: Pick<Selectable<OrganisationsTable>, "id" | "name">,
  overrides: PartyOverrides = {},
): Promise<Selectable<ProjectPartiesTable>> {
  const values = {
    project_id: projectId,
    party_id: organisation.id,
    organisation_id: organisation.id,
    name: organisation.name,
    roles: [] as string[],
    contact_point: null,
    ...overrides,
  };
  return db
    .insertInto("project_parties")
    .values(serialise(values, PARTY_JSON) as Insertable<ProjectPartiesTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const LOCATION_JSON = ["geometry", "address", "gazetteer"] as const;
export type LocationOverrides = Partial<
  WithJson<Insertable<ProjectLocationsTable>, (typeof LOCATION_JSON)[number]>
>;

/** Inserts a location of a project at position 0 unless `position` is given. */
export async function createLocation(
  db: Kysely<DB>,
  projectId: string,
  overrides: LocationOverrides = {},
): Promise<Selectable<ProjectLocationsTable>> {
  const values = {
    project_id: projectId,
    position: 0,
    location_id: null,
    description: null,
    geometry: null,
    latitude: null,
    longitude: null,
    address: null,
    locality: null,
    region: null,
    gazetteer: null,
    uri: null,
    ...overrides,
  };
  return db
    .insertInto("project_locations")
    .values(serialise(values, LOCATION_JSON) as Insertable<ProjectLocationsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const PROCESS_JSON = ["linked_releases", "extra"] as const;
export type ProcessOverrides = Partial<
  WithJson<Insertable<ContractingProcessesTable>, (typeof PROCESS_JSON)[number]>
>;

/** Inserts a contracting process of a project. */
export async function createProcess(
  db: Kysely<DB>,
  projectId: string,
  overrides: ProcessOverrides = {},
): Promise<Selectable<ContractingProcessesTable>> {
  const values = {
    project_id: projectId,
    id: uniqueId("process"),
    position: 0,
    ocid: null,
    external_reference: null,
    title: null,
    description: null,
    status: null,
    procurement_method: null,
    procurement_method_details: null,
    number_of_tenderers: null,
    date_published: null,
    cost_estimate_amount: null,
    cost_estimate_currency: null,
    contract_value_amount: null,
    contract_value_currency: null,
    final_value_amount: null,
    final_value_currency: null,
    contract_period_start: null,
    contract_period_end: null,
    procuring_entity_id: null,
    ...overrides,
  };
  return db
    .insertInto("contracting_processes")
    .values(serialise(values, PROCESS_JSON) as Insertable<ContractingProcessesTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type ContractOverrides = Partial<WithJson<Insertable<ContractsTable>, "extra">>;

/** Inserts a contract of a process and one `contract_suppliers` row per supplier. */
export async function createContract(
  db: Kysely<DB>,
  process: Pick<Selectable<ContractingProcessesTable>, "project_id" | "id">,
  suppliers: Pick<Selectable<OrganisationsTable>, "id" | "name">[] = [],
  overrides: ContractOverrides = {},
): Promise<Selectable<ContractsTable>> {
  const values = {
    project_id: process.project_id,
    process_id: process.id,
    id: process.id,
    award_id: null,
    title: null,
    status: null,
    value_amount: null,
    value_currency: null,
    period_start: null,
    period_end: null,
    date_signed: null,
    ...overrides,
  };
  const contract = await db
    .insertInto("contracts")
    .values(serialise(values, ["extra"]) as Insertable<ContractsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const supplier of suppliers) {
    await db
      .insertInto("contract_suppliers")
      .values({
        project_id: contract.project_id,
        process_id: contract.process_id,
        contract_id: contract.id,
        organisation_id: supplier.id,
        name: supplier.name,
      })
      .execute();
  }
  return contract;
}

const MODIFICATION_JSON = ["old_period", "new_period", "extra"] as const;
export type ModificationOverrides = Partial<
  WithJson<Insertable<ModificationsTable>, (typeof MODIFICATION_JSON)[number]>
>;

/** Inserts a modification (design change, time extension, value change) of a process. */
export async function createModification(
  db: Kysely<DB>,
  process: Pick<Selectable<ContractingProcessesTable>, "project_id" | "id">,
  overrides: ModificationOverrides = {},
): Promise<Selectable<ModificationsTable>> {
  const values = {
    project_id: process.project_id,
    process_id: process.id,
    id: uniqueId("modification"),
    type: null,
    date: null,
    description: null,
    rationale: null,
    release_id: null,
    old_value_amount: null,
    old_value_currency: null,
    new_value_amount: null,
    new_value_currency: null,
    old_period: null,
    new_period: null,
    ...overrides,
  };
  return db
    .insertInto("modifications")
    .values(serialise(values, MODIFICATION_JSON) as Insertable<ModificationsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type TransactionOverrides = Partial<WithJson<Insertable<TransactionsTable>, "extra">>;

/** Inserts a payment of a project, or of a process when `process_id` is given. */
export async function createTransaction(
  db: Kysely<DB>,
  projectId: string,
  overrides: TransactionOverrides = {},
): Promise<Selectable<TransactionsTable>> {
  const values = {
    project_id: projectId,
    id: uniqueId("transaction"),
    date: null,
    amount: null,
    currency: null,
    payer_id: null,
    payer_name: null,
    payee_id: null,
    payee_name: null,
    source: null,
    uri: null,
    ...overrides,
  };
  return db
    .insertInto("transactions")
    .values(serialise(values, ["extra"]) as Insertable<TransactionsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type DocumentOverrides = Partial<WithJson<Insertable<DocumentsTable>, "extra">>;

/** Inserts a document of a project, or of a process when `process_id` is given. */
export async function createDocument(
  db: Kysely<DB>,
  projectId: string,
  overrides: DocumentOverrides = {},
): Promise<Selectable<DocumentsTable>> {
  const values = {
    project_id: projectId,
    id: uniqueId("document"),
    document_type: null,
    title: null,
    description: null,
    url: null,
    date_published: null,
    date_modified: null,
    format: null,
    language: null,
    sha256: null,
    ...overrides,
  };
  return db
    .insertInto("documents")
    .values(serialise(values, ["extra"]) as Insertable<DocumentsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts a site photo that points to a URL by default. */
export async function createPhoto(
  db: Kysely<DB>,
  projectId: string,
  overrides: Partial<Insertable<PhotosTable>> = {},
): Promise<Selectable<PhotosTable>> {
  const id = overrides.id ?? uniqueId("photo");
  return db
    .insertInto("photos")
    .values({
      project_id: projectId,
      id,
      url: `https://example.org/photos/${id}.jpg`,
      sha256: null,
      caption: null,
      taken_at: null,
      latitude: null,
      longitude: null,
      source: null,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts a progress observation, by default actual physical progress. */
export async function createProgress(
  db: Kysely<DB>,
  projectId: string,
  overrides: Partial<Insertable<ProgressObservationsTable>> = {},
): Promise<Selectable<ProgressObservationsTable>> {
  return db
    .insertInto("progress_observations")
    .values({
      project_id: projectId,
      kind: "physical",
      basis: "actual",
      observed_on: "2024-01-31",
      percent: 10,
      process_id: "",
      source: null,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
