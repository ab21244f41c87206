import { existsSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import type { DB } from "../db/types.js";
import type { JsonObject } from "../import/types.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  createContract,
  createDocument,
  createLocation,
  createModification,
  createOrganisation,
  createParty,
  createPhoto,
  createProcess,
  createProgress,
  createProject,
  createTransaction,
} from "../testing/factories.js";
import { loadOc4idsValidators, type Oc4idsValidators } from "./to-oc4ids-schema.js";
import { projectToOc4ids } from "./to-oc4ids.js";

const SCHEMA_DIR = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids");
const hasSchemas = existsSync(path.join(SCHEMA_DIR, "project-schema.json"));

let database: TestDatabase;
let db: Kysely<DB>;
let exported: JsonObject;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;

  const agency = await createOrganisation(db, {
    id: "MX-RFC-SIN",
    name: "Secretaría de Infraestructura",
    identifier_scheme: "MX-RFC",
    identifier_id: "SIN",
    legal_name: "Secretaría de Infraestructura del Estado",
    address: { locality: "Monterrey", region: "Nuevo León", countryName: "México" },
  });
  const builder = await createOrganisation(db, { id: "MX-RFC-CONST", name: "Constructora Norte" });

  await createProject(db, {
    id: "oc4ids-test-1",
    title: "Hospital Metropolitano",
    description: "Obra nueva",
    language: "es",
    status: "implementation",
    type: "construction",
    sector: ["health"],
    purpose: "Atención médica",
    public_authority_id: agency.id,
    budget_amount: 2_045_922_119,
    budget_currency: "MXN",
    budget_approval_date: "2019-01-15T00:00:00Z",
    period_start: "2019-02-01T00:00:00Z",
    period_end: "2020-12-31T00:00:00Z",
    updated: "2020-04-09T10:30:00Z",
    identifiers: [{ id: "NL-1", scheme: "NL-OBRA" }],
    budget_breakdowns: [
      { id: "1", budgetBreakdown: [{ id: "1", amount: { amount: 10, currency: "MXN" } }] },
    ],
    extra: {
      assetLifetime: { startDate: "2021-01-01T00:00:00Z" },
      internalNote: "not part of OC4IDS",
      budget: { description: "State budget" },
      metrics: [{ id: "jobs", title: "Jobs created" }],
    },
  });
  await createParty(db, "oc4ids-test-1", agency, {
    party_id: "party-agency",
    roles: ["publicAuthority", "buyer"],
    contact_point: { name: "Oficina de obras", email: "obras@example.org" },
    extra: {
      beneficialOwners: [
        { id: "1", name: "Juan Pérez", email: "juan@example.org", telephone: "1" },
      ],
      internalRating: 5,
    },
  });
  await createParty(db, "oc4ids-test-1", builder, {
    party_id: "party-builder",
    roles: ["supplier"],
  });
  await createLocation(db, "oc4ids-test-1", {
    latitude: 25.67,
    longitude: -100.31,
    locality: "Monterrey",
    address: { locality: "Monterrey" },
  });

  const process = await createProcess(db, "oc4ids-test-1", {
    id: "ocds-7wj9x5-1",
    ocid: "ocds-7wj9x5-1",
    title: "Construcción",
    status: "active",
    nature: ["construction"],
    procurement_method: "open",
    number_of_tenderers: 3,
    cost_estimate_amount: 100_000,
    cost_estimate_currency: "MXN",
    procuring_entity_id: agency.id,
    linked_releases: [
      {
        id: "r1",
        tag: ["tender"],
        date: "2019-02-01T00:00:00Z",
        url: "https://example.org/r1.json",
      },
    ],
    extra: { milestones: [{ id: "m1", title: "Start" }], secret: "x" },
  });
  await createContract(db, process, [builder], {
    value_amount: 150_050,
    value_currency: "MXN",
    period_start: "2019-03-01T00:00:00Z",
    period_end: "2020-03-01T00:00:00Z",
  });
  await createModification(db, process, {
    id: "mod-1",
    type: "value",
    old_value_amount: 150_050,
    old_value_currency: "MXN",
    new_value_amount: 160_000,
    new_value_currency: "MXN",
  });
  await createTransaction(db, "oc4ids-test-1", {
    process_id: process.id,
    id: "pay-1",
    amount: 50_025,
    currency: "MXN",
    payer_id: agency.id,
    payee_id: builder.id,
    date: "2019-04-01T00:00:00Z",
  });
  await createDocument(db, "oc4ids-test-1", {
    id: "doc-1",
    document_type: "feasibilityStudy",
    url: "https://example.org/study.pdf",
  });
  await createDocument(db, "oc4ids-test-1", {
    process_id: process.id,
    id: "doc-contract",
    document_type: "contractSigned",
    sha256: "ab".repeat(32),
  });
  await createPhoto(db, "oc4ids-test-1", { id: "photo-1", url: null, sha256: "cd".repeat(32) });
  await createProgress(db, "oc4ids-test-1", { observed_on: "2020-01-31", percent: 45.5 });
  await createProgress(db, "oc4ids-test-1", {
    basis: "planned",
    observed_on: "2020-01-31",
    percent: 50,
  });

  await createProject(db, { id: "oc4ids-private", title: "Private", is_public: false });
  await createProject(db, { id: "oc4ids-bare", title: "Bare", status: null, type: null });

  const project = await projectToOc4ids(db, "oc4ids-test-1", {
    publicBaseUrl: "https://obras.example.org/",
  });
  if (!project) throw new Error("the test project was not exported");
  exported = project;
});

afterAll(async () => {
  await database.destroy();
});

describe("projectToOc4ids", () => {
  it("returns undefined for private or unknown projects", async () => {
    expect(await projectToOc4ids(db, "oc4ids-private")).toBeUndefined();
    expect(await projectToOc4ids(db, "missing")).toBeUndefined();
  });

  it("exports project columns in major units", () => {
    expect(exported.id).toBe("oc4ids-test-1");
    expect(exported.updated).toBe("2020-04-09T10:30:00Z");
    expect(exported.budget).toEqual({
      description: "State budget",
      amount: { amount: 20_459_221.19, currency: "MXN" },
      approvalDate: "2019-01-15T00:00:00Z",
      budgetBreakdowns: [
        { id: "1", budgetBreakdown: [{ id: "1", amount: { amount: 10, currency: "MXN" } }] },
      ],
    });
    expect(exported.period).toEqual({
      startDate: "2019-02-01T00:00:00Z",
      endDate: "2020-12-31T00:00:00Z",
    });
    expect(exported.publicAuthority).toEqual({
      id: "party-agency",
      name: "Secretaría de Infraestructura",
    });
  });

  it("keeps standard extra fields and drops others", () => {
    expect(exported.assetLifetime).toEqual({ startDate: "2021-01-01T00:00:00Z" });
    expect(exported).not.toHaveProperty("internalNote");
  });

  it("exports parties without private fields", () => {
    const parties = exported.parties as JsonObject[];
    const agency = parties.find((party) => party.id === "party-agency");
    expect(agency?.identifier).toEqual({
      scheme: "MX-RFC",
      id: "SIN",
      legalName: "Secretaría de Infraestructura del Estado",
    });
    expect(agency?.roles).toEqual(["publicAuthority", "buyer"]);
    expect(agency?.contactPoint).toEqual({ name: "Oficina de obras", email: "obras@example.org" });
    expect(agency?.beneficialOwners).toEqual([{ id: "1", name: "Juan Pérez" }]);
    expect(agency).not.toHaveProperty("internalRating");
  });

  it("exports a point geometry from coordinates", () => {
    expect(exported.locations).toEqual([
      {
        id: "1",
        geometry: { type: "Point", coordinates: [-100.31, 25.67] },
        address: { locality: "Monterrey" },
      },
    ]);
  });

  it("exports the contracting process summary", () => {
    const [process] = exported.contractingProcesses as JsonObject[];
    expect(process?.id).toBe("ocds-7wj9x5-1");
    expect(process).not.toHaveProperty("secret");
    const summary = process?.summary as JsonObject;
    expect(summary.tender).toEqual({
      procurementMethod: "open",
      costEstimate: { amount: 1000, currency: "MXN" },
      numberOfTenderers: 3,
      procuringEntity: { id: "party-agency", name: "Secretaría de Infraestructura" },
    });
    expect(summary.suppliers).toEqual([{ id: "party-builder", name: "Constructora Norte" }]);
    expect(summary.contractValue).toEqual({ amount: 1500.5, currency: "MXN" });
    expect(summary.contractPeriod).toEqual({
      startDate: "2019-03-01T00:00:00Z",
      endDate: "2020-03-01T00:00:00Z",
    });
    expect(summary.milestones).toEqual([{ id: "m1", title: "Start" }]);
    expect(summary.modifications).toEqual([
      {
        id: "mod-1",
        type: "value",
        oldContractValue: { amount: 1500.5, currency: "MXN" },
        newContractValue: { amount: 1600, currency: "MXN" },
      },
    ]);
    expect(summary.transactions).toEqual([
      {
        id: "pay-1",
        date: "2019-04-01T00:00:00Z",
        value: { amount: 500.25, currency: "MXN" },
        payer: { id: "party-agency", name: "Secretaría de Infraestructura" },
        payee: { id: "party-builder", name: "Constructora Norte" },
      },
    ]);
    expect(summary.documents).toEqual([
      {
        id: "doc-contract",
        documentType: "contractSigned",
        url: `https://obras.example.org/files/${"ab".repeat(32)}`,
      },
    ]);
    expect(process?.releases).toEqual([
      {
        id: "r1",
        tag: ["tender"],
        date: "2019-02-01T00:00:00Z",
        url: "https://example.org/r1.json",
      },
    ]);
  });

  it("exports photos as illustrations", () => {
    const documents = exported.documents as JsonObject[];
    expect(documents.map((document) => document.id)).toEqual(["doc-1", "photo-1"]);
    expect(documents[1]).toEqual({
      id: "photo-1",
      documentType: "illustration",
      url: `https://obras.example.org/files/${"cd".repeat(32)}`,
    });
  });

  it("exports progress as metrics and forecasts", () => {
    const unit = { name: "percent", scheme: "UNCEFACT", id: "P1" };
    expect(exported.metrics).toEqual([
      { id: "jobs", title: "Jobs created" },
      {
        id: "physicalProgress",
        title: "Physical progress",
        observations: [
          { id: "2020-01-31", period: { endDate: "2020-01-31T00:00:00Z" }, measure: 45.5, unit },
        ],
      },
    ]);
    expect(exported.forecasts).toEqual([
      {
        id: "physicalProgress",
        title: "Physical progress",
        observations: [
          { id: "2020-01-31", period: { endDate: "2020-01-31T00:00:00Z" }, measure: 50, unit },
        ],
      },
    ]);
  });

  it("omits empty values", async () => {
    const bare = await projectToOc4ids(db, "oc4ids-bare");
    expect(Object.keys(bare ?? {}).sort()).toEqual(["id", "title", "updated"]);
  });
});

describe.skipIf(!hasSchemas)("projectToOc4ids against the OC4IDS 0.9.5 schema", () => {
  let validators: Oc4idsValidators;

  beforeAll(async () => {
    validators = await loadOc4idsValidators(SCHEMA_DIR);
  });

  it("produces a valid project", () => {
    expect(validators.project(exported)).toEqual([]);
  });

  it("produces a valid bare project", async () => {
    const bare = await projectToOc4ids(db, "oc4ids-bare");
    expect(validators.project(bare)).toEqual([]);
  });
});

if (!hasSchemas) {
  console.warn(`Skipping OC4IDS schema checks: no schemas in ${SCHEMA_DIR}.`);
}
