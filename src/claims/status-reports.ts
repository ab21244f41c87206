/**
 * Applying a bank's pain.002 status report to one project's payments, and holding the shares
 * of payees whose account the report showed cannot receive money, so that they are notified.
 */
import { errors } from "../http/errors.js";
import { getBankAccount } from "../payments/bank-accounts.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import { PaymentFileBank } from "../payments/banks/payment-file.js";
import { Pain002Error, readPain002 } from "../payments/iso20022/pain002.js";
import { applyPaymentStatusReport, type StatusReportOutcome } from "../payments/status-report.js";
import type { ShareHoldEvent } from "./compliance.js";
import { syncAccountHolds } from "./payee-accounts.js";
import { loadPaymentProject } from "./project.js";
import { paymentsOf, type ClaimsDb } from "./tables.js";

/**
 * Reads `document` as a pain.002 report and applies it to the project's payments. Payments of
 * other projects count as unmatched. Raises 400 on `document` when the report cannot be read,
 * before anything changes. Returns the outcome and the holds placed, for `emitHoldEvents`.
 */
export async function applyProjectStatusReport(
  db: ClaimsDb,
  bank: BankAdapter,
  projectId: string,
  document: string,
  now: Date,
): Promise<{ outcome: StatusReportOutcome; placed: ShareHoldEvent[] }> {
  await loadPaymentProject(db, projectId);
  let report;
  try {
    report = readPain002(document);
  } catch (error) {
    if (!(error instanceof Pain002Error)) throw error;
    throw errors.invalidInput(
      [{ path: "document", message: error.message }],
      "The payment status report could not be read.",
    );
  }

  // Only the payment-file bank can list the transfers of a file it wrote.
  const keysOfMessage =
    bank instanceof PaymentFileBank
      ? (messageId: string) => bank.keysOfMessage(messageId)
      : undefined;
  const outcome = await applyPaymentStatusReport(paymentsOf(db), report, {
    projectId,
    ...(keysOfMessage ? { keysOfMessage } : {}),
  });

  const placed: ShareHoldEvent[] = [];
  for (const accountId of outcome.accountsRejected) {
    const { payeeId } = await getBankAccount(paymentsOf(db), accountId);
    const holds = await db
      .transaction()
      .execute((trx) => syncAccountHolds(trx, projectId, payeeId, now));
    placed.push(...holds.placed);
  }
  return { outcome, placed };
}
