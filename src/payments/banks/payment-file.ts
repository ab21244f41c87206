/**
 * A bank reached through files: each batch becomes a pain.001.001.09 file in an outbox folder
 * that the bank's file channel (host-to-host, EBICS, SFTP) collects, and the bank's camt.053
 * statements and camt.054 notifications come back to be applied with applyBankReport, and its
 * pain.002 status reports with applyPaymentStatusReport.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkAccount } from "../bank-accounts.js";
import { writePain001 } from "../iso20022/pain001.js";
import { readPain001 } from "../iso20022/pain001-read.js";
import type {
  AccountVerification,
  BankAccountRef,
  BankAdapter,
  BankPaymentStatus,
  OutgoingBatch,
} from "./adapter.js";

export interface PaymentFileBankOptions {
  /** Folder the pain.001 files are written to. */
  outbox: string;
  now?: () => Date;
}

export class PaymentFileBank implements BankAdapter {
  readonly name = "payment-file";
  private readonly now: () => Date;

  constructor(private readonly options: PaymentFileBankOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Checks the account's format only (IBAN check digits, field lengths).
   * NOTE: a file channel cannot ask whether the account exists; a payment to a closed account
   * comes back later as a return in a camt statement, and reconciliation rejects it then.
   */
  verifyAccount(account: BankAccountRef): Promise<AccountVerification> {
    const problems = checkAccount(account);
    if (problems.length === 0) return Promise.resolve({ valid: true });
    return Promise.resolve({
      valid: false,
      reason: problems.map((problem) => `${problem.path} ${problem.message}`).join("; "),
    });
  }

  /**
   * Writes the batch as a pain.001 file and reports every payment accepted. Payments that an
   * earlier file already carries are left out, so a resend never pays twice. The file is
   * written under a temporary name and renamed, so the bank's channel never collects half a
   * file; it is readable by its owner only, because it contains payees' names and accounts.
   */
  async submitBatch(batch: OutgoingBatch): Promise<BankPaymentStatus[]> {
    const written = await this.writtenKeys();
    const fresh = batch.payments.filter((payment) => !written.has(payment.idempotencyKey));
    if (fresh.length > 0) {
      await mkdir(this.options.outbox, { recursive: true });
      // A resend of the same batch gets a new message id, because banks refuse a repeated one.
      const messageIds = new Set(written.values());
      const attempt = [...messageIds].filter((id) => id.startsWith(batch.batchId)).length;
      const messageId = attempt === 0 ? batch.batchId : `${batch.batchId.slice(0, 30)}-R${attempt}`;
      const xml = writePain001({ ...batch, batchId: messageId, payments: fresh }, this.now());
      const file = path.join(this.options.outbox, `${messageId}.xml`);
      const temporary = `${file}.${randomBytes(4).toString("hex")}.tmp`;
      await writeFile(temporary, xml, { mode: 0o600 });
      await rename(temporary, file);
    }
    return batch.payments.map((payment) => ({
      idempotencyKey: payment.idempotencyKey,
      state: "accepted" as const,
    }));
  }

  /** Reports "accepted" for keys in a written file and "not_found" for the others. */
  async getPaymentStatus(idempotencyKeys: string[]): Promise<BankPaymentStatus[]> {
    const written = await this.writtenKeys();
    return idempotencyKeys.map((key) => ({
      idempotencyKey: key,
      state: written.has(key) ? ("accepted" as const) : ("not_found" as const),
    }));
  }

  /**
   * Returns the EndToEndIds the written file with message id `messageId` carries, for a pain.002
   * status given for a whole file; empty when no such file was written.
   */
  async keysOfMessage(messageId: string): Promise<string[]> {
    const keys = await this.writtenKeys();
    return [...keys].filter(([, message]) => message === messageId).map(([key]) => key);
  }

  /** Returns the EndToEndIds of every written file, each mapped to its file's message id. */
  private async writtenKeys(): Promise<Map<string, string>> {
    const keys = new Map<string, string>();
    let names: string[];
    try {
      names = await readdir(this.options.outbox);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return keys;
      throw error;
    }
    // NOTE: the written files are the only record of what was sent, so the bank's channel must
    // copy them and leave them in place. Every submit reads them all; an outbox that keeps
    // years of files needs an index instead.
    for (const name of names.filter((entry) => entry.endsWith(".xml"))) {
      const summary = readPain001(await readFile(path.join(this.options.outbox, name), "utf8"));
      for (const transfer of summary.transfers) keys.set(transfer.endToEndId, summary.messageId);
    }
    return keys;
  }
}
