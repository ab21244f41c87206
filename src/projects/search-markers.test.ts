import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocation, createProject } from "../testing/factories.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { searchProjectMarkers } from "./search.js";

describe("searchProjectMarkers", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    for (let index = 1; index <= 30; index++) {
      const id = `p-${String(index).padStart(2, "0")}`;
      await createProject(db, { id, title: `Road ${index}`, status: "implementation" });
      await createLocation(db, id, { latitude: 37.5 + index / 100, longitude: 127 });
      await createLocation(db, id, { position: 1, latitude: 1, longitude: 1 });
    }
    await createProject(db, { id: "p-nowhere", title: "Road nowhere", status: "implementation" });
    await createProject(db, { id: "p-school", title: "School", status: "completion" });
    await createLocation(db, "p-school", { latitude: 37.6, longitude: 126.9 });
    await createProject(db, { id: "p-hidden", title: "Road hidden", is_public: false });
    await createLocation(db, "p-hidden", { latitude: 37.6, longitude: 126.9 });
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("places every matching project, not one page", async () => {
    const markers = await searchProjectMarkers(database.db, { q: "road", pageSize: 10 });

    expect(markers).toHaveLength(30);
    expect(markers[0]).toEqual({ id: "p-01", title: "Road 1", latitude: 37.51, longitude: 127 });
  });

  it("applies the filters and skips projects without coordinates", async () => {
    const markers = await searchProjectMarkers(database.db, { status: ["completion"] });

    expect(markers.map((marker) => marker.id)).toEqual(["p-school"]);
  });

  it("stops at the limit", async () => {
    expect(await searchProjectMarkers(database.db, {}, 5)).toHaveLength(5);
  });
});
