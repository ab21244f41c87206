import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../config.js";
import { createFileStore } from "../files/store.js";
import { createApp } from "../http/app.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { claimTables } from "../claims/tables.js";
import { createRegisteredProject, createTestUser } from "../testing/accounts.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createOrganisation } from "../testing/factories.js";

/**
 * Identical requests sent at the same time to a PostgreSQL server, where each runs on its own
 * connection: exactly one is stored and the others get a 409, never a 500 and never a second
 * claim for the same days. PGlite runs one transaction at a time, so the race cannot happen
 * there and these tests need DATABASE_URL.
 */
const SERVER = process.env.DATABASE_URL;

describe.skipIf(!SERVER)(
  "concurrent registrations on a PostgreSQL server (skipped without DATABASE_URL: PGlite runs one transaction at a time)",
  () => {
    let database: TestDatabase;
    let app: ReturnType<typeof createApp>;
    const clock = { now: new Date("2026-03-02T18:00:00Z") };
    const tokens = new Map<string, string>();
    let projectId: string;

    beforeAll(async () => {
      database = await openTestDatabase();
      const config = loadConfig({ LOAD_DEMO: "false" });
      const fileStore = createFileStore(mkdtempSync(path.join(tmpdir(), "ccs-files-")));
      const bank = new SimulatedBank({ now: () => clock.now });
      app = createApp({ config, database, fileStore, clock: () => clock.now, bank });

      const agencyId = (await createOrganisation(database.db, { name: "Seoul Works Office" })).id;
      const primeId = (await createOrganisation(database.db, { name: "Hanbit Construction" })).id;
      projectId = await createRegisteredProject(database.db, agencyId);
      for (const [name, role, organisationId] of [
        ["agency", "agency_official", agencyId],
        ["supervisor", "supervisor", agencyId],
        ["contractor", "prime_contractor", primeId],
      ] as const) {
        const user = await createTestUser(database.db, {
          organisationId,
          memberships: [{ projectId, role }],
        });
        tokens.set(name, user.token);
      }

      await expectStatus(
        await call("contractor", "POST", "/schedules", {
          periodUnit: "month",
          items: [
            { code: "A1", description: "Earthworks", unit: "m3", quantity: 1000, unitPrice: 20000 },
          ],
          periods: [{ end: "2027-12-31", plannedPercent: 100 }],
        }),
        201,
      );
      await expectStatus(await call("agency", "POST", "/schedules/1/approve"), 200);
      const report = await expectStatus(
        await call("contractor", "POST", "/daily-reports", {
          date: "2026-03-02",
          weather: "clear",
          manpower: [],
          equipment: [],
          materials: [],
          work: [{ itemCode: "A1", quantity: 20 }],
          issues: "",
          photoReferences: [],
        }),
        201,
      );
      await expectStatus(
        await call("supervisor", "POST", `/daily-reports/${report.id}/review`),
        200,
      );
      await expectStatus(await call("agency", "POST", `/daily-reports/${report.id}/approve`), 200);
    });
    afterAll(async () => {
      await database.destroy();
    });

    async function call(caller: string, method: string, url: string, body?: unknown) {
      return app.request(`/api/v1/workspace/projects/${projectId}${url}`, {
        method,
        headers: {
          Authorization: `Bearer ${tokens.get(caller)}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    }

    async function expectStatus(response: Response, status: number) {
      const text = await response.text();
      expect(response.status, text).toBe(status);
      return JSON.parse(text) as { id: number };
    }

    /** Sends the same request three times at once; returns the statuses, sorted. */
    async function threeAtOnce(url: string, body: unknown): Promise<number[]> {
      const responses = await Promise.all(
        [1, 2, 3].map(() => call("contractor", "POST", url, body)),
      );
      for (const response of responses.filter((one) => one.status === 409)) {
        const error = ((await response.json()) as { error: { message: string } }).error;
        expect(error.message.length).toBeGreaterThan(10);
      }
      return responses.map((response) => response.status).sort();
    }

    const db = () => claimTables(database.db);
    const account = (identifier: string) => ({
      holderName: `Holder ${identifier}`,
      scheme: "other",
      identifier,
      agentId: null,
    });

    it("stores one prime contract and answers the others with 409", async () => {
      const statuses = await threeAtOnce("/contracts", {
        kind: "prime",
        partyName: "Hanbit Construction",
        amount: 95_000_000,
        bankAccount: account("PRIME-1"),
      });
      expect(statuses).toEqual([201, 409, 409]);
      const stored = await db()
        .selectFrom("payment_contracts")
        .select("id")
        .where("project_id", "=", projectId)
        .execute();
      expect(stored).toHaveLength(1);
    });

    it("stores one worker per reference and answers the others with 409", async () => {
      const statuses = await threeAtOnce("/workers", {
        reference: "W-001",
        name: "Kim Minjun",
        identityNumber: "900101-1000001",
        phone: null,
        dailyRate: 150_000,
        bankAccount: account("WORKER-1"),
      });
      expect(statuses).toEqual([201, 409, 409]);
      const stored = await db()
        .selectFrom("payment_workers")
        .select("id")
        .where("project_id", "=", projectId)
        .execute();
      expect(stored).toHaveLength(1);
    });

    it("stores one claim for a period and answers the overlapping ones with 409", async () => {
      const statuses = await threeAtOnce("/claims", {
        periodStart: "2026-03-01",
        periodEnd: "2026-03-31",
        items: [{ itemCode: "A1", quantity: 20 }],
      });
      expect(statuses).toEqual([201, 409, 409]);
      const stored = await db()
        .selectFrom("payment_claims")
        .select("id")
        .where("project_id", "=", projectId)
        .execute();
      expect(stored).toHaveLength(1);
    });
  },
);
