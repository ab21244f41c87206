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

let database: TestDatabase;
let workspace: Workspace;
let send: FormSender;
let projectId: string;
let pages: string;

beforeAll(async () => {
  database = await openTestDatabase();
  workspace = await openWorkspace(database, "2025-04-01T09:00:00Z");
  send = formSender(workspace);
  projectId = await workspace.registerProject();
  pages = `/workspace/projects/${encodeURIComponent(projectId)}`;
});
afterAll(() => database.destroy());

const DIRECTIVE = {
  title: "Fence the excavation",
  instruction: "Put up a 1.8 m fence around the pit on the north side.",
  dueDate: "2025-04-10",
  addressedRole: "prime_contractor",
  addressedOrganisationId: "",
};

/** Loads the project's directives with their status and step count. */
async function directiveRows() {
  return database.db
    .withTables<{
      directives: { id: number; project_id: string; status: string; title: string };
      directive_steps: { directive_id: number };
    }>()
    .selectFrom("directives")
    .leftJoin("directive_steps", "directive_steps.directive_id", "directives.id")
    .select(["directives.id", "directives.status", "directives.title"])
    .select((eb) => eb.fn.count<string>("directive_steps.directive_id").as("steps"))
    .where("directives.project_id", "=", projectId)
    .groupBy(["directives.id", "directives.status", "directives.title"])
    .orderBy("directives.id")
    .execute();
}

async function issue(role: Role = "agency", fields: Record<string, string> = DIRECTIVE) {
  const response = await send(role, `${pages}/directives`, fields);
  expect(response.status, `${role} issues`).toBe(303);
  const location = response.headers.get("Location") ?? "";
  expect(location).toMatch(/\/directives\/\d+$/);
  return Number(location.split("/").pop());
}

async function answer(directiveId: number, role: Role = "contractor") {
  const response = await send(role, `${pages}/directives/${directiveId}/report`, {
    text: "Fence up, see photo.",
    attachmentReferences: "https://photos.example.org/fence.jpg",
  });
  expect(response.status, `${role} answers`).toBe(303);
}

describe("directive pages", () => {
  it("lists translated, overdue directive states", async () => {
    const id = await issue("agency", { ...DIRECTIVE, title: "Clean the site road" });
    workspace.clock.now = new Date("2025-04-12T09:00:00Z");
    try {
      const english = await (
        await workspace.call("subcontractor", "GET", `${pages}/directives`)
      ).text();
      expect(english).toContain("Clean the site road");
      expect(english).toContain("Open");
      expect(english).toContain("(overdue)");
      const korean = await (
        await workspace.call("subcontractor", "GET", `${pages}/directives?lang=ko`)
      ).text();
      expect(korean).toContain("조치 대기");
      expect(korean).toContain("기한 초과");
      const detail = await (
        await workspace.call("auditor", "GET", `${pages}/directives/${id}?lang=es`)
      ).text();
      expect(detail).toContain("Abierta");
      expect(detail).toContain("Emitida");
      expect(detail).toContain("Agency user");
    } finally {
      workspace.clock.now = new Date("2025-04-01T09:00:00Z");
    }
  });

  it("rejects a bad directive, storing nothing", async () => {
    const before = await directiveRows();
    const html = await rejectedForm(
      await send("agency", `${pages}/directives`, {
        title: " ",
        instruction: "Do it",
        dueDate: "2025-02-30",
        addressedRole: "mayor",
        addressedOrganisationId: "",
      }),
    );
    expect(html).toContain("Title: is missing");
    expect(html).toContain('id="field-title-error"');
    expect(html).toContain("Due: is not a real calendar date");
    expect(html).toContain("Addressed to: must be agency_official");
    // The typed values come back in the form.
    expect(html).toContain(">Do it</textarea>");
    expect(html).toContain('value="2025-02-30"');
    expect(await directiveRows()).toEqual(before);
  });

  it("rejects an unknown organisation", async () => {
    const before = await directiveRows();
    const html = await rejectedForm(
      await send("agency", `${pages}/directives`, {
        ...DIRECTIVE,
        addressedOrganisationId: "no-such-organisation",
      }),
    );
    expect(html).toContain("Organisation: no organisation has this id");
    expect(await directiveRows()).toEqual(before);
  });

  it("requires report text and a reopening reason", async () => {
    const id = await issue();
    const before = await directiveRows();
    const empty = await rejectedForm(
      await send("contractor", `${pages}/directives/${id}/report`, {
        text: "",
        attachmentReferences: "",
      }),
    );
    expect(empty).toContain("Action report: is missing");
    expect(await directiveRows()).toEqual(before);

    await answer(id);
    const answered = await directiveRows();
    const reopen = await rejectedForm(
      await send("agency", `${pages}/directives/${id}/reopen`, { reason: "" }),
    );
    expect(reopen).toContain("Reason: is missing: say what is still to do");
    expect(await directiveRows()).toEqual(answered);
  });

  it("lets only agency and supervisor issue", async () => {
    await expectFormDenied(
      send,
      ["agency", "supervisor"],
      `${pages}/directives`,
      DIRECTIVE,
      directiveRows,
    );
    await issue("agency");
    await issue("supervisor");
  });

  it("lets only addressee and supervisor answer", async () => {
    const first = await issue();
    const fields = { text: "Done", attachmentReferences: "" };
    await expectFormDenied(
      send,
      ["contractor", "supervisor"],
      `${pages}/directives/${first}/report`,
      fields,
      directiveRows,
    );
    await answer(first, "contractor");
    await answer(await issue(), "supervisor");
  });

  it("lets only the issuing side close, reopen", async () => {
    for (const role of ["agency", "supervisor"] as const) {
      const id = await issue();
      await answer(id);
      await expectFormDenied(
        send,
        ["agency", "supervisor"],
        `${pages}/directives/${id}/close`,
        {},
        directiveRows,
      );
      const closed = await send(role, `${pages}/directives/${id}/close`, {});
      expect(closed.status, `${role} closes`).toBe(303);
      const reason = { reason: "The fence has a gap at the gate." };
      await expectFormDenied(
        send,
        ["agency", "supervisor"],
        `${pages}/directives/${id}/reopen`,
        reason,
        directiveRows,
      );
      const reopened = await send(role, `${pages}/directives/${id}/reopen`, reason);
      expect(reopened.status, `${role} reopens`).toBe(303);
    }
    const history = await (await workspace.call("contractor", "GET", `${pages}/directives`)).text();
    expect(history).toContain("Fence the excavation");
  });

  it("shows who took each step, when", async () => {
    const id = await issue();
    await answer(id);
    await send("agency", `${pages}/directives/${id}/close`, {});
    const html = await (
      await workspace.call("contractor", "GET", `${pages}/directives/${id}`)
    ).text();
    expect(html).toContain("Accepted and closed");
    expect(html).toContain("Action reported");
    expect(html).toContain("Contractor user");
    expect(html).toContain("2025-04-01 09:00 UTC");
    expect(html).toContain("Fence up, see photo.");
  });

  it("refuses a form without the CSRF token", async () => {
    const session = await sessionOf(database, workspace, "agency");
    const before = await directiveRows();
    const refused = await session.post(`${pages}/directives`, DIRECTIVE);
    expect(refused.status).toBe(403);
    expect(await directiveRows()).toEqual(before);
    const accepted = await session.post(`${pages}/directives`, {
      ...DIRECTIVE,
      _csrf: session.csrf,
    });
    expect(accepted.status).toBe(303);
  });
});
