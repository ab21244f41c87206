import { describe, expect, it } from "vitest";
import { groupParties, mergePartiesByOrganisation } from "./project-page.js";
import type { PartyView } from "./project-view.js";

function party(partyId: string, roles: string[], organisationId = `org-${partyId}`): PartyView {
  return {
    project_id: "p",
    party_id: partyId,
    organisation_id: organisationId,
    name: partyId,
    roles,
    contact_point: null,
    extra: {},
    contactPoint: undefined,
    identifierScheme: null,
    identifierId: null,
  };
}

describe("groupParties", () => {
  it("places each party under one heading", () => {
    const groups = groupParties([
      party("agency", ["publicAuthority", "buyer", "payer"]),
      party("manager", ["administrativeEntity", "supplier", "payee"]),
      party("extension", ["supervisor"]),
      party("builder", ["supplier", "payee"]),
      party("bank", ["funder"]),
    ]);

    expect(groups.agencies.map((entry) => entry.party_id)).toEqual(["agency"]);
    expect(groups.supervisors.map((entry) => entry.party_id)).toEqual(["manager", "extension"]);
    expect(groups.contractors.map((entry) => entry.party_id)).toEqual(["builder"]);
    expect(groups.others.map((entry) => entry.party_id)).toEqual(["bank"]);
  });
});

describe("mergePartiesByOrganisation", () => {
  it("joins two entries of one organisation", () => {
    const asTenderer = {
      ...party("RFC-1", ["tenderer"], "RFC-ACS1"),
      contactPoint: { telephone: "8111" },
    };
    const asSupplier = {
      ...party("MX-RFC-1", ["supplier"], "RFC-ACS1"),
      contactPoint: { name: "Ana Sáenz", telephone: "8222" },
    };

    const merged = mergePartiesByOrganisation([asTenderer, asSupplier, party("other", ["funder"])]);

    expect(merged).toHaveLength(2);
    expect(merged[0]?.roles).toEqual(["tenderer", "supplier"]);
    expect(merged[0]?.contactPoint).toEqual({ name: "Ana Sáenz", telephone: "8111" });
  });
});
