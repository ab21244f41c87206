import type { JsonObject } from "../import/types.js";
import { foldForSearch } from "../shared/text.js";
import type { OrganisationCollector } from "./store-organisations.js";
import { buildTransactions, documentRow } from "./store-process.js";
import type { Row } from "./store-rows.js";
import {
  arrayAt,
  dayAt,
  extraOf,
  minorValueAt,
  objectAt,
  objectsAt,
  StoreValueError,
  stringsAt,
  textAt,
  timestampAt,
} from "./store-values.js";

/** OC4IDS project fields that have columns or tables of their own; the rest go to `extra`. */
const PROJECT_FIELDS = [
  "id",
  "updated",
  "language",
  "identifiers",
  "publicAuthority",
  "title",
  "description",
  "budget",
  "period",
  "locations",
  "status",
  "type",
  "sector",
  "purpose",
  "additionalClassifications",
  "parties",
  "metrics",
  "forecasts",
  "completion",
  "transactions",
  "documents",
  "contractingProcesses",
  "relatedProjects",
];

/** Provenance and ownership written on the project row. */
export interface ProjectRowContext {
  importId: number;
  publisher: string;
  source: string;
  sourceSha256: string;
  jurisdictionId?: string | undefined;
  isDemo?: boolean | undefined;
}

/** Builds the `projects` row (jsonb columns as values). */
export function buildProjectRow(
  project: JsonObject,
  context: ProjectRowContext,
  organisations: OrganisationCollector,
): Row {
  const id = project.id as string;
  const title = textAt(project.title);
  if (title === null) throw new StoreValueError("/title", "the project title is missing");

  const budget = objectAt(project.budget) ?? {};
  const budgetValue = minorValueAt(budget.amount, "/budget/amount");
  const period = objectAt(project.period) ?? {};
  const publicAuthority = organisations.resolveReference(project.publicAuthority);
  const partyNames = objectsAt(project.parties)
    .map(([party]) => textAt(party.name))
    .filter((name): name is string => name !== null);
  const description = textAt(project.description);

  const budgetExtra = extraOf(budget, ["amount", "approvalDate", "budgetBreakdowns"]);
  const extra = extraOf(project, PROJECT_FIELDS);
  if (Object.keys(budgetExtra).length > 0) extra.budget = budgetExtra;
  const periodExtra = extraOf(period, ["startDate", "endDate", "maxExtentDate", "durationInDays"]);
  if (Object.keys(periodExtra).length > 0) extra.period = periodExtra;

  return {
    id,
    jurisdiction_id: context.jurisdictionId ?? null,
    publisher: context.publisher,
    is_demo: context.isDemo ?? false,
    language: textAt(project.language),
    title,
    description,
    status: textAt(project.status),
    type: textAt(project.type),
    sector: stringsAt(project.sector),
    purpose: textAt(project.purpose),
    public_authority_id: publicAuthority.id,
    budget_amount: budgetValue.amount,
    budget_currency: budgetValue.currency,
    budget_approval_date: timestampAt(budget.approvalDate, "/budget/approvalDate"),
    period_start: timestampAt(period.startDate, "/period/startDate"),
    period_end: timestampAt(period.endDate, "/period/endDate"),
    period_max_extent: timestampAt(period.maxExtentDate, "/period/maxExtentDate"),
    period_duration_days: durationDays(period.durationInDays),
    identifiers: arrayAt(project.identifiers),
    additional_classifications: arrayAt(project.additionalClassifications),
    budget_breakdowns: arrayAt(budget.budgetBreakdowns),
    related_projects: arrayAt(project.relatedProjects),
    completion: objectAt(project.completion) ?? null,
    updated: timestampAt(project.updated, "/updated"),
    search_text: foldForSearch([title, description ?? "", ...partyNames].join(" ")),
    extra,
  };
}

/** Builds `project_parties` rows and registers each party's organisation. */
export function buildParties(
  projectId: string,
  project: JsonObject,
  organisations: OrganisationCollector,
): Row[] {
  const rows = new Map<string, Row>();
  for (const [party, index] of objectsAt(project.parties)) {
    const organisationId = organisations.addParty(party);
    if (organisationId === null) {
      throw new StoreValueError(
        `/parties/${index}`,
        "the party has neither a name nor an identifier",
      );
    }
    const partyId = textAt(party.id) ?? organisationId;
    const existing = rows.get(partyId);
    if (existing) {
      // Publishers repeat a party, so its roles become the union of the repeated entries.
      const roles = new Set([...(existing.roles as string[]), ...stringsAt(party.roles)]);
      existing.roles = [...roles];
      continue;
    }
    rows.set(partyId, {
      project_id: projectId,
      party_id: partyId,
      organisation_id: organisationId,
      name: textAt(party.name) ?? organisationId,
      roles: stringsAt(party.roles),
      contact_point: objectAt(party.contactPoint) ?? null,
      extra: extraOf(party, ["id", "name", "roles", "contactPoint"]),
    });
  }
  return [...rows.values()];
}

/** Returns a representative point of a GeoJSON geometry: the point, or the mean of the vertices. */
export function representativePoint(
  geometry: unknown,
): { latitude: number; longitude: number } | null {
  const coordinates = objectAt(geometry)?.coordinates;
  const points: [number, number][] = [];
  const collect = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (value.length >= 2 && typeof value[0] === "number" && typeof value[1] === "number") {
      points.push([value[0], value[1]]);
      return;
    }
    value.forEach(collect);
  };
  collect(coordinates);
  if (points.length === 0) return null;
  const longitude = points.reduce((sum, point) => sum + point[0], 0) / points.length;
  const latitude = points.reduce((sum, point) => sum + point[1], 0) / points.length;
  return { latitude, longitude };
}

/** Builds `project_locations` rows, keyed by position in `locations[]`. */
export function buildLocations(projectId: string, project: JsonObject): Row[] {
  return objectsAt(project.locations).map(([location, index]) => {
    const geometry = objectAt(location.geometry);
    const hasGeometry = geometry !== undefined && Object.keys(geometry).length > 0;
    const point = hasGeometry ? representativePoint(geometry) : null;
    const address = objectAt(location.address);
    return {
      project_id: projectId,
      position: index,
      location_id: textAt(location.id),
      description: textAt(location.description),
      geometry: hasGeometry ? geometry : null,
      latitude: point?.latitude ?? null,
      longitude: point?.longitude ?? null,
      address: address ?? null,
      locality: textAt(address?.locality),
      region: textAt(address?.region),
      gazetteer: objectAt(location.gazetteer) ?? null,
      uri: textAt(location.uri),
    };
  });
}

/** Builds the project-level `transactions` rows (`process_id` ''). */
export function buildProjectTransactions(
  projectId: string,
  project: JsonObject,
  organisations: OrganisationCollector,
): Row[] {
  return buildTransactions(projectId, "", project.transactions, "/transactions", organisations);
}

function isPhoto(document: JsonObject): boolean {
  return (
    document.documentType === "illustration" && /^image\//i.test(textAt(document.format) ?? "")
  );
}

/** Returns the hash of a URL that points into this server's file store, else null. */
function storedFileHash(url: string | null, storedFilesBaseUrl: string | undefined): string | null {
  if (!url || !storedFilesBaseUrl) return null;
  const prefix = `${storedFilesBaseUrl.replace(/\/+$/, "")}/files/`;
  if (!url.startsWith(prefix)) return null;
  const hash = url.slice(prefix.length);
  return /^[0-9a-f]{64}$/.test(hash) ? hash : null;
}

/** Splits `documents[]` into project-level `documents` rows and `photos` rows. */
export function buildProjectDocuments(
  projectId: string,
  project: JsonObject,
  storedFilesBaseUrl?: string,
): { documents: Row[]; photos: Row[] } {
  const photos = new Map<string, Row>();
  const documents = new Map<string, Row>();

  for (const [document, index] of objectsAt(project.documents)) {
    const id = textAt(document.id) ?? String(index + 1);
    if (!isPhoto(document) || textAt(document.url) === null) {
      documents.set(id, documentRow(projectId, "", id, document, `/documents/${index}`));
      continue;
    }
    const url = textAt(document.url);
    const sha256 = storedFileHash(url, storedFilesBaseUrl);
    photos.set(id, {
      project_id: projectId,
      id,
      url: sha256 ? null : url,
      sha256,
      caption: textAt(document.title) ?? textAt(document.description),
      taken_at: timestampAt(document.datePublished, `/documents/${index}/datePublished`),
      latitude: null,
      longitude: null,
      source: "import",
    });
  }
  return { documents: [...documents.values()], photos: [...photos.values()] };
}

/** Builds `progress_observations` from `metrics[]` (actual) and `forecasts[]` (planned). */
export function buildProgress(projectId: string, project: JsonObject): Row[] {
  const rows = new Map<string, Row>();
  const read = (field: "metrics" | "forecasts", basis: "actual" | "planned"): void => {
    for (const [metric, metricIndex] of objectsAt(project[field])) {
      const kind =
        metric.id === "physicalProgress"
          ? "physical"
          : metric.id === "financialProgress"
            ? "financial"
            : null;
      if (kind === null) continue;
      for (const [observation, index] of objectsAt(metric.observations)) {
        const at = `/${field}/${metricIndex}/observations/${index}`;
        const period = objectAt(observation.period);
        const day = dayAt(period?.endDate ?? period?.startDate, `${at}/period/endDate`);
        const percent = Number(observation.measure);
        if (day === null) continue;
        if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
          throw new StoreValueError(
            `${at}/measure`,
            `progress must be a percentage from 0 to 100, got ${JSON.stringify(observation.measure)}`,
          );
        }
        rows.set(`${kind}/${basis}/${day}`, {
          project_id: projectId,
          kind,
          basis,
          observed_on: day,
          percent: Math.round(percent * 100) / 100,
          process_id: "",
          source: field,
        });
      }
    }
  };
  read("metrics", "actual");
  read("forecasts", "planned");
  return [...rows.values()];
}

/** Largest value of a PostgreSQL integer column. */
const MAX_INTEGER = 2_147_483_647;

/** Returns a period's duration in whole days, or throws for one no integer column holds. */
function durationDays(value: unknown): number | null {
  if (typeof value !== "number") return null;
  const days = Math.round(value);
  if (Math.abs(days) > MAX_INTEGER) {
    throw new StoreValueError(
      "/period/durationInDays",
      `${value} days is not a possible duration (at most ${MAX_INTEGER})`,
    );
  }
  return days;
}
