import { existsSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import type { DB } from "../db/types.js";
import type { JsonObject } from "../import/types.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createLocation, createProject } from "../testing/factories.js";
import { writeProjectPackage } from "./export-package.js";
import { loadOc4idsValidators } from "./to-oc4ids-schema.js";

const SCHEMA_DIR = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids");
const hasSchemas = existsSync(path.join(SCHEMA_DIR, "project-package-schema.json"));
const PROJECT_COUNT = 500;

let database: TestDatabase;
let db: Kysely<DB>;

type ProjectPackage = JsonObject & { projects: JsonObject[] };

async function packageText(options: Parameters<typeof writeProjectPackage>[2] = {}) {
  const chunks: string[] = [];
  const written = await writeProjectPackage(db, (chunk) => void chunks.push(chunk), options);
  return { text: chunks.join(""), written, chunks: chunks.length };
}

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  for (let index = 0; index < PROJECT_COUNT; index += 1) {
    const id = `oc4ids-bulk-${String(index).padStart(4, "0")}`;
    await createProject(db, {
      id,
      title: `Obra ${index} «${"ñ".repeat(index % 5)}»`,
      sector: ["transport", "transport.road"],
      budget_amount: 100_000 + index,
      budget_currency: "MXN",
      period_start: "2024-01-01T00:00:00Z",
      updated: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
    });
    if (index % 10 === 0) await createLocation(db, id, { latitude: 25, longitude: -100 });
  }
  await createProject(db, { id: "oc4ids-bulk-private", title: "Privada", is_public: false });
}, 300_000);

afterAll(async () => {
  await database.destroy();
});

describe("writeProjectPackage", () => {
  it("writes every public project in id order", async () => {
    const { text, written } = await packageText({ batchSize: 64 });
    const parsed = JSON.parse(text) as ProjectPackage;
    expect(written).toBe(PROJECT_COUNT);
    expect(parsed.projects).toHaveLength(PROJECT_COUNT);
    expect(parsed.projects[0]?.id).toBe("oc4ids-bulk-0000");
    expect(parsed.projects.at(-1)?.id).toBe("oc4ids-bulk-0499");
    expect(parsed.projects.map((project) => project.id)).not.toContain("oc4ids-bulk-private");
  });

  it("writes one chunk per project", async () => {
    const { chunks } = await packageText({ batchSize: 64 });
    expect(chunks).toBe(PROJECT_COUNT + 2);
  });

  it("gives the same package for any batch size", async () => {
    const small = await packageText({ batchSize: 7 });
    const large = await packageText({ batchSize: 1000 });
    expect(small.text).toBe(large.text);
  });

  it("fills the package header", async () => {
    const parsed = JSON.parse(
      (
        await packageText({
          publicBaseUrl: "https://obras.example.org/",
          publisher: { name: "Secretaría de Obras", uri: "https://obras.example.org" },
          license: "https://creativecommons.org/licenses/by/4.0/",
        })
      ).text,
    ) as ProjectPackage;
    expect(parsed.uri).toBe("https://obras.example.org/api/v1/oc4ids/project-package");
    expect(parsed.version).toBe("0.9");
    expect(parsed.publisher).toEqual({
      name: "Secretaría de Obras",
      uri: "https://obras.example.org",
    });
    expect(parsed.license).toBe("https://creativecommons.org/licenses/by/4.0/");
    // The latest `updated` of the bulk projects is 499 minutes after midnight, but creating the
    // rows set `modified_at` to now, which is later.
    expect(Date.parse(String(parsed.publishedDate))).toBeGreaterThan(Date.UTC(2024, 0, 1, 8, 19));
  });

  it("writes to a Node.js stream", async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const received: Buffer[] = [];
    out.on("data", (chunk: Buffer) => received.push(chunk));
    const written = await writeProjectPackage(db, out, { batchSize: 50 });
    out.end();
    const parsed = JSON.parse(Buffer.concat(received).toString("utf8")) as ProjectPackage;
    expect(written).toBe(PROJECT_COUNT);
    expect(parsed.projects).toHaveLength(PROJECT_COUNT);
    expect(parsed.projects[3]?.title).toBe("Obra 3 «ñññ»");
  });

  it.skipIf(!hasSchemas)("validates against the package schema", async () => {
    const validators = await loadOc4idsValidators(SCHEMA_DIR);
    const parsed = JSON.parse((await packageText()).text) as unknown;
    expect(validators.projectPackage(parsed)).toEqual([]);
  });
});

if (!hasSchemas) {
  console.warn(`Skipping OC4IDS package schema checks: no schemas in ${SCHEMA_DIR}.`);
}
