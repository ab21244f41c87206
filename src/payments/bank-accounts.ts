/**
 * Payees' bank accounts, and the segregated account each project pays from. A payee's
 * account is checked through the bank adapter before its first use; payments go only to
 * verified accounts. Holder names and account numbers are personal data: errors and logs name
 * an account by its id only.
 */
import type { Problem } from "../http/errors.js";
import type { BankAccountRef, BankAdapter } from "./banks/adapter.js";
import { paymentErrors } from "./errors.js";
import type { AccountScheme, BankAccountStatus, PaymentsDb } from "./tables.js";

/** A payee's bank account to register. */
export interface BankAccountInput extends BankAccountRef {
  payeeId: string;
}

/** A payee's bank account as stored. */
export interface PayeeBankAccount extends BankAccountRef {
  id: number;
  payeeId: string;
  status: BankAccountStatus;
  statusReason: string | null;
}

/**
 * Registers a payee's bank account, unverified, and returns it. Registering the same account
 * for the same payee again returns the stored one.
 */
export async function registerBankAccount(
  db: PaymentsDb,
  input: BankAccountInput,
): Promise<PayeeBankAccount> {
  const account = normaliseAccount(input);
  const problems = checkAccount(account);
  if (typeof input.payeeId !== "string" || input.payeeId.trim() === "") {
    problems.push({ path: "payeeId", message: "is missing" });
  }
  if (problems.length > 0) throw paymentErrors.invalidInput(problems);

  await db
    .insertInto("payee_bank_accounts")
    .values({
      payee_id: input.payeeId,
      holder_name: account.holderName,
      scheme: account.scheme,
      identifier: account.identifier,
      agent_id: account.agentId,
    })
    .onConflict((conflict) => conflict.columns(["payee_id", "scheme", "identifier"]).doNothing())
    .execute();
  const row = await db
    .selectFrom("payee_bank_accounts")
    .select("id")
    .where("payee_id", "=", input.payeeId)
    .where("scheme", "=", account.scheme)
    .where("identifier", "=", account.identifier)
    .executeTakeFirstOrThrow();
  return getBankAccount(db, row.id);
}

/**
 * Asks the bank whether the account exists and can receive transfers, and stores the answer.
 * A verified account stays verified; a rejected one may be checked again.
 */
export async function verifyBankAccount(
  db: PaymentsDb,
  bank: BankAdapter,
  accountId: number,
): Promise<PayeeBankAccount> {
  const account = await getBankAccount(db, accountId);
  if (account.status === "verified") return account;

  const verification = await bank.verifyAccount(account);
  await db
    .updateTable("payee_bank_accounts")
    .set(
      verification.valid
        ? { status: "verified", status_reason: null, verified_at: new Date() }
        : { status: "rejected", status_reason: verification.reason, verified_at: null },
    )
    .where("id", "=", accountId)
    .execute();
  return getBankAccount(db, accountId);
}

/** Returns the stored account, or raises not_found. */
export async function getBankAccount(db: PaymentsDb, accountId: number): Promise<PayeeBankAccount> {
  const row = await db
    .selectFrom("payee_bank_accounts")
    .selectAll()
    .where("id", "=", accountId)
    .executeTakeFirst();
  if (!row) throw paymentErrors.notFound(`Bank account ${accountId}`);
  return {
    id: row.id,
    payeeId: row.payee_id,
    holderName: row.holder_name,
    scheme: row.scheme,
    identifier: row.identifier,
    agentId: row.agent_id,
    status: row.status,
    statusReason: row.status_reason,
  };
}

/** Registers (or replaces) the segregated bank account a project pays from in `currency`. */
export async function registerSegregatedBankAccount(
  db: PaymentsDb,
  input: BankAccountRef & { projectId: string; currency: string },
): Promise<void> {
  const account = normaliseAccount(input);
  const problems = checkAccount(account);
  if (!/^[A-Z]{3}$/.test(input.currency)) {
    problems.push({ path: "currency", message: `${input.currency} is not an ISO 4217 code` });
  }
  if (problems.length > 0) throw paymentErrors.invalidInput(problems);

  const values = {
    holder_name: account.holderName,
    scheme: account.scheme,
    identifier: account.identifier,
    agent_id: account.agentId,
  };
  await db
    .insertInto("segregated_bank_accounts")
    .values({ project_id: input.projectId, currency: input.currency, ...values })
    .onConflict((conflict) => conflict.columns(["project_id", "currency"]).doUpdateSet(values))
    .execute();
}

/** Returns the segregated bank account of the project in `currency`, or raises not_found. */
export async function getSegregatedBankAccount(
  db: PaymentsDb,
  projectId: string,
  currency: string,
): Promise<BankAccountRef> {
  const row = await db
    .selectFrom("segregated_bank_accounts")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("currency", "=", currency)
    .executeTakeFirst();
  if (!row) throw paymentErrors.notFound(`Segregated bank account of ${projectId} in ${currency}`);
  return {
    holderName: row.holder_name,
    scheme: row.scheme,
    identifier: row.identifier,
    agentId: row.agent_id,
  };
}

function normaliseAccount(input: BankAccountRef): BankAccountRef {
  const identifier = String(input.identifier ?? "").trim();
  return {
    holderName: String(input.holderName ?? "").trim(),
    scheme: input.scheme,
    identifier: input.scheme === "iban" ? identifier.replace(/\s+/g, "").toUpperCase() : identifier,
    agentId: input.agentId ? input.agentId.trim().toUpperCase() : null,
  };
}

/** Returns the problems of an account's fields; the messages never repeat the values. */
export function checkAccount(account: BankAccountRef): Problem[] {
  const problems: Problem[] = [];
  // ISO 20022 names are Max140Text.
  if (account.holderName === "" || account.holderName.length > 140) {
    problems.push({ path: "holderName", message: "must be 1 to 140 characters" });
  }
  if (!isScheme(account.scheme)) {
    problems.push({ path: "scheme", message: 'must be "iban" or "other"' });
  } else if (account.scheme === "iban" && !isValidIban(account.identifier)) {
    problems.push({ path: "identifier", message: "is not a valid IBAN (check digits or format)" });
  } else if (account.scheme === "other" && !/^[A-Za-z0-9-]{1,34}$/.test(account.identifier)) {
    // Othr/Id of an account is Max34Text; digits, letters and hyphens keep files portable.
    problems.push({
      path: "identifier",
      message: "must be 1 to 34 letters, digits or hyphens",
    });
  }
  if (account.agentId !== null && !/^[A-Z0-9]{4,11}$/.test(account.agentId)) {
    problems.push({
      path: "agentId",
      message: "must be a BIC or a bank code of 4 to 11 letters or digits",
    });
  }
  return problems;
}

function isScheme(value: unknown): value is AccountScheme {
  return value === "iban" || value === "other";
}

/** Checks an IBAN's shape and its ISO 13616 mod-97 check digits. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
