import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation, createParty, createProject } from "../testing/factories.js";
import { publicContactPoint } from "./public-contacts.js";
import { projectToOc4ids } from "./to-oc4ids.js";

const personal = {
  name: "Octavio Oliva",
  email: "octavio.oliva@mail.example",
  telephone: "55 1234 5678",
  url: "https://oliva.example",
};

describe("publicContactPoint", () => {
  it("keeps a public authority's whole contact point", () => {
    expect(publicContactPoint(["publicAuthority"], personal)).toEqual(personal);
    expect(publicContactPoint(["supplier", "buyer"], personal)).toEqual(personal);
  });

  it("keeps only the web address of a supplier", () => {
    expect(publicContactPoint(["supplier", "payee"], personal)).toEqual({ url: personal.url });
  });

  it("drops a private contact point without a web address", () => {
    const { url: _url, ...withoutUrl } = personal;
    expect(publicContactPoint(["tenderer"], withoutUrl)).toBeUndefined();
    expect(publicContactPoint([], null)).toBeUndefined();
  });
});

describe("contact points on public outputs", () => {
  let database: TestDatabase;
  let projectId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    const project = await createProject(database.db, { title: "Airport terminal" });
    projectId = project.id;
    const agency = await createOrganisation(database.db, { name: "Airport Agency" });
    const trader = await createOrganisation(database.db, { name: "Octavio Oliva" });
    await createParty(database.db, projectId, agency, {
      roles: ["publicAuthority"],
      contact_point: { name: "Ana Ruiz", email: "works@agency.example" },
    });
    await createParty(database.db, projectId, trader, {
      roles: ["supplier"],
      contact_point: personal,
    });
  });
  afterAll(() => database.destroy());

  it("leaves a supplier's e-mail and telephone off the project page", async () => {
    const html = await (await createTestApp(database).request(`/projects/${projectId}`)).text();
    expect(html).toContain("works@agency.example");
    expect(html).not.toContain(personal.email);
    expect(html).not.toContain(personal.telephone);
  });

  it("leaves them out of the OC4IDS export", async () => {
    const exported = JSON.stringify(await projectToOc4ids(database.db, projectId));
    expect(exported).toContain("works@agency.example");
    expect(exported).not.toContain(personal.email);
    expect(exported).not.toContain(personal.telephone);
    expect(exported).toContain(personal.url);
  });
});
