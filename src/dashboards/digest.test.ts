import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationTables } from "../notifications/tables.js";
import { renderTemplate } from "../notifications/templates.js";
import { openWorkspace, SAMPLE_SCHEDULE, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { enqueueWaitingDigests } from "./digest.js";

const SETTINGS = { approvalDays: 7, workspaceUrl: "https://obras.example.org/workspace" };

let database: TestDatabase;
let workspace: Workspace;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-03-20T09:00:00Z");
  const projectId = await workspace.registerProject();
  const base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;
  const submitted = await workspace.call(
    "contractor",
    "POST",
    `${base}/schedules`,
    SAMPLE_SCHEDULE,
  );
  expect(submitted.status).toBe(201);
});
afterAll(() => database.destroy());

async function digests() {
  return notificationTables(database.db)
    .selectFrom("notification_outbox")
    .selectAll()
    .where("template", "=", "waiting_digest")
    .orderBy("id")
    .execute();
}

describe("daily waiting digest", () => {
  it("tells the agency of the schedule awaiting its approval", async () => {
    const enqueued = await enqueueWaitingDigests(database.db, workspace.clock.now, SETTINGS);

    expect(enqueued).toBeGreaterThan(0);
    const rows = await digests();
    const agency = rows.find((row) => row.recipient === workspace.emails.agency);
    expect(agency?.channel).toBe("email");
    const parameters = agency!.parameters;
    expect(parameters).toMatchObject({ overdue: "0", workspaceUrl: SETTINGS.workspaceUrl });
    expect(Number(parameters.count)).toBeGreaterThanOrEqual(1);
    const message = renderTemplate("waiting_digest", "en", parameters);
    expect(message.body).toContain(SETTINGS.workspaceUrl);
  });

  it("leaves out users with nothing waiting", async () => {
    const recipients = (await digests()).map((row) => row.recipient);

    expect(recipients).not.toContain(workspace.emails.outsider);
    expect(recipients).not.toContain(workspace.emails.contractor);
  });

  it("sends at most one per user and day", async () => {
    const before = (await digests()).length;

    expect(await enqueueWaitingDigests(database.db, workspace.clock.now, SETTINGS)).toBe(0);
    expect((await digests()).length).toBe(before);

    const nextWeek = new Date("2025-03-28T09:00:00Z");
    expect(await enqueueWaitingDigests(database.db, nextWeek, SETTINGS)).toBeGreaterThan(0);
    const latest = (await digests()).filter((row) => row.recipient === workspace.emails.agency);
    expect(latest).toHaveLength(2);
    const parameters = latest[1]!.parameters;
    expect(Number(parameters.overdue)).toBeGreaterThanOrEqual(1);
  });
});
