import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormatsPlugin from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { sha256Hex } from "../files/store.js";
import { DISTRICTS } from "./seoul.js";
import { DEMO_ID_PREFIX, generateDemoPackage, type DemoOutput } from "./generate.js";

const SCHEMA_DIR = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids");
const hasSchemas = existsSync(path.join(SCHEMA_DIR, "project-package-schema.json"));

// A loose view of the generated JSON, enough for the checks below.
interface Observation {
  id: string;
  period: { endDate: string };
  measure: number;
  unit: unknown;
}
interface Summary {
  nature: string[];
  status: string;
  contractValue?: { amount: number };
  finalValue?: { amount: number };
  modifications?: { type: string; newContractValue?: { amount: number } }[];
  transactions?: { date: string; value: { amount: number; currency: string } }[];
}
interface Project {
  id: string;
  status: string;
  type: string;
  sector: string[];
  budget: { amount: { amount: number; currency: string } };
  period: { startDate: string; endDate: string };
  locations: { address: { locality: string }; geometry: { coordinates: [number, number] } }[];
  parties: { id: string; roles: string[]; contactPoint?: { email: string } }[];
  forecasts?: { id: string; observations: Observation[] }[];
  metrics?: { id: string; observations: Observation[] }[];
  documents?: { documentType: string; url: string; format: string }[];
  contractingProcesses?: { id: string; summary: Summary }[];
}

let demo: DemoOutput;
let projects: Project[];

beforeAll(() => {
  demo = generateDemoPackage();
  projects = demo.package.projects as Project[];
});

describe("generateDemoPackage", () => {
  it("is deterministic for a seed", () => {
    const again = generateDemoPackage();
    const other = generateDemoPackage({ seed: 7 });

    expect(JSON.stringify(again.package)).toBe(JSON.stringify(demo.package));
    expect(again.photos.map((photo) => photo.sha256)).toEqual(
      demo.photos.map((photo) => photo.sha256),
    );
    expect(JSON.stringify(other.package)).not.toBe(JSON.stringify(demo.package));
  });

  it("makes 40 projects with demo ids", () => {
    expect(projects).toHaveLength(40);
    for (const project of projects) expect(project.id).toMatch(/^oc4ids-demo00-\d{6}$/);
    expect(new Set(projects.map((project) => project.id)).size).toBe(40);
    expect(projects[0]?.id).toBe(`${DEMO_ID_PREFIX}000001`);
  });

  it("honours projectCount", () => {
    expect(generateDemoPackage({ projectCount: 3 }).package.projects).toHaveLength(3);
    expect(() => generateDemoPackage({ projectCount: 0 })).toThrow(/projectCount/);
  });

  it("describes a Seoul jurisdiction in KRW", () => {
    expect(demo.jurisdiction).toMatchObject({
      id: "demo-seoul",
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "ko",
      is_demo: true,
    });
    expect(demo.jurisdiction.name).toEqual({
      en: "Seoul (demo)",
      ko: "서울 (데모)",
      es: "Seúl (demostración)",
    });
    expect(demo.package.publisher).toEqual({ name: "Clean Construction demo", uid: "demo" });
  });

  it("uses all 25 districts", () => {
    const localities = new Set(projects.map((project) => project.locations[0]?.address.locality));
    expect(localities).toEqual(new Set(DISTRICTS.map((district) => district.name.ko)));
  });

  it("places projects near their district", () => {
    for (const project of projects) {
      const location = project.locations[0];
      const district = DISTRICTS.find((entry) => entry.name.ko === location?.address.locality);
      const [longitude, latitude] = location?.geometry.coordinates ?? [0, 0];
      expect(Math.abs(latitude - (district?.latitude ?? 0))).toBeLessThan(0.02);
      expect(Math.abs(longitude - (district?.longitude ?? 0))).toBeLessThan(0.02);
    }
  });

  it("varies types, sectors and statuses", () => {
    const types = new Set(projects.map((project) => project.type));
    const sectors = new Set(projects.flatMap((project) => project.sector));
    const statuses = new Set(projects.map((project) => project.status));

    expect(types).toEqual(new Set(["construction", "rehabilitation", "replacement", "expansion"]));
    expect(sectors.size).toBeGreaterThanOrEqual(7);
    for (const status of ["identification", "preparation", "implementation", "completion"]) {
      expect(statuses).toContain(status);
    }
    expect(statuses).toContain("cancelled");
  });

  it("keeps budgets in whole won within range", () => {
    for (const project of projects) {
      const { amount, currency } = project.budget.amount;
      expect(currency).toBe("KRW");
      expect(Number.isInteger(amount)).toBe(true);
      expect(amount).toBeGreaterThanOrEqual(1e8);
      expect(amount).toBeLessThanOrEqual(5e11);
    }
  });

  it("starts projects between 2022 and 2027", () => {
    for (const project of projects) {
      const year = Number(project.period.startDate.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(2022);
      expect(year).toBeLessThanOrEqual(2027);
    }
  });

  it("reuses contractors across projects", () => {
    const contractorUses = projects.flatMap((project) =>
      project.parties.filter((party) => party.id.startsWith("contractor-")),
    );
    const distinct = new Set(contractorUses.map((party) => party.id));
    expect(contractorUses.length).toBeGreaterThan(distinct.size);
  });

  it("names a supervisor as administrative entity", () => {
    const signed = projects.filter((project) => project.contractingProcesses?.length === 2);
    expect(signed.length).toBeGreaterThan(10);
    for (const project of signed) {
      const supervisor = project.parties.find((party) => party.id.startsWith("supervisor-"));
      expect(supervisor?.roles).toContain("administrativeEntity");
      expect(supervisor?.contactPoint?.email).toMatch(/@[a-z-]+\.example$/);
    }
  });

  it("includes time and value changes", () => {
    const types = new Set(
      projects.flatMap((project) =>
        (project.contractingProcesses ?? []).flatMap((process) =>
          (process.summary.modifications ?? []).map((modification) => modification.type),
        ),
      ),
    );
    expect(types).toContain("duration");
    expect(types).toContain("value");
  });

  it("pays no more than the contract value", () => {
    for (const project of projects) {
      for (const process of project.contractingProcesses ?? []) {
        const payments = process.summary.transactions ?? [];
        const paid = payments.reduce((sum, payment) => sum + payment.value.amount, 0);
        const values = [
          process.summary.contractValue?.amount ?? 0,
          ...(process.summary.modifications ?? []).map((m) => m.newContractValue?.amount ?? 0),
        ];
        expect(paid).toBeLessThanOrEqual(Math.max(...values));
        for (const payment of payments) {
          expect(Number.isInteger(payment.value.amount)).toBe(true);
          expect(payment.value.amount).toBeGreaterThan(0);
          expect(payment.date <= "2025-06-30T23:59:59+09:00").toBe(true);
        }
      }
    }
  });

  it("pays completed contracts in full", () => {
    const closed = projects
      .filter((project) => project.status === "maintenance")
      .flatMap((project) => project.contractingProcesses ?? []);
    expect(closed.length).toBeGreaterThan(0);
    for (const process of closed) {
      const paid = (process.summary.transactions ?? []).reduce(
        (sum, payment) => sum + payment.value.amount,
        0,
      );
      expect(paid).toBe(process.summary.finalValue?.amount);
    }
  });

  it("plans monotonic progress up to 100", () => {
    const withPlan = projects.filter((project) => project.forecasts);
    expect(withPlan.length).toBeGreaterThan(15);
    for (const project of withPlan) {
      const planned = project.forecasts?.[0]?.observations ?? [];
      expect(project.forecasts?.[0]?.id).toBe("physicalProgress");
      for (let i = 1; i < planned.length; i++) {
        expect(planned[i]!.measure).toBeGreaterThanOrEqual(planned[i - 1]!.measure);
      }
      expect(planned.at(-1)?.measure).toBe(100);
    }
  });

  it("reports actual progress within 0 to 100", () => {
    const withActual = projects.filter((project) => project.metrics);
    expect(withActual.length).toBeGreaterThan(15);
    for (const project of withActual) {
      const actual = project.metrics?.[0]?.observations ?? [];
      expect(project.metrics?.[0]?.id).toBe("physicalProgress");
      for (const [index, observation] of actual.entries()) {
        expect(observation.unit).toEqual({ name: "percent", scheme: "UNCEFACT", id: "P1" });
        expect(observation.measure).toBeGreaterThanOrEqual(0);
        expect(observation.measure).toBeLessThanOrEqual(100);
        if (index > 0)
          expect(observation.measure).toBeGreaterThanOrEqual(actual[index - 1]!.measure);
      }
      if (project.status === "completion" || project.status === "maintenance") {
        expect(actual.at(-1)?.measure).toBe(100);
      }
    }
  });

  it("links each photo document to a generated file", () => {
    const photosByHash = new Map(demo.photos.map((photo) => [photo.sha256, photo]));
    const started = projects.filter((project) => project.metrics);
    for (const project of started) {
      const illustrations = (project.documents ?? []).filter(
        (document) => document.documentType === "illustration",
      );
      expect(illustrations.length).toBeGreaterThanOrEqual(1);
      for (const document of illustrations) {
        const match = /^http:\/\/localhost:3000\/files\/([0-9a-f]{64})$/.exec(document.url);
        expect(match).not.toBeNull();
        expect(photosByHash.has(match?.[1] ?? "")).toBe(true);
        expect(document.format).toBe("image/svg+xml");
      }
    }
  });

  it("draws small SVG photos named by hash", () => {
    expect(demo.photos.length).toBeGreaterThan(40);
    for (const photo of demo.photos) {
      expect(photo.contentType).toBe("image/svg+xml");
      expect(photo.bytes.length).toBeLessThan(10_000);
      expect(photo.bytes.toString("utf8")).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(sha256Hex(photo.bytes)).toBe(photo.sha256);
    }
  });

  it("uses the given base URL", () => {
    const hosted = generateDemoPackage({ projectCount: 5, baseUrl: "https://works.example/" });
    expect(hosted.package.uri).toMatch(/^https:\/\/works\.example\/demo\//);
    expect(JSON.stringify(hosted.package)).not.toContain("localhost");
  });
});

describe("generateDemoPackage across seeds", () => {
  it.each([1, 2, 3, 5, 8, 13, 21, 34])("keeps the invariants for seed %i", (seed) => {
    const seeded = generateDemoPackage({ seed }).package.projects as Project[];
    const localities = new Set(seeded.map((project) => project.locations[0]?.address.locality));
    const types = new Set(seeded.map((project) => project.type));

    expect(localities.size).toBeGreaterThanOrEqual(15);
    expect(types.size).toBe(4);
    for (const project of seeded) {
      const planned = project.forecasts?.[0]?.observations ?? [];
      const actual = project.metrics?.[0]?.observations ?? [];
      const plannedMeasures = planned.map((observation) => observation.measure);
      const actualMeasures = actual.map((observation) => observation.measure);
      expect(plannedMeasures).toEqual([...plannedMeasures].sort((a, b) => a - b));
      expect(actualMeasures).toEqual([...actualMeasures].sort((a, b) => a - b));
      if (planned.length > 0) expect(plannedMeasures.at(-1)).toBe(100);
      for (const measure of actualMeasures) expect(measure).toBeLessThanOrEqual(100);
    }
  });
});

describe.skipIf(!hasSchemas)("generateDemoPackage against the OC4IDS 0.9.5 schema", () => {
  it("validates with no errors", () => {
    const readSchema = (name: string) =>
      JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), "utf8")) as { id: string };
    const projectSchema = readSchema("project-schema.json");
    // Both packages are CommonJS; their ES module form carries the export as `default`.
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    addFormatsPlugin.default(ajv);
    ajv.addSchema(projectSchema, projectSchema.id);
    const validate = ajv.compile(readSchema("project-package-schema.json"));

    for (const seed of [2011, 1, 99]) {
      const generated = generateDemoPackage({ seed });
      validate(generated.package);
      expect(validate.errors ?? []).toEqual([]);
    }
  });
});
