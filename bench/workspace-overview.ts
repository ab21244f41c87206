/**
 * Reads the agency's all-projects view and an agency official's waiting list over 1,500
 * registered projects, on the embedded database or, with DATABASE_URL, on a fresh database
 * of that server. Each project has an approved schedule of 24 monthly periods, 60 days of
 * actual progress, two directives, a daily report waiting for approval and an overdue share.
 *
 *   npx tsx bench/workspace-overview.ts [projects]
 *
 * Figures are in docs/benchmarks.md.
 */
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import type { Principal } from "../src/accounts/permissions.js";
import { readOverview } from "../src/dashboards/overview.js";
import { listWaiting } from "../src/dashboards/waiting.js";
import { openTestDatabase } from "../src/testing/database.js";

const PROJECTS = Number(process.argv[2] ?? 1500);
const NOW = new Date("2026-06-15T09:00:00Z");
const SETTINGS = { behindPlanPoints: 10, approvalDays: 7 };

const database = await openTestDatabase();
const { db } = database;

/** Fills the tables with set-based inserts, so that building the data set takes seconds. */
async function generate(): Promise<void> {
  const run = (statement: ReturnType<typeof sql>) => statement.execute(db);
  await run(sql`
    INSERT INTO organisations (id, name)
    SELECT 'agency-' || a, 'Agency ' || a FROM generate_series(1, 12) a`);
  await run(sql`
    INSERT INTO users (email, display_name, password_hash)
    VALUES ('official@example.test', 'Official', 'unused'),
           ('builder@example.test', 'Builder', 'unused')`);
  await run(sql`
    INSERT INTO projects (id, publisher, title)
    SELECT 'bench-' || p, 'bench', 'Project ' || p FROM generate_series(1, ${PROJECTS}::int) p`);
  await run(sql`
    INSERT INTO workspace_projects
      (project_id, mode, contract_amount, contract_currency, start_date, planned_completion_date,
       agency_id)
    SELECT 'bench-' || p, CASE WHEN p % 5 = 0 THEN 'short_term' ELSE 'long_term' END,
      1000000000 + p, 'KRW', date '2025-01-01', date '2026-12-31', 'agency-' || (p % 12 + 1)
    FROM generate_series(1, ${PROJECTS}::int) p`);
  await run(sql`
    INSERT INTO project_memberships (project_id, user_id, role)
    SELECT 'bench-' || p, u.id, CASE WHEN u.email LIKE 'official%' THEN 'agency_official'
      ELSE 'prime_contractor' END
    FROM generate_series(1, ${PROJECTS}::int) p CROSS JOIN users u`);
  await run(sql`
    INSERT INTO work_schedules
      (project_id, version, status, period_unit, currency, submitted_by, submitted_at)
    SELECT 'bench-' || p, 1, 'approved', 'month', 'KRW', (SELECT min(id) FROM users), now()
    FROM generate_series(1, ${PROJECTS}::int) p`);
  await run(sql`
    INSERT INTO schedule_periods (schedule_id, period_end, planned_percent)
    SELECT s.id, (date '2025-01-01' + (m || ' month')::interval - interval '1 day')::date,
      round(100.0 * m / 24, 2)
    FROM work_schedules s CROSS JOIN generate_series(1, 24) m`);
  await run(sql`
    INSERT INTO progress_observations
      (project_id, kind, basis, observed_on, percent, process_id, source)
    SELECT 'bench-' || p, 'physical', 'actual', date '2026-04-01' + d,
      least(100, (p % 90) + d * 0.1), '', 'workspace:daily-reports'
    FROM generate_series(1, ${PROJECTS}::int) p CROSS JOIN generate_series(1, 60) d`);
  await run(sql`
    INSERT INTO directives
      (project_id, title, instruction, due_date, addressed_role, status, issued_by, issued_at)
    SELECT 'bench-' || p, 'Directive ' || k, 'Do it', date '2026-06-01' + k * 10,
      'prime_contractor', 'open', (SELECT min(id) FROM users), now()
    FROM generate_series(1, ${PROJECTS}::int) p CROSS JOIN generate_series(1, 2) k`);
  await run(sql`
    INSERT INTO daily_reports
      (project_id, report_date, version, status, weather, submitted_by, submitted_at)
    SELECT 'bench-' || p, date '2026-06-01', 1, 'reviewed', 'clear', (SELECT max(id) FROM users),
      timestamptz '2026-06-01 18:00Z'
    FROM generate_series(1, ${PROJECTS}::int) p`);
  await run(sql`
    INSERT INTO payment_claims
      (project_id, period_start, period_end, currency, gross_amount, retention_amount,
       advance_recovery, net_amount, status, claimed_by, claimed_at)
    SELECT 'bench-' || p, date '2026-04-01', date '2026-04-30', 'KRW', 100, 0, 0, 100,
      'approved', (SELECT max(id) FROM users), now()
    FROM generate_series(1, ${PROJECTS}::int) p`);
  await run(sql`
    INSERT INTO payment_shares (id, project_id, payee_id, currency, approved_amount)
    SELECT 'share-' || c.id, c.project_id, 'contract:1', 'KRW', 100 FROM payment_claims c`);
  await run(sql`
    INSERT INTO payment_share_terms (share_id, project_id, claim_id, payee_kind, due_on)
    SELECT 'share-' || c.id, c.project_id, c.id, 'prime', date '2026-06-01'
    FROM payment_claims c`);
  await run(sql`ANALYZE`);
}

/** Runs `work` five times after one warm-up and returns the median in milliseconds. */
async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2]!;
}

const built = performance.now();
await generate();
console.log(`generated ${PROJECTS} projects in ${Math.round(performance.now() - built)} ms`);

const official = await db
  .selectFrom("users")
  .select("id")
  .where("email", "=", "official@example.test")
  .executeTakeFirstOrThrow();
const principal: Principal = {
  userId: official.id,
  displayName: "Official",
  organisationId: null,
  jurisdictionRoles: [],
};
const cases: [string, () => Promise<unknown>][] = [
  ["overview, first page by title", () => readOverview(db, {}, NOW, SETTINGS)],
  [
    "overview, behind plan by difference",
    () => readOverview(db, { behind: "1", sort: "difference" }, NOW, SETTINGS),
  ],
  [
    "overview, one agency, page 3",
    () => readOverview(db, { agency: "agency-3", page: 3, pageSize: 20 }, NOW, SETTINGS),
  ],
  ["waiting list of an official in every project", () => listWaiting(db, principal, NOW, 7)],
];
const backend = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
for (const [name, work] of cases) {
  console.log(`${backend}: ${name}: ${(await median(work)).toFixed(1)} ms (median of 5)`);
}
const sample = await readOverview(db, {}, NOW, SETTINGS);
console.log(`behind plan: ${sample.behindPlanTotal} of ${sample.total}`);
const waiting = await listWaiting(db, principal, NOW, 7);
console.log(`waiting items of the official: ${waiting.items.length}`);
await database.destroy();
