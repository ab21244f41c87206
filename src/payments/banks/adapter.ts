/**
 * The one interface behind which every bank sits: the simulated bank of the demo and the
 * tests, and the payment-file bank that exchanges ISO 20022 files.
 *
 * Every payment carries an idempotency key. A bank that receives a key it has seen returns
 * the first outcome and moves no money again, so a retry after a timeout is always safe.
 */
import type { AccountScheme } from "../tables.js";

/** A bank account as a bank needs it. Holder names and identifiers are personal data. */
export interface BankAccountRef {
  holderName: string;
  scheme: AccountScheme;
  /** The IBAN, or the domestic account number. */
  identifier: string;
  /** BIC, or the domestic bank code; null when the bank does not need it. */
  agentId: string | null;
}

/** The outcome of checking an account before its first use. */
export type AccountVerification = { valid: true } | { valid: false; reason: string };

/** One credit transfer in a batch. */
export interface OutgoingPayment {
  /** The idempotency key, sent as the pain.001 EndToEndId. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  creditor: BankAccountRef;
  /** Unstructured remittance information shown to the payee, such as the share id. */
  remittance: string;
}

/** Payments from one debtor account, sent together. */
export interface OutgoingBatch {
  /** Unique per batch; the pain.001 MsgId and PmtInfId. A resend uses the same id. */
  batchId: string;
  /** The initiating party: the ordering agency. */
  initiatingParty: string;
  debtor: BankAccountRef;
  /** The requested execution date, "YYYY-MM-DD". */
  executionDate: string;
  payments: OutgoingPayment[];
}

/**
 * State of one payment at the bank: accepted (it will be paid), settled (it left the debtor
 * account), rejected (it will not be paid), or not_found (the bank never received it).
 */
export type BankPaymentState = "accepted" | "settled" | "rejected" | "not_found";

export interface BankPaymentStatus {
  idempotencyKey: string;
  state: BankPaymentState;
  /** The bank's own reference, when it has one. */
  bankReference?: string;
  /** Reason the bank rejected the payment, such as an ISO 20022 reason code. */
  reason?: string;
}

/** A bank, as direct payment uses it. */
export interface BankAdapter {
  /** A short name for logs, such as "simulated" or "payment-file". */
  readonly name: string;

  /** Checks that `account` exists and can receive transfers. */
  verifyAccount(account: BankAccountRef): Promise<AccountVerification>;

  /**
   * Submits a batch and returns one status per payment. Raises BankTimeoutError when the
   * response timed out, in which case any part of the batch may have been processed.
   */
  submitBatch(batch: OutgoingBatch): Promise<BankPaymentStatus[]>;

  /**
   * Returns the bank's status of the payment of each key. A bank that can only report through
   * statements returns "accepted" for keys it cannot look up.
   */
  getPaymentStatus(idempotencyKeys: string[]): Promise<BankPaymentStatus[]>;
}

/** Raised when a bank call timed out, so its outcome is unknown. */
export class BankTimeoutError extends Error {
  constructor(bankName: string, operation: string) {
    super(`The ${bankName} bank did not answer ${operation} in time; the outcome is unknown.`);
    this.name = "BankTimeoutError";
  }
}
