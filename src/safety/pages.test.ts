import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  errorSummary,
  fieldError,
  openSiteWorkspace,
  type SiteWorkspace,
} from "../workspace/site-testing.js";
import { inspectionFromForm } from "./routes.js";

let database: TestDatabase;
let site: SiteWorkspace;
let builders: string;

beforeAll(async () => {
  database = await openTestDatabase();
  site = await openSiteWorkspace(database, "2025-03-20T09:00:00Z");
  builders = await site.organisationOf("contractor");
});
afterAll(() => database.destroy());

async function counts() {
  const count = async (table: "safety_inspections" | "safety_findings" | "safety_incidents") =>
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("project_id", "=", site.projectId)
        .executeTakeFirstOrThrow()
    ).n;
  return {
    inspections: await count("safety_inspections"),
    findings: await count("safety_findings"),
    incidents: await count("safety_incidents"),
  };
}

async function findingStatus(id: number) {
  return (
    await database.db
      .selectFrom("safety_findings")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).status;
}

describe("inspection form values", () => {
  it("leaves out rows without a result and points problems back at the form's rows", () => {
    const { input, rename } = inspectionFromForm({
      date: "2025-03-19",
      "items.0.item": "Scaffolding",
      "items.0.result": "",
      "items.3.item": "Guardrails",
      "items.3.result": "fail",
    });
    expect((input.items as { item: string }[]).map((line) => line.item)).toEqual(["Guardrails"]);
    expect(rename({ path: "items.0.deadline", message: "is missing" }).path).toBe(
      "items.3.deadline",
    );
    expect(rename({ path: "date", message: "is missing" }).path).toBe("date");
  });
});

describe("safety pages", () => {
  it("offers the checklist items and the project's organisations", async () => {
    const response = await site.get("supervisor", `${site.base}/safety/inspections/new`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('value="Scaffolding inspected and tagged"');
    expect(html).toContain(`<option value="${builders}">`);
  });

  it("refuses an inspection with a failed item lacking its action, naming each field", async () => {
    const before = await counts();
    const response = await site.post("supervisor", `${site.base}/safety/inspections`, {
      date: "2025-03-25",
      "items.0.item": "Fall protection",
      "items.0.result": "pass",
      "items.1.item": "Scaffolding",
      "items.1.result": "fail",
      "items.1.correctiveAction": "",
      "items.1.responsibleOrganisationId": builders,
      "items.1.deadline": "2025-03-18",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(fieldError(html, "items.1.correctiveAction")).toBe("is missing for a failed item");
    expect(fieldError(html, "items.1.deadline")).toBe(
      "must not be before the inspection date, 2025-03-25",
    );
    expect(errorSummary(html)).toContain(
      "Scaffolding, Corrective action: is missing for a failed item",
    );
    expect(html).toContain('value="Scaffolding"');
    expect(await counts()).toEqual(before);

    // The date is checked against the contract once every field is valid on its own.
    const future = await site.post("supervisor", `${site.base}/safety/inspections`, {
      date: "2025-03-25",
      "items.0.item": "Fall protection",
      "items.0.result": "pass",
    });
    expect(future.status).toBe(400);
    expect(fieldError(await future.text(), "date")).toBe(
      "must not be in the future (today is 2025-03-20)",
    );
    expect(await counts()).toEqual(before);

    const empty = await site.post("supervisor", `${site.base}/safety/inspections`, {
      date: "2025-03-19",
      "items.0.item": "Fall protection",
      "items.0.result": "",
    });
    expect(empty.status).toBe(400);
    expect(errorSummary(await empty.text())).toEqual([
      "Checklist: must list at least one checklist item",
    ]);
    expect(await counts()).toEqual(before);
  });

  it("records an inspection, marks an overdue finding, and closes it after the action", async () => {
    const recorded = await site.post("supervisor", `${site.base}/safety/inspections`, {
      date: "2025-03-19",
      note: "Morning walk-through.",
      "items.0.item": "Fall protection",
      "items.0.result": "pass",
      "items.1.item": "Excavation shoring",
      "items.1.result": "fail",
      "items.1.correctiveAction": "Shore the trench at chainage 1+200.",
      "items.1.responsibleOrganisationId": builders,
      "items.1.deadline": "2025-03-21",
      "items.2.item": "Fire extinguishers",
      "items.2.result": "not_applicable",
    });
    expect(recorded.status).toBe(303);
    const inspectionUrl = recorded.headers.get("Location")!;
    const inspection = await (await site.get("contractor", inspectionUrl)).text();
    expect(inspection).toContain("Not applicable");
    expect(inspection).toContain("Morning walk-through.");
    const finding = await database.db
      .selectFrom("safety_findings")
      .select("id")
      .where("project_id", "=", site.projectId)
      .executeTakeFirstOrThrow();

    site.workspace.clock.now = new Date("2025-03-24T09:00:00Z");
    const overview = await (await site.get("subcontractor", `${site.base}/safety`)).text();
    expect(overview).toContain('<tr class="overdue">');
    expect(overview).toContain("Overdue");

    const url = `${site.base}/safety/findings/${finding.id}`;
    const noAction = await site.post("contractor", `${url}/action-report`, { action: " " });
    expect(noAction.status).toBe(400);
    expect(fieldError(await noAction.text(), "action")).toBe("is missing");
    expect(await findingStatus(finding.id)).toBe("open");

    expect(
      (
        await site.post("contractor", `${url}/action-report`, {
          action: "Trench boxes installed on 23 March.",
        })
      ).status,
    ).toBe(303);
    const again = await site.post("contractor", `${url}/action-report`, { action: "Again." });
    expect(again.status).toBe(409);

    const rejectWithoutNote = await site.post("supervisor", `${url}/verify`, {
      accepted: "false",
      note: "",
    });
    expect(rejectWithoutNote.status).toBe(400);
    expect(fieldError(await rejectWithoutNote.text(), "note")).toBe(
      "is missing: say why the action is not enough",
    );
    expect(await findingStatus(finding.id)).toBe("action_reported");

    const noChoice = await site.post("supervisor", `${url}/verify`, { note: "" });
    expect(noChoice.status).toBe(400);
    expect(await findingStatus(finding.id)).toBe("action_reported");

    expect((await site.post("supervisor", `${url}/verify`, { accepted: "true" })).status).toBe(303);
    expect(await findingStatus(finding.id)).toBe("closed");
    const closed = await (await site.get("contractor", url)).text();
    expect(closed).toContain("Trench boxes installed on 23 March.");
    expect(closed).toContain("Closed");
    expect(closed).not.toContain("Overdue");
    expect(closed).not.toContain("/verify");
  });

  it("refuses an incident with bad fields and lists a good one", async () => {
    const before = await counts();
    const bad = await site.post("subcontractor", `${site.base}/safety/incidents`, {
      date: "2025-02-01",
      kind: "",
      severity: "minor",
      description: "A worker slipped on the formwork.",
      injuries: "one",
      actions: "",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, "kind")).toMatch(/^must be fall, struck_by/);
    expect(fieldError(html, "injuries")).toBe("must be a whole number");
    expect(fieldError(html, "actions")).toBe("is missing");
    expect(html).toContain("A worker slipped on the formwork.");
    expect(await counts()).toEqual(before);

    const early = await site.post("subcontractor", `${site.base}/safety/incidents`, {
      date: "2025-02-01",
      kind: "fall",
      severity: "minor",
      description: "A worker slipped on the formwork.",
      injuries: "1",
      actions: "Formwork cleaned.",
    });
    expect(early.status).toBe(400);
    expect(fieldError(await early.text(), "date")).toBe(
      "must not be before the contract start, 2025-03-01",
    );
    expect(await counts()).toEqual(before);

    const good = await site.post("subcontractor", `${site.base}/safety/incidents`, {
      date: "2025-03-22",
      kind: "near_miss",
      severity: "minor",
      description: "A pallet fell from the hoist.",
      injuries: "0",
      actions: "Hoist load limit posted.",
    });
    expect(good.status).toBe(303);
    const overview = await (await site.get("auditor", `${site.base}/safety?lang=ko`)).text();
    expect(overview).toContain("아차 사고");
    expect(overview).toContain("경미");
    expect(overview).toContain("A pallet fell from the hoist.");
  });
});
