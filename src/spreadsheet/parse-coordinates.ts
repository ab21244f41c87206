/**
 * Latitude and longitude pairs in decimal degrees, with the repairs that real publishers'
 * files need: decimal commas, swapped columns, and decimal points lost to digit grouping
 * ("-34.578.254") or dropped entirely ("-34658478").
 */
import type { Parsed } from "./types.js";

/** A rectangle in decimal degrees (WGS 84) that the jurisdiction's points lie in. */
export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

type Axis = "lat" | "lng";

/** A reading of one coordinate; `restored` when the decimal point was placed by this module. */
interface Reading {
  value: number;
  restored: boolean;
}

/**
 * Parses a latitude and a longitude.
 *
 * Without bounds, each value must be a well-formed decimal number within ±90 (lat) or ±180
 * (lng), and (0, 0) is rejected as "null island", a common placeholder. With bounds, the pair
 * must land inside them. A pair that lands inside only when swapped is swapped. A malformed
 * value is repaired by removing its separators and placing the decimal point after 1, 2 or 3
 * integer digits, keeping the placement that lands inside the bounds. If more than one
 * placement does, the value is rejected as ambiguous. Where the bounds lie wholly on the
 * negative side of an axis, a value written without sign gets its minus sign back.
 */
export function parseCoordinatePair(
  latText: string,
  lngText: string,
  bounds?: Bounds,
): Parsed<{ lat: number; lng: number }> {
  const latClean = clean(latText);
  const lngClean = clean(lngText);
  if (latClean === "" && lngClean === "") return { ok: false, reason: "empty" };
  if (latClean === "") return { ok: false, reason: "lat is empty" };
  if (lngClean === "") return { ok: false, reason: "lng is empty" };

  return bounds
    ? parseWithinBounds(latClean, lngClean, bounds)
    : parseWithoutBounds(latClean, lngClean);
}

function clean(text: string): string {
  return text.replace(/[\u00a0\u2007\u202f]/g, " ").trim();
}

function parseWithoutBounds(
  latText: string,
  lngText: string,
): Parsed<{ lat: number; lng: number }> {
  const lat = parseDecimal(latText);
  if (lat === undefined) return { ok: false, reason: `lat is not a decimal number: ${latText}` };
  const lng = parseDecimal(lngText);
  if (lng === undefined) return { ok: false, reason: `lng is not a decimal number: ${lngText}` };

  if (Math.abs(lat) > 90) return { ok: false, reason: `lat ${lat} is outside -90..90` };
  if (Math.abs(lng) > 180) return { ok: false, reason: `lng ${lng} is outside -180..180` };
  if (lat === 0 && lng === 0) return { ok: false, reason: "null island: lat 0 and lng 0" };
  return { ok: true, value: { lat, lng } };
}

function parseWithinBounds(
  latText: string,
  lngText: string,
  bounds: Bounds,
): Parsed<{ lat: number; lng: number }> {
  const outside = `outside the jurisdiction (${describeBounds(bounds)})`;
  const found = findPairInside(latText, lngText, bounds, outside);
  if (found) return found;

  // A jurisdiction wholly south of the equator or west of Greenwich has only negative values
  // on that axis, so a value written without sign there has lost its minus sign.
  const isUnsigned = (text: string) => /^\d/.test(text);
  const fixLat = isUnsigned(latText) && bounds.north < 0;
  const fixLng = isUnsigned(lngText) && bounds.east < 0;
  if (fixLat || fixLng) {
    const signed = findPairInside(
      fixLat ? `-${latText}` : latText,
      fixLng ? `-${lngText}` : lngText,
      bounds,
      outside,
    );
    if (signed?.ok) {
      const which = [fixLat && "lat", fixLng && "lng"].filter(Boolean).join(" and ");
      const repaired = [`minus sign restored in ${which}`, signed.repaired].filter(Boolean);
      return { ok: true, value: signed.value, repaired: repaired.join("; ") };
    }
  }

  if (readings(latText, "lat").length === 0 && parseDecimal(latText) === undefined) {
    return { ok: false, reason: `lat is not a decimal number: ${latText}` };
  }
  if (readings(lngText, "lng").length === 0 && parseDecimal(lngText) === undefined) {
    return { ok: false, reason: `lng is not a decimal number: ${lngText}` };
  }
  return { ok: false, reason: outside };
}

/** Returns the one reading of the pair inside the bounds, or undefined when none is. */
function findPairInside(
  latText: string,
  lngText: string,
  bounds: Bounds,
  outside: string,
): Parsed<{ lat: number; lng: number }> | undefined {
  const direct = pairsInside(readings(latText, "lat"), readings(lngText, "lng"), bounds);
  const swapped = pairsInside(readings(lngText, "lat"), readings(latText, "lng"), bounds);

  for (const [candidates, isSwapped] of [
    [direct, false],
    [swapped, true],
  ] as const) {
    // Values read as written win over values whose decimal point had to be placed.
    const asWritten = candidates.filter(([lat, lng]) => !lat.restored && !lng.restored);
    const chosen = asWritten.length > 0 ? asWritten : candidates;
    if (chosen.length > 1) {
      return { ok: false, reason: `the decimal point could go in more than one place; ${outside}` };
    }
    const [pair] = chosen;
    if (pair) return { ok: true, ...describePair(pair, isSwapped) };
  }
  return undefined;
}

function describePair(
  [lat, lng]: [Reading, Reading],
  isSwapped: boolean,
): { value: { lat: number; lng: number }; repaired?: string } {
  const notes: string[] = [];
  if (isSwapped) notes.push("lat and lng were swapped");
  const restored = [lat.restored && "lat", lng.restored && "lng"].filter(Boolean);
  if (restored.length > 0) notes.push(`decimal point restored in ${restored.join(" and ")}`);

  const value = { lat: lat.value, lng: lng.value };
  return notes.length > 0 ? { value, repaired: notes.join("; ") } : { value };
}

function pairsInside(lats: Reading[], lngs: Reading[], bounds: Bounds): [Reading, Reading][] {
  const pairs: [Reading, Reading][] = [];
  for (const lat of lats) {
    if (lat.value < bounds.south || lat.value > bounds.north) continue;
    for (const lng of lngs) {
      if (lng.value >= bounds.west && lng.value <= bounds.east) pairs.push([lat, lng]);
    }
  }
  return pairs;
}

/**
 * Returns the possible readings of one coordinate: the value as written when it is
 * well-formed and within range, else the values with the decimal point restored.
 */
function readings(text: string, axis: Axis): Reading[] {
  const limit = axis === "lat" ? 90 : 180;
  const written = parseDecimal(text);
  if (written !== undefined && Math.abs(written) <= limit)
    return [{ value: written, restored: false }];

  const digits = significantDigits(text);
  if (!digits) return [];
  const values = new Set<number>();
  for (const integerDigits of [1, 2, 3]) {
    if (digits.digits.length <= integerDigits) continue;
    const magnitude = Number(
      `${digits.digits.slice(0, integerDigits)}.${digits.digits.slice(integerDigits)}`,
    );
    if (magnitude <= limit) values.add(digits.negative ? -magnitude : magnitude);
  }
  return [...values].map((value) => ({ value, restored: true }));
}

/** Parses "-34.56", "-34,56" or "+58"; returns undefined for anything else. */
function parseDecimal(text: string): number | undefined {
  const match = /^([-+\u2212]?)\s*(\d+)(?:[.,](\d+))?$/.exec(text);
  if (!match) return undefined;
  const magnitude = Number(`${match[2]}.${match[3] ?? "0"}`);
  return match[1] === "" || match[1] === "+" || magnitude === 0 ? magnitude : -magnitude;
}

/**
 * Returns the digits of a coordinate whose decimal point was lost: separators used as digit
 * groups ("-34.578.254", "-34.584.811,00"), no separator ("-34658478"), or the exponent
 * notation that a spreadsheet shows for such a long number ("-3,45832E+15").
 */
function significantDigits(text: string): { negative: boolean; digits: string } | undefined {
  const exponent = /^([-+\u2212]?)(\d)[.,](\d+)E\+?\d+$/i.exec(text);
  if (exponent) {
    return {
      negative: exponent[1] === "-" || exponent[1] === "\u2212",
      digits: `${exponent[2]}${exponent[3]}`,
    };
  }

  const match = /^([-+\u2212]?)\s*(\d[\d.,]*)$/.exec(text);
  if (!match) return undefined;
  const digits = (match[2] ?? "").replace(/[.,]/g, "").replace(/^0+/, "");
  if (digits.length < 2) return undefined;
  return { negative: match[1] === "-" || match[1] === "\u2212", digits };
}

function describeBounds(bounds: Bounds): string {
  return `south ${bounds.south}, west ${bounds.west}, north ${bounds.north}, east ${bounds.east}`;
}
