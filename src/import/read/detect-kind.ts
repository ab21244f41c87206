import type { PublisherInfo } from "../types.js";
import type { JsonScan } from "./scan-json.js";

/** What a JSON file holds, decided from its top-level keys. */
export type SourceKind =
  | "oc4ids-project-package"
  | "oc4ids-project"
  | "ocds-release-package"
  | "ocds-record-package"
  | "ocds-release"
  | "ocds-record";

/** The kinds whose items sit in a top-level array, with that array's key. */
export const PACKAGE_ARRAY_KEY: Partial<Record<SourceKind, "projects" | "releases" | "records">> = {
  "oc4ids-project-package": "projects",
  "ocds-release-package": "releases",
  "ocds-record-package": "records",
};

/**
 * Fields of an OC4IDS project besides `id`; a bare object with an `id` and one of these is read
 * as a project.
 */
const PROJECT_FIELDS = [
  "title",
  "description",
  "status",
  "type",
  "sector",
  "locations",
  "budget",
  "parties",
  "period",
  "contractingProcesses",
  "publicAuthority",
  "updated",
];

/** Either the detected kind, or a sentence saying why the file holds neither standard. */
export type KindDetection = { kind: SourceKind } | { problem: string };

/** Decides from a scan whether a file holds an OC4IDS project or package, or OCDS data. */
export function detectKind(scan: JsonScan): KindDetection {
  if (scan.topType !== "object") {
    return {
      problem:
        `the file holds a JSON ${scan.topType ?? "value"} at the top level; ` +
        "expected an object: an OC4IDS project or project package, or OCDS releases or records",
    };
  }

  const keys = new Set(scan.topKeys);
  const kind = kindFromKeys(keys);
  if (kind === undefined) {
    const listed = scan.topKeys.length > 0 ? scan.topKeys.join(", ") : "(none)";
    return {
      problem:
        "the file holds neither an OC4IDS project or package nor OCDS releases or records: " +
        `top-level keys are ${listed}`,
    };
  }

  const arrayKey = PACKAGE_ARRAY_KEY[kind];
  if (arrayKey !== undefined && !scan.arrayKeys.has(arrayKey)) {
    return { problem: `"${arrayKey}" must be an array of objects` };
  }
  return { kind };
}

function kindFromKeys(keys: Set<string>): SourceKind | undefined {
  if (keys.has("projects")) return "oc4ids-project-package";
  if (keys.has("records")) return "ocds-record-package";
  if (keys.has("ocid")) {
    if (keys.has("compiledRelease") || (keys.has("releases") && !keys.has("tag"))) {
      return "ocds-record";
    }
    if (keys.has("tag") || keys.has("date")) return "ocds-release";
    return undefined;
  }
  if (keys.has("releases")) return "ocds-release-package";
  if (keys.has("id") && PROJECT_FIELDS.some((field) => keys.has(field))) return "oc4ids-project";
  return undefined;
}

/**
 * Takes the publisher from a package's `publisher` block, or from the non-standard
 * `packageInfo.publisher` that some OCDS 1.0 publishers put in each bare release.
 *
 * Only string fields are kept; the values are not repaired here (see normalisePublisher).
 */
export function publisherFromMetadata(
  metadata: Record<string, unknown>,
): PublisherInfo | undefined {
  const packageInfo = asObject(metadata.packageInfo);
  const block = asObject(metadata.publisher) ?? asObject(packageInfo?.publisher);
  if (block === undefined) return undefined;

  const publisher: PublisherInfo = {};
  for (const field of ["name", "scheme", "uid", "uri"] as const) {
    const value = block[field];
    if (typeof value === "string") publisher[field] = value;
  }
  return publisher;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
