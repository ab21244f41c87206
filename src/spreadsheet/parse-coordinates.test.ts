import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCoordinatePair, type Bounds } from "./parse-coordinates.js";

/** The City of Buenos Aires. */
const BUENOS_AIRES: Bounds = { south: -34.71, west: -58.54, north: -34.52, east: -58.33 };
const OUTSIDE = "outside the jurisdiction (south -34.71, west -58.54, north -34.52, east -58.33)";

describe("parseCoordinatePair without bounds", () => {
  it.each([
    ["-34,56715312", "-58,47923657", -34.56715312, -58.47923657],
    ["-34.56715312", "-58.47923657", -34.56715312, -58.47923657],
    ["\u00a0-34,5", "\u00a0-58,520904", -34.5, -58.520904],
    ["37.5665", "126.978", 37.5665, 126.978],
    ["+37", "+127", 37, 127],
    ["0", "126.978", 0, 126.978],
  ])("reads %j, %j", (lat, lng, expectedLat, expectedLng) => {
    expect(parseCoordinatePair(lat, lng)).toEqual({
      ok: true,
      value: { lat: expectedLat, lng: expectedLng },
    });
  });

  it.each([
    ["0", "0", "null island: lat 0 and lng 0"],
    ["0,0", "-0.0", "null island: lat 0 and lng 0"],
    ["91", "10", "lat 91 is outside -90..90"],
    ["10", "-180.5", "lng -180.5 is outside -180..180"],
    ["-34.578.254", "-58.4", "lat is not a decimal number: -34.578.254"],
    ["-34,5", "abc", "lng is not a decimal number: abc"],
    ["", "", "empty"],
    [" ", "-58.4", "lat is empty"],
    ["-34.5", "\u00a0", "lng is empty"],
  ])("rejects %j, %j", (lat, lng, reason) => {
    expect(parseCoordinatePair(lat, lng)).toEqual({ ok: false, reason });
  });
});

describe("parseCoordinatePair with bounds", () => {
  it("reads a pair inside the bounds as written", () => {
    expect(parseCoordinatePair("-34,56715312", "-58,47923657", BUENOS_AIRES)).toEqual({
      ok: true,
      value: { lat: -34.56715312, lng: -58.47923657 },
    });
  });

  it("swaps a pair that lands inside only when swapped", () => {
    expect(parseCoordinatePair("-58,374842011722", "-34,634074747905", BUENOS_AIRES)).toEqual({
      ok: true,
      value: { lat: -34.634074747905, lng: -58.374842011722 },
      repaired: "lat and lng were swapped",
    });
  });

  it.each([
    ["-34.578.254", "-58.402.210", -34.578254, -58.40221],
    ["-34658478", "-58.4", -34.658478, -58.4],
    ["-34.6", "-584.699.185", -34.6, -58.4699185],
    ["-3.457.277.925.237.590", "-5.840.136.814.550.980", -34.5727792523759, -58.4013681455098],
    ["-34.584.811.934.364.100,00", "-58.4", -34.5848119343641, -58.4],
    ["-3,45832E+15", "-5,83802E+15", -34.5832, -58.3802],
  ])("restores the decimal point of %j, %j", (lat, lng, expectedLat, expectedLng) => {
    const parsed = parseCoordinatePair(lat, lng, BUENOS_AIRES);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.lat).toBeCloseTo(expectedLat, 12);
    expect(parsed.value.lng).toBeCloseTo(expectedLng, 12);
    expect(parsed.repaired).toMatch(/^decimal point restored in (lat|lng|lat and lng)$/);
  });

  it("names which values had their decimal point restored", () => {
    const parsed = parseCoordinatePair("-34658478", "-58.4", BUENOS_AIRES);
    expect(parsed).toMatchObject({ ok: true, repaired: "decimal point restored in lat" });
  });

  it("swaps and restores together", () => {
    expect(parseCoordinatePair("-58.402.210", "-34.578.254", BUENOS_AIRES)).toEqual({
      ok: true,
      value: { lat: -34.578254, lng: -58.40221 },
      repaired: "lat and lng were swapped; decimal point restored in lat and lng",
    });
  });

  it("restores a minus sign lost south and west of zero", () => {
    expect(parseCoordinatePair("34635782", "58524987", BUENOS_AIRES)).toEqual({
      ok: true,
      value: { lat: -34.635782, lng: -58.524987 },
      repaired: "minus sign restored in lat and lng; decimal point restored in lat and lng",
    });
    expect(parseCoordinatePair("34,6", "-58,4", BUENOS_AIRES)).toEqual({
      ok: true,
      value: { lat: -34.6, lng: -58.4 },
      repaired: "minus sign restored in lat",
    });
  });

  it("keeps the sign where the bounds cross zero", () => {
    const seoul: Bounds = { south: 37.41, west: 126.76, north: 37.72, east: 127.19 };
    expect(parseCoordinatePair("-37.5", "127", seoul)).toEqual({
      ok: false,
      reason: "outside the jurisdiction (south 37.41, west 126.76, north 37.72, east 127.19)",
    });
    expect(parseCoordinatePair("37.5665", "126.978", seoul)).toEqual({
      ok: true,
      value: { lat: 37.5665, lng: 126.978 },
    });
  });

  it.each([
    ["-34.9", "-58.4"],
    ["-31.4", "-64.2"],
    ["-3.4578", "-58.4"],
    ["0", "0"],
    ["34.9", "58.4"],
  ])("rejects %j, %j outside the bounds", (lat, lng) => {
    expect(parseCoordinatePair(lat, lng, BUENOS_AIRES)).toEqual({ ok: false, reason: OUTSIDE });
  });

  it("rejects text that is no number", () => {
    expect(parseCoordinatePair(`_34,56484° o 34° 33' 53" sur`, "-58.4", BUENOS_AIRES)).toEqual({
      ok: false,
      reason: `lat is not a decimal number: _34,56484° o 34° 33' 53" sur`,
    });
    expect(parseCoordinatePair("-34,650675\n-34.666304", "-58.4", BUENOS_AIRES)).toEqual({
      ok: false,
      reason: "lat is not a decimal number: -34,650675\n-34.666304",
    });
  });

  it("rejects a placement that is ambiguous within wide bounds", () => {
    const wide: Bounds = { south: -60, west: -80, north: 10, east: -30 };
    const parsed = parseCoordinatePair("-3.456.789", "-58.4", wide);
    expect(parsed).toEqual({
      ok: false,
      reason:
        "the decimal point could go in more than one place; " +
        "outside the jurisdiction (south -60, west -80, north 10, east -30)",
    });
  });

  it("recovers any point inside the bounds from its digits", () => {
    const microdegrees = fc.tuple(
      fc.integer({ min: -34_709_999, max: -34_520_001 }),
      fc.integer({ min: -58_539_999, max: -58_330_001 }),
    );
    fc.assert(
      fc.property(microdegrees, ([lat, lng]) => {
        const parsed = parseCoordinatePair(String(lat), String(lng), BUENOS_AIRES);
        expect(parsed).toEqual({
          ok: true,
          value: { lat: lat / 1e6, lng: lng / 1e6 },
          repaired: "decimal point restored in lat and lng",
        });
      }),
    );
  });
});
