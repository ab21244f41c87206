import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Pain002Error, readPain002 } from "./pain002.js";

const fixture = (name: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", name), "utf8");

function errorOf(xml: string): Pain002Error {
  try {
    readPain002(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(Pain002Error);
    return error as Pain002Error;
  }
  throw new Error("the document was read without an error");
}

describe("readPain002", () => {
  it("reads statuses, reasons and amounts", () => {
    const report = readPain002(fixture("pain002-mixed.xml"));

    expect(report).toMatchObject({
      version: "001.10",
      messageId: "STS-2026-0001",
      originalMessageId: "PS-BATCH-1",
      groupStatus: "PART",
      blocksWithoutTransactions: [],
    });
    expect(report.transactions).toEqual([
      { endToEndId: "PS-A1", status: "ACCP", reason: null, amount: 1000, currency: "KRW" },
      { endToEndId: "PS-B1", status: "RJCT", reason: "AM04", amount: 2000, currency: "KRW" },
      { endToEndId: "PS-C1", status: "RJCT", reason: "AC04", amount: 3000, currency: "KRW" },
    ]);
  });

  it("reads a whole-file rejection", () => {
    const report = readPain002(fixture("pain002-group-rejected.xml"));

    expect(report).toMatchObject({
      originalMessageId: "PS-BATCH-2",
      groupStatus: "RJCT",
      groupReason: "FF01",
      transactions: [],
    });
  });

  it("inherits the block's status and reason", () => {
    const report = readPain002(`<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
  <GrpHdr><MsgId>S-5</MsgId></GrpHdr>
  <OrgnlGrpInfAndSts><OrgnlMsgId>M-5</OrgnlMsgId></OrgnlGrpInfAndSts>
  <OrgnlPmtInfAndSts><OrgnlPmtInfId>M-5</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts>
    <StsRsnInf><Rsn><Cd>DT01</Cd></Rsn></StsRsnInf>
    <TxInfAndSts><OrgnlEndToEndId>K-1</OrgnlEndToEndId></TxInfAndSts>
  </OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>`);

    expect(report.transactions).toEqual([
      { endToEndId: "K-1", status: "RJCT", reason: "DT01", amount: null, currency: null },
    ]);
  });

  it("names the transaction whose status is not a status code", () => {
    expect(errorOf(fixture("pain002-bad-status.xml")).message).toBe(
      'OrgnlPmtInfAndSts 1 TxInfAndSts 2: TxSts is "rejected", not a four-letter ISO 20022 ' +
        "status code",
    );
  });

  it("reports a truncated file", () => {
    expect(errorOf(fixture("pain002-truncated.xml")).message).toMatch(
      /^the document is not well-formed XML: /,
    );
  });

  it.each([
    [
      "another message",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"/>',
      "the root element is not a pain.002 Document (urn:iso:std:iso:20022:tech:xsd:camt.054.001.08)",
    ],
    [
      "no original message id",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>' +
        "<GrpHdr><MsgId>S</MsgId></GrpHdr></CstmrPmtStsRpt></Document>",
      "OrgnlGrpInfAndSts/OrgnlMsgId is missing",
    ],
    [
      "a transaction without its EndToEndId",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>' +
        "<GrpHdr><MsgId>S</MsgId></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>M</OrgnlMsgId>" +
        "</OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>M</OrgnlPmtInfId>" +
        "<TxInfAndSts><TxSts>ACCP</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>" +
        "</CstmrPmtStsRpt></Document>",
      "OrgnlPmtInfAndSts 1 TxInfAndSts 1: OrgnlEndToEndId is missing",
    ],
    [
      "an amount too precise for its currency",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>' +
        "<GrpHdr><MsgId>S</MsgId></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>M</OrgnlMsgId>" +
        "</OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>M</OrgnlPmtInfId>" +
        "<TxInfAndSts><OrgnlEndToEndId>K</OrgnlEndToEndId><TxSts>ACCP</TxSts>" +
        '<OrgnlTxRef><Amt><InstdAmt Ccy="KRW">10.5</InstdAmt></Amt></OrgnlTxRef>' +
        "</TxInfAndSts></OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>",
      "OrgnlPmtInfAndSts 1 TxInfAndSts 1: ",
    ],
  ])("rejects %s", (_name, xml, message) => {
    expect(errorOf(xml).message).toContain(message);
  });
});
