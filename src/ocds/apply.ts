import type { JsonObject } from "../import/types.js";
import type { OrganisationCollector } from "../projects/store-organisations.js";
import {
  buildTransactions,
  documentRow,
  supplierRows,
  type ProcessRows,
} from "../projects/store-process.js";
import type { Row } from "../projects/store-rows.js";
import {
  extraOf,
  minorValueAt,
  objectAt,
  objectsAt,
  stringsAt,
  textAt,
  timestampAt,
  dayAt,
} from "../projects/store-values.js";

const CONTRACT_COLUMNS = [
  "id",
  "awardID",
  "title",
  "status",
  "value",
  "period",
  "dateSigned",
  "documents",
  "amendments",
  "implementation",
];

/** A milestone title that announces physical progress, in English or Spanish. */
export const PHYSICAL_PROGRESS_TITLE = /avance\s+f\S{0,2}sico|physical\s+progress/i;
/** A milestone text that is only a percentage, such as "45.50%" or "100 %". */
export const PERCENT_TEXT = /^\s*(\d{1,3}(?:[.,]\d+)?)\s*%\s*$/;

/** Builds `project_parties` rows for the linked project from a compiled release's parties. */
export function buildOcdsParties(
  projectId: string,
  compiled: JsonObject,
  organisations: OrganisationCollector,
): Row[] {
  const rows: Row[] = [];
  for (const [party] of objectsAt(compiled.parties)) {
    const organisationId = organisations.addParty(party);
    const partyId = textAt(party.id) ?? organisationId;
    if (organisationId === null || partyId === null) continue;
    rows.push({
      project_id: projectId,
      party_id: partyId,
      organisation_id: organisationId,
      name: textAt(party.name) ?? organisationId,
      roles: stringsAt(party.roles),
      contact_point: objectAt(party.contactPoint) ?? null,
      extra: extraOf(party, ["id", "name", "roles", "contactPoint"]),
    });
  }
  return rows;
}

/**
 * Replaces the contract-level rows of a contracting process with those of its compiled OCDS
 * release, and fills the process columns the release gives. Transactions, modifications and
 * documents from the OC4IDS summary stay unless the release has rows with the same ids.
 */
export function applyCompiledRelease(
  rows: ProcessRows,
  compiled: JsonObject,
  organisations: OrganisationCollector,
): ProcessRows {
  const projectId = rows.process.project_id as string;
  const processId = rows.process.id as string;
  for (const [party] of objectsAt(compiled.parties)) organisations.addParty(party);

  const tender = objectAt(compiled.tender) ?? {};
  const awards = new Map(
    objectsAt(compiled.awards).map(([award]) => [textAt(award.id) ?? "", award]),
  );
  const contracts: Row[] = [];
  const suppliers: Row[] = [];
  const transactions = new Map<string, Row>();
  const modifications = new Map<string, Row>();
  const documents = new Map<string, Row>();
  const progress = new Map<string, Row>();
  const releaseTransactionIds = new Set<string>();

  for (const row of rows.transactions) transactions.set(row.id as string, row);
  for (const row of rows.modifications) modifications.set(row.id as string, row);
  for (const row of rows.documents) documents.set(row.id as string, row);

  const addDocuments = (list: unknown, at: string): void => {
    for (const [document, index] of objectsAt(list)) {
      const id = textAt(document.id) ?? `${at}/${index}`;
      documents.set(id, documentRow(projectId, processId, id, document, `${at}/${index}`));
    }
  };
  addDocuments(tender.documents, "/tender/documents");
  for (const [award, index] of objectsAt(compiled.awards))
    addDocuments(award.documents, `/awards/${index}/documents`);

  let valueSum = 0;
  let valueCurrency: string | null | undefined;
  let periodStart: string | null = null;
  let periodEnd: string | null = null;

  for (const [contract, index] of objectsAt(compiled.contracts)) {
    const at = `/contracts/${index}`;
    const contractId = textAt(contract.id) ?? String(index + 1);
    const award = awards.get(textAt(contract.awardID) ?? "");
    const value = minorValueAt(contract.value, `${at}/value`);
    const period = objectAt(contract.period) ?? objectAt(award?.contractPeriod);
    const start = timestampAt(period?.startDate, `${at}/period/startDate`);
    const end = timestampAt(period?.endDate, `${at}/period/endDate`);

    contracts.push({
      project_id: projectId,
      process_id: processId,
      id: contractId,
      award_id: textAt(contract.awardID),
      title: textAt(contract.title),
      status: textAt(contract.status),
      value_amount: value.amount,
      value_currency: value.currency,
      period_start: start,
      period_end: end,
      date_signed: timestampAt(contract.dateSigned, `${at}/dateSigned`),
      extra: extraOf(contract, CONTRACT_COLUMNS),
    });
    const supplierReferences = objectsAt(award?.suppliers).map(([supplier]) => supplier);
    suppliers.push(
      ...supplierRows(projectId, processId, contractId, supplierReferences, organisations),
    );

    if (value.amount !== null) {
      valueSum += value.amount;
      valueCurrency =
        valueCurrency === undefined || valueCurrency === value.currency ? value.currency : null;
    }
    if (start !== null && (periodStart === null || start < periodStart)) periodStart = start;
    if (end !== null && (periodEnd === null || end > periodEnd)) periodEnd = end;

    const implementation = objectAt(contract.implementation) ?? {};
    const contractTransactions = buildTransactions(
      projectId,
      processId,
      implementation.transactions,
      `${at}/implementation/transactions`,
      organisations,
    );
    for (const transaction of contractTransactions) {
      // Transaction ids are unique within a contract only; a repeat gets the contract id.
      let id = transaction.id as string;
      if (releaseTransactionIds.has(id)) id = `${contractId}-${id}`;
      releaseTransactionIds.add(id);
      transactions.set(id, { ...transaction, id });
    }

    for (const [amendment, amendmentIndex] of objectsAt(contract.amendments)) {
      const id = textAt(amendment.id) ?? `${contractId}-${amendmentIndex + 1}`;
      modifications.set(
        id,
        amendmentRow(projectId, processId, id, amendment, `${at}/amendments/${amendmentIndex}`),
      );
    }
    addDocuments(contract.documents, `${at}/documents`);
    addDocuments(implementation.documents, `${at}/implementation/documents`);

    const milestones = [...objectsAt(implementation.milestones), ...objectsAt(contract.milestones)];
    for (const [milestone] of milestones) {
      const observation = progressFromMilestone(projectId, processId, milestone, at);
      if (observation) progress.set(observation.observed_on as string, observation);
    }
  }

  const procuringEntity = organisations.resolveReference(tender.procuringEntity ?? compiled.buyer);
  const costEstimate = minorValueAt(tender.value, "/tender/value");
  const tenderPeriod = objectAt(tender.tenderPeriod);
  const process: Row = {
    ...rows.process,
    title: rows.process.title ?? textAt(tender.title),
    description: rows.process.description ?? textAt(tender.description),
    procurement_method: textAt(tender.procurementMethod) ?? rows.process.procurement_method,
    procurement_method_details:
      textAt(tender.procurementMethodDetails) ?? rows.process.procurement_method_details,
    number_of_tenderers:
      typeof tender.numberOfTenderers === "number"
        ? tender.numberOfTenderers
        : rows.process.number_of_tenderers,
    date_published:
      timestampAt(tender.datePublished ?? tenderPeriod?.startDate, "/tender/datePublished") ??
      rows.process.date_published,
    cost_estimate_amount: costEstimate.amount ?? rows.process.cost_estimate_amount,
    cost_estimate_currency:
      costEstimate.amount !== null ? costEstimate.currency : rows.process.cost_estimate_currency,
    procuring_entity_id: procuringEntity.id ?? rows.process.procuring_entity_id,
  };
  if (contracts.length > 0) {
    process.contract_value_amount = valueCurrency === undefined ? null : valueSum;
    process.contract_value_currency = valueCurrency ?? null;
    process.contract_period_start = periodStart ?? process.contract_period_start;
    process.contract_period_end = periodEnd ?? process.contract_period_end;
  }

  return {
    process,
    contracts: contracts.length > 0 ? contracts : rows.contracts,
    suppliers: contracts.length > 0 ? suppliers : rows.suppliers,
    modifications: [...modifications.values()],
    transactions: [...transactions.values()],
    documents: [...documents.values()],
    progress: [...progress.values()],
  };
}

function amendmentRow(
  projectId: string,
  processId: string,
  id: string,
  amendment: JsonObject,
  at: string,
): Row {
  return {
    project_id: projectId,
    process_id: processId,
    id,
    type: null,
    date: timestampAt(amendment.date, `${at}/date`),
    description: textAt(amendment.description),
    rationale: textAt(amendment.rationale),
    release_id: textAt(amendment.releaseID) ?? textAt(amendment.amendsReleaseID),
    old_value_amount: null,
    old_value_currency: null,
    new_value_amount: null,
    new_value_currency: null,
    old_period: null,
    new_period: null,
    extra: extraOf(amendment, ["id", "date", "description", "rationale", "releaseID"]),
  };
}

/**
 * Reads a physical-progress observation from a milestone such as
 * `{ "title": "Avance Fisico ...", "description": "45.50%", "dateModified": ... }`.
 * The day is `dateMet`, else `dateModified`, else `dueDate`.
 */
export function progressFromMilestone(
  projectId: string,
  processId: string,
  milestone: JsonObject,
  at: string,
): Row | null {
  const title = textAt(milestone.title) ?? "";
  const text = textAt(milestone.description) ?? "";
  const match = PERCENT_TEXT.exec(text);
  if (!match?.[1] || !PHYSICAL_PROGRESS_TITLE.test(title)) return null;
  const percent = Number(match[1].replace(",", "."));
  if (!(percent >= 0 && percent <= 100)) return null;
  const day = dayAt(
    milestone.dateMet ?? milestone.dateModified ?? milestone.dueDate,
    `${at}/milestones`,
  );
  if (day === null) return null;
  return {
    project_id: projectId,
    kind: "physical",
    basis: "actual",
    observed_on: day,
    percent,
    process_id: processId,
    source: "ocds",
  };
}
