import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import {
  errorSummary,
  openSiteWorkspace,
  SITE_ROLES,
  type SiteWorkspace,
} from "../workspace/site-testing.js";
import { claimTables } from "./tables.js";

let database: TestDatabase;
let site: SiteWorkspace;

beforeAll(async () => {
  database = await openTestDatabase();
  site = await openSiteWorkspace(database, "2025-04-10T09:00:00Z");
  for (const reference of ["C-1001", "C-1002"]) {
    const response = await site.app.request(`/api/v1${site.base}/workers`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${site.workspace.tokens.contractor}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        reference,
        name: `Worker ${reference}`,
        identityNumber: `800101-${reference.slice(2)}11`,
        phone: null,
        dailyRate: 120_000,
        bankAccount: {
          holderName: `Holder ${reference}`,
          scheme: "other",
          identifier: `ACC-${reference}`,
          agentId: null,
        },
      }),
    });
    expect(response.status, await response.text()).toBe(201);
  }
});
afterAll(() => database.destroy());

const page = () => `${site.base}/attendance-import`;
const csv = (text: string) => ({
  name: "gate.csv",
  type: "text/csv",
  bytes: new TextEncoder().encode(text),
});
const EXPORT = [
  "card,time,direction",
  "C-1001,2025-04-07 07:30,in",
  "C-1001,2025-04-07 16:30,out",
  "C-1002,2025-04-07 07:45,in",
].join("\n");

async function recordedDays() {
  return claimTables(database.db)
    .selectFrom("worker_attendance")
    .innerJoin("payment_workers", "payment_workers.id", "worker_attendance.worker_id")
    .select(["payment_workers.reference", "work_date"])
    .where("payment_workers.project_id", "=", site.projectId)
    .execute();
}

describe("card-reader import page", () => {
  it("shows the form with labels in the caller's language", async () => {
    const english = await (await site.get("contractor", page())).text();
    expect(english).toContain("Attendance from card readers");
    expect(english).toContain('enctype="multipart/form-data"');
    const spanish = await site.get("contractor", `${page()}?lang=es`);
    expect(await spanish.text()).toContain("Asistencia desde lectores de tarjetas");
    const korean = await site.get("contractor", `${page()}?lang=ko`);
    expect(await korean.text()).toContain("출입카드 출역 가져오기");
  });

  it("checks a file without recording and lists the rows left out", async () => {
    const response = await site.post("subcontractor", page(), {
      file: csv(EXPORT),
      dryRun: "on",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Checked: nothing was recorded.");
    const cells = html.replace(/<td[^>]*>/g, "<td>");
    expect(cells).toContain("<td>C-1001</td><td>2025-04-07</td><td>07:30</td><td>16:30</td>");
    expect(html).toContain("unpaired tap: in at 07:45 has no out after it on 2025-04-07");
    expect(html).not.toContain("Worker C-1001");
    expect(await recordedDays()).toEqual([]);
  });

  it("records the paired days", async () => {
    const response = await site.post("contractor", page(), { file: csv(EXPORT) });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Days recorded: 1");
    expect(await recordedDays()).toEqual([{ reference: "C-1001", work_date: "2025-04-07" }]);
  });

  it("names a missing file and a missing column, recording nothing more", async () => {
    const before = await recordedDays();
    const missing = await site.post("contractor", page(), { cardColumn: "Badge" });
    expect(missing.status).toBe(400);
    const missingHtml = await missing.text();
    expect(errorSummary(missingHtml).join(" ")).toContain("is missing");
    expect(missingHtml).toContain('value="Badge"');
    const columns = await site.post("contractor", page(), {
      file: csv(EXPORT),
      cardColumn: "Badge",
    });
    expect(columns.status).toBe(400);
    expect(errorSummary(await columns.text()).join(" ")).toContain("no column is named Badge");
    expect(await recordedDays()).toEqual(before);
  });

  it("opens only to the prime contractor and subcontractors", async () => {
    expect((await site.get(null, page())).status).toBe(303);
    for (const role of SITE_ROLES) {
      const view = await site.get(role, page());
      const upload = await site.post(role, page(), { file: csv(EXPORT), dryRun: "on" });
      const allowed = role === "contractor" || role === "subcontractor";
      expect({ role, view: view.status, upload: upload.status }).toEqual({
        role,
        view: allowed ? 200 : 403,
        upload: allowed ? 200 : 403,
      });
    }
  });
});
