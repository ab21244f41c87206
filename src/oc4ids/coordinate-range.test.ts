import { describe, expect, it } from "vitest";
import { checkCoordinateRange } from "./coordinate-range.js";

const location = { source: "fixture.json", projectId: "oc4ids-abc123-1", pointer: "" };

describe("checkCoordinateRange", () => {
  it("accepts points, lines and polygons in range", () => {
    const project = {
      locations: [
        { geometry: { type: "Point", coordinates: [-100.3, 25.6] } },
        {
          geometry: {
            type: "LineString",
            coordinates: [
              [127, 37.5],
              [127.1, 37.6],
            ],
          },
        },
        {
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
      ],
    };
    expect(checkCoordinateRange(project, location)).toEqual([]);
  });

  it("reports each position out of range by pointer", () => {
    const project = {
      locations: [
        { geometry: { type: "Point", coordinates: [1e10, -1e10] } },
        {
          geometry: {
            type: "LineString",
            coordinates: [
              [127, 37.5],
              [127, 95],
            ],
          },
        },
      ],
    };

    const problems = checkCoordinateRange(project, location);

    expect(problems.map((problem) => problem.pointer)).toEqual([
      "/locations/0/geometry/coordinates",
      "/locations/1/geometry/coordinates/1",
    ]);
    expect(problems[0]?.code).toBe("coordinates-out-of-range");
  });
});
