import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createTestUser } from "../testing/accounts.js";
import { isDisclosed, loadDisclosurePolicy, updateDisclosurePolicy } from "./policy.js";

let database: TestDatabase;
let actor: { userId: number; clientAddress: null; now: Date };

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db
    .insertInto("jurisdictions")
    .values({
      id: "policy-city",
      name: JSON.stringify({ en: "Policy City" }),
      currency: "EUR",
      time_zone: "Europe/Paris",
      default_language: "fr",
    })
    .execute();
  const user = await createTestUser(database.db, { jurisdictionRoles: ["administrator"] });
  actor = { userId: user.id, clientAddress: null, now: new Date("2025-05-01T08:00:00Z") };
});
afterAll(() => database.destroy());

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).problems.map((problem) => problem.path);
}

describe("disclosure policy", () => {
  it("keeps personal data, drawings and deliberations private by default", async () => {
    expect(await isDisclosed(database.db, "policy-city", "design_changes")).toBe(true);
    expect(await isDisclosed(database.db, "policy-city", "photos")).toBe(true);
    expect(await isDisclosed(database.db, "policy-city", "directives")).toBe(false);
    expect(await isDisclosed(database.db, "policy-city", "internal_deliberations")).toBe(false);
    expect(await isDisclosed(database.db, "policy-city", "security_sensitive_drawings")).toBe(
      false,
    );
    expect(await isDisclosed(database.db, "policy-city", "personal_data")).toBe(false);
    expect(await isDisclosed(database.db, null, "time_extensions")).toBe(true);
  });

  it("throws for a misspelt category", async () => {
    await expect(isDisclosed(database.db, "policy-city", "design-changes")).rejects.toThrow(
      'unknown disclosure category "design-changes"',
    );
  });

  it("stores a change with who made it and when", async () => {
    const entries = await updateDisclosurePolicy(
      database.db,
      "policy-city",
      { photos: false, directives: true },
      actor,
    );
    const photos = entries.find((entry) => entry.category === "photos")!;
    expect(photos.isPublic).toBe(false);
    expect(photos.updatedBy).toBe(actor.userId);
    expect(photos.updatedAt?.toISOString()).toBe("2025-05-01T08:00:00.000Z");
    expect(await isDisclosed(database.db, "policy-city", "photos")).toBe(false);
    expect(await isDisclosed(database.db, "policy-city", "directives")).toBe(true);
  });

  it("rejects making personal data public and unknown categories", async () => {
    const paths = await problemsOf(
      updateDisclosurePolicy(
        database.db,
        "policy-city",
        { schedule: false, personal_data: true, gossip: true },
        actor,
      ),
    );
    expect(paths).toEqual(["categories.personal_data", "categories.gossip"]);
    expect(await isDisclosed(database.db, "policy-city", "schedule")).toBe(true);
    expect(await isDisclosed(database.db, "policy-city", "personal_data")).toBe(false);
  });

  it("returns 404 for an unknown jurisdiction", async () => {
    const error = await loadDisclosurePolicy(database.db, "atlantis").catch(
      (caught: unknown) => caught,
    );
    expect((error as AppError).status).toBe(404);
  });
});
