/**
 * Reads back the parts of a pain.001 message that identify its payments. The payment-file
 * bank uses it to learn which payments its written files already carry.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import { parseAmount } from "./amount.js";

/** A credit transfer of a pain.001 message. */
export interface Pain001Transfer {
  endToEndId: string;
  amount: number;
  currency: string;
}

/** The group header and transfers of a pain.001 message. */
export interface Pain001Summary {
  namespace: string;
  messageId: string;
  numberOfTransactions: number;
  /** The CtrlSum text as written. */
  controlSum: string;
  transfers: Pain001Transfer[];
}

/** Parses a pain.001 document. Raises an Error when it is not well-formed or lacks a field. */
export function readPain001(xml: string): Pain001Summary {
  const parser = new SaxesParser({ xmlns: true });
  const path: string[] = [];
  let text = "";
  let namespace = "";
  let messageId = "";
  let numberOfTransactions = -1;
  let controlSum = "";
  let currency = "";
  let transfer: Partial<Pain001Transfer> = {};
  const transfers: Pain001Transfer[] = [];

  parser.on("opentag", (tag: SaxesTagNS) => {
    if (path.length === 0) namespace = tag.uri;
    path.push(tag.local);
    text = "";
    if (tag.local === "InstdAmt") currency = tag.attributes.Ccy?.value ?? "";
  });
  parser.on("text", (chunk) => {
    text += chunk;
  });
  parser.on("closetag", (tag: SaxesTagNS) => {
    const parent = path.at(-2);
    const value = text.trim();
    if (parent === "GrpHdr" && tag.local === "MsgId") messageId = value;
    if (parent === "GrpHdr" && tag.local === "NbOfTxs") numberOfTransactions = Number(value);
    if (parent === "GrpHdr" && tag.local === "CtrlSum") controlSum = value;
    if (parent === "PmtId" && tag.local === "EndToEndId") transfer.endToEndId = value;
    if (tag.local === "InstdAmt") {
      transfer.amount = parseAmount(value, currency);
      transfer.currency = currency;
    }
    if (tag.local === "CdtTrfTxInf") {
      if (!transfer.endToEndId || transfer.amount === undefined || !transfer.currency) {
        throw new Error(`CdtTrfTxInf ${transfers.length + 1} lacks EndToEndId or InstdAmt`);
      }
      transfers.push(transfer as Pain001Transfer);
      transfer = {};
    }
    path.pop();
    text = "";
  });

  parser.write(xml).close();
  if (!messageId) throw new Error("GrpHdr/MsgId is missing");
  return { namespace, messageId, numberOfTransactions, controlSum, transfers };
}
