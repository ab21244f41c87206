import { describe, expect, it } from "vitest";
import type { JsonObject } from "../import/types.js";
import { differOnlyInUpdated, withProgressHistory } from "./progress-history.js";

function observation(day: string, measure: number, id = "1"): JsonObject {
  return {
    id,
    measure,
    unit: { name: "percent" },
    period: { startDate: `${day}T00:00:00Z`, endDate: `${day}T00:00:00Z` },
  };
}

function version(updated: string, observations: JsonObject[], extra: JsonObject = {}) {
  return {
    id: "oc4ids-test00-1",
    title: "Plaza",
    updated,
    metrics: [{ id: "physicalProgress", title: "Physical progress", observations }],
    ...extra,
  };
}

function measures(project: JsonObject): [string, unknown, unknown][] {
  const [metric] = project.metrics as { observations: JsonObject[] }[];
  return (metric?.observations ?? []).map((item) => [
    String(item.id),
    (item.period as { endDate: string }).endDate.slice(0, 10),
    item.measure,
  ]);
}

describe("withProgressHistory", () => {
  const stored = version("2024-06-24T00:00:00Z", [observation("2024-06-24", 40)]);

  it("adds a new figure after the stored ones", () => {
    const merged = withProgressHistory(
      stored,
      version("2024-09-30T00:00:00Z", [observation("2024-09-30", 77)]),
    );
    expect(measures(merged)).toEqual([
      ["1", "2024-06-24", 40],
      ["2", "2024-09-30", 77],
    ]);
  });

  it("skips a figure equal to the latest", () => {
    const incoming = version("2024-09-30T00:00:00Z", [observation("2024-09-30", 40)]);
    const merged = withProgressHistory(stored, incoming);
    expect(measures(merged)).toEqual([["1", "2024-06-24", 40]]);
    expect(differOnlyInUpdated(merged, stored)).toBe(true);
    expect(differOnlyInUpdated(version("2024-09-30T00:00:00Z", [], { title: "P" }), stored)).toBe(
      false,
    );
  });

  it("replaces a figure for a day already recorded", () => {
    const merged = withProgressHistory(
      stored,
      version("2024-06-24T00:00:00Z", [observation("2024-06-24", 45)]),
    );
    expect(measures(merged)).toEqual([["1", "2024-06-24", 45]]);
  });

  it("keeps stored metrics that the new version lacks", () => {
    const incoming: JsonObject = { id: "oc4ids-test00-1", title: "Plaza", updated: "2024-09-30" };
    const merged = withProgressHistory(stored, incoming);
    expect(measures(merged)).toEqual([["1", "2024-06-24", 40]]);
  });

  it("leaves a project without stored metrics as it comes", () => {
    const incoming = version("2024-09-30T00:00:00Z", [observation("2024-09-30", 10)]);
    expect(withProgressHistory({ id: "oc4ids-test00-1" }, incoming)).toBe(incoming);
  });
});
