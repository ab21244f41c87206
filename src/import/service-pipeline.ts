import { matchProcessToOcid } from "../oc4ids/process-id.js";
import {
  normaliseOcdsRecord,
  normaliseOcdsRelease,
  normaliseProject,
  normalisePublisher,
} from "../oc4ids/normalise.js";
import { loadProjectValidator } from "../oc4ids/validate.js";
import type { OcidMatcher } from "../ocds/link.js";
import type {
  ImportProblem,
  ImportWarning,
  InputLocation,
  JsonObject,
  PublisherInfo,
} from "./types.js";

/** A normalised item and the repairs that got it there. */
export interface Normalised {
  value: JsonObject;
  warnings: ImportWarning[];
}

/**
 * The steps between reading an item and storing it. Every warning and problem names the
 * JSON pointer inside the item.
 */
export interface ImportPipeline {
  /** Turns a raw OC4IDS project into 0.9.5 form, with one warning per repair. */
  normaliseProject(project: JsonObject, location: InputLocation): Normalised;
  /** Checks a normalised project against the OC4IDS schema; returns its problems. */
  validateProject(project: JsonObject, location: InputLocation): ImportProblem[];
  /** Turns an OCDS 1.0 or 1.1 release into 1.1 form. */
  normaliseRelease(release: JsonObject, location: InputLocation): Normalised;
  /** Normalises an OCDS record's releases and compiled release. */
  normaliseRecord(record: JsonObject, location: InputLocation): Normalised;
  /** Drops empty fields of a package's publisher block. */
  normalisePublisher(
    publisher: PublisherInfo,
    location: InputLocation,
  ): { publisher: PublisherInfo; warnings: ImportWarning[] };
  /** Links OC4IDS contracting process ids to OCDS ocids. */
  matchOcid: OcidMatcher;
}

/** Builds the pipeline used by imports, validating projects against the schema at `schema`. */
export async function defaultPipeline(schema: string): Promise<ImportPipeline> {
  const validateProject = await loadProjectValidator(schema);
  return {
    normaliseProject: (project, location) => {
      const result = normaliseProject(project, location);
      return { value: result.project, warnings: result.warnings };
    },
    validateProject,
    normaliseRelease: normaliseOcdsRelease,
    normaliseRecord: normaliseOcdsRecord,
    normalisePublisher,
    matchOcid: matchProcessToOcid,
  };
}
