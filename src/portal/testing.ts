import type { Selectable } from "kysely";
import type { ProjectsTable } from "../db/types.js";
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
  uniqueId,
} from "../testing/factories.js";
import type { TestDatabase } from "../testing/database.js";

export { createTestApp } from "../testing/app.js";

/** The ids of a sample project and of its organisations. */
export interface SampleProject {
  project: Selectable<ProjectsTable>;
  agencyId: string;
  supervisorId: string;
  contractorId: string;
  processId: string;
}

/**
 * Inserts a project in Seoul with every section of the project page filled: parties with
 * contact points, a location, a contracting process with a contract, a time extension,
 * two payments, a document, a photo and planned and actual progress.
 */
export async function createSampleProject(
  database: TestDatabase,
  overrides: { title?: string; isDemo?: boolean } = {},
): Promise<SampleProject> {
  const db = database.db;
  const jurisdictionId = uniqueId("seoul");
  await db
    .insertInto("jurisdictions")
    .values({
      id: jurisdictionId,
      name: JSON.stringify({ en: "Seoul", ko: "서울" }),
      country: "KR",
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "ko",
      is_demo: false,
    })
    .execute();

  const agency = await createOrganisation(db, { name: "Seoul Road Agency" });
  const supervisor = await createOrganisation(db, { name: "Han River Supervision Co." });
  const contractor = await createOrganisation(db, { name: "Gangnam Builders Ltd." });
  const project = await createProject(db, {
    title: overrides.title ?? "Teheran-ro road repaving",
    description: "Repaving of 2.4 km of road with new drainage.",
    purpose: "Safer roads and fewer floods.",
    status: "implementation",
    type: "rehabilitation",
    sector: ["transport.road"],
    jurisdiction_id: jurisdictionId,
    public_authority_id: agency.id,
    budget_amount: 5_000_000_000,
    budget_currency: "KRW",
    period_start: new Date("2024-01-01T00:00:00Z"),
    period_end: new Date("2024-12-31T00:00:00Z"),
    period_duration_days: 365,
    is_demo: overrides.isDemo ?? false,
    source: "https://data.example.org/oc4ids/seoul.json",
    imported_at: new Date("2024-06-30T16:30:00Z"),
  });

  await createParty(db, project.id, agency, {
    roles: ["publicAuthority", "buyer"],
    contact_point: { name: "Kim Min-jun", email: "roads@seoul.example", telephone: "02-120" },
  });
  await createParty(db, project.id, supervisor, { roles: ["supervisor"] });
  await createParty(db, project.id, contractor, { roles: ["supplier"] });
  await createLocation(db, project.id, {
    description: "Teheran-ro between Gangnam and Samseong stations",
    latitude: 37.5045,
    longitude: 127.0489,
    locality: "Gangnam-gu",
    region: "Seoul",
    address: { streetAddress: "Teheran-ro", locality: "Gangnam-gu", region: "Seoul" },
  });

  const process = await createProcess(db, project.id, {
    title: "Repaving works contract",
    status: "active",
    procurement_method: "open",
    number_of_tenderers: 4,
    contract_value_amount: 4_200_000_000,
    contract_value_currency: "KRW",
    contract_period_start: new Date("2024-02-01T00:00:00Z"),
    procuring_entity_id: agency.id,
  });
  await createContract(db, process, [contractor], {
    title: "Repaving contract",
    value_amount: 4_200_000_000,
    value_currency: "KRW",
    date_signed: new Date("2024-01-25T00:00:00Z"),
  });
  await createModification(db, process, {
    type: "duration",
    date: new Date("2024-08-01T00:00:00Z"),
    description: "End date moved by 60 days",
    rationale: "Unmapped gas pipe found under the road",
    old_period: { endDate: "2024-12-31T00:00:00Z" },
    new_period: { endDate: "2025-03-01T00:00:00Z" },
  });
  await createTransaction(db, project.id, {
    process_id: process.id,
    date: new Date("2024-04-30T00:00:00Z"),
    amount: 840_000_000,
    currency: "KRW",
    payer_id: agency.id,
    payer_name: agency.name,
    payee_id: contractor.id,
    payee_name: contractor.name,
  });
  await createTransaction(db, project.id, {
    process_id: process.id,
    date: new Date("2024-07-31T00:00:00Z"),
    amount: 1_260_000_000,
    currency: "KRW",
    payer_id: agency.id,
    payer_name: agency.name,
    payee_id: contractor.id,
    payee_name: contractor.name,
  });
  await createDocument(db, project.id, {
    title: "Monthly progress report, June 2024",
    document_type: "physicalProgressReport",
    url: "https://data.example.org/docs/june.pdf",
    date_published: new Date("2024-07-05T00:00:00Z"),
  });
  await createPhoto(db, project.id, { caption: "Drainage trench, north side" });
  for (const [observedOn, planned, actual] of [
    ["2024-03-31", 20, 15],
    ["2024-06-30", 50, 38],
  ] as const) {
    await createProgress(db, project.id, {
      basis: "planned",
      observed_on: observedOn,
      percent: planned,
    });
    await createProgress(db, project.id, {
      basis: "actual",
      observed_on: observedOn,
      percent: actual,
    });
  }

  return {
    project,
    agencyId: agency.id,
    supervisorId: supervisor.id,
    contractorId: contractor.id,
    processId: process.id,
  };
}
