import { describe, expect, it } from "vitest";
import { diffJson } from "./history.js";

describe("diffJson", () => {
  it.each<[string, unknown, unknown, { pointer: string; before: unknown; after: unknown }[]]>([
    ["equal values", { a: 1 }, { a: 1 }, []],
    [
      "changed leaf",
      { budget: { amount: 1 } },
      { budget: { amount: 2 } },
      [{ pointer: "/budget/amount", before: 1, after: 2 }],
    ],
    ["added field", {}, { title: "x" }, [{ pointer: "/title", before: undefined, after: "x" }]],
    [
      "removed array item",
      { a: [1, 2] },
      { a: [1] },
      [{ pointer: "/a/1", before: 2, after: undefined }],
    ],
    ["escaped key", { "a/b~": 1 }, { "a/b~": 2 }, [{ pointer: "/a~1b~0", before: 1, after: 2 }]],
    ["type change", { a: [1] }, { a: { x: 1 } }, [{ pointer: "/a", before: [1], after: { x: 1 } }]],
  ])("reports %s", (_name, before, after, expected) => {
    expect(diffJson(before, after)).toEqual(expected);
  });
});
