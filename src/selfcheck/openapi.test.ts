import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

let database: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await openTestDatabase();
  app = createApp({
    config: loadConfig({ LOAD_DEMO: "false" }),
    database,
    fileStore: createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-"))),
  });
});
afterAll(async () => {
  await database.destroy();
});

interface Operation {
  requestBody?: { content: { "application/json": { schema: { properties: object } } } };
  responses: Record<string, unknown>;
}

describe("self-check in the OpenAPI document", () => {
  it("lists the three routes with their request fields and answers", async () => {
    const document = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const codeRequest = document.paths["/payments/check/code-requests"]?.post;
    const session = document.paths["/payments/check/sessions"]?.post;
    const shares = document.paths["/payments/check/shares"]?.get;

    const fields = (operation: Operation | undefined) =>
      Object.keys(operation?.requestBody?.content["application/json"].schema.properties ?? {});
    expect(fields(codeRequest)).toEqual(["name", "phone"]);
    expect(fields(session)).toEqual(["name", "phone", "code"]);
    expect(Object.keys(codeRequest?.responses ?? {})).toEqual(["202", "400", "429"]);
    expect(Object.keys(session?.responses ?? {})).toEqual(["201", "400", "429"]);
    expect(Object.keys(shares?.responses ?? {})).toEqual(["200", "401"]);
  });
});
