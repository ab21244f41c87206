import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../import/types.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { sampleProject } from "./store-fixtures.js";
import { storeProject } from "./store.js";
import {
  loadVersionHistory,
  publicSourceName,
  publicVersionData,
  shallowFirst,
} from "./version-history.js";

describe("publicSourceName", () => {
  it.each([
    ["/srv/imports/nuevo-leon/2020-03.json", "2020-03.json"],
    ["../shared/data/real/mx-nuevo-leon/snapshot-2020-03-25/", "snapshot-2020-03-25"],
    ["C:\\imports\\2020-04.json", "2020-04.json"],
    ["package", "package"],
    [
      "https://datos.example.org/nl/package.json?v=2",
      "https://datos.example.org/nl/package.json?v=2",
    ],
    ["https://user:secret@datos.example.org/nl.json", "https://datos.example.org/nl.json"],
  ])("publishes %s as %s", (source, expected) => {
    expect(publicSourceName(source)).toBe(expected);
  });
});

describe("publicVersionData", () => {
  it("drops fields outside OC4IDS", () => {
    const data = publicVersionData({ id: "p", title: "Bridge", internalNote: "do not publish" });
    expect(data).toEqual({ id: "p", title: "Bridge" });
  });

  it("keeps only public beneficial owner fields", () => {
    const data = publicVersionData({
      parties: [
        {
          id: "builder",
          name: "Builder",
          bankAccount: "0123",
          beneficialOwners: [{ id: "1", name: "Ana", email: "ana@private.example" }],
        },
      ],
    });
    expect(data.parties).toEqual([
      { id: "builder", name: "Builder", beneficialOwners: [{ id: "1", name: "Ana" }] },
    ]);
  });
});

describe("shallowFirst", () => {
  it("orders by depth and keeps ties in order", () => {
    const changes = ["/a/b/c", "/title", "/period/endDate", "/budget", "/a/b"].map((pointer) => ({
      pointer,
      before: 1,
      after: 2,
    }));
    expect(shallowFirst(changes).map((change) => change.pointer)).toEqual([
      "/title",
      "/budget",
      "/period/endDate",
      "/a/b",
      "/a/b/c",
    ]);
  });
});

describe("loadVersionHistory", () => {
  let database: TestDatabase;
  const id = "oc4ids-vh0001-0001";

  beforeAll(async () => {
    database = await openTestDatabase();
    const { id: importId } = await database.db
      .insertInto("imports")
      .values({ source: "history.json", status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const title of ["One", "Two", "Three", "Four"]) {
      const project: JsonObject = { ...sampleProject(id), title };
      await storeProject(database.db, project, {
        importId,
        actor: `import:${importId}`,
        publisher: "oc4ids-vh0001",
        source: "history.json",
        sourceSha256: "ab".repeat(32),
      });
    }
  });
  afterAll(() => database.destroy());

  it("returns the newest versions within the limit", async () => {
    const history = await loadVersionHistory(database.db, id, { versionLimit: 2 });
    expect(history?.versionCount).toBe(4);
    expect(history?.versions.map((version) => version.version)).toEqual([4, 3]);
    expect(history?.versions[1]?.isFirst).toBe(false);
    expect(history?.versions[1]?.changes).toEqual([
      { pointer: "/title", before: "Two", after: "Three" },
    ]);
  });

  it("marks only the oldest version as first", async () => {
    const history = await loadVersionHistory(database.db, id);
    expect(history?.versions.map((version) => version.isFirst)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it("cuts changes at the limit", async () => {
    const history = await loadVersionHistory(database.db, id, { changeLimit: 0 });
    expect(history?.versions[0]?.changeCount).toBe(1);
    expect(history?.versions[0]?.changes).toEqual([]);
    expect(history?.versions[0]?.truncated).toBe(true);
  });

  it("returns undefined for unknown project", async () => {
    expect(await loadVersionHistory(database.db, "oc4ids-vh0001-missing")).toBeUndefined();
  });
});
