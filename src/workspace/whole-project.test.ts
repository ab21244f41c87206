/**
 * One public works project played from the first administrator to the public project page,
 * entirely through the HTTP JSON API, each step taken by the role that takes it in practice.
 * Private fields carry marker strings, so that the checks of the public page and the OC4IDS
 * export show that nothing private leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFirstAdministrator } from "../accounts/first-admin.js";
import { buildTestJpeg } from "../photos/testing.js";
import { createTestApp } from "../testing/app.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";

type Person = "administrator" | "official" | "supervisor" | "contractor";

const PASSWORD = "a long enough password for the story";
const EMAILS: Record<Person, string> = {
  administrator: "admin.mk7q@city.example",
  official: "official.mk7q@agency.example",
  supervisor: "supervisor.mk7q@cm-firm.example",
  contractor: "site-agent.mk7q@builder.example",
};

/** Private values, each distinctive enough that finding it anywhere public means a leak. */
const PRIVATE = {
  workerName: "Workername Mk7q Park",
  workerIdentity: "MK7Q-850101-1234567",
  workerPhone: "+82 10 5550 7193",
  workerAccount: "MK7QACCT00991",
  rejectionReason: "MK7Q rejection: the concrete quantity disagrees with the delivery note",
  reviewComment: "MK7Q internal: the contractor priced the retaining wall too low",
  photographer: "MK7Q Photographer Lee",
  cameraMake: "MK7Q Camera Works",
  cameraModel: "MK7Q-X100",
};

const SITE = { latitude: 37.5665, longitude: 126.978 };
const FIRST_DAY = "2025-03-03";
const DAYS = 14;
const REJECTED_DAY = 2;

const SCHEDULE = {
  periodUnit: "month",
  items: [
    {
      code: "A1",
      description: "Earthworks",
      unit: "m3",
      quantity: 1400,
      unitPrice: 20000,
      weight: 20,
    },
    {
      code: "B1",
      description: "Concrete",
      unit: "m3",
      quantity: 500,
      unitPrice: 150000,
      weight: 40,
    },
    {
      code: "C1",
      description: "Asphalt paving",
      unit: "m2",
      quantity: 4000,
      unitPrice: 25000,
      weight: 40,
    },
  ],
  periods: [
    { end: "2025-03-31", plannedPercent: 5 },
    { end: "2025-06-30", plannedPercent: 20 },
    { end: "2025-12-31", plannedPercent: 55 },
    { end: "2026-06-30", plannedPercent: 85 },
    { end: "2027-02-28", plannedPercent: 100 },
  ],
};

// Each day 100 of 1400 m3 earthworks (1.4286% of the project) and 20 of 500 m3 concrete (1.6%).
const DAILY_WORK = [
  { itemCode: "A1", quantity: 100 },
  { itemCode: "B1", quantity: 20 },
];

const DESIGN_CHANGE = {
  kind: "design_change",
  description: "Replace the gabion wall at km 2.3 with a reinforced concrete retaining wall",
  reason: "A soil survey found soft clay under the planned wall",
  costImpact: "250000000",
  currency: "KRW",
};
const TIME_EXTENSION = {
  kind: "time_extension",
  description: "Extend the works for the retaining wall",
  reason: "The design change adds six weeks of concrete work",
  days: 30,
  oldCompletionDate: "2027-02-28",
  newCompletionDate: "2027-03-30",
};

let database: TestDatabase;
let app: ReturnType<typeof createTestApp>;
const clock = { now: new Date("2025-02-20T09:00:00Z") };
const tokens = {} as Record<Person, string>;
const userIds = {} as Record<Person, number>;
let projectId: string;
let base: string;

/** A photo as the upload returns it. */
interface UploadedPhoto {
  sha256: string;
  publicSha256: string;
  thumbnailSha256: string;
  latitude: number;
  longitude: number;
  caption: string;
}
const photos: UploadedPhoto[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  app = createTestApp(database, {}, { clock: () => clock.now });
});
afterAll(() => database.destroy());

function dayOf(index: number): string {
  const time = Date.parse(`${FIRST_DAY}T00:00:00Z`) + index * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** Sends a JSON request as `person` (anonymous when null) with its bearer token. */
function call(person: Person | null, method: string, url: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (person) headers.Authorization = `Bearer ${tokens[person]}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  return app.request(url, init);
}

/** Sends a request, expects `status` and returns the parsed JSON body. */
async function expectJson<T = Record<string, unknown>>(
  person: Person | null,
  method: string,
  url: string,
  status: number,
  body?: unknown,
): Promise<T> {
  const response = await call(person, method, url, body);
  const text = await response.text();
  expect(response.status, `${person ?? "anonymous"} ${method} ${url}: ${text}`).toBe(status);
  return JSON.parse(text) as T;
}

async function signIn(person: Person): Promise<void> {
  const body = await expectJson<{ token: string }>(null, "POST", "/api/v1/auth/login", 200, {
    email: EMAILS[person],
    password: PASSWORD,
  });
  tokens[person] = body.token;
}

/** Uploads the site photo of day `index` as the contractor, with EXIF time and position. */
async function uploadPhoto(index: number): Promise<UploadedPhoto> {
  const date = dayOf(index);
  const jpeg = buildTestJpeg({
    seed: index + 1,
    dateTimeOriginal: `${date.replaceAll("-", ":")} 10:30:00`,
    offsetTimeOriginal: "+09:00",
    latitude: SITE.latitude + (index + 1) / 1000,
    longitude: SITE.longitude + (index + 1) / 1000,
    artist: PRIVATE.photographer,
    make: PRIVATE.cameraMake,
    model: PRIVATE.cameraModel,
  });
  const form = new FormData();
  form.append("file", new Blob([jpeg], { type: "image/jpeg" }), `site-${date}.jpg`);
  form.append("caption", `Retaining wall site on ${date}`);
  const response = await app.request(`${base}/photos`, {
    method: "POST",
    headers: { Authorization: `Bearer ${tokens.contractor}` },
    body: form,
  });
  expect(response.status, `photo of ${date}`).toBe(201);
  const photo = (await response.json()) as UploadedPhoto & { positionCheck: string };
  expect(photo.positionCheck, `photo of ${date}`).toBe("within_area");
  // The workspace keeps the EXIF position, which the public checks below look for.
  expect(photo.latitude).toBeCloseTo(SITE.latitude + (index + 1) / 1000, 4);
  expect(photo.longitude).toBeCloseTo(SITE.longitude + (index + 1) / 1000, 4);
  return photo;
}

function dailyReport(index: number, photo: UploadedPhoto) {
  return {
    date: dayOf(index),
    weather: "clear, 12 °C",
    manpower: [
      { trade: "labourer", count: 12 },
      { trade: "concrete finisher", count: 4 },
    ],
    equipment: [{ kind: "excavator", count: 2 }],
    materials: [{ material: "ready-mix concrete", quantity: 20, unit: "m3" }],
    work: DAILY_WORK,
    issues: "",
    photoReferences: [photo.sha256],
  };
}

async function evaluations() {
  const body = await expectJson<{
    items: { threshold: number; subject: string; status: string }[];
  }>("official", "GET", `${base}/evaluations`, 200);
  return body.items.map((item) => `${item.threshold} ${item.subject} ${item.status}`);
}

/** Expects none of the private values, user e-mails or original photo data in `text`. */
function expectNothingPrivate(where: string, text: string): void {
  for (const [field, value] of Object.entries(PRIVATE)) {
    expect(text.includes(value), `${where} shows ${field}`).toBe(false);
  }
  expect(text.includes("5550 7193"), `${where} shows the worker's phone`).toBe(false);
  for (const [person, email] of Object.entries(EMAILS)) {
    expect(text.includes(email), `${where} shows the e-mail of the ${person}`).toBe(false);
  }
  for (const photo of photos) {
    expect(text.includes(photo.sha256), `${where} links an original photo`).toBe(false);
    for (const coordinate of [photo.latitude, photo.longitude]) {
      const rounded = coordinate.toFixed(4);
      expect(text.includes(rounded), `${where} shows a photo coordinate ${rounded}`).toBe(false);
    }
  }
}

describe("a whole project through the API", () => {
  it("creates organisations and users", async () => {
    // The first administrator comes from the environment at installation, as in production.
    await createFirstAdministrator(database.db, {
      email: EMAILS.administrator,
      name: "City administrator",
      password: PASSWORD,
    });
    await signIn("administrator");

    const organisations: Record<string, string> = {};
    for (const name of ["Riverside Road Agency", "Han River CM Firm", "Mokpo Builders"]) {
      const created = await expectJson<{ id: string; name: string }>(
        "administrator",
        "POST",
        "/api/v1/workspace/organisations",
        201,
        { name },
      );
      expect(created.name).toBe(name);
      organisations[name] = created.id;
    }

    const people: [Person, string, string, string[]][] = [
      ["official", "Kim Agency", "Riverside Road Agency", ["agency_official"]],
      ["supervisor", "Lee Supervisor", "Han River CM Firm", []],
      ["contractor", "Choi Site Agent", "Mokpo Builders", []],
    ];
    for (const [person, displayName, organisation, jurisdictionRoles] of people) {
      const user = await expectJson<{ id: number; jurisdictionRoles: string[] }>(
        "administrator",
        "POST",
        "/api/v1/workspace/users",
        201,
        {
          email: EMAILS[person],
          displayName,
          password: PASSWORD,
          organisationId: organisations[organisation],
          jurisdictionRoles,
        },
      );
      expect(user.jurisdictionRoles).toEqual(jurisdictionRoles);
      userIds[person] = user.id;
      await signIn(person);
    }

    // Only an administrator creates accounts.
    const denied = await call("contractor", "POST", "/api/v1/workspace/users", {
      email: "another.mk7q@builder.example",
      displayName: "Another user",
      password: PASSWORD,
    });
    expect(denied.status).toBe(403);
    const users = await expectJson<{ items: { email: string }[] }>(
      "administrator",
      "GET",
      "/api/v1/workspace/users",
      200,
    );
    expect(users.items.map((user) => user.email).sort()).toEqual(Object.values(EMAILS).sort());
  });

  it("registers and staffs a long-term project", async () => {
    const project = await expectJson<{ id: string; mode: string; agencyName: string }>(
      "official",
      "POST",
      "/api/v1/workspace/projects",
      201,
      {
        title: "Riverside road widening, km 0 to 4",
        description: "Widening of the riverside road to four lanes with a retaining wall",
        contractAmount: 5_000_000_000,
        currency: "KRW",
        startDate: "2025-03-01",
        plannedCompletionDate: "2027-02-28",
        locality: "Mapo-gu",
        ...SITE,
      },
    );
    // KRW 5,000,000,000 over 24 months is above both thresholds (KRW 1,000,000,000, 12 months).
    expect(project.mode).toBe("long_term");
    expect(project.agencyName).toBe("Riverside Road Agency");
    projectId = project.id;
    base = `/api/v1/workspace/projects/${encodeURIComponent(projectId)}`;

    const links: [Person, string][] = [
      ["supervisor", "supervisor"],
      ["contractor", "prime_contractor"],
    ];
    for (const [person, role] of links) {
      await expectJson("official", "POST", `${base}/members`, 201, {
        userId: userIds[person],
        role,
      });
    }
    const stored = await expectJson<{ members: { userId: number; role: string }[] }>(
      "contractor",
      "GET",
      base,
      200,
    );
    expect(stored.members.map((member) => `${member.userId} ${member.role}`).sort()).toEqual(
      [
        `${userIds.official} agency_official`,
        `${userIds.supervisor} supervisor`,
        `${userIds.contractor} prime_contractor`,
      ].sort(),
    );
  });

  it("approves the contractor's schedule", async () => {
    clock.now = new Date("2025-03-01T09:00:00Z");
    const submitted = await expectJson<{
      version: number;
      status: string;
      items: { code: string; weight: number }[];
    }>("contractor", "POST", `${base}/schedules`, 201, SCHEDULE);
    expect(submitted.version).toBe(1);
    expect(submitted.status).toBe("submitted");
    expect(submitted.items.map((item) => item.weight)).toEqual([20, 40, 40]);

    // The supervisor reviews reports, but approving a schedule is the agency's decision.
    expect((await call("supervisor", "POST", `${base}/schedules/1/approve`)).status).toBe(403);
    const approved = await expectJson<{ status: string }>(
      "official",
      "POST",
      `${base}/schedules/1/approve`,
      200,
    );
    expect(approved.status).toBe("approved");
  });

  it("registers a worker without echoing personal data", async () => {
    const response = await call("contractor", "POST", `${base}/workers`, {
      reference: "W-001",
      name: PRIVATE.workerName,
      identityNumber: PRIVATE.workerIdentity,
      phone: PRIVATE.workerPhone,
      dailyRate: 180_000,
      bankAccount: {
        holderName: PRIVATE.workerName,
        scheme: "other",
        identifier: PRIVATE.workerAccount,
        agentId: null,
      },
    });
    const text = await response.text();
    expect(response.status, text).toBe(201);
    expect(JSON.parse(text)).toMatchObject({ reference: "W-001", dailyRate: 180_000 });
    expectNothingPrivate("the worker registration response", text);
  });

  it("runs two weeks of daily reports", async () => {
    const reportIds: number[] = [];
    for (let index = 0; index < DAYS; index++) {
      clock.now = new Date(`${dayOf(index)}T09:00:00Z`);
      const photo = await uploadPhoto(index);
      photos.push(photo);
      clock.now = new Date(`${dayOf(index)}T18:00:00Z`);
      const report = await expectJson<{ id: number; status: string }>(
        "contractor",
        "POST",
        `${base}/daily-reports`,
        201,
        dailyReport(index, photo),
      );
      expect(report.status).toBe("submitted");
      reportIds.push(report.id);
    }

    // The supervisor rejects one day with a reason, and the contractor submits it again.
    clock.now = new Date(`${dayOf(DAYS)}T08:00:00Z`);
    const rejectedId = reportIds[REJECTED_DAY]!;
    const rejected = await expectJson<{ status: string }>(
      "supervisor",
      "POST",
      `${base}/daily-reports/${rejectedId}/reject`,
      200,
      { reason: PRIVATE.rejectionReason },
    );
    expect(rejected.status).toBe("rejected");
    const resubmitted = await expectJson<{ id: number; version: number; status: string }>(
      "contractor",
      "POST",
      `${base}/daily-reports`,
      201,
      dailyReport(REJECTED_DAY, photos[REJECTED_DAY]!),
    );
    expect(resubmitted.version).toBe(2);
    expect(resubmitted.status).toBe("submitted");
    reportIds[REJECTED_DAY] = resubmitted.id;

    // A contractor may not approve its own report.
    const ownApproval = await call(
      "contractor",
      "POST",
      `${base}/daily-reports/${reportIds[0]}/approve`,
    );
    expect(ownApproval.status).toBe(403);

    for (const [index, id] of reportIds.entries()) {
      const reviewed = await expectJson<{ status: string }>(
        "supervisor",
        "POST",
        `${base}/daily-reports/${id}/review`,
        200,
      );
      expect(reviewed.status, dayOf(index)).toBe("reviewed");
      const approved = await expectJson<{ status: string }>(
        "official",
        "POST",
        `${base}/daily-reports/${id}/approve`,
        200,
      );
      expect(approved.status, dayOf(index)).toBe("approved");

      // Nine days make 27.26%; the tenth passes 30% and requests the evaluations.
      if (index === 8) expect(await evaluations()).toEqual([]);
      if (index === 9) {
        expect(await evaluations()).toEqual([
          "30 construction pending",
          "30 design pending",
          "30 supervision pending",
        ]);
      }
    }

    const firstVersion = await expectJson<{
      status: string;
      isCurrent: boolean;
      transitions: { to: string; reason: string | null }[];
    }>("contractor", "GET", `${base}/daily-reports/${rejectedId}`, 200);
    expect(firstVersion.status).toBe("rejected");
    expect(firstVersion.isCurrent).toBe(false);
    expect(firstVersion.transitions.at(-1)).toMatchObject({
      to: "rejected",
      reason: PRIVATE.rejectionReason,
    });

    const progress = await expectJson<{
      planned: { observedOn: string; percent: number }[];
      actual: { observedOn: string; percent: number }[];
    }>("supervisor", "GET", `${base}/progress`, 200);
    expect(progress.planned).toHaveLength(SCHEDULE.periods.length);
    expect(progress.actual).toHaveLength(DAYS);
    // 14 days: all 1400 m3 of earthworks (20%) and 280 of 500 m3 of concrete (22.4%).
    expect(progress.actual.at(-1)).toEqual({ observedOn: dayOf(DAYS - 1), percent: 42.4 });
  });

  it("records the construction evaluation", async () => {
    const listed = await expectJson<{ items: { id: number; subject: string }[] }>(
      "supervisor",
      "GET",
      `${base}/evaluations`,
      200,
    );
    const construction = listed.items.find((item) => item.subject === "construction");
    expect(construction).toBeDefined();
    const url = `${base}/evaluations/${construction!.id}`;
    const scores = {
      scores: [
        { criterion: "Quality of work", score: 84 },
        { criterion: "Schedule", score: 77 },
      ],
      comment: "Earthworks finished ahead of the plan.",
    };

    // The contractor is the one evaluated, so it may read the evaluation but not record it.
    expect((await call("contractor", "POST", url, scores)).status).toBe(403);
    const recorded = await expectJson<{ status: string; averageScore: number }>(
      "official",
      "POST",
      url,
      200,
      scores,
    );
    expect(recorded.status).toBe("recorded");
    expect(recorded.averageScore).toBe(80.5);
    expect(await evaluations()).toEqual([
      "30 construction recorded",
      "30 design pending",
      "30 supervision pending",
    ]);
  });

  it("approves a design change and extension", async () => {
    clock.now = new Date("2025-03-20T09:00:00Z");
    const change = await expectJson<{ id: number; status: string }>(
      "contractor",
      "POST",
      `${base}/changes`,
      201,
      DESIGN_CHANGE,
    );
    expect(change.status).toBe("requested");
    const reviewed = await expectJson<{ status: string }>(
      "supervisor",
      "POST",
      `${base}/changes/${change.id}/review`,
      200,
      { comment: PRIVATE.reviewComment },
    );
    expect(reviewed.status).toBe("reviewed");
    expect((await call("contractor", "POST", `${base}/changes/${change.id}/approve`)).status).toBe(
      403,
    );
    const approved = await expectJson<{ status: string; published: boolean; amount: number }>(
      "official",
      "POST",
      `${base}/changes/${change.id}/approve`,
      200,
    );
    expect(approved.status).toBe("approved");
    expect(approved.published).toBe(true);
    expect(approved.amount).toBe(250_000_000);
    const stored = await expectJson<{ steps: { to: string; comment: string | null }[] }>(
      "official",
      "GET",
      `${base}/changes/${change.id}`,
      200,
    );
    expect(stored.steps.map((entry) => entry.to)).toEqual(["requested", "reviewed", "approved"]);
    expect(stored.steps[1]!.comment).toBe(PRIVATE.reviewComment);

    clock.now = new Date("2025-03-21T09:00:00Z");
    const extension = await expectJson<{ id: number }>(
      "contractor",
      "POST",
      `${base}/changes`,
      201,
      TIME_EXTENSION,
    );
    await expectJson("supervisor", "POST", `${base}/changes/${extension.id}/review`, 200);
    const extended = await expectJson<{ status: string; published: boolean; days: number }>(
      "official",
      "POST",
      `${base}/changes/${extension.id}/approve`,
      200,
    );
    expect(extended.status).toBe("approved");
    expect(extended.published).toBe(true);
    expect(extended.days).toBe(30);

    const listed = await expectJson<{ items: { kind: string; status: string }[] }>(
      "supervisor",
      "GET",
      `${base}/changes`,
      200,
    );
    expect(listed.items.map((item) => `${item.kind} ${item.status}`).sort()).toEqual([
      "design_change approved",
      "time_extension approved",
    ]);
  });

  it("shows the record on the public page", async () => {
    const page = await app.request(`/projects/${encodeURIComponent(projectId)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-series="planned"');
    expect(html).toContain('data-series="actual"');
    expect(html).toContain("Latest actual: 42.4 %");
    for (const photo of photos) expect(html).toContain(`/files/${photo.publicSha256}`);
    expect(html).toContain(DESIGN_CHANGE.description);
    expect(html).toContain(DESIGN_CHANGE.reason);
    expect(html).toContain("₩5,000,000,000 → ₩5,250,000,000");
    expect(html).toContain(TIME_EXTENSION.description);
    expect(html).toContain("Mar 1, 2025 – Feb 28, 2027 → Mar 1, 2025 – Mar 30, 2027");
    expectNothingPrivate("the public project page", html);
  });

  it("publishes the record as OC4IDS", async () => {
    const response = await app.request(`/api/v1/projects/${encodeURIComponent(projectId)}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const project = JSON.parse(text) as {
      metrics?: { id: string; observations?: { measure: number }[] }[];
      forecasts?: { id: string; observations?: { measure: number }[] }[];
      documents?: { documentType: string; url: string }[];
      contractingProcesses?: {
        summary: { modifications?: { type: string; description: string }[] };
      }[];
    };
    const actual = project.metrics?.find((metric) => metric.id === "physicalProgress");
    expect(actual?.observations).toHaveLength(DAYS);
    expect(actual?.observations?.at(-1)?.measure).toBe(42.4);
    const planned = project.forecasts?.find((forecast) => forecast.id === "physicalProgress");
    expect(planned?.observations?.map((observation) => observation.measure)).toEqual(
      SCHEDULE.periods.map((period) => period.plannedPercent),
    );
    const illustrations = (project.documents ?? []).filter(
      (document) => document.documentType === "illustration",
    );
    expect(illustrations.map((document) => document.url.split("/").at(-1)).sort()).toEqual(
      photos.map((photo) => photo.publicSha256).sort(),
    );
    const modifications = project.contractingProcesses?.flatMap(
      (process) => process.summary.modifications ?? [],
    );
    expect(modifications?.map((modification) => modification.type).sort()).toEqual([
      "duration",
      "scope",
    ]);
    expectNothingPrivate("the OC4IDS project", text);

    const history = await app.request(`/api/v1/projects/${encodeURIComponent(projectId)}/history`);
    expect(history.status).toBe(200);
    expectNothingPrivate("the public record history", await history.text());

    const search = await app.request("/api/v1/projects?q=riverside");
    expect(search.status).toBe(200);
    const searchText = await search.text();
    const found = JSON.parse(searchText) as { items: { id: string }[] };
    expect(found.items.map((item) => item.id)).toContain(projectId);
    expectNothingPrivate("the public project search", searchText);

    const bulk = await app.request("/api/v1/oc4ids/project-package");
    expect(bulk.status).toBe(200);
    const packageText = await bulk.text();
    expect(packageText).toContain(projectId);
    expectNothingPrivate("the OC4IDS project package", packageText);
  });

  it("serves public photos without EXIF", async () => {
    for (const photo of photos) {
      const response = await app.request(`/files/${photo.publicSha256}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(bytes.includes("Exif\0\0"), `EXIF in ${photo.publicSha256}`).toBe(false);
      for (const field of ["photographer", "cameraMake", "cameraModel"] as const) {
        expect(bytes.includes(PRIVATE[field]), `${field} in ${photo.publicSha256}`).toBe(false);
      }
    }
  });

  it("keeps photo originals and thumbnails from the public", async () => {
    for (const photo of photos) {
      for (const hash of [photo.sha256, photo.thumbnailSha256]) {
        expect((await app.request(`/files/${hash}`)).status, hash).toBe(404);
      }
    }
  });
});
