/**
 * Reads ISO 20022 customer payment status reports (pain.002, `CstmrPmtStsRpt`), the bank's
 * status of a pain.001 file: a status for the whole file (`OrgnlGrpInfAndSts/GrpSts`), for
 * each payment information block (`OrgnlPmtInfAndSts/PmtInfSts`) and for each transaction
 * (`TxInfAndSts/TxSts`), each with optional reason codes (`StsRsnInf/Rsn/Cd`). Written for
 * pain.002.001.10; earlier versions with the same layout read the same way.
 *
 * Parsing streams through saxes, which expands no external entities.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import { parseAmount } from "./amount.js";

/** A transaction's status, inherited from its block or the group when it has none. */
export interface TransactionStatusReport {
  /** The pain.001 EndToEndId: the payment's idempotency key. */
  endToEndId: string;
  /** The ISO 20022 status code, such as ACCP, ACSC or RJCT. */
  status: string;
  /** The first reason code, such as AC04 or AM04; null when the bank gave none. */
  reason: string | null;
  /** The original instructed amount in minor units, when the report repeats it. */
  amount: number | null;
  currency: string | null;
}

/** A status for a whole payment information block, for blocks reported without transactions. */
export interface BlockStatusReport {
  originalPaymentInfoId: string;
  status: string | null;
  reason: string | null;
}

/** A pain.002 report as the payment core uses it. */
export interface PaymentStatusReport {
  /** The namespace's version, such as "001.10". */
  version: string;
  messageId: string;
  /** The MsgId of the pain.001 file the report is about. */
  originalMessageId: string;
  groupStatus: string | null;
  groupReason: string | null;
  /** Blocks reported without any transaction; their status covers every payment in them. */
  blocksWithoutTransactions: BlockStatusReport[];
  transactions: TransactionStatusReport[];
}

/** Raised for a document that is not a usable pain.002 message; the message names the place. */
export class Pain002Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Pain002Error";
  }
}

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:pain\.002\.(\d{3}\.\d{2})$/;
// ExternalPaymentTransactionStatus1Code and ExternalPaymentGroupStatus1Code values are four
// capital letters; which ones exist is decided by the external code list, not here.
const STATUS_CODE = /^[A-Z]{4}$/;

interface PartialBlock {
  originalPaymentInfoId: string | null;
  status: string | null;
  reason: string | null;
  transactions: PartialTransaction[];
}

interface PartialTransaction {
  endToEndId: string | null;
  status: string | null;
  reason: string | null;
  amountText: string | null;
  currency: string | null;
}

/** Parses a pain.002 document. Raises Pain002Error naming what is wrong and where. */
export function readPain002(xml: string): PaymentStatusReport {
  const parser = new SaxesParser({ xmlns: true });
  const path: string[] = [];
  let text = "";
  let version: string | null = null;
  let messageId: string | null = null;
  let originalMessageId: string | null = null;
  let groupStatus: string | null = null;
  let groupReason: string | null = null;
  const blocks: PartialBlock[] = [];
  let block: PartialBlock | null = null;
  let transaction: PartialTransaction | null = null;

  parser.on("opentag", (tag: SaxesTagNS) => {
    if (path.length === 0) {
      const match = NAMESPACE.exec(tag.uri);
      if (tag.local !== "Document" || !match) {
        throw new Pain002Error(`the root element is not a pain.002 Document (${tag.uri})`);
      }
      version = match[1]!;
    }
    path.push(tag.local);
    text = "";
    if (tag.local === "OrgnlPmtInfAndSts") {
      block = { originalPaymentInfoId: null, status: null, reason: null, transactions: [] };
      blocks.push(block);
    }
    if (tag.local === "TxInfAndSts" && block) {
      transaction = {
        endToEndId: null,
        status: null,
        reason: null,
        amountText: null,
        currency: null,
      };
      block.transactions.push(transaction);
    }
    if (tag.local === "InstdAmt" && transaction) {
      transaction.currency = tag.attributes.Ccy?.value ?? null;
    }
  });

  parser.on("text", (chunk) => {
    text += chunk;
  });

  parser.on("closetag", (tag: SaxesTagNS) => {
    const value = text.trim();
    const parent = path.at(-2);
    const name = tag.local;
    const isReason = name === "Cd" && parent === "Rsn" && path.at(-3) === "StsRsnInf";

    if (name === "MsgId" && parent === "GrpHdr") messageId = value;
    if (parent === "OrgnlGrpInfAndSts") {
      if (name === "OrgnlMsgId") originalMessageId = value;
      if (name === "GrpSts") groupStatus = value;
    }
    if (isReason && path.at(-4) === "OrgnlGrpInfAndSts") groupReason ??= value;
    if (block && !transaction) {
      if (name === "OrgnlPmtInfId" && parent === "OrgnlPmtInfAndSts") {
        block.originalPaymentInfoId = value;
      }
      if (name === "PmtInfSts" && parent === "OrgnlPmtInfAndSts") block.status = value;
      if (isReason && path.at(-4) === "OrgnlPmtInfAndSts") block.reason ??= value;
    }
    if (transaction) {
      if (name === "OrgnlEndToEndId" && parent === "TxInfAndSts") transaction.endToEndId = value;
      if (name === "TxSts" && parent === "TxInfAndSts") transaction.status = value;
      if (isReason && path.at(-4) === "TxInfAndSts") transaction.reason ??= value;
      if (name === "InstdAmt" && parent === "Amt") transaction.amountText = value;
    }

    if (name === "TxInfAndSts") transaction = null;
    if (name === "OrgnlPmtInfAndSts") block = null;
    path.pop();
    text = "";
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof Pain002Error) throw error;
    throw new Pain002Error(`the document is not well-formed XML: ${(error as Error).message}`);
  }
  if (!version) throw new Pain002Error("the document is empty");
  if (!messageId) throw new Pain002Error("GrpHdr/MsgId is missing");
  if (!originalMessageId) throw new Pain002Error("OrgnlGrpInfAndSts/OrgnlMsgId is missing");
  checkStatus(groupStatus, "OrgnlGrpInfAndSts/GrpSts");

  const transactions: TransactionStatusReport[] = [];
  const blocksWithoutTransactions: BlockStatusReport[] = [];
  blocks.forEach((partial, blockIndex) => {
    const where = `OrgnlPmtInfAndSts ${blockIndex + 1}`;
    if (!partial.originalPaymentInfoId)
      throw new Pain002Error(`${where}: OrgnlPmtInfId is missing`);
    checkStatus(partial.status, `${where}: PmtInfSts`);
    if (partial.transactions.length === 0) {
      blocksWithoutTransactions.push({
        originalPaymentInfoId: partial.originalPaymentInfoId,
        status: partial.status ?? groupStatus,
        reason: partial.reason ?? groupReason,
      });
    }
    partial.transactions.forEach((entry, index) => {
      transactions.push(
        completeTransaction(entry, partial, groupStatus, groupReason, {
          where: `${where} TxInfAndSts ${index + 1}`,
        }),
      );
    });
  });
  return {
    version: version,
    messageId,
    originalMessageId,
    groupStatus,
    groupReason,
    blocksWithoutTransactions,
    transactions,
  };
}

function completeTransaction(
  entry: PartialTransaction,
  block: PartialBlock,
  groupStatus: string | null,
  groupReason: string | null,
  { where }: { where: string },
): TransactionStatusReport {
  if (!entry.endToEndId) throw new Pain002Error(`${where}: OrgnlEndToEndId is missing`);
  checkStatus(entry.status, `${where}: TxSts`);
  const status = entry.status ?? block.status ?? groupStatus;
  if (!status) {
    throw new Pain002Error(`${where}: TxSts is missing and neither PmtInfSts nor GrpSts is given`);
  }
  let amount: number | null = null;
  if (entry.amountText !== null) {
    if (!entry.currency) throw new Pain002Error(`${where}: InstdAmt has no Ccy`);
    try {
      amount = parseAmount(entry.amountText, entry.currency);
    } catch (error) {
      throw new Pain002Error(`${where}: ${(error as Error).message}`);
    }
  }
  return {
    endToEndId: entry.endToEndId,
    status,
    reason: entry.reason ?? (entry.status ? null : (block.reason ?? groupReason)),
    amount,
    currency: amount === null ? null : entry.currency,
  };
}

function checkStatus(status: string | null, where: string): void {
  if (status !== null && !STATUS_CODE.test(status)) {
    throw new Pain002Error(`${where} is "${status}", not a four-letter ISO 20022 status code`);
  }
}
