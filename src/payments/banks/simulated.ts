/**
 * A simulated bank for the demo, the tests and the benchmarks. It keeps its own record of the
 * payments it received, deduplicated by idempotency key, optionally in a file of its own so
 * that the record survives a restart of the process that calls it. It can be set to reject
 * an account, to time out, or to fail half-way through a batch.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { writeCamt054, type CamtMovement } from "../iso20022/camt-write.js";
import {
  BankTimeoutError,
  type AccountVerification,
  type BankAccountRef,
  type BankAdapter,
  type BankPaymentStatus,
  type OutgoingBatch,
} from "./adapter.js";

/** A payment as the simulated bank recorded it. */
export interface SimulatedPayment {
  idempotencyKey: string;
  batchId: string;
  amount: number;
  currency: string;
  debtorId: string;
  creditorId: string;
  state: "accepted" | "settled" | "rejected";
  /** True when the payment settled first and came back later (a return). */
  returned: boolean;
  reason: string | null;
  bankReference: string;
  bookingDate: string;
}

/** A fault the next submitBatch call suffers. */
export type SimulatedFault =
  /** Every payment is processed, then the response is lost. */
  | { kind: "timeout" }
  /** The first `after` payments are processed, then the connection drops. */
  | { kind: "halfway"; after: number };

export interface SimulatedBankOptions {
  /** A JSON-lines file that keeps the bank's record across restarts; in memory when unset. */
  stateFile?: string;
  /** Settle payments as they are accepted (the default), or leave them accepted until settleAccepted. */
  settleOnSubmit?: boolean;
  now?: () => Date;
}

/** Reason code for a closed or unknown account (ISO 20022 external status reason AC04). */
const CLOSED_ACCOUNT = "AC04";

export class SimulatedBank implements BankAdapter {
  readonly name = "simulated";
  private readonly payments = new Map<string, SimulatedPayment>();
  private readonly closedAccounts = new Set<string>();
  private readonly faults: SimulatedFault[] = [];
  private statusTimeouts = 0;
  private sequence = 0;
  private readonly settleOnSubmit: boolean;
  private readonly now: () => Date;

  constructor(private readonly options: SimulatedBankOptions = {}) {
    this.settleOnSubmit = options.settleOnSubmit ?? true;
    this.now = options.now ?? (() => new Date());
    if (options.stateFile && existsSync(options.stateFile)) this.load(options.stateFile);
  }

  /** Makes verification fail for the account and rejects transfers to it from now on. */
  rejectAccount(identifier: string): void {
    this.closedAccounts.add(identifier);
  }

  /** Queues a fault for the next submitBatch call; several queue in order. */
  failNextSubmit(fault: SimulatedFault): void {
    this.faults.push(fault);
  }

  /** Makes the next `count` getPaymentStatus calls time out. */
  timeOutStatusQueries(count: number): void {
    this.statusTimeouts += count;
  }

  verifyAccount(account: BankAccountRef): Promise<AccountVerification> {
    if (this.closedAccounts.has(account.identifier)) {
      return Promise.resolve({
        valid: false,
        reason: `${CLOSED_ACCOUNT}: account closed or unknown`,
      });
    }
    return Promise.resolve({ valid: true });
  }

  submitBatch(batch: OutgoingBatch): Promise<BankPaymentStatus[]> {
    const fault = this.faults.shift();
    const limit = fault?.kind === "halfway" ? fault.after : batch.payments.length;
    const statuses: BankPaymentStatus[] = [];

    for (const payment of batch.payments.slice(0, limit)) {
      const known = this.payments.get(payment.idempotencyKey);
      if (known) {
        statuses.push(statusOf(known));
        continue;
      }
      const closed = this.closedAccounts.has(payment.creditor.identifier);
      let state: SimulatedPayment["state"] = this.settleOnSubmit ? "settled" : "accepted";
      if (closed) state = "rejected";
      const record: SimulatedPayment = {
        idempotencyKey: payment.idempotencyKey,
        batchId: batch.batchId,
        amount: payment.amount,
        currency: payment.currency,
        debtorId: batch.debtor.identifier,
        creditorId: payment.creditor.identifier,
        state,
        returned: false,
        reason: closed ? CLOSED_ACCOUNT : null,
        bankReference: this.nextReference(),
        bookingDate: this.now().toISOString().slice(0, 10),
      };
      this.record(record);
      statuses.push(statusOf(record));
    }

    if (fault) return Promise.reject(new BankTimeoutError(this.name, "submitBatch"));
    return Promise.resolve(statuses);
  }

  getPaymentStatus(idempotencyKeys: string[]): Promise<BankPaymentStatus[]> {
    if (this.statusTimeouts > 0) {
      this.statusTimeouts -= 1;
      return Promise.reject(new BankTimeoutError(this.name, "getPaymentStatus"));
    }
    return Promise.resolve(
      idempotencyKeys.map((key) => {
        const known = this.payments.get(key);
        return known ? statusOf(known) : { idempotencyKey: key, state: "not_found" as const };
      }),
    );
  }

  /** Settles every accepted payment, as a bank's end-of-day run would. Returns the keys. */
  settleAccepted(): string[] {
    const settled: string[] = [];
    for (const payment of this.payments.values()) {
      if (payment.state !== "accepted") continue;
      this.record({ ...payment, state: "settled" });
      settled.push(payment.idempotencyKey);
    }
    return settled;
  }

  /** Returns a settled payment to the debtor, as when the payee's bank refuses it afterwards. */
  returnPayment(idempotencyKey: string, reason = CLOSED_ACCOUNT): void {
    const payment = this.payments.get(idempotencyKey);
    if (payment?.state !== "settled") {
      throw new Error(`payment ${idempotencyKey} is not settled at the simulated bank`);
    }
    this.record({ ...payment, state: "rejected", returned: true, reason });
  }

  /** Returns every payment the bank recorded, in the order first received. */
  recordedPayments(): SimulatedPayment[] {
    return [...this.payments.values()];
  }

  /**
   * Returns a camt.054 notification of the debtor account's movements: one debit per settled
   * or returned payment, and one credit per return.
   */
  notification(messageId: string, debtor: BankAccountRef, currency: string): string {
    const movements: CamtMovement[] = [];
    for (const payment of this.payments.values()) {
      if (payment.debtorId !== debtor.identifier || payment.currency !== currency) continue;
      if (payment.state === "accepted" || (payment.state === "rejected" && !payment.returned))
        continue;
      const movement = {
        endToEndId: payment.idempotencyKey,
        amount: payment.amount,
        currency: payment.currency,
        bookingDate: payment.bookingDate,
        bankReference: payment.bankReference,
      };
      movements.push({ ...movement, creditDebit: "DBIT" });
      if (payment.returned) {
        movements.push({
          ...movement,
          creditDebit: "CRDT",
          bankReference: `${payment.bankReference}R`,
          returnReason: payment.reason ?? CLOSED_ACCOUNT,
        });
      }
    }
    return writeCamt054({ messageId, createdAt: this.now(), account: debtor, currency }, movements);
  }

  private nextReference(): string {
    this.sequence += 1;
    return `SIM${String(this.sequence).padStart(10, "0")}`;
  }

  /** Stores the record in memory and, synchronously and flushed, in the state file. */
  private record(payment: SimulatedPayment): void {
    if (this.options.stateFile) {
      const fd = openSync(this.options.stateFile, "a", 0o600);
      try {
        writeSync(fd, `${JSON.stringify(payment)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    this.payments.set(payment.idempotencyKey, payment);
  }

  private load(file: string): void {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      let payment: SimulatedPayment;
      try {
        payment = JSON.parse(line) as SimulatedPayment;
      } catch {
        // A line cut short by a crash while writing: that record never reached the caller.
        continue;
      }
      this.payments.set(payment.idempotencyKey, payment);
      this.sequence = Math.max(this.sequence, Number(payment.bankReference.slice(3)));
    }
  }
}

function statusOf(payment: SimulatedPayment): BankPaymentStatus {
  return {
    idempotencyKey: payment.idempotencyKey,
    state: payment.state,
    bankReference: payment.bankReference,
    ...(payment.reason ? { reason: payment.reason } : {}),
  };
}
