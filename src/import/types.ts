/**
 * Types shared by the import pipeline: reading sources, normalising and validating what they
 * hold, and storing it.
 *
 * The pipeline is: `readSource` yields `SourceItem`s one at a time (large packages are
 * streamed), `normaliseProject` turns each raw OC4IDS project into 0.9.5 form with one warning
 * per legacy form it repaired, `validateProject` checks it against the OC4IDS schema, and the
 * store writes projects and OCDS data inside one transaction that is rolled back if any
 * problem was found.
 */

/** Where in the input a problem or warning sits. */
export interface InputLocation {
  /** File name or URL the item came from. */
  source: string;
  /** OC4IDS project id, when the item is or belongs to a project. */
  projectId?: string | undefined;
  /** OCDS ocid, when the item is or belongs to a contracting process. */
  ocid?: string | undefined;
  /** JSON pointer of the value inside the project or release ("" for the whole item). */
  pointer: string;
  /** Spreadsheet row number (header = 1), when the item came from a spreadsheet row. */
  row?: number | undefined;
  /** Spreadsheet column name, when the value came from one cell. */
  column?: string | undefined;
  /** The cell's text as read, for problems with a value. */
  value?: string | undefined;
}

/** A defect that stops the import: nothing from the source is stored. */
export interface ImportProblem extends InputLocation {
  /** Stable code, e.g. "schema", "duplicate-project-id", "invalid-json", "publisher-collision". */
  code: string;
  message: string;
}

/** A legacy or defective form that was repaired; the item is stored in its repaired form. */
export interface ImportWarning extends InputLocation {
  /** Stable code of the repair, e.g. "release-tag-string", "retired-status-code". */
  code: string;
  message: string;
}

/** The publisher block of an OC4IDS or OCDS package. */
export interface PublisherInfo {
  name?: string | undefined;
  scheme?: string | undefined;
  uid?: string | undefined;
  uri?: string | undefined;
}

/** A JSON object whose shape has not been checked yet. */
export type JsonObject = Record<string, unknown>;

/** One thing found in a source, in the order the source holds them. */
export type SourceItem =
  | {
      kind: "project";
      /** The raw OC4IDS project object, bare or from a package's `projects` array. */
      project: JsonObject;
      location: InputLocation;
      /** Publisher of the package the project came in, if any. */
      publisher?: PublisherInfo | undefined;
    }
  | {
      kind: "ocds-release";
      /** A full OCDS release (bare, or from a release package or a record's `releases`). */
      release: JsonObject;
      location: InputLocation;
      publisher?: PublisherInfo | undefined;
    }
  | {
      kind: "ocds-record";
      /** An OCDS record: `ocid`, `releases` (full or linked) and usually `compiledRelease`. */
      record: JsonObject;
      location: InputLocation;
      publisher?: PublisherInfo | undefined;
    };

/** A file or URL that was read, for provenance. */
export interface SourceFile {
  /** Path or URL as read. */
  name: string;
  /** SHA-256 of the bytes read, hex. */
  sha256: string;
  bytes: number;
}
