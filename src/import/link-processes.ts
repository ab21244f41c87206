import {
  loadAttachProject,
  projectFromCompiledRelease,
  withProcesses,
  type LinkRule,
} from "../ocds/link-rules.js";
import { loadCompiledRelease } from "../ocds/store.js";
import {
  storeProject,
  StoreValueError,
  type Executor,
  type StoreContext,
} from "../projects/store.js";
import type { ImportProblem, ImportWarning, JsonObject } from "./types.js";

/** Counts, warnings and problems of adding a source's processes to projects by a link rule. */
export interface LinkOutcome {
  created: number;
  updated: number;
  unchanged: number;
  warnings: ImportWarning[];
  problems: ImportProblem[];
}

/** Settings for storing the projects a link rule builds. */
export interface LinkContext extends Omit<StoreContext, "publisher" | "source" | "sourceSha256"> {
  source: string;
  /** The `--publisher` option: owner of the projects the rule stores. */
  publisher: string | undefined;
  /** Owner of new projects when there is no `--publisher`: the publisher of the releases. */
  releasePublisher: string;
  /** Checks a built project against the OC4IDS schema. */
  validateProject(project: JsonObject, projectId: string): ImportProblem[];
}

/**
 * Makes the contracting processes stored under `keys` (ocid keys, in the order read) part of
 * OC4IDS projects by the rule: `attach` adds them to one project's `contractingProcesses`,
 * `project-per-process` stores one project for each. The default `match` rule stores nothing
 * here, because projects that name the ocids link when the import refreshes them.
 *
 * Each built project is validated like an imported one and stored as a new version of it.
 */
export async function linkProcessesByRule(
  executor: Executor,
  rule: LinkRule,
  keys: readonly string[],
  context: LinkContext,
): Promise<LinkOutcome> {
  const outcome: LinkOutcome = { created: 0, updated: 0, unchanged: 0, warnings: [], problems: [] };
  if (rule.kind === "match") return outcome;
  if (keys.length === 0) {
    const option = rule.kind === "attach" ? "--attach-to" : "--project-per-process";
    outcome.warnings.push({
      source: context.source,
      pointer: "",
      code: "link-rule-unused",
      message: `${option} was given, but the source contains no OCDS release or record`,
    });
    return outcome;
  }

  if (rule.kind === "attach") {
    const found = await loadAttachProject(executor, rule);
    if (!found) {
      outcome.problems.push({
        source: context.source,
        projectId: rule.projectId,
        pointer: "",
        code: "attach-project-not-found",
        message:
          `--attach-to names project ${rule.projectId}, which does not exist; import it first, ` +
          "or give --project-title to create it",
      });
      return outcome;
    }
    const project = withProcesses(found.project, keys);
    const owner = context.publisher ?? found.publisher ?? context.releasePublisher;
    await storeBuilt(executor, project, owner, context, outcome);
    return outcome;
  }

  for (const key of keys) {
    const compiled = await loadCompiledRelease(executor, key);
    if (!compiled) continue;
    const project = projectFromCompiledRelease(`${rule.prefix}-${key}`, key, compiled);
    await storeBuilt(
      executor,
      project,
      context.publisher ?? context.releasePublisher,
      context,
      outcome,
    );
  }
  return outcome;
}

async function storeBuilt(
  executor: Executor,
  project: JsonObject,
  owner: string,
  context: LinkContext,
  outcome: LinkOutcome,
): Promise<void> {
  const projectId = String(project.id);
  const problems = context.validateProject(project, projectId);
  outcome.problems.push(...problems);
  if (problems.length > 0) return;

  try {
    const result = await storeProject(executor, project, {
      ...context,
      publisher: owner,
      sourceSha256: "",
    });
    outcome[result.outcome]++;
    for (const warning of result.warnings) {
      outcome.warnings.push({ ...warning, source: context.source });
    }
  } catch (error) {
    if (!(error instanceof StoreValueError)) throw error;
    outcome.problems.push({
      source: context.source,
      projectId,
      pointer: error.pointer,
      code: error.code,
      message: error.message,
    });
  }
}
