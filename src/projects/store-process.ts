import type { JsonObject } from "../import/types.js";
import type { OrganisationCollector } from "./store-organisations.js";
import type { Row } from "./store-rows.js";
import {
  extraOf,
  minorValueAt,
  objectAt,
  objectsAt,
  stringsAt,
  textAt,
  timestampAt,
} from "./store-values.js";

/** The rows of one contracting process, ready to be synchronised. */
export interface ProcessRows {
  process: Row;
  contracts: Row[];
  suppliers: Row[];
  modifications: Row[];
  transactions: Row[];
  documents: Row[];
  progress: Row[];
}

const SUMMARY_COLUMNS = [
  "ocid",
  "externalReference",
  "nature",
  "title",
  "description",
  "status",
  "tender",
  "suppliers",
  "contractValue",
  "contractPeriod",
  "finalValue",
  "documents",
  "modifications",
  "transactions",
];
const TENDER_COLUMNS = [
  "procurementMethod",
  "procurementMethodDetails",
  "numberOfTenderers",
  "datePublished",
  "costEstimate",
  "procuringEntity",
];

/**
 * Builds the rows of an OC4IDS contracting process from its `summary`. When OCDS data is
 * linked, `applyCompiledRelease` in `src/ocds/` replaces the contract-level rows afterwards.
 */
export function buildProcessFromSummary(
  projectId: string,
  process: JsonObject,
  position: number,
  ocid: string | null,
  organisations: OrganisationCollector,
): ProcessRows {
  const pointer = `/contractingProcesses/${position}`;
  const processId = textAt(process.id) ?? String(position);
  const summary = objectAt(process.summary) ?? {};
  const tender = objectAt(summary.tender) ?? {};
  const contractValue = minorValueAt(summary.contractValue, `${pointer}/summary/contractValue`);
  const finalValue = minorValueAt(summary.finalValue, `${pointer}/summary/finalValue`);
  const costEstimate = minorValueAt(tender.costEstimate, `${pointer}/summary/tender/costEstimate`);
  const contractPeriod = objectAt(summary.contractPeriod);
  const procuringEntity = organisations.resolveReference(tender.procuringEntity);

  const summaryExtra = extraOf(summary, SUMMARY_COLUMNS);
  const tenderExtra = extraOf(tender, TENDER_COLUMNS);
  if (Object.keys(tenderExtra).length > 0) summaryExtra.tender = tenderExtra;
  const extra = extraOf(process, ["id", "summary", "releases"]);
  if (Object.keys(summaryExtra).length > 0) extra.summary = summaryExtra;

  const processRow: Row = {
    project_id: projectId,
    id: processId,
    position,
    ocid,
    external_reference: textAt(summary.externalReference),
    title: textAt(summary.title),
    description: textAt(summary.description),
    status: textAt(summary.status),
    nature: stringsAt(summary.nature),
    procurement_method: textAt(tender.procurementMethod),
    procurement_method_details: textAt(tender.procurementMethodDetails),
    number_of_tenderers:
      typeof tender.numberOfTenderers === "number" ? tender.numberOfTenderers : null,
    date_published: timestampAt(tender.datePublished, `${pointer}/summary/tender/datePublished`),
    cost_estimate_amount: costEstimate.amount,
    cost_estimate_currency: costEstimate.currency,
    contract_value_amount: contractValue.amount,
    contract_value_currency: contractValue.currency,
    final_value_amount: finalValue.amount,
    final_value_currency: finalValue.currency,
    contract_period_start: timestampAt(
      contractPeriod?.startDate,
      `${pointer}/summary/contractPeriod/startDate`,
    ),
    contract_period_end: timestampAt(
      contractPeriod?.endDate,
      `${pointer}/summary/contractPeriod/endDate`,
    ),
    procuring_entity_id: procuringEntity.id,
    linked_releases: Array.isArray(process.releases) ? process.releases : [],
    extra,
  };

  const rows: ProcessRows = {
    process: processRow,
    contracts: [],
    suppliers: [],
    modifications: buildModifications(projectId, processId, summary, pointer),
    transactions: buildTransactions(
      projectId,
      processId,
      summary.transactions,
      `${pointer}/summary/transactions`,
      organisations,
    ),
    documents: buildDocuments(
      projectId,
      processId,
      summary.documents,
      `${pointer}/summary/documents`,
    ),
    progress: [],
  };

  const suppliers = objectsAt(summary.suppliers);
  if (suppliers.length > 0 || contractValue.amount !== null || contractPeriod) {
    rows.contracts.push({
      project_id: projectId,
      process_id: processId,
      id: processId,
      award_id: null,
      title: textAt(summary.title),
      status: null,
      value_amount: contractValue.amount,
      value_currency: contractValue.currency,
      period_start: processRow.contract_period_start,
      period_end: processRow.contract_period_end,
      date_signed: null,
      extra: {},
    });
    rows.suppliers = supplierRows(
      projectId,
      processId,
      processId,
      suppliers.map(([supplier]) => supplier),
      organisations,
    );
  }
  return rows;
}

/** Builds `contract_suppliers` rows, one per distinct organisation. */
export function supplierRows(
  projectId: string,
  processId: string,
  contractId: string,
  references: JsonObject[],
  organisations: OrganisationCollector,
): Row[] {
  const rows = new Map<string, Row>();
  for (const reference of references) {
    const { id, name } = organisations.resolveReference(reference);
    if (id === null || rows.has(id)) continue;
    rows.set(id, {
      project_id: projectId,
      process_id: processId,
      contract_id: contractId,
      organisation_id: id,
      name: name ?? id,
    });
  }
  return [...rows.values()];
}

function buildModifications(
  projectId: string,
  processId: string,
  summary: JsonObject,
  pointer: string,
): Row[] {
  return objectsAt(summary.modifications).map(([modification, index]) => {
    const at = `${pointer}/summary/modifications/${index}`;
    const oldValue = minorValueAt(modification.oldContractValue, `${at}/oldContractValue`);
    const newValue = minorValueAt(modification.newContractValue, `${at}/newContractValue`);
    return {
      project_id: projectId,
      process_id: processId,
      id: textAt(modification.id) ?? String(index + 1),
      type: textAt(modification.type),
      date: timestampAt(modification.date, `${at}/date`),
      description: textAt(modification.description),
      rationale: textAt(modification.rationale),
      release_id: textAt(modification.releaseID),
      old_value_amount: oldValue.amount,
      old_value_currency: oldValue.currency,
      new_value_amount: newValue.amount,
      new_value_currency: newValue.currency,
      old_period: objectAt(modification.oldContractPeriod) ?? null,
      new_period: objectAt(modification.newContractPeriod) ?? null,
      extra: extraOf(modification, [
        "id",
        "type",
        "date",
        "description",
        "rationale",
        "releaseID",
        "oldContractValue",
        "newContractValue",
        "oldContractPeriod",
        "newContractPeriod",
      ]),
    };
  });
}

/**
 * Builds `transactions` rows. OCDS 1.0 names (`amount`, `providerOrganization`,
 * `receiverOrganization`) are read when the 1.1 ones (`value`, `payer`, `payee`) are absent.
 * A transaction without an id gets its 1-based position.
 */
export function buildTransactions(
  projectId: string,
  processId: string,
  transactions: unknown,
  pointer: string,
  organisations: OrganisationCollector,
): Row[] {
  const rows = new Map<string, Row>();
  for (const [transaction, index] of objectsAt(transactions)) {
    const at = `${pointer}/${index}`;
    const valueField = transaction.value !== undefined ? "value" : "amount";
    const value = minorValueAt(transaction[valueField], `${at}/${valueField}`);
    const payer = organisations.resolveReference(
      transaction.payer ?? transaction.providerOrganization,
    );
    const payee = organisations.resolveReference(
      transaction.payee ?? transaction.receiverOrganization,
    );
    const id = textAt(transaction.id) ?? String(index + 1);
    rows.set(id, {
      project_id: projectId,
      process_id: processId,
      id,
      date: timestampAt(transaction.date, `${at}/date`),
      amount: value.amount,
      currency: value.currency,
      payer_id: payer.id,
      payer_name: payer.name,
      payee_id: payee.id,
      payee_name: payee.name,
      source: textAt(transaction.source),
      uri: textAt(transaction.uri),
      extra: extraOf(transaction, [
        "id",
        "date",
        "value",
        "amount",
        "payer",
        "payee",
        "providerOrganization",
        "receiverOrganization",
        "source",
        "uri",
      ]),
    });
  }
  return [...rows.values()];
}

/** Builds `documents` rows; a document without an id gets its 1-based position. */
export function buildDocuments(
  projectId: string,
  processId: string,
  documents: unknown,
  pointer: string,
): Row[] {
  const rows = new Map<string, Row>();
  for (const [document, index] of objectsAt(documents)) {
    const at = `${pointer}/${index}`;
    const id = textAt(document.id) ?? String(index + 1);
    rows.set(id, documentRow(projectId, processId, id, document, at));
  }
  return [...rows.values()];
}

/** Builds one `documents` row. */
export function documentRow(
  projectId: string,
  processId: string,
  id: string,
  document: JsonObject,
  at: string,
): Row {
  return {
    project_id: projectId,
    process_id: processId,
    id,
    document_type: textAt(document.documentType),
    title: textAt(document.title),
    description: textAt(document.description),
    url: textAt(document.url),
    date_published: timestampAt(document.datePublished, `${at}/datePublished`),
    date_modified: timestampAt(document.dateModified, `${at}/dateModified`),
    format: textAt(document.format),
    language: textAt(document.language),
    sha256: null,
    extra: extraOf(document, [
      "id",
      "documentType",
      "title",
      "description",
      "url",
      "datePublished",
      "dateModified",
      "format",
      "language",
    ]),
  };
}
