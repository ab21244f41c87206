/**
 * Writes ISO 20022 customer credit transfer initiation messages, pain.001.001.09: one group
 * header and one payment information block per batch, one credit transfer per payment.
 *
 * Element order follows the message definition, because the schema declares each block as a
 * sequence. Amounts come from minor units as decimal text.
 */
import type { BankAccountRef, OutgoingBatch } from "../banks/adapter.js";
import { formatAmount } from "./amount.js";
import { element, serialiseDocument, type XmlElement } from "./xml.js";

export const PAIN_001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

/** Longest text in Max35Text fields (MsgId, PmtInfId, EndToEndId). */
const MAX35 = 35;
/** Longest text in Max140Text fields (names, unstructured remittance). */
const MAX140 = 140;

/**
 * Returns the pain.001.001.09 document of `batch`, created at `createdAt`. Raises a RangeError
 * when an identifier is longer than its field allows or the batch has no payments, because a
 * bank would reject such a file.
 */
export function writePain001(batch: OutgoingBatch, createdAt: Date): string {
  if (batch.payments.length === 0) throw new RangeError("a pain.001 batch needs a payment");
  checkMax35(batch.batchId, "batchId");
  const currency = batch.payments[0]!.currency;
  let controlSum = 0n;
  for (const payment of batch.payments) {
    checkMax35(payment.idempotencyKey, "idempotencyKey");
    if (payment.currency !== currency) {
      throw new RangeError("every payment of a pain.001 batch must be in one currency");
    }
    controlSum += BigInt(payment.amount);
  }
  const count = String(batch.payments.length);
  const sum = formatAmount(controlSum, currency);

  const groupHeader = element("GrpHdr", [
    element("MsgId", batch.batchId),
    element("CreDtTm", isoDateTime(createdAt)),
    element("NbOfTxs", count),
    element("CtrlSum", sum),
    element("InitgPty", [element("Nm", truncate(batch.initiatingParty, MAX140))]),
  ]);

  const paymentInformation = element("PmtInf", [
    element("PmtInfId", batch.batchId),
    element("PmtMtd", "TRF"),
    element("NbOfTxs", count),
    element("CtrlSum", sum),
    element("ReqdExctnDt", [element("Dt", batch.executionDate)]),
    element("Dbtr", [element("Nm", truncate(batch.debtor.holderName, MAX140))]),
    element("DbtrAcct", [accountId(batch.debtor)]),
    element("DbtrAgt", [financialInstitution(batch.debtor.agentId)]),
    // SLEV: charges follow the rules of the payment scheme, the usual choice for domestic
    // and SEPA transfers.
    element("ChrgBr", "SLEV"),
    ...batch.payments.map((payment) =>
      element("CdtTrfTxInf", [
        element("PmtId", [element("EndToEndId", payment.idempotencyKey)]),
        element("Amt", [
          element("InstdAmt", formatAmount(payment.amount, payment.currency), {
            Ccy: payment.currency,
          }),
        ]),
        payment.creditor.agentId
          ? element("CdtrAgt", [financialInstitution(payment.creditor.agentId)])
          : undefined,
        element("Cdtr", [element("Nm", truncate(payment.creditor.holderName, MAX140))]),
        element("CdtrAcct", [accountId(payment.creditor)]),
        element("RmtInf", [element("Ustrd", truncate(payment.remittance, MAX140))]),
      ]),
    ),
  ]);

  return serialiseDocument(
    element("Document", [element("CstmrCdtTrfInitn", [groupHeader, paymentInformation])], {
      xmlns: PAIN_001_NAMESPACE,
    }),
  );
}

function accountId(account: BankAccountRef): XmlElement {
  if (account.scheme === "iban") return element("Id", [element("IBAN", account.identifier)]);
  return element("Id", [element("Othr", [element("Id", account.identifier)])]);
}

function financialInstitution(agentId: string | null): XmlElement {
  if (agentId && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(agentId)) {
    return element("FinInstnId", [element("BICFI", agentId)]);
  }
  // A domestic bank code, or none: the convention for an agent without a BIC.
  return element("FinInstnId", [element("Othr", [element("Id", agentId ?? "NOTPROVIDED")])]);
}

function checkMax35(value: string, field: string): void {
  if (value.length === 0 || value.length > MAX35) {
    throw new RangeError(`${field} must be 1 to ${MAX35} characters for pain.001`);
  }
}

function truncate(text: string, length: number): string {
  return [...text].slice(0, length).join("");
}

/** Formats a time as ISO 8601 in UTC without milliseconds, as banks commonly expect. */
function isoDateTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}
