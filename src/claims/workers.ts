/**
 * The worker registry of a project and daily attendance. Names, identity numbers, phones and
 * bank accounts are personal data: they are stored for payment only, never returned by the
 * listing, logged or published. An identity number is kept only as a salted scrypt hash.
 */
import { randomBytes, scrypt } from "node:crypto";
import { promisify } from "node:util";
import { errors, type Problem } from "../http/errors.js";
import { registerBankAccount, verifyBankAccount } from "../payments/bank-accounts.js";
import type { BankAccountRef, BankAdapter } from "../payments/banks/adapter.js";
import { notYourPayee, ownsWorker, type PayeeActor } from "./payee-access.js";
import { loadContractPeriod, loadPaymentProject, lockPaymentProject } from "./project.js";
import { paymentsOf, workerPayeeId, type ClaimsDb } from "./tables.js";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

/** A worker to register. The daily rate is in minor units of the project's currency. */
export interface WorkerInput {
  reference: string;
  name: string;
  identityNumber: string;
  phone: string | null;
  dailyRate: number;
  bankAccount: BankAccountRef;
}

/** A worker as listed: no name, identity number, phone or account details. */
export interface WorkerSummary {
  id: number;
  reference: string;
  dailyRate: number;
  bankAccountStatus: string | null;
  daysWorked: number;
}

/** Returns the salted scrypt hash of an identity number, hex, and its salt. */
export async function hashIdentityNumber(identityNumber: string, salt = randomBytes(16)) {
  const normalised = identityNumber.replace(/[\s-]/g, "");
  const hash = await scryptAsync(normalised, salt, 32);
  return { hash: hash.toString("hex"), salt: salt.toString("hex") };
}

/**
 * Registers a worker with a bank account, then has the bank verify the account. Raises 409
 * when the project already has a worker with the reference.
 */
export async function registerWorker(
  db: ClaimsDb,
  bank: BankAdapter,
  projectId: string,
  input: WorkerInput,
  actor: { userId: number; now: Date },
): Promise<WorkerSummary> {
  const identity = await hashIdentityNumber(input.identityNumber);
  const worker = await db.transaction().execute(async (trx) => {
    // The project's row lock makes the reference check below hold under concurrent requests.
    await lockPaymentProject(trx, projectId);
    const taken = await trx
      .selectFrom("payment_workers")
      .select("id")
      .where("project_id", "=", projectId)
      .where("reference", "=", input.reference)
      .executeTakeFirst();
    if (taken) {
      throw errors.conflict(`Project ${projectId} already has a worker ${input.reference}.`);
    }
    const row = await trx
      .insertInto("payment_workers")
      .values({
        project_id: projectId,
        reference: input.reference,
        name: input.name,
        identity_hash: identity.hash,
        identity_salt: identity.salt,
        phone: input.phone,
        daily_rate: input.dailyRate,
        registered_by: actor.userId,
        registered_at: actor.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const account = await registerBankAccount(paymentsOf(trx), {
      ...input.bankAccount,
      payeeId: workerPayeeId(row.id),
    });
    await trx
      .updateTable("payment_workers")
      .set({ bank_account_id: account.id })
      .where("id", "=", row.id)
      .execute();
    return { id: row.id, bankAccountId: account.id };
  });

  // Verified after the commit, so a slow bank keeps no transaction open.
  await verifyBankAccount(paymentsOf(db), bank, worker.bankAccountId);
  const summary = (await listWorkers(db, projectId)).find((row) => row.id === worker.id);
  return summary!;
}

/** Lists the project's workers by reference, with their attendance days in all. */
export async function listWorkers(db: ClaimsDb, projectId: string): Promise<WorkerSummary[]> {
  const rows = await db
    .selectFrom("payment_workers")
    .leftJoin("payee_bank_accounts", "payee_bank_accounts.id", "payment_workers.bank_account_id")
    .select((eb) => [
      "payment_workers.id",
      "payment_workers.reference",
      "payment_workers.daily_rate",
      "payee_bank_accounts.status",
      eb
        .selectFrom("worker_attendance")
        .select(eb.fn.countAll<number>().as("days"))
        .whereRef("worker_attendance.worker_id", "=", "payment_workers.id")
        .as("days"),
    ])
    .where("payment_workers.project_id", "=", projectId)
    .orderBy("payment_workers.reference")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    dailyRate: row.daily_rate,
    bankAccountStatus: row.status,
    daysWorked: Number(row.days ?? 0),
  }));
}

/** One day of attendance by worker reference; times are "HH:MM" or absent. */
export interface AttendanceEntry {
  reference: string;
  date: string;
  timeIn: string | null;
  timeOut: string | null;
}

/** The caller of `recordAttendance` and its current date (UTC). */
export interface AttendanceOptions {
  /** The caller; left out for the server's own import, which is not limited to an employer. */
  acting?: PayeeActor;
  /** Today as "YYYY-MM-DD". Attendance after it is rejected. */
  today?: string;
  /** The field path of entry `index`, "entries.<index>" by default. */
  pathOf?: (index: number) => string;
}

/**
 * Records attendance days, one per worker and date; a second entry for the same day replaces
 * the times of the first. Every entry must name a worker of the project on a day of the
 * contract period and not after `today`, or nothing is stored and each problem is reported
 * under the entry's path (400). An actor who may not act for an entry's worker (a
 * subcontractor for another organisation's worker, see `ownsWorker`) gets a 403 naming each
 * such entry, and nothing is stored.
 */
export async function recordAttendance(
  db: ClaimsDb,
  projectId: string,
  entries: AttendanceEntry[],
  options: AttendanceOptions = {},
): Promise<{ recorded: number }> {
  const pathOf = options.pathOf ?? ((index: number) => `entries.${index}`);
  return db.transaction().execute(async (trx) => {
    await loadPaymentProject(trx, projectId);
    const period = await loadContractPeriod(trx, projectId);
    const workers = await trx
      .selectFrom("payment_workers")
      .select(["id", "reference"])
      .where("project_id", "=", projectId)
      .execute();
    const idOf = new Map(workers.map((worker) => [worker.reference, worker.id]));

    const denied: Problem[] = [];
    if (options.acting) {
      for (const [index, entry] of entries.entries()) {
        const workerId = idOf.get(entry.reference);
        if (workerId !== undefined && !(await ownsWorker(trx, options.acting, workerId))) {
          denied.push({
            path: `${pathOf(index)}.reference`,
            message: `${entry.reference} is not a worker of your organisation`,
          });
        }
      }
    }
    if (denied.length > 0) throw notYourPayee(denied);

    const problems: Problem[] = [];
    const days = new Map<string, AttendanceEntry & { workerId: number }>();
    entries.forEach((entry, index) => {
      const workerId = idOf.get(entry.reference);
      if (workerId === undefined) {
        problems.push({
          path: `${pathOf(index)}.reference`,
          message: `${entry.reference} is not a worker of this project`,
        });
        return;
      }
      const outside = attendanceDateProblem(entry.date, period, options.today);
      if (outside) {
        problems.push({ path: `${pathOf(index)}.date`, message: outside });
        return;
      }
      if (entry.timeIn && entry.timeOut && entry.timeOut < entry.timeIn) {
        problems.push({ path: `${pathOf(index)}.timeOut`, message: "is before the time in" });
        return;
      }
      days.set(`${workerId}/${entry.date}`, { ...entry, workerId });
    });
    if (problems.length > 0) throw errors.invalidInput(problems, "Some attendance is invalid.");
    if (days.size === 0) return { recorded: 0 };

    await trx
      .insertInto("worker_attendance")
      .values(
        [...days.values()].map((day) => ({
          worker_id: day.workerId,
          work_date: day.date,
          time_in: day.timeIn,
          time_out: day.timeOut,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(["worker_id", "work_date"]).doUpdateSet((eb) => ({
          time_in: eb.ref("excluded.time_in"),
          time_out: eb.ref("excluded.time_out"),
        })),
      )
      .execute();
    return { recorded: days.size };
  });
}

/**
 * Returns why a day of attendance cannot be recorded: before the contract's start, after the
 * completion date in force, or after today; null when it can.
 */
export function attendanceDateProblem(
  date: string,
  period: { start: string; end: string | null },
  today?: string,
): string | null {
  if (date < period.start || (period.end !== null && date > period.end)) {
    return `${date} is outside the contract period ${period.start} to ${period.end ?? "open"}`;
  }
  if (today !== undefined && date > today) return `${date} is in the future`;
  return null;
}
