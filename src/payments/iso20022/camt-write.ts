/**
 * Writes camt.053.001.08 statements and camt.054.001.08 debit notifications. The simulated
 * bank uses them to report what it did, as a real bank would; reconciliation reads them back
 * with readCamt.
 */
import type { BankAccountRef } from "../banks/adapter.js";
import { formatAmount } from "./amount.js";
import { element, serialiseDocument, type XmlElement } from "./xml.js";

/** One movement on the account, with the EndToEndId of the payment it belongs to. */
export interface CamtMovement {
  endToEndId: string;
  amount: number;
  currency: string;
  creditDebit: "CRDT" | "DBIT";
  bookingDate: string;
  bankReference: string;
  /** An ISO 20022 return reason code (such as AC04, closed account) for a returned payment. */
  returnReason?: string;
}

/** What a statement or notification is about. */
export interface CamtHeader {
  messageId: string;
  createdAt: Date;
  account: BankAccountRef;
  currency: string;
}

/** Returns a camt.053.001.08 statement of `movements`. */
export function writeCamt053(header: CamtHeader, movements: CamtMovement[]): string {
  return document("camt.053.001.08", "BkToCstmrStmt", "Stmt", header, movements);
}

/** Returns a camt.054.001.08 debit and credit notification of `movements`. */
export function writeCamt054(header: CamtHeader, movements: CamtMovement[]): string {
  return document("camt.054.001.08", "BkToCstmrDbtCdtNtfctn", "Ntfctn", header, movements);
}

function document(
  message: string,
  rootName: string,
  reportName: string,
  header: CamtHeader,
  movements: CamtMovement[],
): string {
  const created = header.createdAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  const accountId =
    header.account.scheme === "iban"
      ? element("Id", [element("IBAN", header.account.identifier)])
      : element("Id", [element("Othr", [element("Id", header.account.identifier)])]);

  const report = element(reportName, [
    element("Id", header.messageId),
    element("CreDtTm", created),
    element("Acct", [accountId, element("Ccy", header.currency)]),
    ...movements.map(entryOf),
  ]);
  return serialiseDocument(
    element(
      "Document",
      [
        element(rootName, [
          element("GrpHdr", [element("MsgId", header.messageId), element("CreDtTm", created)]),
          report,
        ]),
      ],
      { xmlns: `urn:iso:std:iso:20022:tech:xsd:${message}` },
    ),
  );
}

function entryOf(movement: CamtMovement): XmlElement {
  const amount = formatAmount(movement.amount, movement.currency);
  return element("Ntry", [
    element("Amt", amount, { Ccy: movement.currency }),
    element("CdtDbtInd", movement.creditDebit),
    element("Sts", [element("Cd", "BOOK")]),
    element("BookgDt", [element("Dt", movement.bookingDate)]),
    element("ValDt", [element("Dt", movement.bookingDate)]),
    element("AcctSvcrRef", movement.bankReference),
    element("BkTxCd", [
      element("Domn", [
        element("Cd", "PMNT"),
        element("Fmly", [
          element("Cd", movement.creditDebit === "DBIT" ? "ICDT" : "RCDT"),
          element("SubFmlyCd", movement.returnReason ? "RRTN" : "DMCT"),
        ]),
      ]),
    ]),
    element("NtryDtls", [
      element("TxDtls", [
        element("Refs", [element("EndToEndId", movement.endToEndId)]),
        element("Amt", amount, { Ccy: movement.currency }),
        element("CdtDbtInd", movement.creditDebit),
        movement.returnReason
          ? element("RtrInf", [element("Rsn", [element("Cd", movement.returnReason)])])
          : undefined,
      ]),
    ]),
  ]);
}
