import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdRetention } from "../payments/accounts.js";
import { paymentTables } from "../payments/tables.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  errorSummary,
  fieldError,
  openSiteWorkspace,
  SITE_ROLES,
  type SiteWorkspace,
} from "../workspace/site-testing.js";

let database: TestDatabase;
let site: SiteWorkspace;

beforeAll(async () => {
  database = await openTestDatabase();
  site = await openSiteWorkspace(database, "2026-06-01T09:00:00Z");
});
afterAll(() => database.destroy());

/** Calls the JSON API of the project as `role`. */
async function api(role: "agency" | "contractor", method: string, rest: string, body?: unknown) {
  const response = await site.app.request(`/api/v1${site.base}${rest}`, {
    method,
    headers: {
      Authorization: `Bearer ${site.workspace.tokens[role]}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response;
}

const page = () => `${site.base}/retention`;

describe("retention page", () => {
  it("opens to members and oversight roles, the release to the agency official only", async () => {
    for (const role of SITE_ROLES) {
      const view = await site.get(role, page());
      const release = await site.post(role, page(), { executionDate: "2026-06-30" });
      const html = view.status === 200 ? await view.text() : "";
      expect({
        role,
        view: view.status,
        form: html.includes("Release and pay"),
        release: release.status === 403 ? 403 : "allowed",
      }).toEqual({
        role,
        view: role === "outsider" ? 403 : 200,
        form: role === "agency",
        release: role === "agency" ? "allowed" : 403,
      });
    }
  });

  it("names a missing date and waits for the final inspection", async () => {
    const missing = await site.post("agency", page(), { executionDate: "" });
    expect(missing.status).toBe(400);
    expect(fieldError(await missing.text(), "executionDate")).toBe("must be a date YYYY-MM-DD");
    const early = await site.post("agency", page(), { executionDate: "2026-06-30" });
    expect(early.status).toBe(409);
    expect(errorSummary(await early.text()).join(" ")).toContain(
      "only after the final inspection is recorded",
    );
  });

  it("releases the retention held to the prime contractor after the final inspection", async () => {
    await api("contractor", "POST", "/contracts", {
      kind: "prime",
      partyName: "Hanbit Construction",
      amount: 95_000_000,
      bankAccount: { holderName: "Hanbit", scheme: "other", identifier: "PRIME-1", agentId: null },
    });
    await api("agency", "POST", "/deposits", {
      amount: 500_000,
      reference: "retention-test",
      segregatedAccount: {
        holderName: "Project",
        scheme: "other",
        identifier: "SEG-1",
        agentId: null,
      },
    });
    await holdRetention(paymentTables(database.db), {
      projectId: site.projectId,
      currency: "KRW",
      amount: 120_000,
      idempotencyKey: "retention-page-test",
    });
    await api("agency", "POST", "/final-inspection");

    const before = await (await site.get("agency", page())).text();
    expect(before).toContain("2026-06-01");
    const released = await site.post("agency", page(), { executionDate: "2026-06-30" });
    expect(released.status).toBe(303);
    const after = await (await site.get("agency", `${page()}?released=1`)).text();
    expect(after).toContain("The retention release was sent to the bank.");
    expect(after).toContain(`>retention-${site.projectId}-1</td>`);
    const korean = await (await site.get("auditor", `${page()}?lang=ko`)).text();
    expect(korean).toContain("유보금");
    const spanish = await (await site.get("auditor", `${page()}?lang=es`)).text();
    expect(spanish).toContain("Retención");
  });
});
