import type { JsonObject } from "../import/types.js";
import type { Executor } from "../projects/store-rows.js";
import { objectAt, objectsAt, textAt } from "../projects/store-values.js";

/**
 * Rule by which the contracting processes of an OCDS source become part of OC4IDS projects:
 * - `match`: a project's `contractingProcesses[].id` names the ocid (the default);
 * - `attach`: every process of the source joins one named project;
 * - `project-per-process`: each process gets a project of its own, id `<prefix>-<ocid>`,
 *   built from its compiled release.
 */
export type LinkRule =
  | { kind: "match" }
  | { kind: "attach"; projectId: string; projectTitle?: string | undefined }
  | { kind: "project-per-process"; prefix: string };

/** The command-line and mapping options that choose a link rule. */
export interface LinkRuleOptions {
  /** `--attach-to PROJECT_ID` */
  attachTo?: string | undefined;
  /** `--project-title TITLE`: creates the `--attach-to` project when it does not exist. */
  projectTitle?: string | undefined;
  /** `--project-per-process PREFIX` */
  projectPerProcess?: string | undefined;
}

/** Options that cannot be combined, or a value that is not allowed. */
export class LinkRuleError extends Error {
  constructor(
    /** The option at fault, such as "--attach-to". */
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = "LinkRuleError";
  }
}

/** Reads the link rule from its options; throws LinkRuleError for conflicting or empty ones. */
export function parseLinkRule(options: LinkRuleOptions): LinkRule {
  const attachTo = options.attachTo?.trim();
  const prefix = options.projectPerProcess?.trim();
  const title = options.projectTitle?.trim();

  if (options.attachTo !== undefined && !attachTo) {
    throw new LinkRuleError("--attach-to", "--attach-to needs a project id");
  }
  if (options.projectPerProcess !== undefined && !prefix) {
    throw new LinkRuleError("--project-per-process", "--project-per-process needs an id prefix");
  }
  if (options.projectTitle !== undefined && !title) {
    throw new LinkRuleError("--project-title", "--project-title needs a title");
  }
  if (attachTo && prefix) {
    throw new LinkRuleError(
      "--project-per-process",
      "--attach-to and --project-per-process cannot be combined: choose one link rule",
    );
  }
  if (title && !attachTo) {
    throw new LinkRuleError("--project-title", "--project-title is only used with --attach-to");
  }

  if (attachTo) return { kind: "attach", projectId: attachTo, projectTitle: title };
  if (prefix) return { kind: "project-per-process", prefix };
  return { kind: "match" };
}

/** Returns the project with the ocids it lacks appended to `contractingProcesses`, in order. */
export function withProcesses(project: JsonObject, ocids: readonly string[]): JsonObject {
  const processes = objectsAt(project.contractingProcesses).map(([process]) => process);
  const known = new Set(processes.map((process) => textAt(process.id)));
  const added = ocids.filter((ocid) => !known.has(ocid)).map((ocid) => ({ id: ocid }));
  if (added.length === 0) return project;
  return { ...project, contractingProcesses: [...processes, ...added] };
}

/**
 * Returns the OC4IDS document of the `--attach-to` project: its latest stored version, or a
 * new project `{ id, title }` when `projectTitle` is given. Returns undefined when the project
 * does not exist and no title was given.
 */
export async function loadAttachProject(
  executor: Executor,
  rule: Extract<LinkRule, { kind: "attach" }>,
): Promise<{ project: JsonObject; publisher: string | null } | undefined> {
  const latest = await executor
    .selectFrom("project_versions")
    .innerJoin("projects", "projects.id", "project_versions.project_id")
    .select(["project_versions.data", "projects.publisher"])
    .where("project_versions.project_id", "=", rule.projectId)
    .orderBy("project_versions.version", "desc")
    .executeTakeFirst();
  if (latest) return { project: latest.data, publisher: latest.publisher };
  if (rule.projectTitle === undefined) return undefined;
  return { project: { id: rule.projectId, title: rule.projectTitle }, publisher: null };
}

/**
 * OC4IDS project status from the state of the contract, else the award, else the tender
 * (projectStatus codelist of OC4IDS 0.9.5). Returns undefined when none of them has a status.
 */
function projectStatusOf(compiled: JsonObject): string | undefined {
  const contractStatuses = objectsAt(compiled.contracts).map(([contract]) =>
    textAt(contract.status),
  );
  if (contractStatuses.includes("active")) return "implementation";
  if (contractStatuses.includes("pending")) return "preparation";
  if (contractStatuses.length > 0 && contractStatuses.every((status) => status === "terminated")) {
    return "completion";
  }
  if (contractStatuses.length > 0 && contractStatuses.every((status) => status === "cancelled")) {
    return "cancelled";
  }

  const awardStatuses = objectsAt(compiled.awards).map(([award]) => textAt(award.status));
  if (awardStatuses.includes("active") || awardStatuses.includes("pending")) return "preparation";
  const tenderStatus = textAt(objectAt(compiled.tender)?.status);
  if (tenderStatus === "cancelled" || tenderStatus === "withdrawn") return "cancelled";
  if (tenderStatus !== null) return "preparation";
  return undefined;
}

/** Earliest start and latest end of the contract periods (award periods when no contract has one). */
function periodOf(compiled: JsonObject): JsonObject | undefined {
  const periods = [
    ...objectsAt(compiled.contracts).map(([contract]) => objectAt(contract.period)),
    ...objectsAt(compiled.awards).map(([award]) => objectAt(award.contractPeriod)),
  ].filter((period): period is JsonObject => period !== undefined);
  const starts = periods
    .map((period) => textAt(period.startDate))
    .filter(isText)
    .sort();
  const ends = periods
    .map((period) => textAt(period.endDate))
    .filter(isText)
    .sort();
  const period: JsonObject = {};
  if (starts[0]) period.startDate = starts[0];
  if (ends.at(-1)) period.endDate = ends.at(-1);
  return Object.keys(period).length > 0 ? period : undefined;
}

function isText(value: string | null): value is string {
  return value !== null;
}

/** Returns the buyer (else the procuring entity) as an OC4IDS party of role `publicAuthority`. */
function publicAuthorityOf(compiled: JsonObject): JsonObject | undefined {
  const buyer = objectAt(compiled.buyer) ?? objectAt(objectAt(compiled.tender)?.procuringEntity);
  if (!buyer) return undefined;
  const identifier = objectAt(buyer.identifier);
  const name = textAt(buyer.name) ?? textAt(identifier?.legalName);
  const id = textAt(buyer.id) ?? textAt(identifier?.id) ?? name;
  if (id === null) return undefined;

  const party: JsonObject = { id, roles: ["publicAuthority"] };
  if (name !== null) party.name = name;
  if (identifier) party.identifier = identifier;
  for (const field of ["address", "contactPoint"]) {
    const value = objectAt(buyer[field]);
    if (value) party[field] = value;
  }
  return party;
}

/**
 * Builds an OC4IDS 0.9.5 project for one contracting process from its compiled release. The
 * title and description come from the tender, else from the first contract or award. The buyer
 * becomes the public authority, the status follows the contract, award or tender, and the
 * period spans the contract periods. Sector and type are left out because OCDS does not state
 * them.
 */
export function projectFromCompiledRelease(
  projectId: string,
  processKey: string,
  compiled: JsonObject,
): JsonObject {
  const tender = objectAt(compiled.tender) ?? {};
  const [contract] = objectsAt(compiled.contracts).map(([item]) => item);
  const [award] = objectsAt(compiled.awards).map(([item]) => item);
  const title =
    textAt(tender.title) ??
    textAt(contract?.title) ??
    textAt(award?.title) ??
    `Contracting process ${textAt(compiled.ocid) ?? processKey}`;
  const description =
    textAt(tender.description) ?? textAt(contract?.description) ?? textAt(award?.description);

  const project: JsonObject = { id: projectId, title };
  if (description !== null) project.description = description;
  const language = textAt(compiled.language);
  if (language !== null && /^[a-z]{2}$/.test(language)) project.language = language;
  const updated = textAt(compiled.date);
  if (updated !== null) project.updated = updated;

  const authority = publicAuthorityOf(compiled);
  if (authority) {
    project.parties = [authority];
    project.publicAuthority = { id: authority.id, name: authority.name ?? authority.id };
  }
  const status = projectStatusOf(compiled);
  if (status) project.status = status;
  const period = periodOf(compiled);
  if (period) project.period = period;
  project.contractingProcesses = [{ id: processKey }];
  return project;
}
