import { describe, expect, it } from "vitest";
import type { ReadItem } from "../read-source.js";
import { createDuplicateProjectIdCheck } from "./duplicate-ids.js";

const item = (id: string, source: string, itemPointer: string): ReadItem => ({
  kind: "project",
  project: { id },
  location: { source, projectId: id, pointer: "" },
  itemPointer,
});

describe("createDuplicateProjectIdCheck", () => {
  it("reports a repeated id with both places", () => {
    const check = createDuplicateProjectIdCheck();

    expect(check(item("oc4ids-a-1", "a.json", "/projects/0"))).toBeUndefined();
    expect(check(item("oc4ids-a-2", "a.json", "/projects/1"))).toBeUndefined();
    const problem = check(item("oc4ids-a-1", "b.json", ""));

    expect(problem).toEqual({
      source: "b.json",
      projectId: "oc4ids-a-1",
      pointer: "/id",
      code: "duplicate-project-id",
      message:
        'the project id "oc4ids-a-1" appears twice in the source: at a.json#/projects/0 and at b.json',
    });
  });

  it("ignores OCDS items", () => {
    const check = createDuplicateProjectIdCheck();
    const release: ReadItem = {
      kind: "ocds-release",
      release: { ocid: "x" },
      location: { source: "r.json", pointer: "" },
      itemPointer: "",
    };

    expect(check(release)).toBeUndefined();
    expect(check(release)).toBeUndefined();
  });
});
