/**
 * Reads ISO 20022 bank-to-customer messages: account statements (camt.053) and debit or
 * credit notifications (camt.054) in any version with the Ntry / NtryDtls / TxDtls layout.
 * Tested on 001.02 and 001.08. Only what reconciliation needs is kept.
 *
 * Parsing streams through saxes, which expands no external entities.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import { parseAmount } from "./amount.js";

/** One transaction inside an entry, matched to a payment by its EndToEndId. */
export interface ReportTransaction {
  endToEndId: string | null;
  amount: number;
  currency: string;
  creditDebit: "CRDT" | "DBIT";
  /** The return reason code (RtrInf/Rsn/Cd) when the bank returned a payment. */
  returnReason: string | null;
}

/** One booked, pending or information entry on the account. */
export interface ReportEntry {
  amount: number;
  currency: string;
  creditDebit: "CRDT" | "DBIT";
  /** BOOK, PDNG or INFO (Sts/Cd in 001.08, Sts in older versions). */
  status: string;
  bookingDate: string | null;
  accountServicerReference: string | null;
  transactions: ReportTransaction[];
}

/** A statement or notification as reconciliation uses it. */
export interface BankReport {
  /** "camt.053" or "camt.054". */
  message: "camt.053" | "camt.054";
  /** The namespace's version, such as "001.08". */
  version: string;
  messageId: string;
  /** The IBAN or other id of the account the report is about. */
  accountId: string | null;
  entries: ReportEntry[];
}

/** Raised for a document that is not a well-formed camt.053 or camt.054 message. */
export class CamtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CamtError";
  }
}

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.(\d{3}\.\d{2})$/;

interface PartialTransaction {
  endToEndId: string | null;
  amountText: string | null;
  currency: string | null;
  creditDebit: string | null;
  returnReason: string | null;
}

interface PartialEntry {
  amountText: string | null;
  currency: string | null;
  creditDebit: string | null;
  status: string | null;
  bookingDate: string | null;
  accountServicerReference: string | null;
  transactions: PartialTransaction[];
}

/** Parses a camt.053 or camt.054 document. Raises CamtError naming what is wrong. */
export function readCamt(xml: string): BankReport {
  const parser = new SaxesParser({ xmlns: true });
  const path: string[] = [];
  let text = "";
  let message: BankReport["message"] | null = null;
  let version = "";
  let messageId: string | null = null;
  let accountId: string | null = null;
  const entries: ReportEntry[] = [];
  let entry: PartialEntry | null = null;
  let transaction: PartialTransaction | null = null;

  parser.on("opentag", (tag: SaxesTagNS) => {
    if (path.length === 0) {
      const match = NAMESPACE.exec(tag.uri);
      if (tag.local !== "Document" || !match) {
        throw new CamtError(`the root element is not a camt.053 or camt.054 Document (${tag.uri})`);
      }
      message = match[1] as BankReport["message"];
      version = match[2]!;
    }
    path.push(tag.local);
    text = "";
    if (tag.local === "Ntry") entry = emptyEntry();
    if (tag.local === "TxDtls" && entry) {
      transaction = emptyTransaction();
      entry.transactions.push(transaction);
    }
    if (tag.local === "Amt") {
      const currency = tag.attributes.Ccy?.value ?? null;
      if (transaction && isTransactionAmount(path)) {
        transaction.currency = currency;
      } else if (entry && path.at(-2) === "Ntry") {
        entry.currency = currency;
      }
    }
  });

  parser.on("text", (chunk) => {
    text += chunk;
  });

  parser.on("closetag", (tag: SaxesTagNS) => {
    const value = text.trim();
    const parent = path.at(-2);
    const name = tag.local;

    if (name === "MsgId" && parent === "GrpHdr") messageId = value;
    if (!entry && isAccountId(path)) accountId ??= value;
    if (entry && !transaction) readEntryField(entry, name, parent, value, path);
    if (transaction) readTransactionField(transaction, name, parent, value, path);

    if (name === "TxDtls") transaction = null;
    if (name === "Ntry" && entry) {
      entries.push(completeEntry(entry, entries.length));
      entry = null;
    }
    path.pop();
    text = "";
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof CamtError) throw error;
    throw new CamtError(`the document is not well-formed XML: ${(error as Error).message}`);
  }
  if (!message) throw new CamtError("the document is empty");
  if (!messageId) throw new CamtError("GrpHdr/MsgId is missing");
  return { message, version, messageId, accountId, entries };
}

function readEntryField(
  entry: PartialEntry,
  name: string,
  parent: string | undefined,
  value: string,
  path: string[],
): void {
  if (parent === "Ntry") {
    if (name === "Amt") entry.amountText = value;
    if (name === "CdtDbtInd") entry.creditDebit = value;
    if (name === "Sts") entry.status ??= value || null;
    if (name === "AcctSvcrRef") entry.accountServicerReference = value;
  }
  if (name === "Cd" && parent === "Sts" && path.at(-3) === "Ntry") entry.status = value;
  if (name === "Dt" && parent === "BookgDt") entry.bookingDate = value;
}

function readTransactionField(
  transaction: PartialTransaction,
  name: string,
  parent: string | undefined,
  value: string,
  path: string[],
): void {
  if (name === "EndToEndId" && parent === "Refs") transaction.endToEndId = value;
  if (name === "Amt" && isTransactionAmount(path)) transaction.amountText = value;
  if (name === "CdtDbtInd" && parent === "TxDtls") transaction.creditDebit = value;
  if (name === "EndToEndId" && parent === "OrgnlTxRef") transaction.endToEndId ??= value;
  if (name === "Cd" && parent === "Rsn" && within(path, "RtrInf")) transaction.returnReason = value;
}

function completeEntry(entry: PartialEntry, index: number): ReportEntry {
  const where = `Ntry ${index + 1}`;
  if (!entry.amountText || !entry.currency)
    throw new CamtError(`${where}: Amt or its Ccy is missing`);
  const creditDebit = checkIndicator(entry.creditDebit, where);
  if (!entry.status) throw new CamtError(`${where}: Sts is missing`);
  const amount = amountOf(entry.amountText, entry.currency, where);

  const transactions = entry.transactions.map((transaction, position) => {
    const at = `${where} TxDtls ${position + 1}`;
    // Only the single transaction of an entry may leave its amount to the entry.
    if (!transaction.amountText && entry.transactions.length > 1) {
      throw new CamtError(`${at}: Amt is missing in an entry of several transactions`);
    }
    const currency = transaction.currency ?? entry.currency!;
    return {
      endToEndId:
        transaction.endToEndId && transaction.endToEndId !== "NOTPROVIDED"
          ? transaction.endToEndId
          : null,
      amount: transaction.amountText ? amountOf(transaction.amountText, currency, at) : amount,
      currency,
      creditDebit: transaction.creditDebit
        ? checkIndicator(transaction.creditDebit, at)
        : creditDebit,
      returnReason: transaction.returnReason,
    };
  });

  return {
    amount,
    currency: entry.currency,
    creditDebit,
    status: entry.status,
    bookingDate: entry.bookingDate,
    accountServicerReference: entry.accountServicerReference,
    transactions,
  };
}

function checkIndicator(value: string | null, where: string): "CRDT" | "DBIT" {
  if (value === "CRDT" || value === "DBIT") return value;
  throw new CamtError(`${where}: CdtDbtInd is ${value ?? "missing"}, not CRDT or DBIT`);
}

function amountOf(text: string, currency: string, where: string): number {
  try {
    return parseAmount(text, currency);
  } catch (error) {
    throw new CamtError(`${where}: ${(error as Error).message}`);
  }
}

/** Matches Acct/Id/IBAN and Acct/Id/Othr/Id of the report's own account. */
function isAccountId(path: string[]): boolean {
  const tail = path.slice(-4).join("/");
  return tail.endsWith("Acct/Id/IBAN") || tail === "Acct/Id/Othr/Id";
}

/** Matches a transaction's amount: TxDtls/Amt (as in 001.08) or TxDtls/AmtDtls/TxAmt/Amt. */
function isTransactionAmount(path: string[]): boolean {
  const tail = path.slice(-4).join("/");
  return tail.endsWith("TxDtls/Amt") || tail === "TxDtls/AmtDtls/TxAmt/Amt";
}

function within(path: string[], name: string): boolean {
  return path.includes(name);
}

function emptyEntry(): PartialEntry {
  return {
    amountText: null,
    currency: null,
    creditDebit: null,
    status: null,
    bookingDate: null,
    accountServicerReference: null,
    transactions: [],
  };
}

function emptyTransaction(): PartialTransaction {
  return {
    endToEndId: null,
    amountText: null,
    currency: null,
    creditDebit: null,
    returnReason: null,
  };
}
