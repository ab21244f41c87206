import type { JsonObject } from "../import/types.js";
import { asObject, childPointer, quote } from "./repair-log.js";
import type { RepairLog } from "./repair-log.js";

/** GeoJSON geometry types as the OC4IDS geometryType codelist spells them. */
const GEOMETRY_TYPES = [
  "Point",
  "MultiPoint",
  "LineString",
  "MultiLineString",
  "Polygon",
  "MultiPolygon",
];

/**
 * Repairs a location's `geometry`: the type's letter case, coordinates given as numeric
 * strings, and positions given as [latitude, longitude] instead of GeoJSON's
 * [longitude, latitude].
 */
export function repairGeometry(location: JsonObject, pointer: string, log: RepairLog): void {
  const geometry = asObject(location.geometry);
  if (!geometry) return;

  const type = geometry.type;
  if (typeof type === "string" && !GEOMETRY_TYPES.includes(type)) {
    const listed = GEOMETRY_TYPES.find((code) => code.toLowerCase() === type.trim().toLowerCase());
    if (listed !== undefined) {
      geometry.type = listed;
      log.add(
        "geometry-type-case",
        `${pointer}/type`,
        `changed ${quote(type)} to ${quote(listed)}`,
      );
    }
  }

  if (geometry.coordinates === undefined) return;
  geometry.coordinates = numbersFromStrings(geometry.coordinates, `${pointer}/coordinates`, log);
  swapLatitudeFirst(geometry, `${pointer}/coordinates`, log);
}

function numbersFromStrings(value: unknown, pointer: string, log: RepairLog): unknown {
  if (Array.isArray(value)) {
    return value.map((entry, index) =>
      numbersFromStrings(entry, childPointer(pointer, index), log),
    );
  }
  if (typeof value !== "string" || !/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return value;

  const number = Number(value);
  log.add(
    "number-as-string",
    pointer,
    `changed the string ${quote(value)} to the number ${number}`,
  );
  return number;
}

/**
 * Swaps every position when each one has a second value outside ±90 and a first value inside
 * it: the second value of a GeoJSON position is the latitude, which cannot pass ±90, so such
 * data was written latitude first. Positions that fit either order are left alone.
 */
function swapLatitudeFirst(geometry: JsonObject, pointer: string, log: RepairLog): void {
  const positions = collectPositions(geometry.coordinates);
  if (positions.length === 0) return;

  const latitudeFirst = positions.every(
    ([first, second]) => Math.abs(first) <= 90 && Math.abs(second) > 90 && Math.abs(second) <= 180,
  );
  if (!latitudeFirst) return;

  for (const position of positions) {
    const [latitude, longitude] = position;
    position[0] = longitude;
    position[1] = latitude;
  }
  log.add(
    "coordinates-swapped",
    pointer,
    `swapped ${positions.length === 1 ? "the position" : `all ${positions.length} positions`} to ` +
      "[longitude, latitude]: the second value passed ±90, so the data was written latitude first",
  );
}

type Position = [number, number, ...number[]];

function collectPositions(value: unknown): Position[] {
  if (!Array.isArray(value)) return [];
  if (value.length >= 2 && value.every((entry) => typeof entry === "number")) {
    return [value as Position];
  }
  return value.flatMap(collectPositions);
}
