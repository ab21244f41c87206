import { describe, expect, it } from "vitest";
import { wallTimeToUtc } from "./time.js";

describe("wallTimeToUtc", () => {
  it.each([
    ["2025-03-12T14:05:09", "+09:00", "2025-03-12T05:05:09.000Z"],
    ["2025-03-12T01:00:00", "-05:30", "2025-03-12T06:30:00.000Z"],
    ["2025-03-12T09:00:00", "Asia/Seoul", "2025-03-12T00:00:00.000Z"],
    ["2025-07-01T12:00:00", "Europe/Madrid", "2025-07-01T10:00:00.000Z"],
    ["2025-01-15T12:00:00", "Europe/Madrid", "2025-01-15T11:00:00.000Z"],
    ["2025-03-12T09:00:00", "UTC", "2025-03-12T09:00:00.000Z"],
  ])("converts %s in %s", (wallTime, zone, expected) => {
    expect(wallTimeToUtc(wallTime, zone).toISOString()).toBe(expected);
  });
});
