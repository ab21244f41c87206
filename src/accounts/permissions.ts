import type { JurisdictionRole, ProjectMode, ProjectRole } from "../db/types-accounts.js";

/**
 * Who may do what in the workspace: every action of the workspace, with the jurisdiction
 * roles and the project roles that grant it. Anything not listed here is denied.
 *
 * A jurisdiction role grants an action in every project. A project role grants it only in the
 * projects where the user has that role. `longTermOnly` actions are switched off in
 * short-term projects for everyone, because One-PMIS runs short-term projects without progress
 * reporting and performance evaluation.
 */
interface Rule {
  jurisdiction: readonly JurisdictionRole[];
  project: readonly ProjectRole[];
  longTermOnly?: boolean;
  /** Summary of what the action allows, as docs/workspace.md describes it. */
  description: string;
}

const ALL_MEMBERS: readonly ProjectRole[] = [
  "agency_official",
  "supervisor",
  "prime_contractor",
  "subcontractor",
];
const OVERSIGHT: readonly JurisdictionRole[] = ["administrator", "agency_manager", "auditor"];

/** The role × action table. Keys are the action names used by `can` and `requirePermission`. */
export const PERMISSIONS = {
  // Jurisdiction-wide actions, checked without a project.
  "user.manage": {
    jurisdiction: ["administrator"],
    project: [],
    description: "create users and give them jurisdiction roles",
  },
  "organisation.manage": {
    jurisdiction: ["administrator"],
    project: [],
    description: "create organisations",
  },
  "audit.read": {
    jurisdiction: ["administrator", "auditor"],
    project: [],
    description: "read the audit trail",
  },
  "disclosure.policy.manage": {
    jurisdiction: ["administrator"],
    project: [],
    description: "set which workspace records the public portal shows",
  },
  "import.manage": {
    jurisdiction: ["administrator"],
    project: [],
    description: "upload spreadsheets, save import mappings and import projects from them",
  },
  "project.register": {
    jurisdiction: ["administrator", "agency_manager", "agency_official"],
    project: [],
    description: "register a project when its contract is signed",
  },
  "project.list.all": {
    jurisdiction: OVERSIGHT,
    project: [],
    description: "list every registered project (administration mode)",
  },

  // Actions in one project.
  "project.view": {
    jurisdiction: OVERSIGHT,
    project: ALL_MEMBERS,
    description: "see the project's workspace and its members",
  },
  "project.members.manage": {
    jurisdiction: ["administrator", "agency_manager"],
    project: ["agency_official"],
    description: "link users to the project and remove them",
  },
  "schedule.submit": {
    jurisdiction: [],
    project: ["prime_contractor"],
    description: "submit the work schedule with the commencement report",
  },
  "schedule.approve": {
    jurisdiction: [],
    project: ["agency_official"],
    description: "approve or return the work schedule",
  },
  "report.submit": {
    jurisdiction: [],
    project: ["prime_contractor", "supervisor"],
    longTermOnly: true,
    description: "file daily, weekly and monthly reports",
  },
  "report.review": {
    jurisdiction: [],
    project: ["supervisor"],
    longTermOnly: true,
    description: "review a contractor's report",
  },
  "report.approve": {
    jurisdiction: [],
    project: ["agency_official"],
    longTermOnly: true,
    description: "approve a reviewed report",
  },
  "progress.report": {
    jurisdiction: [],
    project: ["prime_contractor", "supervisor"],
    longTermOnly: true,
    description: "report planned and actual progress",
  },
  "evaluation.record": {
    jurisdiction: [],
    project: ["agency_official"],
    longTermOnly: true,
    description: "record the performance evaluation at 30, 60 and 95% completion",
  },
  "directive.issue": {
    jurisdiction: [],
    project: ["agency_official", "supervisor"],
    description: "issue a work directive",
  },
  "directive.respond": {
    jurisdiction: [],
    project: ["prime_contractor", "subcontractor", "supervisor"],
    description: "answer a work directive with an action report",
  },
  "document.upload": {
    jurisdiction: [],
    project: ALL_MEMBERS,
    description: "register a document",
  },
  "document.view": {
    jurisdiction: OVERSIGHT,
    project: ALL_MEMBERS,
    description: "search and read the project's documents",
  },
  "document.approve": {
    jurisdiction: [],
    project: ["agency_official", "supervisor"],
    description: "approve or reject a document version",
  },
  "project.final_inspection": {
    jurisdiction: [],
    project: ["agency_official"],
    description: "record the final inspection, after which as-built drawings are accepted",
  },
  "photo.upload": {
    jurisdiction: [],
    project: ALL_MEMBERS,
    description: "add a site photo",
  },
  "safety.report": {
    jurisdiction: [],
    project: ["prime_contractor", "subcontractor", "supervisor"],
    description: "report a safety inspection, hazard or accident",
  },
  "safety.inspect": {
    jurisdiction: [],
    project: ["agency_official", "supervisor"],
    description: "record a safety inspection and its findings",
  },
  "change.request": {
    jurisdiction: [],
    project: ["prime_contractor", "supervisor"],
    description: "request a design change or a time extension",
  },
  "change.review": {
    jurisdiction: [],
    project: ["supervisor"],
    description: "review a requested design change, time extension or penalty",
  },
  "change.approve": {
    jurisdiction: [],
    project: ["agency_official"],
    description: "approve or reject a design change, time extension or penalty",
  },
  "penalty.issue": {
    jurisdiction: [],
    project: ["agency_official"],
    description: "record penalty points against a contractor",
  },
  "asbuilt.upload": {
    jurisdiction: [],
    project: ["prime_contractor"],
    description: "upload the as-built drawings after the final inspection",
  },
  "subcontract.register": {
    jurisdiction: [],
    project: ["prime_contractor", "subcontractor"],
    description: "register a subcontract and the subcontractor's bank account",
  },
  "payment.claim": {
    jurisdiction: [],
    project: ["prime_contractor"],
    description: "claim a progress payment and enter its split",
  },
  "payment.approve": {
    jurisdiction: [],
    project: ["agency_official"],
    description: "approve a payment split and release the payment",
  },
  "payment.split": {
    jurisdiction: [],
    project: ["prime_contractor", "subcontractor"],
    description: "register the split of a progress payment claim among its payees",
  },
  "payment.disburse": {
    jurisdiction: [],
    project: ["agency_official"],
    description: "deposit into the segregated account, pay approved shares and reconcile",
  },
  "payment.retention.release": {
    jurisdiction: [],
    project: ["agency_official"],
    description:
      "pay out the retention held back from claims once the final inspection is recorded",
  },
  "worker.register": {
    jurisdiction: [],
    project: ["prime_contractor", "subcontractor"],
    description: "register workers with their bank accounts and record their attendance",
  },
  "payment.compliance.manage": {
    jurisdiction: [],
    project: ["agency_official"],
    description: "set the documents each kind of payee must register before it is paid",
  },
  "payment.document.register": {
    jurisdiction: [],
    project: ["agency_official", "prime_contractor", "subcontractor"],
    description: "register a payee's insurance, licence or payment receipt, releasing its holds",
  },
  "payment.account.register": {
    jurisdiction: [],
    project: ["prime_contractor", "subcontractor"],
    description:
      "register or replace the bank account of the caller's own contract or of its workers",
  },
  "payment.view": {
    jurisdiction: OVERSIGHT,
    project: ALL_MEMBERS,
    description: "see the project's payments and their splits",
  },
  "disclosure.project.manage": {
    jurisdiction: ["administrator"],
    project: ["agency_official"],
    description: "withhold or release one project's records on the public portal",
  },
} as const satisfies Record<string, Rule>;

/** A workspace action, named `area.verb`. */
export type Action = keyof typeof PERMISSIONS;

/** Every action, in table order. */
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** The signed-in user of a request and its roles across the jurisdiction. */
export interface Principal {
  userId: number;
  displayName: string;
  organisationId: string | null;
  jurisdictionRoles: readonly JurisdictionRole[];
}

/** The principal's standing in one project. */
export interface ProjectAccess {
  projectId: string;
  /** The workspace mode, or null when the project is not registered in the workspace. */
  mode: ProjectMode | null;
  /** The principal's roles in this project; empty for a non-member. */
  roles: readonly ProjectRole[];
}

/**
 * Decides whether `principal` may do `action`, in `project` when the action concerns one.
 * Denied unless a rule grants it. A project action without a project is denied for project
 * roles, and granted only through a jurisdiction role.
 */
export function can(
  principal: Principal | undefined,
  action: Action,
  project?: ProjectAccess,
): boolean {
  if (!principal) return false;
  const rule: Rule = PERMISSIONS[action];
  if (rule.longTermOnly && project?.mode !== "long_term") return false;
  if (principal.jurisdictionRoles.some((role) => rule.jurisdiction.includes(role))) return true;
  if (!project) return false;
  return project.roles.some((role) => rule.project.includes(role));
}
