/**
 * Export of projects from the tables back to OC4IDS 0.9.5, the reverse of the mapping in
 * `docs/data-model.md`.
 *
 * Only fields that the OC4IDS schema defines leave. Each object starts from the allowed keys
 * of its `extra` column, and the columns are written over them. Empty values are dropped
 * because the schema rejects them.
 */
import type { Kysely, Selectable } from "kysely";
import type {
  DB,
  OrganisationsTable,
  PhotosTable,
  ProgressObservationsTable,
  ProjectLocationsTable,
  ProjectPartiesTable,
} from "../db/types.js";
import type { JsonObject } from "../import/types.js";
import { loadProjectRows, type ProjectRows } from "./to-oc4ids-load.js";
import {
  BENEFICIAL_OWNER_FIELDS,
  BUDGET_FIELDS,
  ORGANIZATION_FIELDS,
  PERIOD_FIELDS,
  PROJECT_FIELDS,
  compact,
  dateTime,
  dayToDateTime,
  isObject,
  mergeExtra,
  money,
  pick,
} from "./to-oc4ids-json.js";
import {
  buildContractingProcesses,
  buildDocument,
  buildTransaction,
  referenceResolver,
  storedFileUrl,
} from "./to-oc4ids-process.js";
import { projectProgressRows } from "./project-progress.js";
import { publicContactPoint } from "./public-contacts.js";

/** Settings of the export. */
export interface Oc4idsExportOptions {
  /** Public base URL of this server, for links to files it stores (`<base>/files/<sha256>`). */
  publicBaseUrl?: string | undefined;
}

/**
 * Builds the OC4IDS 0.9.5 project with id `projectId` from the tables. Returns undefined when
 * there is no such project or it is not public.
 */
export async function projectToOc4ids(
  db: Kysely<DB>,
  projectId: string,
  options: Oc4idsExportOptions = {},
): Promise<JsonObject | undefined> {
  const [project] = await projectsToOc4ids(db, [projectId], options);
  return project;
}

/**
 * Builds the OC4IDS projects among `projectIds` that are public, in the order given, with a
 * fixed number of queries for the whole batch.
 */
export async function projectsToOc4ids(
  db: Kysely<DB>,
  projectIds: readonly string[],
  options: Oc4idsExportOptions = {},
): Promise<JsonObject[]> {
  const loaded = await loadProjectRows(db, projectIds);
  return [...loaded.values()].map((rows) => buildProject(rows, options));
}

/** Builds one OC4IDS project from its rows. */
export function buildProject(rows: ProjectRows, options: Oc4idsExportOptions = {}): JsonObject {
  const { project } = rows;
  const extra = isObject(project.extra) ? project.extra : {};
  const reference = referenceResolver(rows);

  const built = mergeExtra(extra, PROJECT_FIELDS, {
    id: project.id,
    updated: dateTime(project.updated ?? project.modified_at),
    language: project.language,
    identifiers: project.identifiers,
    publicAuthority: reference(project.public_authority_id),
    title: project.title,
    description: project.description,
    budget: mergeExtra(extra.budget, BUDGET_FIELDS, {
      amount: money(project.budget_amount, project.budget_currency),
      approvalDate: dateTime(project.budget_approval_date),
      budgetBreakdowns: project.budget_breakdowns,
    }),
    period: mergeExtra(extra.period, PERIOD_FIELDS, {
      startDate: dateTime(project.period_start),
      endDate: dateTime(project.period_end),
      maxExtentDate: dateTime(project.period_max_extent),
      durationInDays: project.period_duration_days,
    }),
    locations: rows.locations.map(buildLocation),
    status: project.status,
    type: project.type,
    sector: project.sector,
    purpose: project.purpose,
    additionalClassifications: project.additional_classifications,
    parties: rows.parties.map((party) => buildParty(party, rows.organisations)),
    completion: project.completion,
    transactions: rows.transactions
      .filter((transaction) => transaction.process_id === "")
      .map((transaction) => buildTransaction(transaction, reference)),
    documents: buildProjectDocuments(rows, options.publicBaseUrl),
    contractingProcesses: buildContractingProcesses(rows, reference, options.publicBaseUrl),
    relatedProjects: project.related_projects,
    metrics: progressMetrics(projectProgressRows(rows.progress), "actual", extra.metrics),
    forecasts: progressMetrics(projectProgressRows(rows.progress), "planned", extra.forecasts),
  });

  return (compact(built) as JsonObject | undefined) ?? { id: project.id };
}

function buildLocation(row: Selectable<ProjectLocationsTable>): JsonObject {
  const geometry =
    row.geometry ??
    (row.latitude !== null && row.longitude !== null
      ? { type: "Point", coordinates: [row.longitude, row.latitude] }
      : undefined);
  return {
    id: row.location_id ?? String(row.position + 1),
    description: row.description,
    geometry,
    gazetteer: row.gazetteer,
    uri: row.uri,
    address: row.address,
  };
}

/**
 * Builds a party from the organisation and its role in this project. The party's own contact
 * point wins over the organisation's, because it names the office for this project.
 */
function buildParty(
  party: Selectable<ProjectPartiesTable>,
  organisations: Map<string, Selectable<OrganisationsTable>>,
): JsonObject {
  const organisation = organisations.get(party.organisation_id);
  const extra = {
    ...pick(organisation?.extra, ORGANIZATION_FIELDS),
    ...pick(party.extra, ORGANIZATION_FIELDS),
  };
  const identifier =
    organisation?.identifier_scheme || organisation?.identifier_id || organisation?.legal_name
      ? {
          ...pick(extra.identifier, ["scheme", "id", "legalName", "uri"]),
          scheme: organisation.identifier_scheme ?? undefined,
          id: organisation.identifier_id ?? undefined,
          legalName: organisation.legal_name ?? undefined,
        }
      : undefined;

  return mergeExtra(extra, ORGANIZATION_FIELDS, {
    id: party.party_id,
    name: party.name,
    identifier,
    address: organisation?.address,
    contactPoint: publicContactPoint(
      party.roles,
      party.contact_point ?? organisation?.contact_point,
    ),
    roles: party.roles,
    beneficialOwners: Array.isArray(extra.beneficialOwners)
      ? extra.beneficialOwners.map((owner) => pick(owner, BENEFICIAL_OWNER_FIELDS))
      : undefined,
  });
}

/** Builds project documents: the `documents` rows, then each photo as an illustration. */
function buildProjectDocuments(rows: ProjectRows, publicBaseUrl?: string): JsonObject[] {
  const documents = rows.documents
    .filter((document) => document.process_id === "")
    .map((document) => buildDocument(document, publicBaseUrl));
  const photos = rows.photos.map((photo) => buildPhoto(photo, publicBaseUrl));
  return [...documents, ...photos];
}

function buildPhoto(photo: Selectable<PhotosTable>, publicBaseUrl?: string): JsonObject {
  const url = photo.url ?? storedFileUrl(photo.sha256, publicBaseUrl);
  return {
    id: photo.id,
    documentType: "illustration",
    title: photo.caption,
    url,
    datePublished: dateTime(photo.taken_at),
    format: imageFormat(url),
  };
}

const IMAGE_FORMATS: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
};

/** Guesses an image's media type from its URL's extension; unknown extensions give none. */
function imageFormat(url: string | undefined): string | undefined {
  const extension = url ? /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1] : undefined;
  return extension ? IMAGE_FORMATS[extension.toLowerCase()] : undefined;
}

const PROGRESS_METRICS = {
  physical: { id: "physicalProgress", title: "Physical progress" },
  financial: { id: "financialProgress", title: "Financial progress" },
} as const;

/** Unit of progress observations: percent, UN/CEFACT common code P1. */
const PERCENT_UNIT = { name: "percent", scheme: "UNCEFACT", id: "P1" };

/**
 * Builds `metrics` (actual) or `forecasts` (planned) from progress observations, after the
 * other metrics of the source kept in `extra`.
 */
function progressMetrics(
  observations: Selectable<ProgressObservationsTable>[],
  basis: "planned" | "actual",
  extraMetrics: unknown,
): JsonObject[] {
  const progressIds: string[] = Object.values(PROGRESS_METRICS).map((metric) => metric.id);
  const kept = Array.isArray(extraMetrics)
    ? extraMetrics.filter(
        (metric): metric is JsonObject =>
          isObject(metric) && !progressIds.includes(String(metric.id)),
      )
    : [];

  const built = (["physical", "financial"] as const).flatMap((kind) => {
    const rows = observations.filter((row) => row.kind === kind && row.basis === basis);
    if (rows.length === 0) return [];
    return [
      {
        ...PROGRESS_METRICS[kind],
        observations: rows.map((row) => ({
          id: row.observed_on,
          period: { endDate: dayToDateTime(row.observed_on) },
          measure: row.percent,
          unit: PERCENT_UNIT,
        })),
      },
    ];
  });
  return [...kept, ...built];
}
