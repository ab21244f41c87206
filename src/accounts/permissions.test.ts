import { describe, expect, it } from "vitest";
import { ACTIONS, can, PERMISSIONS, type Principal, type ProjectAccess } from "./permissions.js";

const principal = (jurisdictionRoles: Principal["jurisdictionRoles"] = []): Principal => ({
  userId: 1,
  displayName: "Test",
  organisationId: null,
  jurisdictionRoles,
});
const project = (
  roles: ProjectAccess["roles"],
  mode: ProjectAccess["mode"] = "long_term",
): ProjectAccess => ({ projectId: "p-1", mode, roles });

describe("can", () => {
  it("denies an anonymous caller everything", () => {
    for (const action of ACTIONS) expect(can(undefined, action, project([]))).toBe(false);
  });

  it("denies a signed-in user without roles everything", () => {
    for (const action of ACTIONS) expect(can(principal(), action, project([]))).toBe(false);
  });

  it("grants a project role only inside its project", () => {
    expect(can(principal(), "schedule.submit", project(["prime_contractor"]))).toBe(true);
    expect(can(principal(), "schedule.submit", project([]))).toBe(false);
    expect(can(principal(), "schedule.submit")).toBe(false);
  });

  it("grants a jurisdiction role in every project", () => {
    expect(can(principal(["auditor"]), "project.view", project([]))).toBe(true);
    expect(can(principal(["auditor"]), "project.members.manage", project([]))).toBe(false);
  });

  it("keeps approvals with the project's agency official", () => {
    expect(can(principal(["agency_official"]), "schedule.approve", project([]))).toBe(false);
    expect(can(principal(), "schedule.approve", project(["agency_official"]))).toBe(true);
    expect(can(principal(["administrator"]), "payment.approve", project([]))).toBe(false);
  });

  it("switches off long-term actions in short-term projects", () => {
    const official = project(["agency_official"], "short_term");
    expect(can(principal(), "evaluation.record", official)).toBe(false);
    expect(can(principal(), "evaluation.record", project(["agency_official"]))).toBe(true);
    expect(can(principal(), "progress.report", project(["prime_contractor"], null))).toBe(false);
  });

  it("grants every action to some role", () => {
    for (const action of ACTIONS) {
      const rule = PERMISSIONS[action];
      expect(rule.jurisdiction.length + rule.project.length, action).toBeGreaterThan(0);
      expect(rule.description, action).not.toBe("");
    }
  });
});
