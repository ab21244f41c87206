import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWorkspace, type Role, type Workspace } from "../reports/testing.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  expectFormDenied,
  formSender,
  rejectedForm,
  sessionOf,
  type FormSender,
} from "../workspace/form-testing.js";
import { changeTables } from "./tables.js";

let database: TestDatabase;
let workspace: Workspace;
let send: FormSender;
let projectId: string;
let pages: string;
let organisationId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-04-01T09:00:00Z");
  send = formSender(workspace);
  projectId = await workspace.registerProject();
  pages = `/workspace/projects/${encodeURIComponent(projectId)}`;
  const builder = await database.db
    .selectFrom("users")
    .select("organisation_id")
    .where("email", "=", workspace.emails.contractor)
    .executeTakeFirstOrThrow();
  organisationId = builder.organisation_id!;
});
afterAll(() => database.destroy());

const DESIGN_CHANGE = {
  description: "Move the drain 2 m east",
  reason: "A water main lies under the drawn route",
  costImpact: "-1250000",
  currency: "KRW",
};
const PENALTY = () => ({
  description: "Barriers missing on two days",
  reason: "Safety directive not followed",
  amount: "500000",
  currency: "KRW",
  againstOrganisationId: organisationId,
});
/** The registered project's planned completion date, the one in force until an extension. */
const IN_FORCE = "2027-02-28";

/** Loads the project's change requests with their status and step count, and its period end. */
async function snapshot() {
  const tables = changeTables(database.db);
  const requests = await tables
    .selectFrom("change_requests")
    .leftJoin(
      "change_request_steps",
      "change_request_steps.change_request_id",
      "change_requests.id",
    )
    .select(["change_requests.id", "change_requests.status"])
    .select((eb) => eb.fn.count<string>("change_request_steps.id").as("steps"))
    .where("change_requests.project_id", "=", projectId)
    .groupBy(["change_requests.id", "change_requests.status"])
    .orderBy("change_requests.id")
    .execute();
  const project = await tables
    .selectFrom("projects")
    .select(["period_end"])
    .where("id", "=", projectId)
    .executeTakeFirstOrThrow();
  return { requests, periodEnd: project.period_end };
}

async function request(role: Role, slug: string, fields: Record<string, string>) {
  const response = await send(role, `${pages}/changes/new/${slug}`, fields);
  expect(response.status, `${role} requests a ${slug}`).toBe(303);
  return Number((response.headers.get("Location") ?? "").split("/").pop());
}

describe("change pages", () => {
  it("rejects a bad design change, storing nothing", async () => {
    const before = await snapshot();
    const html = await rejectedForm(
      await send("contractor", `${pages}/changes/new/design-change`, {
        description: "",
        reason: "Soil is softer than surveyed",
        costImpact: "about a million",
        currency: "won",
      }),
    );
    expect(html).toContain("Scope of the change: is missing");
    expect(html).toContain('id="field-description-error"');
    expect(html).toContain("Currency: must be an ISO 4217 code");
    expect(html).toContain(">Soil is softer than surveyed</textarea>");
    expect(html).toContain('value="about a million"');
    expect(await snapshot()).toEqual(before);

    const amount = await rejectedForm(
      await send("contractor", `${pages}/changes/new/design-change`, {
        ...DESIGN_CHANGE,
        costImpact: "about a million",
      }),
    );
    expect(amount).toContain("Cost impact: must be a number in major units");
    expect(await snapshot()).toEqual(before);
  });

  it("rejects bad extension days, storing nothing", async () => {
    const before = await snapshot();
    const fields = {
      description: "Extension for the rainy season",
      reason: "Forty days of rain",
      oldCompletionDate: IN_FORCE,
    };
    const html = await rejectedForm(
      await send("contractor", `${pages}/changes/new/time-extension`, { ...fields, days: "0" }),
    );
    expect(html).toContain("Days added: must be at least 1");
    expect(html).toContain('id="field-days-error"');
    const stale = await rejectedForm(
      await send("contractor", `${pages}/changes/new/time-extension`, {
        ...fields,
        days: "30",
        oldCompletionDate: "2026-12-31",
      }),
    );
    expect(stale).toContain(
      `Completion date in force: must be the completion date in force, ${IN_FORCE}`,
    );
    const impossible = await rejectedForm(
      await send("contractor", `${pages}/changes/new/time-extension`, {
        ...fields,
        days: "30",
        oldCompletionDate: "2027-02-31",
      }),
    );
    expect(impossible).toContain("Completion date in force: is not a real calendar date");
    expect(await snapshot()).toEqual(before);
  });

  it("previews the new completion date", async () => {
    const before = await snapshot();
    const form = await (
      await workspace.call("contractor", "GET", `${pages}/changes/new/time-extension`)
    ).text();
    expect(form).toContain(`value="${IN_FORCE}"`);
    const preview = await send("contractor", `${pages}/changes/new/time-extension`, {
      description: "Extension for the rainy season",
      reason: "Forty days of rain",
      days: "30",
      oldCompletionDate: IN_FORCE,
      intent: "preview",
    });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("<strong>2027-03-30</strong>");
    expect(await snapshot()).toEqual(before);
  });

  it("rejects a bad penalty, storing nothing", async () => {
    const before = await snapshot();
    const html = await rejectedForm(
      await send("agency", `${pages}/changes/new/penalty`, { ...PENALTY(), amount: "-5" }),
    );
    expect(html).toContain("Amount: must be more than 0");
    const unknown = await rejectedForm(
      await send("agency", `${pages}/changes/new/penalty`, {
        ...PENALTY(),
        againstOrganisationId: "nobody",
      }),
    );
    expect(unknown).toContain("Against organisation: no organisation has this id");
    const unchosen = await rejectedForm(
      await send("agency", `${pages}/changes/new/penalty`, {
        ...PENALTY(),
        againstOrganisationId: "",
      }),
    );
    expect(unchosen).toContain("Against organisation: is missing");
    expect(await snapshot()).toEqual(before);
  });

  it("requires a comment to reject", async () => {
    const id = await request("contractor", "design-change", DESIGN_CHANGE);
    const before = await snapshot();
    const html = await rejectedForm(
      await send("supervisor", `${pages}/changes/${id}/reject`, { comment: "" }),
    );
    expect(html).toContain("Comment: is missing: give the reason");
    expect(await snapshot()).toEqual(before);
  });

  it("lets only the contractor and supervisor request", async () => {
    for (const [slug, fields] of [
      ["design-change", DESIGN_CHANGE],
      [
        "time-extension",
        { description: "Rain", reason: "Rain", days: "10", oldCompletionDate: IN_FORCE },
      ],
    ] as const) {
      const url = `${pages}/changes/new/${slug}`;
      await expectFormDenied(send, ["contractor", "supervisor"], url, fields, snapshot);
      await request("contractor", slug, fields);
      await request("supervisor", slug, fields);
    }
  });

  it("lets only the agency official issue a penalty", async () => {
    const url = `${pages}/changes/new/penalty`;
    await expectFormDenied(send, ["agency"], url, PENALTY(), snapshot);
    await request("agency", "penalty", PENALTY());
  });

  it("lets another supervisor review, the agency approve", async () => {
    const id = await request("contractor", "design-change", DESIGN_CHANGE);
    await expectFormDenied(send, ["supervisor"], `${pages}/changes/${id}/review`, {}, snapshot);
    expect((await send("supervisor", `${pages}/changes/${id}/review`, {})).status).toBe(303);
    await expectFormDenied(send, ["agency"], `${pages}/changes/${id}/approve`, {}, snapshot);
    expect((await send("agency", `${pages}/changes/${id}/approve`, {})).status).toBe(303);

    const own = await request("supervisor", "design-change", DESIGN_CHANGE);
    const before = await snapshot();
    expect((await send("supervisor", `${pages}/changes/${own}/review`, {})).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("lets supervisor and agency reject in turn", async () => {
    const comment = { comment: "Out of scope" };
    const requested = await request("contractor", "design-change", DESIGN_CHANGE);
    const early = `${pages}/changes/${requested}/reject`;
    await expectFormDenied(send, ["supervisor"], early, comment, snapshot);
    expect((await send("supervisor", early, comment)).status).toBe(303);

    const reviewed = await request("contractor", "design-change", DESIGN_CHANGE);
    await send("supervisor", `${pages}/changes/${reviewed}/review`, {});
    const late = `${pages}/changes/${reviewed}/reject`;
    await expectFormDenied(send, ["agency"], late, comment, snapshot);
    expect((await send("agency", late, comment)).status).toBe(303);
  });

  it("publishes an approved extension with history", async () => {
    const inForce = (await snapshot()).periodEnd;
    const id = await request("contractor", "time-extension", {
      description: "Extension for the rainy season",
      reason: "Forty days of rain",
      days: "30",
      oldCompletionDate: inForce ? new Date(inForce).toISOString().slice(0, 10) : IN_FORCE,
    });
    await send("supervisor", `${pages}/changes/${id}/review`, {});
    expect((await send("agency", `${pages}/changes/${id}/approve`, {})).status).toBe(303);

    const html = await (
      await workspace.call("subcontractor", "GET", `${pages}/changes/${id}?lang=ko`)
    ).text();
    expect(html).toContain("공기 연장");
    expect(html).toContain("승인됨");
    expect(html).toContain("검토됨");
    expect(html).toContain("Supervisor user");
    expect(html).toContain("2025-04-01 09:00 UTC");
    const list = await (await workspace.call("auditor", "GET", `${pages}/changes?lang=es`)).text();
    expect(list).toContain("Ampliación de plazo");
    expect(list).toContain("Aprobado");
    expect(list).not.toContain(">time_extension<");

    const publicPage = await (
      await workspace.app.request(`/projects/${encodeURIComponent(projectId)}?lang=en`)
    ).text();
    expect(publicPage).toContain("Extension for the rainy season");
  });

  it("shows the record pages to readers only", async () => {
    const id = await request("contractor", "design-change", DESIGN_CHANGE);
    const readers: Role[] = [
      "agency",
      "supervisor",
      "contractor",
      "subcontractor",
      "administrator",
      "auditor",
    ];
    for (const url of [
      `${pages}/changes`,
      `${pages}/changes/${id}`,
      `${pages}/directives`,
      `${pages}/evaluations`,
    ]) {
      for (const role of readers) {
        expect((await workspace.call(role, "GET", url)).status, `${role} GET ${url}`).toBe(200);
      }
      expect((await workspace.call("outsider", "GET", url)).status, `outsider GET ${url}`).toBe(
        403,
      );
    }
  });

  it("refuses a form without the CSRF token", async () => {
    const session = await sessionOf(database, workspace, "contractor");
    const before = await snapshot();
    const url = `${pages}/changes/new/design-change`;
    expect((await session.post(url, DESIGN_CHANGE)).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await session.post(url, { ...DESIGN_CHANGE, _csrf: session.csrf })).status).toBe(303);
  });
});
