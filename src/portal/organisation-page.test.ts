import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContract, createProcess, createProject } from "../testing/factories.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createSampleProject, createTestApp, type SampleProject } from "./testing.js";

describe("organisation page", () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let sample: SampleProject;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = createTestApp(database);
    sample = await createSampleProject(database);
    const second = await createProject(database.db, {
      title: "Gangnam library roof",
      public_authority_id: sample.agencyId,
      budget_amount: 1_000_000_000,
      budget_currency: "KRW",
    });
    const process = await createProcess(database.db, second.id, {
      contract_value_amount: 900_000_000,
      contract_value_currency: "KRW",
    });
    await createContract(
      database.db,
      process,
      [{ id: sample.contractorId, name: "Gangnam Builders Ltd." }],
      {
        value_amount: 900_000_000,
        value_currency: "KRW",
      },
    );
    await createProject(database.db, {
      title: "Hidden plan",
      public_authority_id: sample.agencyId,
      is_public: false,
      budget_amount: 7,
      budget_currency: "KRW",
    });
  });
  afterAll(() => database.destroy());

  async function get(path: string) {
    const response = await app.request(path);
    return { status: response.status, html: await response.text() };
  }

  it("totals agency projects per currency", async () => {
    const { status, html } = await get(`/organisations/${sample.agencyId}`);
    expect(status).toBe(200);
    expect(html).toContain("<h1>Seoul Road Agency</h1>");
    expect(html).toContain('<strong class="project-count">2</strong>');
    expect(html).toContain("₩6,000,000,000");
    expect(html).toContain("₩5,100,000,000");
    expect(html).not.toContain("Hidden plan");
  });

  it("lists contractor projects with role", async () => {
    const { html } = await get(`/organisations/${sample.contractorId}`);
    expect(html).toContain('<strong class="project-count">2</strong>');
    expect(html).toContain("Teheran-ro road repaving");
    expect(html).toContain("Gangnam library roof");
    expect(html).toContain("<dd>Contractor</dd>");
    expect(html).toContain("₩5,100,000,000");
  });

  it("answers 404 for unknown id", async () => {
    const { status, html } = await get("/organisations/no-such-org");
    expect(status).toBe(404);
    expect(html).toContain("There is no organisation with the identifier no-such-org.");
  });
});
