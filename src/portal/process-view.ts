import type { Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { loadProjectView, type ProcessView, type ProjectView } from "./project-view.js";

/** One stored OCDS release of a contracting process, as its history lists it. */
export interface ReleaseEntry {
  releaseId: string;
  date: Date | null;
  tags: string[];
  /** True for a record's compiledRelease, which the publisher merged itself. */
  isCompiled: boolean;
}

/** Everything the page of one contracting process shows. */
export interface ProcessPageView {
  project: ProjectView;
  process: ProcessView;
  /** Every stored release of the process, oldest first. */
  releases: ReleaseEntry[];
}

/**
 * Loads a contracting process of a public project with its project, its payments and progress
 * (through the project view) and every stored OCDS release of its ocid. Returns undefined when
 * the project is not public or has no process with that id.
 */
export async function loadProcessPageView(
  db: Kysely<DB>,
  projectId: string,
  processId: string,
): Promise<ProcessPageView | undefined> {
  const project = await loadProjectView(db, projectId);
  const process = project?.processes.find((candidate) => candidate.id === processId);
  if (!project || !process) return undefined;

  const releases =
    process.ocid === null
      ? []
      : await db
          .selectFrom("ocds_releases")
          .select(["release_id", "date", "tags", "is_compiled"])
          .where("ocid", "=", process.ocid)
          .orderBy("date", (order) => order.asc().nullsFirst())
          .orderBy("release_id")
          .execute();
  return {
    project,
    process,
    releases: releases.map((row) => ({
      releaseId: row.release_id,
      date: row.date,
      tags: row.tags,
      isCompiled: row.is_compiled,
    })),
  };
}
