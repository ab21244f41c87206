import { describe, expect, it } from "vitest";
import { CamtError, readCamt } from "./camt.js";
import { writeCamt053 } from "./camt-write.js";

const OLD_STATEMENT = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>STMT-7</MsgId><CreDtTm>2026-12-04T18:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-7</Id>
      <Acct><Id><Othr><Id>1002-000-1</Id></Othr></Id></Acct>
      <Ntry>
        <Amt Ccy="KRW">3000</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-04</Dt></BookgDt>
        <NtryDtls>
          <TxDtls><Refs><EndToEndId>PAY-A</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="KRW">1000</Amt></TxAmt></AmtDtls></TxDtls>
          <TxDtls><Refs><EndToEndId>PAY-B</EndToEndId></Refs><Amt Ccy="KRW">2000</Amt></TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="KRW">500</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>PDNG</Sts>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>`;

describe("readCamt", () => {
  it("reads a camt.053.001.02 with text status and batched entries", () => {
    const report = readCamt(OLD_STATEMENT);

    expect(report).toMatchObject({
      message: "camt.053",
      version: "001.02",
      messageId: "STMT-7",
      accountId: "1002-000-1",
    });
    expect(report.entries).toHaveLength(2);
    expect(report.entries[0]).toMatchObject({
      amount: 3000,
      creditDebit: "DBIT",
      status: "BOOK",
      bookingDate: "2026-12-04",
    });
    expect(report.entries[0]!.transactions.map((transaction) => transaction.endToEndId)).toEqual([
      "PAY-A",
      "PAY-B",
    ]);
    expect(report.entries[0]!.transactions.map((transaction) => transaction.amount)).toEqual([
      1000, 2000,
    ]);
    expect(report.entries[1]).toMatchObject({
      amount: 500,
      creditDebit: "CRDT",
      status: "PDNG",
      transactions: [],
    });
  });

  it("reads back what writeCamt053 writes", () => {
    const xml = writeCamt053(
      {
        messageId: "S-9",
        createdAt: new Date("2026-12-04T00:00:00Z"),
        currency: "EUR",
        account: {
          holderName: "Seg",
          scheme: "iban",
          identifier: "DE89370400440532013000",
          agentId: null,
        },
      },
      [
        {
          endToEndId: "E1",
          amount: 12_345,
          currency: "EUR",
          creditDebit: "DBIT",
          bookingDate: "2026-12-04",
          bankReference: "R1",
        },
        {
          endToEndId: "E1",
          amount: 12_345,
          currency: "EUR",
          creditDebit: "CRDT",
          bookingDate: "2026-12-05",
          bankReference: "R2",
          returnReason: "AC04",
        },
      ],
    );

    const report = readCamt(xml);

    expect(report).toMatchObject({
      message: "camt.053",
      version: "001.08",
      accountId: "DE89370400440532013000",
    });
    expect(
      report.entries.map((entry) => [
        entry.amount,
        entry.creditDebit,
        entry.status,
        entry.accountServicerReference,
      ]),
    ).toEqual([
      [12_345, "DBIT", "BOOK", "R1"],
      [12_345, "CRDT", "BOOK", "R2"],
    ]);
    expect(report.entries[1]!.transactions[0]).toEqual({
      endToEndId: "E1",
      amount: 12_345,
      currency: "EUR",
      creditDebit: "CRDT",
      returnReason: "AC04",
    });
  });

  it.each([
    ["not XML", "this is not xml", "not well-formed"],
    [
      "another message",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>',
      "not a camt.053 or camt.054",
    ],
    [
      "no message id",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn/></Document>',
      "MsgId is missing",
    ],
    [
      "a float-like amount",
      OLD_STATEMENT.replace('<Amt Ccy="KRW">3000</Amt>', '<Amt Ccy="KRW">30.5</Amt>'),
      'Ntry 1: amount "30.5" has more decimals than KRW allows',
    ],
    [
      "a batched transaction without an amount",
      OLD_STATEMENT.replace('<Amt Ccy="KRW">2000</Amt>', ""),
      "Ntry 1 TxDtls 2: Amt is missing",
    ],
    [
      "a bad indicator",
      OLD_STATEMENT.replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>D</CdtDbtInd>"),
      "Ntry 1: CdtDbtInd is D",
    ],
  ])("rejects %s", (_case, xml, message) => {
    expect(() => readCamt(xml)).toThrow(CamtError);
    expect(() => readCamt(xml)).toThrow(message);
  });
});
