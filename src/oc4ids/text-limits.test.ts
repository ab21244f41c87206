import { describe, expect, it } from "vitest";
import { checkTextLengths, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from "./text-limits.js";

const location = { source: "fixture.json", projectId: "oc4ids-abc123-1", pointer: "" };

describe("checkTextLengths", () => {
  it("accepts ordinary text", () => {
    expect(checkTextLengths({ id: "x", title: "Bridge", description: "d" }, location)).toEqual([]);
  });

  it("reports a runaway title and a long nested value by pointer", () => {
    const problems = checkTextLengths(
      {
        id: "x",
        title: "t".repeat(MAX_TITLE_LENGTH + 1),
        documents: [{ id: "1", "a/b": "d".repeat(MAX_TEXT_LENGTH + 1) }],
      },
      location,
    );

    expect(problems.map((problem) => problem.pointer)).toEqual(["/title", "/documents/0/a~1b"]);
    expect(problems[0]?.code).toBe("text-too-long");
    expect(problems[0]?.message).toMatch(/2001 characters; at most 2000/);
  });

  it("reports a NUL character by pointer", () => {
    const problems = checkTextLengths(
      { id: "x", title: "Bridge\u0000", locations: [{ description: "ok" }] },
      location,
    );

    expect(problems).toHaveLength(1);
    expect(problems[0]?.pointer).toBe("/title");
    expect(problems[0]?.code).toBe("nul-character");
  });
});
