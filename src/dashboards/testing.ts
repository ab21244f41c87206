/**
 * Projects for the dashboard tests: registered, with the sample schedule approved, and with a
 * day of concrete work approved when asked, so that actual progress is known.
 */
import { expect } from "vitest";
import { SAMPLE_SCHEDULE, sampleReport, type Workspace } from "../reports/testing.js";

/** A schedule of a short-term project (March to August 2025) on the same work items. */
const SHORT_TERM_SCHEDULE = {
  ...SAMPLE_SCHEDULE,
  periods: [
    { end: "2025-03-31", plannedPercent: 5 },
    { end: "2025-06-30", plannedPercent: 20 },
    { end: "2025-08-31", plannedPercent: 100 },
  ],
};

async function expectStatus(response: Promise<Response>, status: number) {
  const answer = await response;
  expect(answer.status, await answer.clone().text()).toBe(status);
  return (await answer.json()) as { id: number; agencyId: string };
}

/**
 * Registers a project (contract from 1 March 2025), has its schedule submitted and approved,
 * and with `work` approves one daily report of that work on the workspace's current day. In the
 * sample schedule 1000 m3 of earthworks (A1) weigh 10.2564%, 500 m3 of concrete (B1) 38.4615%
 * and 4000 m2 of paving (C1) 51.2821%.
 */
export async function addScheduledProject(
  workspace: Workspace,
  options: { shortTerm?: boolean; work?: { itemCode: string; quantity: number }[] } = {},
): Promise<{ id: string; base: string; agencyId: string }> {
  const call = workspace.call.bind(workspace);
  const id = await workspace.registerProject({ shortTerm: options.shortTerm ?? false });
  const base = `/api/v1/workspace/projects/${encodeURIComponent(id)}`;
  const schedule = options.shortTerm ? SHORT_TERM_SCHEDULE : SAMPLE_SCHEDULE;
  await expectStatus(call("contractor", "POST", `${base}/schedules`, schedule), 201);
  await expectStatus(call("agency", "POST", `${base}/schedules/1/approve`), 200);

  if (options.work) {
    const day = workspace.clock.now.toISOString().slice(0, 10);
    const report = await expectStatus(
      call("contractor", "POST", `${base}/daily-reports`, {
        ...sampleReport(day),
        work: options.work,
      }),
      201,
    );
    await expectStatus(
      call("supervisor", "POST", `${base}/daily-reports/${report.id}/review`),
      200,
    );
    await expectStatus(call("agency", "POST", `${base}/daily-reports/${report.id}/approve`), 200);
  }
  const { agencyId } = await expectStatus(call("agency", "GET", base), 200);
  return { id, base, agencyId };
}

/** Sends a request through `call` and checks its status. */
export { expectStatus };
