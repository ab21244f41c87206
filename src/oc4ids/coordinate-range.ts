import type { ImportProblem, InputLocation, JsonObject } from "../import/types.js";

/**
 * Reports positions of `locations[].geometry` outside the WGS 84 range that GeoJSON requires
 * (longitude −180 to 180, latitude −90 to 90). The schema does not check the numbers, and such
 * a position would put a marker off every map.
 */
export function checkCoordinateRange(
  project: JsonObject,
  location: InputLocation,
): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (!Array.isArray(value)) return;
    const [longitude, latitude] = value as unknown[];
    if (typeof longitude === "number" && typeof latitude === "number") {
      if (Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
        problems.push({
          ...location,
          pointer,
          code: "coordinates-out-of-range",
          message:
            `the position [${longitude}, ${latitude}] is outside longitude −180 to 180 and ` +
            "latitude −90 to 90; GeoJSON positions are [longitude, latitude] in degrees",
        });
      }
      return;
    }
    value.forEach((item, index) => visit(item, `${pointer}/${index}`));
  };

  const locations = Array.isArray(project.locations) ? (project.locations as unknown[]) : [];
  locations.forEach((entry, index) => {
    const geometry = (entry as { geometry?: { coordinates?: unknown } } | null)?.geometry;
    visit(geometry?.coordinates, `/locations/${index}/geometry/coordinates`);
  });
  return problems;
}
