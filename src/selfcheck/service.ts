/**
 * The payee self-check: a payee enters name and phone number, receives a one-time code by SMS,
 * and with it opens a short session that lists its own shares, with no account. A worker gives
 * the name and phone registered for them, and a subcontractor or supplier the party name and
 * contact phone of its contract. The code request returns the same whether or not the person
 * is a registered payee, so the check reveals nothing about who is registered.
 */
import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword, verifyPassword } from "../accounts/password.js";
import { newSecret, secretSha256 } from "../accounts/secrets.js";
import { holdReason } from "../claims/compliance.js";
import { complianceTables } from "../claims/compliance-tables.js";
import { claimTables, paymentsOf, type ClaimsDb } from "../claims/tables.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import type { Language } from "../i18n/index.js";
import type { NotificationSettings } from "../notifications/settings.js";
import type { SmsAdapter } from "../notifications/sms.js";
import { notificationTables } from "../notifications/tables.js";
import { renderSelfcheckCode } from "../notifications/templates.js";
import { shareState } from "../payments/shares.js";
import { foldForSearch } from "../shared/text.js";

/** The name and phone a person enters to request a code. */
export interface CodeRequest {
  name: string;
  phone: string;
}

/** The settings the self-check reads. */
export type SelfcheckSettings = Pick<
  NotificationSettings,
  "selfcheckCodeMinutes" | "selfcheckMaxAttempts" | "selfcheckSessionMinutes"
>;

/** Returns the digits of a phone number: "010-1234 5678" and "01012345678" match. */
export function normalisePhone(phone: string): string {
  return phone.replace(/\D/g, "");
}

/** Returns the SHA-256 of the folded name and the phone's digits, which is all that is stored. */
export function payeeKey(name: string, phone: string): string {
  return secretSha256(`${foldForSearch(name)}\n${normalisePhone(phone)}`);
}

/** Checks a code request's fields; raises 400 naming each bad field. */
export function checkCodeRequest(input: CodeRequest): void {
  const problems: Problem[] = [];
  if (foldForSearch(input.name).length === 0) {
    problems.push({ path: "name", message: "is missing" });
  } else if (input.name.length > 200) {
    problems.push({ path: "name", message: "is longer than 200 characters" });
  }
  const digits = normalisePhone(input.phone).length;
  if (digits < 7 || digits > 15) {
    problems.push({ path: "phone", message: "must have 7 to 15 digits" });
  }
  if (problems.length > 0) throw errors.invalidInput(problems, "The check request is invalid.");
}

/** The payees registered under one name and phone: workers and contract parties. */
interface MatchedPayees {
  workerIds: number[];
  contractIds: number[];
  /** The registered phone to send the code to, or null when no payee matched. */
  phone: string | null;
}

/**
 * Finds the workers registered with this name and phone, and the subcontracts and supply
 * agreements whose party name and contact phone match, in every project.
 *
 * NOTE: the phone is compared by its digits only, so "+82 10…" does not match "010…". Each
 * request also reads every payee with a phone, a scan of the registry.
 */
async function findPayees(db: ClaimsDb, key: string): Promise<MatchedPayees> {
  const workers = await db
    .selectFrom("payment_workers")
    .select(["id", "name", "phone"])
    .where("phone", "is not", null)
    .execute();
  const contracts = await db
    .selectFrom("payment_contracts")
    .select(["id", "party_name", "contact_phone"])
    .where("contact_phone", "is not", null)
    .execute();
  const matchedWorkers = workers.filter((worker) => payeeKey(worker.name, worker.phone!) === key);
  const matchedContracts = contracts.filter(
    (contract) => payeeKey(contract.party_name, contract.contact_phone!) === key,
  );
  return {
    workerIds: matchedWorkers.map((worker) => worker.id),
    contractIds: matchedContracts.map((contract) => contract.id),
    phone: matchedWorkers[0]?.phone ?? matchedContracts[0]?.contact_phone ?? null,
  };
}

/**
 * Sends a one-time code to a registered payee's phone and stores only its scrypt hash. Does
 * nothing for an unknown name and phone, so the caller returns the same response for both.
 *
 * The code goes straight to the SMS adapter, not through the outbox, so that the database never
 * holds it in clear.
 *
 * NOTE: a known payee's request takes longer (hashing, SMS) than an unknown one's, so response
 * time could still tell them apart; the per-phone and per-address limits slow such probing.
 */
export async function requestCode<T>(
  database: Kysely<T>,
  sms: SmsAdapter,
  input: CodeRequest,
  options: { now: Date; language: Language; settings: SelfcheckSettings },
): Promise<void> {
  checkCodeRequest(input);
  const key = payeeKey(input.name, input.phone);
  const payees = await findPayees(claimTables(database), key);
  if (payees.phone === null) return;

  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const minutes = options.settings.selfcheckCodeMinutes;
  await notificationTables(database)
    .insertInto("selfcheck_codes")
    .values({
      payee_key: key,
      code_hash: await hashPassword(code),
      expires_at: new Date(options.now.getTime() + minutes * 60_000),
      created_at: options.now,
    })
    .execute();
  await sms.send({
    to: payees.phone,
    body: renderSelfcheckCode(options.language, code, minutes),
  });
}

/** Raised for a wrong, used, locked or expired code, all alike. */
function codeRejected(): AppError {
  return new AppError(
    "code_rejected",
    400,
    "The code is wrong or has expired. Check it, or ask for a new code.",
    [{ path: "code", message: "is wrong or has expired" }],
  );
}

/**
 * Checks a code against the latest one sent for this name and phone. A wrong code counts an
 * attempt, and a code with `selfcheckMaxAttempts` wrong attempts accepts nothing more. Returns
 * the secret of a new session on success.
 */
export async function verifyCode<T>(
  database: Kysely<T>,
  input: CodeRequest & { code: string },
  options: { now: Date; settings: SelfcheckSettings },
): Promise<{ sessionSecret: string; expiresAt: Date }> {
  checkCodeRequest(input);
  if (!/^\d{6}$/.test(input.code.trim())) {
    throw errors.invalidInput([{ path: "code", message: "must be 6 digits" }]);
  }
  const db = notificationTables(database);
  const key = payeeKey(input.name, input.phone);
  const latest = await db
    .selectFrom("selfcheck_codes")
    .selectAll()
    .where("payee_key", "=", key)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (
    !latest ||
    latest.used_at !== null ||
    latest.expires_at.getTime() <= options.now.getTime() ||
    latest.attempts >= options.settings.selfcheckMaxAttempts
  ) {
    throw codeRejected();
  }
  if (!(await verifyPassword(input.code.trim(), latest.code_hash))) {
    await db
      .updateTable("selfcheck_codes")
      .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
      .where("id", "=", latest.id)
      .execute();
    throw codeRejected();
  }

  // Marking the code used only when it is still unused keeps two entries of it to one session.
  const used = await db
    .updateTable("selfcheck_codes")
    .set({ used_at: options.now })
    .where("id", "=", latest.id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw codeRejected();

  const sessionSecret = newSecret();
  const expiresAt = new Date(
    options.now.getTime() + options.settings.selfcheckSessionMinutes * 60_000,
  );
  await db
    .insertInto("selfcheck_sessions")
    .values({ id_hash: secretSha256(sessionSecret), payee_key: key, expires_at: expiresAt })
    .execute();
  return { sessionSecret, expiresAt };
}

/** One share of the payee, as their own view shows it. */
export interface OwnShare {
  projectId: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  approved: number;
  paid: number;
  inPayment: number;
  status: "paid" | "in_payment" | "held" | "late" | "approved";
  /** The reasons of the share's open holds; empty when it is not held. */
  holdReasons: string[];
  dueOn: string | null;
  paidOn: string | null;
}

/**
 * Lists the shares of the session's payee, newest period first. Returns null when the session
 * is unknown or expired. Nothing about other payees or the project's internals is returned.
 */
export async function listOwnShares<T>(
  database: Kysely<T>,
  sessionSecret: string,
  now: Date,
): Promise<OwnShare[] | null> {
  const session = await notificationTables(database)
    .selectFrom("selfcheck_sessions")
    .select("payee_key")
    .where("id_hash", "=", secretSha256(sessionSecret))
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!session) return null;

  const db = claimTables(database);
  const { workerIds, contractIds } = await findPayees(db, session.payee_key);
  if (workerIds.length === 0 && contractIds.length === 0) return [];

  const lines = await complianceTables(db)
    .selectFrom("payment_claim_lines")
    .innerJoin("payment_claims", "payment_claims.id", "payment_claim_lines.claim_id")
    .leftJoin("payment_share_terms", "payment_share_terms.share_id", "payment_claim_lines.share_id")
    .select([
      "payment_claim_lines.share_id",
      "payment_claims.project_id",
      "payment_claims.period_start",
      "payment_claims.period_end",
      "payment_claims.currency",
      "payment_share_terms.due_on",
      "payment_share_terms.paid_on",
    ])
    .where((eb) =>
      eb.or([
        ...(workerIds.length > 0 ? [eb("payment_claim_lines.worker_id", "in", workerIds)] : []),
        ...(contractIds.length > 0
          ? [eb("payment_claim_lines.contract_id", "in", contractIds)]
          : []),
      ]),
    )
    .where("payment_claim_lines.share_id", "is not", null)
    .orderBy("payment_claims.period_end", "desc")
    .execute();

  const today = now.toISOString().slice(0, 10);
  const shares: OwnShare[] = [];
  for (const line of lines) {
    const state = await shareState(paymentsOf(db), line.share_id!);
    const holds = await complianceTables(db)
      .selectFrom("payment_share_holds")
      .select(["document_kind", "reason"])
      .where("share_id", "=", line.share_id!)
      .where("released_at", "is", null)
      .execute();
    const holdReasons = holds.map((hold) => hold.reason ?? holdReason(hold.document_kind));
    const status: OwnShare["status"] =
      state.paid >= state.approvedAmount
        ? "paid"
        : state.inPayment > 0
          ? "in_payment"
          : holdReasons.length > 0
            ? "held"
            : line.due_on !== null && line.due_on < today
              ? "late"
              : "approved";
    shares.push({
      projectId: line.project_id,
      periodStart: line.period_start,
      periodEnd: line.period_end,
      currency: line.currency,
      approved: state.approvedAmount,
      paid: state.paid,
      inPayment: state.inPayment,
      status,
      holdReasons,
      dueOn: line.due_on,
      paidOn: line.paid_on,
    });
  }
  return shares;
}
