import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import type { JsonObject } from "../import/types.js";
import { loadPackageValidator, loadProjectValidator, SchemaLoadError } from "./validate.js";

const standards = path.resolve(PROJECT_ROOT, "../shared/standards/oc4ids");
const schemaPath = path.join(standards, "project-schema.json");
const location = { source: "fixture.json", pointer: "" };

async function examplePackage(): Promise<JsonObject> {
  return JSON.parse(
    await readFile(path.join(standards, "examples/example.json"), "utf8"),
  ) as JsonObject;
}

describe.skipIf(!existsSync(schemaPath))("loadProjectValidator (needs ../shared/standards)", () => {
  it("accepts the official example project", async () => {
    const validate = await loadProjectValidator(schemaPath);
    const [project] = (await examplePackage()).projects as JsonObject[];

    expect(validate(project ?? {}, location)).toEqual([]);
  });

  it("reports pointer, project id and reason for each error", async () => {
    const validate = await loadProjectValidator(schemaPath);
    const project = {
      id: "oc4ids-abc123-1",
      status: "completed",
      period: { startDate: "2017-02-06T00:00:00" },
      sector: [],
      documents: [{ id: "d", url: "http://x.mx/a b.pdf" }],
      budget: { budgetBreakdowns: [{ description: "State funds" }] },
    };

    const problems = validate(project, location);
    const byPointer = Object.fromEntries(problems.map((problem) => [problem.pointer, problem]));

    expect(byPointer["/status"]?.message).toBe(
      '"completed" is not an allowed value; allowed values are "identification", "preparation", ' +
        '"implementation", "completion", "maintenance", "decommissioning", "decommissioned", "cancelled"',
    );
    expect(byPointer["/period/startDate"]?.message).toMatch(
      /^"2017-02-06T00:00:00" is not a valid date-time: RFC 3339 with a time zone/,
    );
    expect(byPointer["/sector"]?.message).toBe("must not be an empty array");
    expect(byPointer["/documents/0/url"]?.message).toMatch(/is not a valid URI/);
    expect(byPointer["/budget/budgetBreakdowns/0/id"]?.message).toBe(
      'the required field "id" is missing',
    );
    expect(problems.every((problem) => problem.code === "schema")).toBe(true);
    expect(problems.every((problem) => problem.projectId === "oc4ids-abc123-1")).toBe(true);
  });

  it("returns the cached validator for the same location", async () => {
    expect(await loadProjectValidator(schemaPath)).toBe(await loadProjectValidator(schemaPath));
  });

  it("loads the schema from a URL", async () => {
    const text = await readFile(schemaPath, "utf8");
    const server = createServer((_request, response) => response.end(text));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/project-schema.json`;

    try {
      const validate = await loadProjectValidator(url);
      expect(validate({ id: "" }, location)[0]?.message).toBe("must not be an empty string");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("validates the official example package", async () => {
    const validate = await loadPackageValidator(schemaPath);

    expect(validate(await examplePackage(), location)).toEqual([]);
    expect(validate({ projects: [] }, location).map((problem) => problem.pointer)).toContain(
      "/uri",
    );
  });
});

describe("loadProjectValidator errors", () => {
  it("names a missing schema file", async () => {
    const missing = path.join(PROJECT_ROOT, "no-such-schema.json");

    const loading = loadProjectValidator(missing);

    await expect(loading).rejects.toBeInstanceOf(SchemaLoadError);
    await expect(loading).rejects.toThrow(
      `Cannot load the OC4IDS schema from ${missing}: no file exists at this path`,
    );
  });

  it("names a schema URL that answers 404", async () => {
    const server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;

    try {
      await expect(loadProjectValidator(url)).rejects.toThrow(
        `Cannot load the OC4IDS schema from ${url}: the server answered HTTP 404`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
