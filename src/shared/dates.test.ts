import { describe, expect, it } from "vitest";
import { isCalendarDate } from "./dates.js";

describe("isCalendarDate", () => {
  it.each(["2026-02-28", "2028-02-29", "2026-12-31", "2000-02-29"])("accepts %s", (text) => {
    expect(isCalendarDate(text)).toBe(true);
  });

  it.each([
    "2026-02-31",
    "2026-11-31",
    "2027-02-29",
    "1900-02-29",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "2026-1-01",
    "",
  ])("rejects %s", (text) => {
    expect(isCalendarDate(text)).toBe(false);
  });
});
