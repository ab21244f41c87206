import type { JsonObject } from "../import/types.js";

/**
 * A small normalised OC4IDS 0.9.5 project that touches every table the store writes: a
 * public authority, two parties, a point location, a contracting process with a summary
 * (supplier, value, modification, payment, document), a project-level payment, a document
 * and a photo, and physical progress planned and actual. Tests change copies of it.
 */
export function sampleProject(id = "oc4ids-abc123-0001"): JsonObject {
  return {
    id,
    updated: "2024-03-01T10:00:00Z",
    language: "en",
    title: "Riverside Bridge Rehabilitation",
    description: "Rehabilitation of the Riverside bridge deck.",
    status: "implementation",
    type: "rehabilitation",
    sector: ["transport", "transport.road"],
    purpose: "Keep the river crossing open.",
    publicAuthority: { id: "agency", name: "City Roads Agency" },
    budget: {
      amount: { amount: 1250000.5, currency: "USD" },
      approvalDate: "2023-11-02",
      budgetBreakdowns: [
        { id: "1", budgetBreakdown: [{ id: "1", amount: { amount: 1250000.5, currency: "USD" } }] },
      ],
    },
    period: {
      startDate: "2024-01-01T00:00:00Z",
      endDate: "2024-12-31T00:00:00Z",
      durationInDays: 365,
    },
    locations: [
      {
        id: "site",
        description: "Bridge",
        geometry: { type: "Point", coordinates: [-99.13, 19.43] },
        address: { locality: "Centro", region: "Capital", countryName: "Mexico" },
      },
    ],
    parties: [
      {
        id: "agency",
        name: "City Roads Agency",
        identifier: { scheme: "XX-GOV", id: "42" },
        roles: ["publicAuthority", "procuringEntity"],
        contactPoint: { name: "Ana Ruiz", email: "ana.ruiz@example.org" },
      },
      { id: "builder", name: "Puentes Núñez S.A.", roles: ["supplier"] },
    ],
    contractingProcesses: [
      {
        id: "ocds-abc123-cp-1",
        summary: {
          ocid: "ocds-abc123-cp-1",
          title: "Bridge works contract",
          status: "active",
          nature: ["construction"],
          tender: {
            procurementMethod: "open",
            numberOfTenderers: 3,
            datePublished: "2023-12-01T00:00:00Z",
            costEstimate: { amount: 1200000, currency: "USD" },
            procuringEntity: { id: "agency", name: "City Roads Agency" },
          },
          suppliers: [{ id: "builder", name: "Puentes Núñez S.A." }],
          contractValue: { amount: 1100000, currency: "USD" },
          contractPeriod: { startDate: "2024-01-15T00:00:00Z", endDate: "2024-11-30T00:00:00Z" },
          modifications: [
            {
              id: "m1",
              type: "duration",
              description: "Extension for rain",
              oldContractPeriod: { endDate: "2024-10-31T00:00:00Z" },
              newContractPeriod: { endDate: "2024-11-30T00:00:00Z" },
            },
          ],
          transactions: [
            {
              id: "t1",
              date: "2024-02-01T00:00:00Z",
              value: { amount: 220000.25, currency: "USD" },
              payer: { id: "agency", name: "City Roads Agency" },
              payee: { id: "builder", name: "Puentes Núñez S.A." },
            },
          ],
          documents: [
            { id: "contract", documentType: "contractSigned", url: "https://example.org/c.pdf" },
          ],
        },
      },
    ],
    transactions: [
      {
        id: "grant-1",
        date: "2023-12-20T00:00:00Z",
        value: { amount: 500000, currency: "USD" },
        payer: { name: "Development Fund" },
        payee: { id: "agency", name: "City Roads Agency" },
      },
    ],
    documents: [
      {
        id: "plan",
        documentType: "projectPlan",
        url: "https://example.org/plan.pdf",
        format: "application/pdf",
      },
      {
        id: "photo-1",
        documentType: "illustration",
        url: "https://example.org/p1.jpg",
        format: "image/jpeg",
        title: "Deck in March",
      },
    ],
    metrics: [
      {
        id: "physicalProgress",
        observations: [
          {
            id: "1",
            measure: "45.5",
            period: { startDate: "2024-03-01T00:00:00Z", endDate: "2024-03-31T00:00:00Z" },
          },
        ],
      },
    ],
    forecasts: [
      {
        id: "physicalProgress",
        observations: [{ id: "1", measure: 50, period: { endDate: "2024-03-31T00:00:00Z" } }],
      },
    ],
    benefits: [{ title: "Shorter trips" }],
  };
}
