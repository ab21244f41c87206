import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { loadProjectValidator } from "../oc4ids/validate.js";
import {
  LinkRuleError,
  parseLinkRule,
  projectFromCompiledRelease,
  withProcesses,
} from "./link-rules.js";
import { hasRegisteredPrefix, ocidKey, ocidScopeOf } from "./ocid-scope.js";

const SCHEMA = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids/project-schema.json");
const hasSchema = existsSync(SCHEMA);

describe("parseLinkRule", () => {
  it("defaults to matching by process id", () => {
    expect(parseLinkRule({})).toEqual({ kind: "match" });
  });

  it("reads --attach-to with a title", () => {
    expect(parseLinkRule({ attachTo: " naicm ", projectTitle: "Airport" })).toEqual({
      kind: "attach",
      projectId: "naicm",
      projectTitle: "Airport",
    });
  });

  it("reads --project-per-process", () => {
    expect(parseLinkRule({ projectPerProcess: "gacm" })).toEqual({
      kind: "project-per-process",
      prefix: "gacm",
    });
  });

  it.each([
    [{ attachTo: "p", projectPerProcess: "x" }, "--project-per-process", "cannot be combined"],
    [{ projectTitle: "Airport" }, "--project-title", "only used with --attach-to"],
    [{ attachTo: " " }, "--attach-to", "needs a project id"],
    [{ projectPerProcess: "" }, "--project-per-process", "needs an id prefix"],
    [{ attachTo: "p", projectTitle: "" }, "--project-title", "needs a title"],
  ])("rejects %j", (options, option, reason) => {
    let caught: unknown;
    try {
      parseLinkRule(options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LinkRuleError);
    expect((caught as LinkRuleError).option).toBe(option);
    expect((caught as LinkRuleError).message).toContain(reason);
  });
});

describe("withProcesses", () => {
  it("appends only ocids the project lacks", () => {
    const project = { id: "p", title: "P", contractingProcesses: [{ id: "a", summary: {} }] };
    const result = withProcesses(project, ["a", "b"]);
    expect(result.contractingProcesses).toEqual([{ id: "a", summary: {} }, { id: "b" }]);
    expect(project.contractingProcesses).toHaveLength(1);
  });

  it("returns the same project when nothing is new", () => {
    const project = { id: "p", title: "P", contractingProcesses: [{ id: "a" }] };
    expect(withProcesses(project, ["a"])).toBe(project);
  });
});

const compiled = {
  ocid: "10",
  id: "10-2017-02-08",
  date: "2017-02-08T06:00:00Z",
  language: "es",
  buyer: {
    id: "GACM",
    name: "Grupo Aeroportuario de la Ciudad de Mexico",
    identifier: { id: "GACM", scheme: "MK-009KDH999" },
  },
  tender: { title: "Plan de manejo ambiental", description: "Servicios", status: "active" },
  awards: [{ id: "a1", status: "active", title: "Award title" }],
  contracts: [
    {
      id: "c1",
      awardID: "a1",
      status: "terminated",
      period: { startDate: "2015-02-23T06:00:00Z", endDate: "2015-03-30T06:00:00Z" },
    },
  ],
};

describe("projectFromCompiledRelease", () => {
  it("builds the project from tender, buyer and contract", () => {
    const project = projectFromCompiledRelease("gacm-gacm:10", "gacm:10", compiled);
    expect(project).toMatchObject({
      id: "gacm-gacm:10",
      title: "Plan de manejo ambiental",
      description: "Servicios",
      language: "es",
      updated: "2017-02-08T06:00:00Z",
      status: "completion",
      publicAuthority: { id: "GACM", name: "Grupo Aeroportuario de la Ciudad de Mexico" },
      period: { startDate: "2015-02-23T06:00:00Z", endDate: "2015-03-30T06:00:00Z" },
      contractingProcesses: [{ id: "gacm:10" }],
    });
    expect(project.parties).toEqual([
      expect.objectContaining({ id: "GACM", roles: ["publicAuthority"] }),
    ]);
    expect(project).not.toHaveProperty("sector");
    expect(project).not.toHaveProperty("type");
  });

  it.each([
    ["active", "implementation"],
    ["pending", "preparation"],
    ["cancelled", "cancelled"],
  ])("maps contract status %s to %s", (status, expected) => {
    const release = { ...compiled, contracts: [{ id: "c1", status }] };
    expect(projectFromCompiledRelease("p", "k", release).status).toBe(expected);
  });

  it("falls back to the contract title and leaves unknowns out", () => {
    const project = projectFromCompiledRelease("p", "k", {
      ocid: "x",
      contracts: [{ id: "c", title: "Contract title" }],
    });
    expect(project.title).toBe("Contract title");
    expect(project).not.toHaveProperty("status");
    expect(project).not.toHaveProperty("publicAuthority");
    expect(project).not.toHaveProperty("period");
  });

  it.skipIf(!hasSchema)("validates against the OC4IDS schema", async () => {
    const validate = await loadProjectValidator(SCHEMA);
    const minimal = projectFromCompiledRelease("p", "k", { ocid: "x" });
    const full = projectFromCompiledRelease("gacm-gacm:10", "gacm:10", compiled);
    expect(validate(minimal, { source: "test", pointer: "" })).toEqual([]);
    expect(validate(full, { source: "test", pointer: "" })).toEqual([]);
  });
});

describe("ocidKey", () => {
  it("keeps an ocid with a registered prefix", () => {
    expect(hasRegisteredPrefix("ocds-7wj9x5-SINL-1")).toBe(true);
    expect(ocidKey("ocds-7wj9x5-SINL-1", "Nuevo León")).toBe("ocds-7wj9x5-SINL-1");
  });

  it("scopes a bare ocid by its publisher", () => {
    expect(hasRegisteredPrefix("10")).toBe(false);
    expect(ocidKey("10", "GACM")).toBe("gacm:10");
    expect(ocidKey("10", "Secretaría de Obras / CDMX")).toBe("secretaría-de-obras-cdmx:10");
    expect(ocidKey("10", "--")).toBe("unknown:10");
  });

  it("takes the option, then the name, then the uid", () => {
    expect(ocidScopeOf({ name: "GACM", uid: "AS" }, "naicm")).toBe("naicm");
    expect(ocidScopeOf({ name: "GACM", uid: "AS" }, undefined)).toBe("GACM");
    expect(ocidScopeOf({ uid: "AS" }, " ")).toBe("AS");
    expect(ocidScopeOf(undefined, undefined)).toBe("unknown");
  });
});
