import { describe, expect, it } from "vitest";
import { normaliseOcdsRecord, normaliseOcdsRelease, normalisePublisher } from "./normalise.js";

const location = { source: "release.json", ocid: "ocds-a-1", pointer: "" };

describe("normaliseOcdsRelease", () => {
  it.each([
    {
      name: "comma-joined tag",
      input: { ocid: "ocds-a-1", tag: "tender,award" },
      expected: { ocid: "ocds-a-1", tag: ["tender", "award"] },
      code: "release-tag-string",
      pointer: "/tag",
    },
    {
      name: "award status in the wrong case",
      input: { ocid: "ocds-a-1", awards: [{ id: "1", status: "Pending" }] },
      expected: { ocid: "ocds-a-1", awards: [{ id: "1", status: "pending" }] },
      code: "code-case",
      pointer: "/awards/0/status",
    },
    {
      name: "contract status outside the codelist",
      input: { ocid: "ocds-a-1", contracts: [{ id: "1", status: "ND" }] },
      expected: { ocid: "ocds-a-1", contracts: [{ id: "1" }] },
      code: "invalid-code-removed",
      pointer: "/contracts/0/status",
    },
    {
      name: "date without a time zone",
      input: { ocid: "ocds-a-1", date: "2020-01-02T03:04:05" },
      expected: { ocid: "ocds-a-1", date: "2020-01-02T03:04:05Z" },
      code: "date-without-timezone",
      pointer: "/date",
    },
    {
      name: "OCDS 1.0 transaction amount",
      input: {
        ocid: "ocds-a-1",
        contracts: [
          { id: "c", implementation: { transactions: [{ id: "t", amount: { amount: 5 } }] } },
        ],
      },
      expected: {
        ocid: "ocds-a-1",
        contracts: [
          { id: "c", implementation: { transactions: [{ id: "t", value: { amount: 5 } }] } },
        ],
      },
      code: "transaction-amount-renamed",
      pointer: "/contracts/0/implementation/transactions/0",
    },
  ])("repairs $name", ({ input, expected, code, pointer }) => {
    const { value, warnings } = normaliseOcdsRelease(input, location);

    expect(value).toEqual(expected);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ ...location, code, pointer });
  });

  it("turns OCDS 1.0 transaction organisations into payer, payee and parties", () => {
    const provider = { scheme: "RFC", id: "GAC9806011J4", legalName: "GACM" };
    const receiver = { scheme: "RFC", id: "EAM9803104K0", legalName: "Especialistas" };
    const input = {
      ocid: "7",
      parties: [{ id: "GAC9806011J4", name: "GACM", roles: ["buyer"] }],
      contracts: [
        {
          id: "c",
          implementation: {
            transactions: [
              { id: "t", providerOrganization: provider, receiverOrganization: receiver },
            ],
          },
        },
      ],
    };

    const { value, warnings } = normaliseOcdsRelease(input, location);

    expect(value.contracts).toEqual([
      {
        id: "c",
        implementation: {
          transactions: [
            {
              id: "t",
              payer: { id: "GAC9806011J4", name: "GACM", identifier: provider },
              payee: { id: "EAM9803104K0", name: "Especialistas", identifier: receiver },
            },
          ],
        },
      },
    ]);
    expect(value.parties).toEqual([
      { id: "GAC9806011J4", name: "GACM", roles: ["buyer", "payer"] },
      { id: "EAM9803104K0", name: "Especialistas", identifier: receiver, roles: ["payee"] },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual([
      "transaction-provider-renamed",
      "transaction-receiver-renamed",
    ]);
    expect(warnings[0]?.message).toMatch(/providerOrganization to payer .* in 1 transaction/);
  });
});

describe("normaliseOcdsRecord", () => {
  it("repairs linked releases and the compiled release under their pointers", () => {
    const input = {
      ocid: "ocds-a-1",
      releases: [{ url: "http://x.mx/a b.json", date: "2020-01-01T00:00:00", tag: "tender" }],
      compiledRelease: {
        ocid: "ocds-a-1",
        tag: ["compiled"],
        awards: [{ id: "1", status: "Pending" }],
      },
    };

    const { value, warnings } = normaliseOcdsRecord(input, location);

    expect(value.releases).toEqual([
      { url: "http://x.mx/a%20b.json", date: "2020-01-01T00:00:00Z", tag: ["tender"] },
    ]);
    expect(warnings.map((warning) => warning.pointer)).toEqual([
      "/releases/0/tag",
      "/releases/0/url",
      "/releases/0/date",
      "/compiledRelease/awards/0/status",
    ]);
  });
});

describe("normalisePublisher", () => {
  it("drops an empty uid and the scheme that needed it", () => {
    const raw = { scheme: "GB-COH", uid: "", name: "Secretaría", uri: "http://si.nl.gob.mx" };

    const { publisher, warnings } = normalisePublisher(raw, { source: "p.json", pointer: "" });

    expect(publisher).toEqual({ name: "Secretaría", uri: "http://si.nl.gob.mx" });
    expect(warnings.map((warning) => [warning.code, warning.pointer])).toEqual([
      ["empty-value-removed", "/publisher/uid"],
      ["publisher-scheme-without-uid", "/publisher/scheme"],
    ]);
  });
});
