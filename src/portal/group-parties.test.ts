import { describe, expect, it } from "vitest";
import { groupParties } from "./project-page.js";
import type { PartyView } from "./project-view.js";

function party(partyId: string, roles: string[]): PartyView {
  return {
    project_id: "p",
    party_id: partyId,
    organisation_id: `org-${partyId}`,
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
