import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../db/types.js";
import { AppError } from "../http/errors.js";
import {
  createContract,
  createLocation,
  createOrganisation,
  createParty,
  createProcess,
  createProject,
} from "../testing/factories.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  listFacets,
  parseProjectSearchQuery,
  searchProjects,
  type ProjectSearchQuery,
} from "./search.js";

let database: TestDatabase;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;

  const agency = await createOrganisation(db, {
    id: "MX-RFC-SIN",
    name: "Secretaría de Infraestructura",
  });
  const seoul = await createOrganisation(db, { id: "KR-SEOUL", name: "서울특별시" });
  const builder = await createOrganisation(db, { id: "MX-RFC-CONST", name: "Constructora Norte" });
  const partner = await createOrganisation(db, { id: "MX-RFC-PARTNER", name: "Aliado SA" });

  const hospital = await createProject(db, {
    id: "p-hospital",
    title: "Construcción del Hospital Metropolitano",
    description: "Obra nueva en Monterrey",
    status: "implementation",
    type: "construction",
    sector: ["health"],
    public_authority_id: agency.id,
    budget_amount: 150_000_000,
    budget_currency: "MXN",
    period_start: "2023-01-01T00:00:00Z",
    period_end: "2024-06-30T00:00:00Z",
    updated: "2024-02-01T00:00:00Z",
  });
  await createLocation(db, hospital.id, {
    latitude: 25.67,
    longitude: -100.31,
    locality: "Monterrey",
    region: "Nuevo León",
  });
  const process = await createProcess(db, hospital.id);
  await createContract(db, process, [builder]);

  const road = await createProject(db, {
    id: "p-road",
    title: "강남구 도로 정비",
    status: "completed",
    type: "rehabilitation",
    sector: ["transport.road", "transport"],
    budget_amount: 5_000_000_000,
    budget_currency: "KRW",
    period_start: "2021-03-01T00:00:00Z",
    period_end: "2022-02-28T00:00:00Z",
    updated: "2023-05-01T00:00:00Z",
  });
  await createLocation(db, road.id, { locality: "강남구", region: "서울" });
  await createParty(db, road.id, seoul, { roles: ["buyer"] });
  await createParty(db, road.id, partner, { roles: ["supplier"] });

  await createProject(db, {
    id: "p-school",
    title: "Escuela 50% terminada",
    status: "implementation",
    type: "construction",
    sector: ["education"],
    budget_amount: 2_000_000,
    budget_currency: "MXN",
    period_start: "2025-01-01T00:00:00Z",
    updated: "2024-08-01T00:00:00Z",
  });
  await createProject(db, { id: "p-hidden", title: "Hospital privado", is_public: false });
});

afterAll(async () => {
  await database.destroy();
});

async function ids(query: ProjectSearchQuery): Promise<string[]> {
  const result = await searchProjects(db, query);
  return result.items.map((item) => item.id);
}

describe("searchProjects", () => {
  it("lists only public projects", async () => {
    const result = await searchProjects(db, {});
    expect(result.total).toBe(3);
    expect(result.items.map((item) => item.id)).not.toContain("p-hidden");
  });

  it("sorts by latest update by default", async () => {
    expect(await ids({})).toEqual(["p-school", "p-hospital", "p-road"]);
  });

  it("matches text without accents or case", async () => {
    expect(await ids({ q: "construccion HOSPITAL" })).toEqual(["p-hospital"]);
    expect(await ids({ q: "CONSTRUCCIÓN" })).toEqual(["p-hospital"]);
  });

  it("matches Korean text", async () => {
    expect(await ids({ q: "도로" })).toEqual(["p-road"]);
  });

  it("matches organisation names", async () => {
    expect(await ids({ q: "infraestructura" })).toEqual(["p-hospital"]);
    expect(await ids({ q: "서울특별시" })).toEqual(["p-road"]);
  });

  it("treats LIKE wildcards literally", async () => {
    expect(await ids({ q: "50%" })).toEqual(["p-school"]);
    expect(await ids({ q: "%" })).toEqual(["p-school"]);
    expect(await ids({ q: "_" })).toEqual([]);
  });

  it("filters by status, type and sector", async () => {
    expect(await ids({ status: ["completed"] })).toEqual(["p-road"]);
    expect(await ids({ type: ["construction"], sort: "title" })).toEqual([
      "p-hospital",
      "p-school",
    ]);
    expect(await ids({ sector: ["transport.road", "education"], sort: "title" })).toEqual([
      "p-school",
      "p-road",
    ]);
  });

  it("filters by district", async () => {
    expect(await ids({ district: "monterrey" })).toEqual(["p-hospital"]);
    expect(await ids({ district: "Nuevo León" })).toEqual(["p-hospital"]);
    expect(await ids({ district: "강남구" })).toEqual(["p-road"]);
  });

  it("filters by agency", async () => {
    expect(await ids({ agency: "MX-RFC-SIN" })).toEqual(["p-hospital"]);
    expect(await ids({ agency: "KR-SEOUL" })).toEqual(["p-road"]);
    expect(await ids({ agency: "MX-RFC-CONST" })).toEqual([]);
  });

  it("filters by contractor", async () => {
    expect(await ids({ contractor: "MX-RFC-CONST" })).toEqual(["p-hospital"]);
    expect(await ids({ contractor: "MX-RFC-PARTNER" })).toEqual(["p-road"]);
    expect(await ids({ contractor: "MX-RFC-SIN" })).toEqual([]);
  });

  it("compares budgets in each project's currency", async () => {
    // 1,500,000.00 MXN is 150,000,000 minor units; 5,000,000,000 KRW has no minor unit.
    expect(await ids({ budgetMin: 1_500_000, sort: "title" })).toEqual(["p-hospital", "p-road"]);
    expect(await ids({ budgetMin: 1_500_000.01 })).toEqual(["p-road"]);
    expect(await ids({ budgetMax: 1_500_000, sort: "title" })).toEqual(["p-hospital", "p-school"]);
    expect(await ids({ budgetMin: 20_000, budgetMax: 20_000 })).toEqual(["p-school"]);
  });

  it("filters by period overlap", async () => {
    expect(await ids({ from: "2024-06-30", sort: "title" })).toEqual(["p-hospital", "p-school"]);
    expect(await ids({ from: "2024-07-01" })).toEqual(["p-school"]);
    expect(await ids({ to: "2022-12-31" })).toEqual(["p-road"]);
    expect(await ids({ from: "2022-01-01", to: "2022-12-31" })).toEqual(["p-road"]);
  });

  it("sorts by title, budget and start", async () => {
    expect(await ids({ sort: "title" })).toEqual(["p-hospital", "p-school", "p-road"]);
    expect(await ids({ sort: "-title" })).toEqual(["p-road", "p-school", "p-hospital"]);
    expect(await ids({ sort: "-budget" })).toEqual(["p-road", "p-hospital", "p-school"]);
    expect(await ids({ sort: "start" })).toEqual(["p-road", "p-hospital", "p-school"]);
    expect(await ids({ sort: "-start" })).toEqual(["p-school", "p-hospital", "p-road"]);
    expect(await ids({ sort: "updated" })).toEqual(["p-road", "p-hospital", "p-school"]);
  });

  it("pages through results", async () => {
    const first = await searchProjects(db, { sort: "title", pageSize: 2, page: 1 });
    const second = await searchProjects(db, { sort: "title", pageSize: 2, page: 2 });
    const beyond = await searchProjects(db, { sort: "title", pageSize: 2, page: 3 });
    expect(first.total).toBe(3);
    expect(first.items.map((item) => item.id)).toEqual(["p-hospital", "p-school"]);
    expect(second.items.map((item) => item.id)).toEqual(["p-road"]);
    expect(beyond.total).toBe(3);
    expect(beyond.items).toEqual([]);
  });

  it("returns summaries in major units", async () => {
    const [hospital] = (await searchProjects(db, { q: "hospital" })).items;
    expect(hospital).toEqual({
      id: "p-hospital",
      title: "Construcción del Hospital Metropolitano",
      status: "implementation",
      type: "construction",
      sector: ["health"],
      budget: { amount: 1_500_000, currency: "MXN" },
      period: { startDate: "2023-01-01T00:00:00.000Z", endDate: "2024-06-30T00:00:00.000Z" },
      publicAuthority: { id: "MX-RFC-SIN", name: "Secretaría de Infraestructura" },
      location: {
        latitude: 25.67,
        longitude: -100.31,
        locality: "Monterrey",
        region: "Nuevo León",
      },
      updated: "2024-02-01T00:00:00.000Z",
      isDemo: false,
    });
  });
});

describe("parseProjectSearchQuery", () => {
  it("splits repeated and comma-separated codes", () => {
    const parameters = new URLSearchParams("status=completed,implementation&status=planning");
    expect(parseProjectSearchQuery(parameters).status).toEqual([
      "completed",
      "implementation",
      "planning",
    ]);
  });

  it("treats empty fields as absent", () => {
    const parameters = new URLSearchParams("q=&status=&budgetMin=&page=");
    expect(parseProjectSearchQuery(parameters)).toEqual({});
  });

  it("coerces numbers and keeps dates", () => {
    const query = parseProjectSearchQuery({ budgetMin: "10.5", page: "2", from: "2024-01-31" });
    expect(query.budgetMin).toBe(10.5);
    expect(query.page).toBe(2);
    expect(query.from).toBe("2024-01-31");
  });

  it.each([
    ["pageSize=500", "pageSize", /from 1 to 100/],
    ["pageSize=0", "pageSize", /from 1 to 100/],
    ["page=1.5", "page", /whole number/],
    ["budgetMin=abc", "budgetMin", /number/],
    ["budgetMin=-1", "budgetMin", /zero or more/],
    ["budgetMin=10&budgetMax=5", "budgetMax", /budgetMin/],
    ["from=2024-13-01", "from", /YYYY-MM-DD/],
    ["from=2024-02-01&to=2024-01-01", "to", /before from/],
    ["sort=cost", "sort", /one of title/],
    ["status=not%20a%20code", "status.0", /code/],
    ["q=a&q=b", "q", /once/],
  ])("rejects %s naming the parameter", (text, path, reason) => {
    let caught: unknown;
    try {
      parseProjectSearchQuery(new URLSearchParams(text));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const appError = caught as AppError;
    expect(appError.status).toBe(400);
    expect(appError.problems.map((problem) => problem.path)).toContain(path);
    const problem = appError.problems.find((candidate) => candidate.path === path);
    expect(problem?.message).toMatch(reason);
  });
});

describe("listFacets", () => {
  it("counts public projects per value", async () => {
    const facets = await listFacets(db);
    expect(facets.statuses).toEqual([
      { value: "implementation", count: 2 },
      { value: "completed", count: 1 },
    ]);
    expect(facets.sectors).toContainEqual({ value: "transport.road", count: 1 });
    expect(facets.types).toContainEqual({ value: "construction", count: 2 });
    expect(facets.districts).toContainEqual({ value: "Monterrey", count: 1 });
    expect(facets.districts).toContainEqual({ value: "서울", count: 1 });
    expect(facets.agencies).toEqual([
      { id: "MX-RFC-SIN", name: "Secretaría de Infraestructura", count: 1 },
      { id: "KR-SEOUL", name: "서울특별시", count: 1 },
    ]);
    expect(facets.contractors.map((facet) => facet.id).sort()).toEqual([
      "MX-RFC-CONST",
      "MX-RFC-PARTNER",
    ]);
  });
});
