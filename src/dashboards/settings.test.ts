import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";

describe("dashboard settings", () => {
  it("default to 10 points and 7 days", () => {
    const { workspace } = loadConfig({});
    expect(workspace.behindPlanPoints).toBe(10);
    expect(workspace.approvalDays).toBe(7);
  });

  it("read BEHIND_PLAN_POINTS and APPROVAL_DAYS", () => {
    const { workspace } = loadConfig({ BEHIND_PLAN_POINTS: "12.5", APPROVAL_DAYS: "14" });
    expect(workspace.behindPlanPoints).toBe(12.5);
    expect(workspace.approvalDays).toBe(14);
  });

  it.each([
    ["BEHIND_PLAN_POINTS", "-1", /BEHIND_PLAN_POINTS: must be percentage points from 0 to 100/],
    ["BEHIND_PLAN_POINTS", "150", /BEHIND_PLAN_POINTS: must be percentage points from 0 to 100/],
    ["APPROVAL_DAYS", "0", /APPROVAL_DAYS/],
    ["APPROVAL_DAYS", "a week", /APPROVAL_DAYS/],
  ])("reject %s=%s naming the variable", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
