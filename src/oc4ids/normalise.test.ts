import { describe, expect, it } from "vitest";
import type { JsonObject } from "../import/types.js";
import { normaliseProject } from "./normalise.js";

const location = { source: "fixture.json", projectId: "oc4ids-abc123-1", pointer: "" };

/** A minimal project with the given fields. */
const project = (fields: JsonObject): JsonObject => ({ id: "oc4ids-abc123-1", ...fields });

interface Case {
  name: string;
  input: JsonObject;
  expected: JsonObject;
  code: string;
  pointer: string;
  message: RegExp;
  /** Number of warnings when the repair touches more than one value. */
  count?: number;
}

const cases: Case[] = [
  {
    name: "comma-joined release tag",
    input: project({
      contractingProcesses: [{ id: "ocds-a-1", releases: [{ id: "r1", tag: "planning,tender" }] }],
    }),
    expected: project({
      contractingProcesses: [
        { id: "ocds-a-1", releases: [{ id: "r1", tag: ["planning", "tender"] }] },
      ],
    }),
    code: "release-tag-string",
    pointer: "/contractingProcesses/0/releases/0/tag",
    message: /changed "planning,tender" to \["planning","tender"\]/,
  },
  {
    name: "retired status completed",
    input: project({ status: "completed" }),
    expected: project({ status: "completion" }),
    code: "retired-status-code",
    pointer: "/status",
    message: /changed "completed" to "completion": the code was retired/,
  },
  {
    name: "status in the wrong case",
    input: project({ status: "Implementation" }),
    expected: project({ status: "implementation" }),
    code: "code-case",
    pointer: "/status",
    message: /changed "Implementation" to "implementation"/,
  },
  {
    name: "lower-case geometry type",
    input: project({
      locations: [{ id: "1", geometry: { type: "point", coordinates: [-99, 19] } }],
    }),
    expected: project({
      locations: [{ id: "1", geometry: { type: "Point", coordinates: [-99, 19] } }],
    }),
    code: "geometry-type-case",
    pointer: "/locations/0/geometry/type",
    message: /changed "point" to "Point"/,
  },
  {
    name: "latitude-first coordinates",
    input: project({
      locations: [{ id: "1", geometry: { type: "Point", coordinates: [25.67, -100.37] } }],
    }),
    expected: project({
      locations: [{ id: "1", geometry: { type: "Point", coordinates: [-100.37, 25.67] } }],
    }),
    code: "coordinates-swapped",
    pointer: "/locations/0/geometry/coordinates",
    message: /swapped the position to \[longitude, latitude\]/,
  },
  {
    name: "coordinates as strings",
    input: project({
      locations: [{ id: "1", geometry: { type: "Point", coordinates: ["-99.1", "19.4"] } }],
    }),
    expected: project({
      locations: [{ id: "1", geometry: { type: "Point", coordinates: [-99.1, 19.4] } }],
    }),
    code: "number-as-string",
    pointer: "/locations/0/geometry/coordinates/0",
    message: /changed the string "-99.1" to the number -99.1/,
    count: 2,
  },
  {
    name: "empty string",
    input: project({
      title: "Bridge",
      completion: { endDate: "2020-01-01T00:00:00Z", finalScope: "" },
    }),
    expected: project({ title: "Bridge", completion: { endDate: "2020-01-01T00:00:00Z" } }),
    code: "empty-value-removed",
    pointer: "/completion/finalScope",
    message: /removed an empty string/,
  },
  {
    name: "empty object",
    input: project({ locations: [{ id: "1", geometry: {} }] }),
    expected: project({ locations: [{ id: "1" }] }),
    code: "empty-value-removed",
    pointer: "/locations/0/geometry",
    message: /removed an empty object/,
  },
  {
    name: "empty array",
    input: project({ title: "Bridge", sector: [] }),
    expected: project({ title: "Bridge" }),
    code: "empty-value-removed",
    pointer: "/sector",
    message: /removed an empty array/,
  },
  {
    name: "empty contact point",
    input: project({
      parties: [{ id: "p1", name: "Agency", contactPoint: { name: "", email: "" } }],
    }),
    expected: project({ parties: [{ id: "p1", name: "Agency" }] }),
    code: "empty-value-removed",
    pointer: "/parties/0/contactPoint",
    message: /removed an object whose fields were all empty/,
    count: 3,
  },
  {
    name: "identical duplicate parties",
    input: project({
      parties: [
        { id: "p1", name: "Agency", roles: ["buyer"] },
        { id: "p1", name: "Agency", roles: ["buyer"] },
      ],
    }),
    expected: project({ parties: [{ id: "p1", name: "Agency", roles: ["buyer"] }] }),
    code: "duplicate-party-merged",
    pointer: "/parties/1",
    message: /identical to \/parties\/0/,
  },
  {
    name: "date-time without a time zone",
    input: project({ period: { startDate: "2017-02-06T00:00:00" } }),
    expected: project({ period: { startDate: "2017-02-06T00:00:00Z" } }),
    code: "date-without-timezone",
    pointer: "/period/startDate",
    message: /changed "2017-02-06T00:00:00" to "2017-02-06T00:00:00Z".*read as UTC/,
  },
  {
    name: "date-time with fractions and no time zone",
    input: project({
      contractingProcesses: [
        { id: "x", releases: [{ id: "r", tag: ["tender"], date: "2020-04-09T13:40:22.913" }] },
      ],
    }),
    expected: project({
      contractingProcesses: [
        { id: "x", releases: [{ id: "r", tag: ["tender"], date: "2020-04-09T13:40:22.913Z" }] },
      ],
    }),
    code: "date-without-timezone",
    pointer: "/contractingProcesses/0/releases/0/date",
    message: /"2020-04-09T13:40:22.913Z"/,
  },
  {
    name: "sentinel date",
    input: project({
      documents: [
        {
          id: "d",
          datePublished: "2020-03-31T01:27:58-06:00",
          dateModified: "0001-01-01T00:00:00-06:00",
        },
      ],
    }),
    expected: project({ documents: [{ id: "d", datePublished: "2020-03-31T01:27:58-06:00" }] }),
    code: "sentinel-date-removed",
    pointer: "/documents/0/dateModified",
    message: /removed the placeholder date "0001-01-01T00:00:00-06:00"/,
  },
  {
    name: "amount as a string",
    input: project({ budget: { amount: { amount: "20459221.19", currency: "MXN" } } }),
    expected: project({ budget: { amount: { amount: 20459221.19, currency: "MXN" } } }),
    code: "number-as-string",
    pointer: "/budget/amount/amount",
    message: /changed the string "20459221.19" to the number 20459221.19/,
  },
  {
    name: "URL with spaces and accents",
    input: project({ documents: [{ id: "d", url: "http://x.mx/Informe de ejecución.pdf" }] }),
    expected: project({
      documents: [{ id: "d", url: "http://x.mx/Informe%20de%20ejecuci%C3%B3n.pdf" }],
    }),
    code: "uri-encoded",
    pointer: "/documents/0/url",
    message: /to "http:\/\/x.mx\/Informe%20de%20ejecuci%C3%B3n.pdf"/,
  },
  {
    name: "pre-0.9.4 budget breakdown",
    input: project({ budget: { budgetBreakdown: [{ id: "b1", description: "State funds" }] } }),
    expected: project({
      budget: {
        budgetBreakdowns: [
          { id: "1", budgetBreakdown: [{ id: "b1", description: "State funds" }] },
        ],
      },
    }),
    code: "budget-breakdown-legacy",
    pointer: "/budget/budgetBreakdown",
    message: /moved the 1 entries of \/budget\/budgetBreakdown to \/budget\/budgetBreakdowns\/0/,
  },
  {
    name: "an identical duplicate budget breakdown entry",
    input: project({
      budget: {
        budgetBreakdowns: [
          {
            id: "g1",
            budgetBreakdown: [
              { id: "a", description: "State" },
              { id: "a", description: "State" },
            ],
          },
        ],
      },
    }),
    expected: project({
      budget: {
        budgetBreakdowns: [{ id: "g1", budgetBreakdown: [{ id: "a", description: "State" }] }],
      },
    }),
    code: "duplicate-entry-removed",
    pointer: "/budget/budgetBreakdowns/0/budgetBreakdown/1",
    message: /identical to \/budget\/budgetBreakdowns\/0\/budgetBreakdown\/0/,
  },
  {
    name: "a budget breakdown entry without an id, after a removed duplicate",
    input: project({
      budget: {
        budgetBreakdowns: [
          {
            id: "g1",
            budgetBreakdown: [
              { id: "1", description: "State" },
              { id: "1", description: "State" },
              { id: "", description: "Federal" },
            ],
          },
        ],
      },
    }),
    expected: project({
      budget: {
        budgetBreakdowns: [
          {
            id: "g1",
            budgetBreakdown: [
              { id: "1", description: "State" },
              { id: "2", description: "Federal" },
            ],
          },
        ],
      },
    }),
    code: "id-assigned",
    pointer: "/budget/budgetBreakdowns/0/budgetBreakdown/2",
    message: /gave the id "2" to this entry/,
    count: 3,
  },
  {
    name: "an amount finer than the currency's minor unit",
    input: project({ budget: { amount: { amount: 123.456, currency: "MXN" } } }),
    expected: project({ budget: { amount: { amount: 123.456, currency: "MXN" } } }),
    code: "amount-rounded",
    pointer: "/budget/amount/amount",
    message: /123\.456 MXN has more decimals than MXN's minor unit \(2\); it is stored as 123\.46/,
  },
];

describe("normaliseProject", () => {
  it.each(cases)("repairs $name", ({ input, expected, code, pointer, message, count }) => {
    const { project: repaired, warnings } = normaliseProject(input, location);

    expect(repaired).toEqual(expected);
    expect(warnings).toHaveLength(count ?? 1);
    const warning = warnings.find((candidate) => candidate.pointer === pointer);
    expect(warning).toMatchObject({ ...location, code, pointer });
    expect(warning?.message).toMatch(message);
  });

  it("leaves a 0.9.5 project unchanged and warns of nothing", () => {
    const clean = project({
      title: "Bridge",
      status: "completion",
      period: { startDate: "2017-02-06T00:00:00Z" },
      locations: [{ id: "1", geometry: { type: "Point", coordinates: [-100.37, 25.67] } }],
    });

    const { project: repaired, warnings } = normaliseProject(clean, location);

    expect(repaired).toEqual(clean);
    expect(warnings).toEqual([]);
  });

  it("does not change its input", () => {
    const input = project({ status: "completed", sector: [] });
    const copy = structuredClone(input);

    normaliseProject(input, location);

    expect(input).toEqual(copy);
  });

  it("leaves values it cannot repair for validation", () => {
    const input = project({
      status: "finished",
      budget: { amount: { amount: "1,234.50", currency: "MXN" } },
      period: { startDate: "31/12/2020" },
    });

    const { project: repaired, warnings } = normaliseProject(input, location);

    expect(repaired).toEqual(input);
    expect(warnings).toEqual([]);
  });

  it("reports each empty value inside a removed object", () => {
    const input = project({ title: "x", completion: { endDateDetails: "", finalScope: " " } });

    const { warnings } = normaliseProject(input, location);

    expect(warnings.map((warning) => warning.pointer)).toEqual([
      "/completion/endDateDetails",
      "/completion/finalScope",
      "/completion",
    ]);
  });

  it("does not swap positions that fit both orders", () => {
    const input = project({
      locations: [{ id: "1", geometry: { type: "Point", coordinates: [19.4, -9.1] } }],
    });

    const { warnings } = normaliseProject(input, location);

    expect(warnings).toEqual([]);
  });
});
