import { describe, expect, it } from "vitest";
import { addMonths, decideProjectMode } from "./mode.js";

const SEOUL = { longTermMinAmount: { KRW: 1_000_000_000 }, longTermMinMonths: 12 };
const contract = (
  amount: number,
  startDate: string,
  plannedCompletionDate: string,
  currency = "KRW",
) => ({
  amount,
  currency,
  startDate,
  plannedCompletionDate,
});

describe("decideProjectMode", () => {
  it("makes a large, long contract long-term", () => {
    expect(decideProjectMode(contract(1_500_000_000, "2026-01-01", "2027-06-30"), SEOUL)).toBe(
      "long_term",
    );
  });

  it("makes exactly 1 billion KRW short-term", () => {
    expect(decideProjectMode(contract(1_000_000_000, "2026-01-01", "2027-06-30"), SEOUL)).toBe(
      "short_term",
    );
  });

  it("makes exactly 12 months short-term", () => {
    expect(decideProjectMode(contract(5_000_000_000, "2026-01-15", "2027-01-15"), SEOUL)).toBe(
      "short_term",
    );
  });

  it("makes 12 months and a day long-term", () => {
    expect(decideProjectMode(contract(5_000_000_000, "2026-01-15", "2027-01-16"), SEOUL)).toBe(
      "long_term",
    );
  });

  it("judges a currency without threshold by duration", () => {
    expect(decideProjectMode(contract(10, "2026-01-01", "2028-01-01", "USD"), SEOUL)).toBe(
      "long_term",
    );
    expect(decideProjectMode(contract(10, "2026-01-01", "2026-06-01", "USD"), SEOUL)).toBe(
      "short_term",
    );
  });
});

describe("addMonths", () => {
  it("clamps to the last day of a shorter month", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2026-03-15", 12)).toBe("2027-03-15");
  });
});
