import type { JurisdictionRole, ProjectMode, ProjectRole } from "../../db/types-accounts.js";
import type { WorkspaceMessages } from "../../i18n/workspace.js";

const ROLE_KEYS: Record<ProjectRole | JurisdictionRole, keyof WorkspaceMessages> = {
  agency_official: "roleAgencyOfficial",
  supervisor: "roleSupervisor",
  prime_contractor: "rolePrimeContractor",
  subcontractor: "roleSubcontractor",
  administrator: "roleAdministrator",
  agency_manager: "roleAgencyManager",
  auditor: "roleAuditor",
};

/** Returns the label of a project or jurisdiction role. */
export function roleLabel(w: WorkspaceMessages, role: ProjectRole | JurisdictionRole): string {
  return w[ROLE_KEYS[role]];
}

/** Returns the label of a project mode. */
export function modeLabel(w: WorkspaceMessages, mode: ProjectMode): string {
  return mode === "long_term" ? w.modeLongTerm : w.modeShortTerm;
}
