import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../db/types.js";
import type { JsonObject } from "../import/types.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { sampleProject } from "./store-fixtures.js";
import { InsertBuffer, storeProject, StoreValueError, type StoreContext } from "./store.js";

const CHILD_TABLES = [
  "organisations",
  "project_parties",
  "project_locations",
  "contracting_processes",
  "contracts",
  "contract_suppliers",
  "modifications",
  "transactions",
  "documents",
  "photos",
  "progress_observations",
] as const satisfies readonly (keyof DB)[];

describe("storeProject", () => {
  let database: TestDatabase;
  let importId: number;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  beforeEach(async () => {
    for (const table of [
      "events",
      "project_versions",
      "projects",
      "organisations",
      "imports",
    ] as const) {
      await database.db.deleteFrom(table).execute();
    }
    const row = await database.db
      .insertInto("imports")
      .values({ source: "test", status: "running" })
      .returning("id")
      .executeTakeFirstOrThrow();
    importId = row.id;
  });

  function context(overrides: Partial<StoreContext> = {}): StoreContext {
    return {
      importId,
      actor: `import:${importId}`,
      publisher: "oc4ids-abc123",
      source: "sample.json",
      sourceSha256: "ab".repeat(32),
      ...overrides,
    };
  }

  async function countRows(table: keyof DB): Promise<number> {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it("writes every table", async () => {
    const result = await storeProject(database.db, sampleProject(), context());
    expect(result).toEqual({ outcome: "created", version: 1, warnings: [] });

    const counts: Record<string, number> = {};
    for (const table of CHILD_TABLES) counts[table] = await countRows(table);
    expect(counts).toEqual({
      organisations: 3,
      project_parties: 2,
      project_locations: 1,
      contracting_processes: 1,
      contracts: 1,
      contract_suppliers: 1,
      modifications: 1,
      transactions: 2,
      documents: 2,
      photos: 1,
      progress_observations: 2,
    });
  });

  it("maps project columns and provenance", async () => {
    await storeProject(database.db, sampleProject(), context());
    const project = await database.db.selectFrom("projects").selectAll().executeTakeFirstOrThrow();

    expect(project.budget_amount).toBe(125000050);
    expect(project.budget_currency).toBe("USD");
    expect(project.budget_approval_date).toEqual(new Date("2023-11-02T00:00:00Z"));
    expect(project.period_duration_days).toBe(365);
    expect(project.public_authority_id).toBe("XX-GOV-42");
    expect(project.sector).toEqual(["transport", "transport.road"]);
    expect(project.search_text).toContain("riverside bridge rehabilitation");
    expect(project.search_text).toContain("puentes nunez");
    expect(project.extra).toEqual({ benefits: [{ title: "Shorter trips" }] });
    expect(project.publisher).toBe("oc4ids-abc123");
    expect(project.source).toBe("sample.json");
    expect(project.source_import_id).toBe(importId);
    expect(project.imported_at).toBeInstanceOf(Date);
  });

  it("maps process, payment, photo and progress rows", async () => {
    await storeProject(database.db, sampleProject(), context());
    const process = await database.db
      .selectFrom("contracting_processes")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(process.ocid).toBe("ocds-abc123-cp-1");
    expect(process.cost_estimate_amount).toBe(120000000);
    expect(process.contract_value_amount).toBe(110000000);
    expect(process.number_of_tenderers).toBe(3);
    expect(process.procuring_entity_id).toBe("XX-GOV-42");

    const supplier = await database.db
      .selectFrom("contract_suppliers")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(supplier.organisation_id).toBe("name-puentes nunez s.a.");

    const payments = await database.db
      .selectFrom("transactions")
      .selectAll()
      .orderBy("id")
      .execute();
    expect(payments.map((row) => [row.process_id, row.id, row.amount, row.payee_id])).toEqual([
      ["", "grant-1", 50000000, "XX-GOV-42"],
      ["ocds-abc123-cp-1", "t1", 22000025, "name-puentes nunez s.a."],
    ]);

    const photo = await database.db.selectFrom("photos").selectAll().executeTakeFirstOrThrow();
    expect(photo.url).toBe("https://example.org/p1.jpg");
    expect(photo.caption).toBe("Deck in March");

    const progress = await database.db
      .selectFrom("progress_observations")
      .selectAll()
      .orderBy("basis")
      .execute();
    expect(progress.map((row) => [row.basis, row.observed_on, row.percent])).toEqual([
      ["actual", "2024-03-31", 45.5],
      ["planned", "2024-03-31", 50],
    ]);

    const location = await database.db
      .selectFrom("project_locations")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect([location.latitude, location.longitude, location.locality]).toEqual([
      19.43,
      -99.13,
      "Centro",
    ]);
  });

  it("leaves an unchanged project alone", async () => {
    await storeProject(database.db, sampleProject(), context());
    const events = await countRows("events");

    const again = await storeProject(database.db, sampleProject(), context());
    expect(again).toEqual({ outcome: "unchanged", version: 1, warnings: [] });
    expect(await countRows("events")).toBe(events);
    expect(await countRows("project_versions")).toBe(1);
  });

  it("records a version and events per change", async () => {
    await storeProject(database.db, sampleProject(), context());
    const firstEvents = await database.db.selectFrom("events").selectAll().execute();
    expect(firstEvents.every((event) => event.action === "create")).toBe(true);
    expect(firstEvents.every((event) => event.actor === `import:${importId}`)).toBe(true);
    expect(firstEvents.map((event) => event.entity_type)).toContain("transaction");

    const changed = sampleProject();
    (changed.budget as { amount: { amount: number } }).amount.amount = 1300000;
    changed.documents = (changed.documents as unknown[]).slice(1);
    const result = await storeProject(database.db, changed, context({ actor: "user:7" }));
    expect(result.outcome).toBe("updated");
    expect(result.version).toBe(2);

    const later = await database.db
      .selectFrom("events")
      .selectAll()
      .where("actor", "=", "user:7")
      .orderBy("id")
      .execute();
    expect(later.map((event) => [event.entity_type, event.entity_id, event.action])).toEqual([
      ["project", "oc4ids-abc123-0001", "update"],
      ["document", "plan", "delete"],
    ]);
    const projectEvent = later[0];
    expect((projectEvent?.before as { budget_amount: number }).budget_amount).toBe(125000050);
    expect((projectEvent?.after as { budget_amount: number }).budget_amount).toBe(130000000);
    expect(await countRows("project_versions")).toBe(2);
  });

  it("writes the same rows and events through an insert buffer", async () => {
    // Two new projects share organisations. The second fills in the agency's address while
    // the agency is still in the buffer. Then a new version of the first adds a party, and
    // is written at once, after the buffered rows.
    const second = sampleProject("oc4ids-abc123-0002");
    const agency = (second.parties as JsonObject[])[0];
    if (agency) agency.address = { streetAddress: "1 River Road", locality: "Centro" };
    const changed = sampleProject();
    changed.title = "Riverside Bridge Rehabilitation, phase 1";
    (changed.parties as JsonObject[]).push({
      id: "inspector",
      name: "Bridge Inspectors Ltd",
      roles: ["reviewBody"],
    });
    const sequence = [sampleProject(), second, changed];

    async function snapshot() {
      const counts: Record<string, number> = {};
      for (const table of [...CHILD_TABLES, "projects", "project_versions"] as const) {
        counts[table] = await countRows(table);
      }
      const events = await database.db
        .selectFrom("events")
        .select(["entity_type", "entity_id", "action"])
        .execute();
      const organisations = await database.db
        .selectFrom("organisations")
        .select(["id", "name", "address"])
        .orderBy("id")
        .execute();
      const titles = await database.db
        .selectFrom("projects")
        .select(["id", "title"])
        .orderBy("id")
        .execute();
      const key = (event: { entity_type: string; entity_id: string; action: string }) =>
        `${event.entity_type} ${event.entity_id} ${event.action}`;
      return { counts, events: events.map(key).sort(), organisations, titles };
    }

    const outcomes: string[] = [];
    for (const project of sequence) {
      outcomes.push((await storeProject(database.db, project, context())).outcome);
    }
    const direct = await snapshot();

    for (const table of ["events", "project_versions", "projects", "organisations"] as const) {
      await database.db.deleteFrom(table).execute();
    }
    const buffer = new InsertBuffer();
    const buffered: string[] = [];
    await database.db.transaction().execute(async (trx) => {
      for (const project of sequence) {
        buffered.push((await storeProject(trx, project, context({ buffer }))).outcome);
      }
      await buffer.flush(trx);
    });

    expect(buffered).toEqual(outcomes);
    expect(outcomes).toEqual(["created", "created", "updated"]);
    expect(buffer.size).toBe(0);
    expect(await snapshot()).toEqual(direct);
    expect(direct.organisations).toContainEqual(
      expect.objectContaining({ id: "XX-GOV-42", address: agency?.address }),
    );
    expect(direct.events).toContain("organisation XX-GOV-42 update");
  });

  it("rejects a project id of another publisher", async () => {
    await storeProject(database.db, sampleProject(), context());
    const attempt = storeProject(
      database.db,
      sampleProject(),
      context({ publisher: "someone-else" }),
    );
    await expect(attempt).rejects.toMatchObject({ code: "publisher-collision", pointer: "/id" });
    await expect(attempt).rejects.toBeInstanceOf(StoreValueError);
  });

  it("rejects a duration no integer column holds", async () => {
    const project = sampleProject();
    (project.period as Record<string, unknown>).durationInDays = 1_000_000_000_000;
    await expect(storeProject(database.db, project, context())).rejects.toMatchObject({
      code: "invalid-value",
      pointer: "/period/durationInDays",
    });
  });

  it("names the pointer of a bad value", async () => {
    const project = sampleProject();
    (project.period as Record<string, unknown>).startDate = "next spring";
    await expect(storeProject(database.db, project, context())).rejects.toMatchObject({
      code: "invalid-value",
      pointer: "/period/startDate",
    });
  });
});
