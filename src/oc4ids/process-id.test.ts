import { describe, expect, it } from "vitest";
import { matchProcessToOcid, normaliseProcessId } from "./process-id.js";

const ocids = [
  "ocds-7wj9x5-SINL-CPE-018-2017001",
  "ocds-7wj9x5-SINL-AD-003-2020",
  "ocds-7wj9x5-LO-1-2019001",
  "ocds-7wj9x5-LO-1-2019002",
];

describe("matchProcessToOcid", () => {
  it.each([
    ["ocds-7wj9x5-SINL-AD-003-2020", { ocid: "ocds-7wj9x5-SINL-AD-003-2020", rule: "exact" }],
    [
      "Release-ocds-7wj9x5-SINL-AD-003-2020",
      { ocid: "ocds-7wj9x5-SINL-AD-003-2020", rule: "prefix-stripped" },
    ],
    [
      "record-ocds-7wj9x5-SINL-AD-003-2020",
      { ocid: "ocds-7wj9x5-SINL-AD-003-2020", rule: "prefix-stripped" },
    ],
    [
      "Release-ocds-7wj9x5-SINL-CPE-018-2017",
      { ocid: "ocds-7wj9x5-SINL-CPE-018-2017001", rule: "numeric-suffix" },
    ],
  ])("matches %s", (processId, expected) => {
    expect(matchProcessToOcid(processId, ocids)).toEqual(expected);
  });

  it.each([
    ["two ocids with a numeric suffix", "Release-ocds-7wj9x5-LO-1-2019"],
    ["an unknown id", "Release-ocds-7wj9x5-XX-9-2019"],
    ["a non-numeric suffix", "ocds-7wj9x5-SINL-AD-003"],
    ["a bare prefix", "Release-"],
  ])("matches nothing for %s", (_case, processId) => {
    expect(matchProcessToOcid(processId, ocids)).toBeUndefined();
  });
});

describe("normaliseProcessId", () => {
  it("removes the prefix and surrounding space", () => {
    expect(normaliseProcessId(" Release-ocds-a-1 ")).toBe("ocds-a-1");
  });
});
