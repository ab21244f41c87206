/**
 * Loads every row the OC4IDS export needs for a batch of public projects, one query per table,
 * so exporting many projects costs a fixed number of queries per batch.
 */
import type { Kysely, Selectable } from "kysely";
import type {
  ContractingProcessesTable,
  ContractsTable,
  ContractSuppliersTable,
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

/** The rows of one project and of everything that belongs to it. */
export interface ProjectRows {
  project: Selectable<ProjectsTable>;
  parties: Selectable<ProjectPartiesTable>[];
  locations: Selectable<ProjectLocationsTable>[];
  processes: Selectable<ContractingProcessesTable>[];
  contracts: Selectable<ContractsTable>[];
  suppliers: Selectable<ContractSuppliersTable>[];
  modifications: Selectable<ModificationsTable>[];
  progress: Selectable<ProgressObservationsTable>[];
  transactions: Selectable<TransactionsTable>[];
  documents: Selectable<DocumentsTable>[];
  photos: Selectable<PhotosTable>[];
  /** Organisations referenced by the project, its parties, processes and payments, by id. */
  organisations: Map<string, Selectable<OrganisationsTable>>;
}

/**
 * Loads the rows of the public projects among `projectIds`. Private and unknown ids are left
 * out of the result, and the map keeps the order of `projectIds`.
 */
export async function loadProjectRows(
  db: Kysely<DB>,
  projectIds: readonly string[],
): Promise<Map<string, ProjectRows>> {
  const loaded = new Map<string, ProjectRows>();
  if (projectIds.length === 0) return loaded;

  const projects = await db
    .selectFrom("projects")
    .selectAll()
    .where("id", "in", projectIds)
    .where("is_public", "=", true)
    .execute();
  if (projects.length === 0) return loaded;
  const ids = projects.map((project) => project.id);

  const [
    parties,
    locations,
    processes,
    contracts,
    suppliers,
    modifications,
    progress,
    transactions,
    documents,
    photos,
  ] = await Promise.all([
    db
      .selectFrom("project_parties")
      .selectAll()
      .where("project_id", "in", ids)
      .orderBy("party_id")
      .execute(),
    db
      .selectFrom("project_locations")
      .selectAll()
      .where("project_id", "in", ids)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("contracting_processes")
      .selectAll()
      .where("project_id", "in", ids)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db.selectFrom("contracts").selectAll().where("project_id", "in", ids).orderBy("id").execute(),
    db
      .selectFrom("contract_suppliers")
      .selectAll()
      .where("project_id", "in", ids)
      .orderBy("contract_id")
      .orderBy("organisation_id")
      .execute(),
    db
      .selectFrom("modifications")
      .selectAll()
      .where("project_id", "in", ids)
      .orderBy("date")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("progress_observations")
      .selectAll()
      .where("project_id", "in", ids)
      .orderBy("observed_on")
      .execute(),
    db
      .selectFrom("transactions")
      .selectAll()
      .where("project_id", "in", ids)
      .orderBy("date")
      .orderBy("id")
      .execute(),
    db.selectFrom("documents").selectAll().where("project_id", "in", ids).orderBy("id").execute(),
    db.selectFrom("photos").selectAll().where("project_id", "in", ids).orderBy("id").execute(),
  ]);

  const organisationIds = new Set<string>();
  const addOrganisation = (id: string | null) => {
    if (id) organisationIds.add(id);
  };
  projects.forEach((project) => addOrganisation(project.public_authority_id));
  parties.forEach((party) => addOrganisation(party.organisation_id));
  processes.forEach((process) => addOrganisation(process.procuring_entity_id));
  suppliers.forEach((supplier) => addOrganisation(supplier.organisation_id));
  transactions.forEach((transaction) => {
    addOrganisation(transaction.payer_id);
    addOrganisation(transaction.payee_id);
  });
  const organisationRows =
    organisationIds.size === 0
      ? []
      : await db
          .selectFrom("organisations")
          .selectAll()
          .where("id", "in", [...organisationIds])
          .execute();
  const organisations = new Map(organisationRows.map((row) => [row.id, row]));

  const partiesOf = groupByProject(parties);
  const locationsOf = groupByProject(locations);
  const processesOf = groupByProject(processes);
  const contractsOf = groupByProject(contracts);
  const suppliersOf = groupByProject(suppliers);
  const modificationsOf = groupByProject(modifications);
  const progressOf = groupByProject(progress);
  const transactionsOf = groupByProject(transactions);
  const documentsOf = groupByProject(documents);
  const photosOf = groupByProject(photos);
  const projectsById = new Map(projects.map((project) => [project.id, project]));
  for (const projectId of projectIds) {
    const project = projectsById.get(projectId);
    if (!project) continue;
    loaded.set(projectId, {
      project,
      parties: partiesOf.get(projectId) ?? [],
      locations: locationsOf.get(projectId) ?? [],
      processes: processesOf.get(projectId) ?? [],
      contracts: contractsOf.get(projectId) ?? [],
      suppliers: suppliersOf.get(projectId) ?? [],
      modifications: modificationsOf.get(projectId) ?? [],
      progress: progressOf.get(projectId) ?? [],
      transactions: transactionsOf.get(projectId) ?? [],
      documents: documentsOf.get(projectId) ?? [],
      photos: photosOf.get(projectId) ?? [],
      organisations,
    });
  }
  return loaded;
}

function groupByProject<Row extends { project_id: string }>(rows: Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const group = grouped.get(row.project_id);
    if (group) group.push(row);
    else grouped.set(row.project_id, [row]);
  }
  return grouped;
}
