import { describe, expect, it } from "vitest";
import type { JsonObject } from "../import/types.js";
import { normaliseOcdsRelease } from "./normalise-ocds.js";

const location = { source: "test", pointer: "" };
const PARTY = { id: "p", name: "P", roles: ["buyer"] };

describe("normaliseOcdsRelease for OCDS 1.0", () => {
  it("builds parties from the places that name organisations", () => {
    const { value, warnings } = normaliseOcdsRelease(
      {
        ocid: "10",
        id: "r1",
        buyer: { name: "Aeropuerto", identifier: { id: "AIR" } },
        tender: { tenderers: [{ name: "Uno" }, { name: "Dos", identifier: { id: "D2" } }] },
        awards: [{ id: "a", suppliers: [{ name: "Uno" }] }],
      },
      location,
    );

    expect(value.parties).toEqual([
      { id: "AIR", name: "Aeropuerto", identifier: { id: "AIR" }, roles: ["buyer"] },
      { id: "Uno", name: "Uno", roles: ["tenderer", "supplier"] },
      { id: "D2", name: "Dos", identifier: { id: "D2" }, roles: ["tenderer"] },
    ]);
    expect((value.buyer as JsonObject).id).toBe("AIR");
    expect(warnings.map((warning) => warning.code)).toEqual(["parties-built"]);
  });

  it("leaves a release with parties alone", () => {
    const raw = { ocid: "x", id: "r", parties: [PARTY], buyer: { name: "B" } };
    const { value, warnings } = normaliseOcdsRelease(raw, location);
    expect(value.parties).toEqual([PARTY]);
    expect(warnings).toEqual([]);
  });

  it("dates undated transactions by the release date", () => {
    const { value, warnings } = normaliseOcdsRelease(
      {
        ocid: "x",
        id: "r",
        date: "2017-10-04T00:00:00Z",
        parties: [PARTY],
        contracts: [{ id: "c", implementation: { transactions: [{ id: "t", value: {} }] } }],
      },
      location,
    );
    const contract = (value.contracts as JsonObject[])[0] as JsonObject;
    const [transaction] = (contract.implementation as JsonObject).transactions as JsonObject[];
    expect(transaction?.date).toBe("2017-10-04T00:00:00Z");
    const warning = warnings.find((item) => item.code === "transaction-date-assumed");
    expect(warning?.pointer).toBe("/contracts/0/implementation/transactions/0");
  });

  it("gives payments the contract's currency", () => {
    const { value, warnings } = normaliseOcdsRelease(
      {
        ocid: "x",
        id: "r",
        date: "2017-10-04T00:00:00Z",
        parties: [PARTY],
        contracts: [
          {
            id: "c",
            value: { amount: 10, currency: "MXN" },
            implementation: {
              transactions: [
                { id: "t1", date: "2017-01-01", value: { amount: 4 } },
                { id: "t2", date: "2017-01-01", value: { amount: 5, currency: "USD" } },
              ],
            },
          },
        ],
      },
      location,
    );
    const contract = (value.contracts as JsonObject[])[0] as JsonObject;
    const transactions = (contract.implementation as JsonObject).transactions as JsonObject[];
    expect(transactions.map((transaction) => transaction.value)).toEqual([
      { amount: 4, currency: "MXN" },
      { amount: 5, currency: "USD" },
    ]);
    const warning = warnings.find((item) => item.code === "transaction-currency-assumed");
    expect(warning?.pointer).toBe("/contracts/0/implementation/transactions/0/value/currency");
  });

  it("removes a currency that is not ISO 4217", () => {
    const { value, warnings } = normaliseOcdsRelease(
      { ocid: "x", id: "r", parties: [PARTY], tender: { value: { amount: 5, currency: "MNX" } } },
      location,
    );
    expect((value.tender as JsonObject).value).toEqual({ amount: 5 });
    expect(warnings.map((warning) => [warning.code, warning.pointer])).toEqual([
      ["invalid-code-removed", "/tender/value/currency"],
    ]);
  });

  it("keeps current and X currency codes", () => {
    const raw = {
      ocid: "x",
      id: "r",
      parties: [PARTY],
      tender: { value: { amount: 5, currency: "MXN" }, minValue: { amount: 1, currency: "XXX" } },
    };
    expect(normaliseOcdsRelease(raw, location).warnings).toEqual([]);
  });
});
