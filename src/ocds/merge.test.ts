import { describe, expect, it } from "vitest";
import { compileReleases } from "./merge.js";

type Release = Record<string, unknown>;

function release(date: string, fields: Release): Release {
  return { ocid: "ocds-x-1", id: `r-${date}`, date, tag: ["tender"], ...fields };
}

describe("compileReleases", () => {
  it.each<[string, Release[], Release]>([
    [
      "later date wins per field",
      [
        release("2020-02-01", { tender: { title: "B" } }),
        release("2020-01-01", { tender: { title: "A", status: "active" } }),
      ],
      { tender: { title: "B", status: "active" } },
    ],
    [
      "null removes a field",
      [
        release("2020-01-01", { tender: { title: "A", status: "active" } }),
        release("2020-02-01", { tender: { status: null } }),
      ],
      { tender: { title: "A" } },
    ],
    [
      "objects with id merge by id",
      [
        release("2020-01-01", {
          awards: [
            { id: "1", status: "pending" },
            { id: "2", status: "active" },
          ],
        }),
        release("2020-02-01", { awards: [{ id: "1", status: "active" }, { id: "3" }] }),
      ],
      { awards: [{ id: "1", status: "active" }, { id: "2", status: "active" }, { id: "3" }] },
    ],
    [
      "repeated id in one release keeps the last",
      [
        release("2020-01-01", {
          awards: [
            { id: "1", title: "A", status: "x" },
            { id: "1", title: "B" },
          ],
        }),
      ],
      { awards: [{ id: "1", title: "B" }] },
    ],
    [
      "arrays of strings are replaced",
      [
        release("2020-01-01", {
          tender: { submissionMethod: ["written", "electronicSubmission"] },
        }),
        release("2020-02-01", { tender: { submissionMethod: ["inPerson"] } }),
      ],
      { tender: { submissionMethod: ["inPerson"] } },
    ],
    [
      "objects without id are replaced whole",
      [
        release("2020-01-01", { planning: { milestones: [{ title: "a" }, { title: "b" }] } }),
        release("2020-02-01", { planning: { milestones: [{ title: "c" }] } }),
      ],
      { planning: { milestones: [{ title: "c" }] } },
    ],
    [
      "equal dates keep input order",
      [
        release("2020-01-01", { tender: { title: "first" } }),
        release("2020-01-01", { tender: { title: "second" } }),
      ],
      { tender: { title: "second" } },
    ],
    [
      "nested id arrays merge too",
      [
        release("2020-01-01", {
          contracts: [
            { id: "c", implementation: { transactions: [{ id: "t1", value: { amount: 1 } }] } },
          ],
        }),
        release("2020-02-01", {
          contracts: [
            { id: "c", implementation: { transactions: [{ id: "t2", value: { amount: 2 } }] } },
          ],
        }),
      ],
      {
        contracts: [
          {
            id: "c",
            implementation: {
              transactions: [
                { id: "t1", value: { amount: 1 } },
                { id: "t2", value: { amount: 2 } },
              ],
            },
          },
        ],
      },
    ],
    [
      "additionalIdentifiers replace whole",
      [
        release("2020-01-01", {
          parties: [{ id: "p", additionalIdentifiers: [{ id: "A", scheme: "X" }] }],
        }),
        release("2020-02-01", {
          parties: [{ id: "p", additionalIdentifiers: [{ id: "B", scheme: "Y" }] }],
        }),
      ],
      { parties: [{ id: "p", additionalIdentifiers: [{ id: "B", scheme: "Y" }] }] },
    ],
    [
      "additionalClassifications replace whole",
      [
        release("2020-01-01", {
          tender: { items: [{ id: "i", additionalClassifications: [{ id: "1", scheme: "S" }] }] },
        }),
        release("2020-02-01", {
          tender: { items: [{ id: "i", additionalClassifications: [{ id: "2", scheme: "S" }] }] },
        }),
      ],
      { tender: { items: [{ id: "i", additionalClassifications: [{ id: "2", scheme: "S" }] }] } },
    ],
    [
      "other id lists keep earlier items",
      [
        release("2020-01-01", { tender: { items: [{ id: "i", quantity: 1 }] } }),
        release("2020-02-01", { tender: { items: [{ id: "j", quantity: 2 }] } }),
      ],
      {
        tender: {
          items: [
            { id: "i", quantity: 1 },
            { id: "j", quantity: 2 },
          ],
        },
      },
    ],
    [
      "null inside an id list item removes its field",
      [
        release("2020-01-01", { awards: [{ id: "1", status: "pending", title: "T" }] }),
        release("2020-02-01", { awards: [{ id: "1", status: null }] }),
      ],
      { awards: [{ id: "1", title: "T" }] },
    ],
    [
      "nulls in a new object are dropped",
      [release("2020-01-01", { tender: { title: "A", status: null, value: { amount: null } } })],
      { tender: { title: "A", value: {} } },
    ],
    [
      "release without date merges first",
      [
        release("2020-01-01", { tender: { title: "dated" } }),
        { ocid: "ocds-x-1", id: "undated", tag: ["tender"], tender: { title: "undated" } },
      ],
      { tender: { title: "dated" } },
    ],
  ])("%s", (_name, releases, expected) => {
    const compiled = compileReleases(releases);
    const { ocid, id, date, tag, ...fields } = compiled;
    expect(fields).toEqual(expected);
    expect(ocid).toBe("ocds-x-1");
    expect(tag).toEqual(["compiled"]);
    expect(typeof id).toBe("string");
    expect(typeof date).toBe("string");
  });

  it("names the compiled release by ocid and latest date", () => {
    const compiled = compileReleases([release("2020-03-01", {}), release("2020-01-01", {})]);
    expect(compiled.id).toBe("ocds-x-1-2020-03-01");
    expect(compiled.date).toBe("2020-03-01");
  });

  it("omits release id, date and tag from the fields", () => {
    const compiled = compileReleases([
      release("2020-01-01", { tender: { title: "A" } }),
      { ...release("2020-02-01", {}), tag: ["award"], id: "second" },
    ]);
    expect(compiled.tag).toEqual(["compiled"]);
    expect(compiled.id).toBe("ocds-x-1-2020-02-01");
    expect(compiled.date).toBe("2020-02-01");
  });

  it("leaves its input unchanged", () => {
    const first = release("2020-01-01", { tender: { title: "A", status: "active" } });
    const snapshot = structuredClone(first);
    compileReleases([first, release("2020-02-01", { tender: { status: null } })]);
    expect(first).toEqual(snapshot);
  });
});
