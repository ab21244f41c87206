import type { TableSpec } from "./store-rows.js";

/** Keys, jsonb columns and event names of the tables a project's data is written to. */
export const TABLES = {
  organisations: {
    table: "organisations",
    entityType: "organisation",
    key: ["id"],
    jsonColumns: ["address", "contact_point", "extra"],
  },
  projectParties: {
    table: "project_parties",
    entityType: "project_party",
    key: ["project_id", "party_id"],
    jsonColumns: ["contact_point", "extra"],
  },
  projectLocations: {
    table: "project_locations",
    entityType: "project_location",
    key: ["project_id", "position"],
    jsonColumns: ["geometry", "address", "gazetteer"],
  },
  contractingProcesses: {
    table: "contracting_processes",
    entityType: "contracting_process",
    key: ["project_id", "id"],
    jsonColumns: ["linked_releases", "extra"],
  },
  contracts: {
    table: "contracts",
    entityType: "contract",
    key: ["project_id", "process_id", "id"],
    jsonColumns: ["extra"],
  },
  contractSuppliers: {
    table: "contract_suppliers",
    entityType: "contract_supplier",
    key: ["project_id", "process_id", "contract_id", "organisation_id"],
    jsonColumns: [],
  },
  modifications: {
    table: "modifications",
    entityType: "modification",
    key: ["project_id", "process_id", "id"],
    jsonColumns: ["old_period", "new_period", "extra"],
  },
  transactions: {
    table: "transactions",
    entityType: "transaction",
    key: ["project_id", "process_id", "id"],
    jsonColumns: ["extra"],
  },
  documents: {
    table: "documents",
    entityType: "document",
    key: ["project_id", "process_id", "id"],
    jsonColumns: ["extra"],
  },
  photos: {
    table: "photos",
    entityType: "photo",
    key: ["project_id", "id"],
    jsonColumns: [],
  },
  progressObservations: {
    table: "progress_observations",
    entityType: "progress_observation",
    key: ["project_id", "process_id", "kind", "basis", "observed_on"],
    jsonColumns: [],
  },
} satisfies Record<string, TableSpec>;
