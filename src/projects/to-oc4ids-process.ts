/**
 * Builds OC4IDS contracting processes, payments, documents and modifications from table rows.
 */
import type { Selectable } from "kysely";
import type {
  ContractingProcessesTable,
  DocumentsTable,
  ModificationsTable,
  TransactionsTable,
} from "../db/types.js";
import type { JsonObject } from "../import/types.js";
import type { ProjectRows } from "./to-oc4ids-load.js";
import {
  CONTRACTING_PROCESS_FIELDS,
  DOCUMENT_FIELDS,
  MODIFICATION_FIELDS,
  SUMMARY_FIELDS,
  TENDER_FIELDS,
  TRANSACTION_FIELDS,
  dateTime,
  isObject,
  mergeExtra,
  money,
  period,
} from "./to-oc4ids-json.js";

/** Builds an OC4IDS OrganizationReference for an organisation id and its stored name. */
export type ReferenceResolver = (
  organisationId: string | null,
  fallbackName?: string | null,
) => JsonObject | undefined;

/**
 * Returns a resolver that refers to organisations by their party id in this project, so each
 * reference matches an entry of `parties`. The name stored with the reference wins over the
 * party's name, because publishers may spell it differently there. Organisations that are not
 * parties of the project keep their organisation id.
 */
export function referenceResolver(rows: ProjectRows): ReferenceResolver {
  const partyByOrganisation = new Map(rows.parties.map((party) => [party.organisation_id, party]));
  return (organisationId, fallbackName) => {
    if (!organisationId) return fallbackName ? { name: fallbackName } : undefined;
    const party = partyByOrganisation.get(organisationId);
    const name = fallbackName ?? party?.name ?? rows.organisations.get(organisationId)?.name;
    return { id: party?.party_id ?? organisationId, name: name ?? undefined };
  };
}

/** Builds an OC4IDS Transaction from a `transactions` row. */
export function buildTransaction(
  row: Selectable<TransactionsTable>,
  reference: ReferenceResolver,
): JsonObject {
  return mergeExtra(row.extra, TRANSACTION_FIELDS, {
    id: row.id,
    source: row.source,
    date: dateTime(row.date),
    value: money(row.amount, row.currency),
    payer: reference(row.payer_id, row.payer_name),
    payee: reference(row.payee_id, row.payee_name),
    uri: row.uri,
  });
}

/**
 * Builds an OC4IDS Document. A file held in this server's storage (a `sha256` and no `url`)
 * gets a URL under `publicBaseUrl`, and none when that is unknown.
 */
export function buildDocument(row: Selectable<DocumentsTable>, publicBaseUrl?: string): JsonObject {
  return mergeExtra(row.extra, DOCUMENT_FIELDS, {
    id: row.id,
    documentType: row.document_type,
    title: row.title,
    description: row.description,
    url: row.url ?? storedFileUrl(row.sha256, publicBaseUrl),
    datePublished: dateTime(row.date_published),
    dateModified: dateTime(row.date_modified),
    format: row.format,
    language: row.language,
  });
}

/** Returns the public URL of a file in content-addressed storage, when both parts are known. */
export function storedFileUrl(
  sha256: string | null,
  publicBaseUrl: string | undefined,
): string | undefined {
  if (!sha256 || !publicBaseUrl) return undefined;
  return `${publicBaseUrl.replace(/\/+$/, "")}/files/${sha256}`;
}

function buildModification(row: Selectable<ModificationsTable>): JsonObject {
  return mergeExtra(row.extra, MODIFICATION_FIELDS, {
    id: row.id,
    date: dateTime(row.date),
    description: row.description,
    rationale: row.rationale,
    type: row.type,
    releaseID: row.release_id,
    oldContractValue: money(row.old_value_amount, row.old_value_currency),
    newContractValue: money(row.new_value_amount, row.new_value_currency),
    oldContractPeriod: row.old_period,
    newContractPeriod: row.new_period,
  });
}

/**
 * Builds the project's `contractingProcesses`: each process's summary from its columns and
 * child rows, with `releases` from the linked releases kept on import.
 */
export function buildContractingProcesses(
  rows: ProjectRows,
  reference: ReferenceResolver,
  publicBaseUrl?: string,
): JsonObject[] {
  return rows.processes.map((process) => {
    const extra = isObject(process.extra) ? process.extra : {};
    const summaryExtra = { ...extra, ...(isObject(extra.summary) ? extra.summary : {}) };

    const summary = mergeExtra(summaryExtra, SUMMARY_FIELDS, {
      ocid: process.ocid,
      externalReference: process.external_reference,
      nature: process.nature,
      title: process.title,
      description: process.description,
      status: process.status,
      tender: buildTender(process, summaryExtra.tender, reference),
      suppliers: suppliersOf(rows, process.id, reference),
      contractValue: contractValueOf(rows, process),
      contractPeriod: contractPeriodOf(rows, process),
      finalValue: money(process.final_value_amount, process.final_value_currency),
      documents: rows.documents
        .filter((document) => document.process_id === process.id)
        .map((document) => buildDocument(document, publicBaseUrl)),
      modifications: rows.modifications
        .filter((modification) => modification.process_id === process.id)
        .map(buildModification),
      transactions: rows.transactions
        .filter((transaction) => transaction.process_id === process.id)
        .map((transaction) => buildTransaction(transaction, reference)),
    });

    return mergeExtra(extra, CONTRACTING_PROCESS_FIELDS, {
      id: process.id,
      summary,
      releases: process.linked_releases,
    });
  });
}

function buildTender(
  process: Selectable<ContractingProcessesTable>,
  tenderExtra: unknown,
  reference: ReferenceResolver,
): JsonObject {
  return mergeExtra(tenderExtra, TENDER_FIELDS, {
    procurementMethod: process.procurement_method,
    procurementMethodDetails: process.procurement_method_details,
    datePublished: dateTime(process.date_published),
    costEstimate: money(process.cost_estimate_amount, process.cost_estimate_currency),
    numberOfTenderers: process.number_of_tenderers,
    procuringEntity: reference(process.procuring_entity_id),
  });
}

/** Lists the suppliers of the process's contracts, each organisation once. */
function suppliersOf(
  rows: ProjectRows,
  processId: string,
  reference: ReferenceResolver,
): JsonObject[] {
  const seen = new Set<string>();
  const suppliers: JsonObject[] = [];
  for (const supplier of rows.suppliers) {
    if (supplier.process_id !== processId || seen.has(supplier.organisation_id)) continue;
    seen.add(supplier.organisation_id);
    const supplierReference = reference(supplier.organisation_id, supplier.name);
    if (supplierReference) suppliers.push(supplierReference);
  }
  return suppliers;
}

/**
 * Returns the process's contract value, or else the sum of its contracts' values when they
 * share one currency. Contracts in several currencies have no single total.
 */
function contractValueOf(
  rows: ProjectRows,
  process: Selectable<ContractingProcessesTable>,
): JsonObject | undefined {
  const own = money(process.contract_value_amount, process.contract_value_currency);
  if (own) return own;

  const valued = rows.contracts.filter(
    (contract) =>
      contract.process_id === process.id &&
      contract.value_amount !== null &&
      contract.value_currency !== null,
  );
  const currencies = new Set(valued.map((contract) => contract.value_currency));
  if (valued.length === 0 || currencies.size !== 1) return undefined;
  const total = valued.reduce((sum, contract) => sum + (contract.value_amount ?? 0), 0);
  return money(total, valued[0]?.value_currency);
}

/** Returns the process's contract period, or else the span of its contracts' periods. */
function contractPeriodOf(
  rows: ProjectRows,
  process: Selectable<ContractingProcessesTable>,
): JsonObject | undefined {
  const own = period(process.contract_period_start, process.contract_period_end);
  if (own) return own;

  const contracts = rows.contracts.filter((contract) => contract.process_id === process.id);
  const starts = contracts.flatMap((contract) =>
    contract.period_start ? [contract.period_start] : [],
  );
  const ends = contracts.flatMap((contract) => (contract.period_end ? [contract.period_end] : []));
  const earliest = starts.length > 0 ? new Date(Math.min(...starts.map(Number))) : null;
  const latest = ends.length > 0 ? new Date(Math.max(...ends.map(Number))) : null;
  return period(earliest, latest);
}
