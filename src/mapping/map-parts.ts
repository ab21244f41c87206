import type { JsonObject } from "../import/types.js";
import type { SheetRow } from "../spreadsheet/types.js";
import type { RowIssue } from "./issues.js";
import type { FieldReader } from "./read-field.js";
import type { Mapping } from "./schema.js";

/** Image types a photo URL may end in, with the media type OC4IDS `format` takes. */
const IMAGE_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jfif: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
};

/** Returns the image media type a URL's path ends in, or undefined. */
export function imageTypeOf(url: URL): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : IMAGE_TYPES[extension];
}

function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a photo link. Publishers often leave out the scheme ("cdn2.example.org/a.jpg"), so a
 * link that starts with a host name and a path is read as https.
 */
function photoUrl(text: string): URL | undefined {
  const url = parseUrl(text);
  if (url) return url;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+\/.*$/i.test(text) ? parseUrl(`https://${text}`) : undefined;
}

/**
 * Builds the row's contracting process (tender, contract value, supplier) and the supplier's
 * party. Returns undefined when the row has none of these values.
 */
export function mapContractingProcess(
  reader: FieldReader,
  mapping: Mapping,
  row: SheetRow,
  projectId: string,
  issues: RowIssue[],
): { process: JsonObject; parties: JsonObject[] } | undefined {
  const spec = mapping.fields.contractingProcess;
  if (!spec) return undefined;
  const read = (field: Parameters<FieldReader["read"]>[1], name: string) =>
    reader.read(row, field, issues, `contractingProcess.${name}`);

  const summary: JsonObject = {};
  const title = read(spec.title, "title");
  if (title !== undefined) summary.title = String(title);
  const reference = read(spec.externalReference, "externalReference");
  if (reference !== undefined) summary.externalReference = String(reference);
  const details = read(spec.procurementMethodDetails, "procurementMethodDetails");
  if (details !== undefined) summary.tender = { procurementMethodDetails: String(details) };
  const year = read(spec.tenderYear, "tenderYear");
  if (year !== undefined) summary.tenderYear = year;
  const value = read(spec.contractValue, "contractValue");
  if (typeof value === "number") {
    summary.contractValue = {
      amount: value / 10 ** mapping.project.minorDigits,
      currency: mapping.project.currency,
    };
  }

  const parties: JsonObject[] = [];
  const supplierName = spec.supplier ? read(spec.supplier.name, "supplier.name") : undefined;
  if (supplierName !== undefined && spec.supplier) {
    const identifierSpec = spec.supplier.identifier;
    const identifier = identifierSpec
      ? read(identifierSpec.id, "supplier.identifier.id")
      : undefined;
    const name = String(supplierName);
    const party: JsonObject = { name, roles: ["supplier"] };
    if (identifierSpec && identifier !== undefined) {
      party.id = `${identifierSpec.scheme}-${String(identifier)}`;
      party.identifier = { scheme: identifierSpec.scheme, id: String(identifier) };
    } else {
      party.id = `supplier-${name.toLowerCase().replace(/\s+/g, "-")}`;
    }
    parties.push(party);
    summary.suppliers = [{ id: party.id, name }];
  }

  if (Object.keys(summary).length === 0) return undefined;
  const idPart = read(spec.id, "id");
  const processId = idPart === undefined ? `${projectId}-1` : `${projectId}-${String(idPart)}`;
  return { process: { id: processId, summary }, parties };
}

/**
 * Builds the row's documents: each photo URL as an `illustration` with its image type (how the
 * store tells photos from other documents), and each document column as a document of its
 * type. A photo link that is not an image (such as a video page) becomes a document with a
 * `not-an-image` warning; a cell that is not an http(s) URL is left out with `invalid-url`.
 */
export function mapDocuments(
  reader: FieldReader,
  mapping: Mapping,
  row: SheetRow,
  issues: RowIssue[],
): JsonObject[] {
  const documents: JsonObject[] = [];
  const photos = mapping.fields.photos;
  const warn = (code: RowIssue["code"], column: string, value: string, message: string): void => {
    issues.push({ code, row: row.row, column, value, message, action: "warn" });
  };

  for (const [index, column] of (photos?.columns ?? []).entries()) {
    const text = reader.cell(row, column);
    if (text === "" || !photos) continue;
    const url = photoUrl(text);
    if (!url) {
      warn("invalid-url", column, text, `photos: "${text}" is not an http(s) URL`);
      continue;
    }
    if (url.href !== text && !/^https?:\/\//i.test(text)) {
      warn("url-scheme-added", column, text, "photos: the link has no scheme; https:// is assumed");
    }
    const title = photos.title.replace("{n}", String(index + 1));
    const format = imageTypeOf(url);
    if (format) {
      documents.push({
        id: `photo-${index + 1}`,
        documentType: "illustration",
        title,
        url: url.href,
        format,
      });
      continue;
    }
    warn("not-an-image", column, text, "photos: the link is not an image file; kept as a document");
    documents.push({
      id: `photo-${index + 1}`,
      documentType: "physicalProgressReport",
      title,
      url: url.href,
    });
  }

  for (const spec of mapping.fields.documents ?? []) {
    const text = reader.cell(row, spec.column);
    if (text === "") continue;
    if (!parseUrl(text)) {
      warn("invalid-url", spec.column, text, `documents: "${text}" is not an http(s) URL`);
      continue;
    }
    documents.push({
      id: `document-${spec.column}`,
      documentType: spec.documentType,
      title: spec.title,
      url: text,
    });
  }
  return documents;
}
