import type { ImportWarning, InputLocation, JsonObject } from "../import/types.js";
import { warnAboutRoundedAmounts } from "./amount-precision.js";
import { cleanValues } from "./clean-values.js";
import { repairGeometry } from "./geometry.js";
import { asObject, childPointer, objectEntries, RepairLog } from "./repair-log.js";
import {
  assignMissingIds,
  mergeDuplicateParties,
  removeDuplicateEntries,
  repairCode,
  repairReleaseTag,
} from "./shared-repairs.js";

export { normaliseOcdsRecord, normaliseOcdsRelease, normalisePublisher } from "./normalise-ocds.js";

/** Codes of the OC4IDS 0.9.5 projectStatus codelist (closed). */
const PROJECT_STATUSES = [
  "identification",
  "preparation",
  "implementation",
  "completion",
  "maintenance",
  "decommissioning",
  "decommissioned",
  "cancelled",
];

/**
 * Status codes of earlier 0.9 versions that 0.9.5 no longer has, with their successor.
 * `completed` was valid up to 0.9.3 and became `completion` in 0.9.4.
 */
// NOTE: only this rename is known; other codes from before 0.9.4 are left for validation.
const RETIRED_PROJECT_STATUSES: Record<string, string> = { completed: "completion" };

/** Codes of the OC4IDS 0.9.5 projectType codelist (closed). */
const PROJECT_TYPES = [
  "construction",
  "rehabilitation",
  "replacement",
  "expansion",
  "decommissioning",
];

/** Codes of the contractingProcessStatus codelist (closed). */
const PROCESS_STATUSES = ["pre-award", "active", "closed"];

/** A project in OC4IDS 0.9.5 form and the repairs that got it there. */
export interface NormalisedProject {
  project: JsonObject;
  warnings: ImportWarning[];
}

/**
 * Turns a raw OC4IDS project of any 0.9 version into 0.9.5 form, with one warning per repair
 * naming the JSON pointer (into the project as read) and the old and new value.
 *
 * The input is not changed. Repairs: comma-joined release tags, retired or wrongly cased codes,
 * geometry type case and [latitude, longitude] order, identical duplicate parties, dates without
 * an offset, placeholder dates, numbers and URIs given in the wrong form, empty values, and the
 * pre-0.9.4 `budget.budgetBreakdown`. Anything it cannot repair is left for validation.
 */
export function normaliseProject(raw: JsonObject, location: InputLocation): NormalisedProject {
  const project = structuredClone(raw);
  const log = new RepairLog(location);

  repairCode(project, "status", "/status", PROJECT_STATUSES, log, RETIRED_PROJECT_STATUSES);
  repairCode(project, "type", "/type", PROJECT_TYPES, log);
  for (const [index, process] of objectEntries(project.contractingProcesses)) {
    const pointer = childPointer("/contractingProcesses", index);
    repairProcess(process, pointer, log);
  }
  for (const [index, location] of objectEntries(project.locations)) {
    const pointer = childPointer("/locations", index);
    repairGeometry(location, `${pointer}/geometry`, log);
  }
  mergeDuplicateParties(project, "", log);

  cleanValues(project, log);
  warnAboutRoundedAmounts(project, "", log);
  repairBudgetBreakdownEntries(project, log);
  moveLegacyBudgetBreakdown(project, log);
  return { project, warnings: log.warnings };
}

function repairProcess(process: JsonObject, pointer: string, log: RepairLog): void {
  for (const [index, release] of objectEntries(process.releases)) {
    repairReleaseTag(release, childPointer(`${pointer}/releases`, index), log);
  }
  const summary = asObject(process.summary);
  if (summary) repairCode(summary, "status", `${pointer}/summary/status`, PROCESS_STATUSES, log);
}

/**
 * Removes identical duplicate budget breakdown entries and gives entries without an id one,
 * in both the pre-0.9.4 `budget.budgetBreakdown` and the 0.9.4 `budget.budgetBreakdowns` form.
 * Real publishers send both defects, and the schema rejects each.
 */
function repairBudgetBreakdownEntries(project: JsonObject, log: RepairLog): void {
  const budget = asObject(project.budget);
  if (!budget) return;

  const groups: Array<[JsonObject, string]> = [[budget, "/budget"]];
  for (const [index, group] of objectEntries(budget.budgetBreakdowns)) {
    groups.push([group, childPointer("/budget/budgetBreakdowns", index)]);
  }
  for (const [container, pointer] of groups) {
    const kept = removeDuplicateEntries(container, "budgetBreakdown", pointer, log);
    if (Array.isArray(container.budgetBreakdown)) {
      assignMissingIds(container.budgetBreakdown, `${pointer}/budgetBreakdown`, log, kept);
    }
  }
}

/**
 * Moves `budget.budgetBreakdown` (OC4IDS before 0.9.4) into one group of
 * `budget.budgetBreakdowns`, the 0.9.4 form, unless the project already has the new field.
 */
function moveLegacyBudgetBreakdown(project: JsonObject, log: RepairLog): void {
  const budget = asObject(project.budget);
  if (!budget || !Array.isArray(budget.budgetBreakdown)) return;

  if (budget.budgetBreakdowns !== undefined) {
    // Both forms present: keep both rather than guess which one is current.
    return;
  }
  const entries = budget.budgetBreakdown.length;
  budget.budgetBreakdowns = [{ id: "1", budgetBreakdown: budget.budgetBreakdown }];
  delete budget.budgetBreakdown;
  log.add(
    "budget-breakdown-legacy",
    "/budget/budgetBreakdown",
    `moved the ${entries} entries of /budget/budgetBreakdown to ` +
      "/budget/budgetBreakdowns/0/budgetBreakdown, where OC4IDS 0.9.4 and later expect them",
  );
}
