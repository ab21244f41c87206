import { SaxesParser, type SaxesTagNS } from "saxes";
import { describe, expect, it } from "vitest";
import type { OutgoingBatch } from "../banks/adapter.js";
import { formatAmount, parseAmount } from "./amount.js";
import { PAIN_001_NAMESPACE, writePain001 } from "./pain001.js";
import { readPain001 } from "./pain001-read.js";

/** A parsed element: its local name, attributes, text and children. */
interface Node {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  text: string;
  children: Node[];
}

function parseTree(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Node[] = [];
  let root: Node | undefined;
  parser.on("opentag", (tag: SaxesTagNS) => {
    const attributes = Object.fromEntries(
      Object.values(tag.attributes).map((a) => [a.local, a.value]),
    );
    const node: Node = { name: tag.local, uri: tag.uri, attributes, text: "", children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  parser.on("text", (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root!;
}

/**
 * The pain.001.001.09 sequences this writer relies on: each element's allowed children in
 * schema order, with whether each is required. The message definition declares them as
 * xs:sequence, so children must appear in this order.
 */
const SEQUENCES: Record<string, [string, boolean][]> = {
  Document: [["CstmrCdtTrfInitn", true]],
  CstmrCdtTrfInitn: [
    ["GrpHdr", true],
    ["PmtInf", true],
    ["SplmtryData", false],
  ],
  GrpHdr: [
    ["MsgId", true],
    ["CreDtTm", true],
    ["Authstn", false],
    ["NbOfTxs", true],
    ["CtrlSum", false],
    ["InitgPty", true],
    ["FwdgAgt", false],
  ],
  PmtInf: [
    ["PmtInfId", true],
    ["PmtMtd", true],
    ["BtchBookg", false],
    ["NbOfTxs", false],
    ["CtrlSum", false],
    ["PmtTpInf", false],
    ["ReqdExctnDt", true],
    ["PoolgAdjstmntDt", false],
    ["Dbtr", true],
    ["DbtrAcct", true],
    ["DbtrAgt", true],
    ["DbtrAgtAcct", false],
    ["InstrForDbtrAgt", false],
    ["UltmtDbtr", false],
    ["ChrgBr", false],
    ["ChrgsAcct", false],
    ["ChrgsAcctAgt", false],
    ["CdtTrfTxInf", true],
  ],
  CdtTrfTxInf: [
    ["PmtId", true],
    ["PmtTpInf", false],
    ["Amt", true],
    ["XchgRateInf", false],
    ["ChrgBr", false],
    ["ChqInstr", false],
    ["UltmtDbtr", false],
    ["IntrmyAgt1", false],
    ["CdtrAgt", false],
    ["CdtrAgtAcct", false],
    ["Cdtr", false],
    ["CdtrAcct", false],
    ["UltmtCdtr", false],
    ["InstrForCdtrAgt", false],
    ["Purp", false],
    ["RgltryRptg", false],
    ["Tax", false],
    ["RltdRmtInf", false],
    ["RmtInf", false],
  ],
  PmtId: [
    ["InstrId", false],
    ["EndToEndId", true],
    ["UETR", false],
  ],
  ReqdExctnDt: [
    ["Dt", false],
    ["DtTm", false],
  ],
};

/** Repeatable elements; every other element of the sequences may appear once at most. */
const REPEATABLE = new Set(["PmtInf", "CdtTrfTxInf"]);

function checkSequences(node: Node, problems: string[]): void {
  const sequence = SEQUENCES[node.name];
  if (sequence) {
    const names = node.children.map((child) => child.name);
    const order = sequence.map(([name]) => name);
    let last = -1;
    for (const name of names) {
      const position = order.indexOf(name);
      if (position === -1) problems.push(`${node.name} has an unexpected ${name}`);
      else if (position < last || (position === last && !REPEATABLE.has(name))) {
        problems.push(`${node.name}: ${name} is out of order or repeated`);
      }
      last = Math.max(last, position);
    }
    for (const [name, required] of sequence) {
      if (required && !names.includes(name)) problems.push(`${node.name} lacks ${name}`);
    }
  }
  for (const child of node.children) checkSequences(child, problems);
}

function find(node: Node, path: string): Node[] {
  const [first, ...rest] = path.split("/");
  const matches = node.children.filter((child) => child.name === first);
  if (rest.length === 0) return matches;
  return matches.flatMap((match) => find(match, rest.join("/")));
}

const batch: OutgoingBatch = {
  batchId: "BATCH-2026-12-04-01",
  initiatingParty: "Seoul Metropolitan Government",
  debtor: {
    holderName: "Project P-1 segregated account",
    scheme: "iban",
    identifier: "DE89370400440532013000",
    agentId: "COBADEFFXXX",
  },
  executionDate: "2026-12-07",
  payments: [
    {
      idempotencyKey: "PAY-1",
      amount: 1_234_567,
      currency: "EUR",
      creditor: {
        holderName: 'Kim & Lee <Steel> "Ltd"',
        scheme: "iban",
        identifier: "GB82WEST12345698765432",
        agentId: null,
      },
      remittance: "Share s-1 of claim 7",
    },
    {
      idempotencyKey: "PAY-2",
      amount: 5,
      currency: "EUR",
      creditor: {
        holderName: "박 근로자",
        scheme: "other",
        identifier: "1002-345-678901",
        agentId: "WOORI",
      },
      remittance: "Wages, November",
    },
  ],
};

describe("writePain001", () => {
  const xml = writePain001(batch, new Date("2026-12-04T09:30:00.123Z"));
  const root = parseTree(xml);
  const initiation = find(root, "CstmrCdtTrfInitn")[0]!;

  it("declares the pain.001.001.09 namespace on the root", () => {
    expect(root.name).toBe("Document");
    expect(root.uri).toBe(PAIN_001_NAMESPACE);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it("keeps every block in schema order with its required elements", () => {
    const problems: string[] = [];
    checkSequences(root, problems);
    expect(problems).toEqual([]);
  });

  it("states counts and control sums that match the transfers", () => {
    const transfers = find(initiation, "PmtInf/CdtTrfTxInf");
    const sum = transfers
      .map((transfer) => find(transfer, "Amt/InstdAmt")[0]!)
      .reduce((total, amount) => total + parseAmount(amount.text, amount.attributes.Ccy!), 0);

    expect(find(initiation, "GrpHdr/NbOfTxs")[0]!.text).toBe(String(transfers.length));
    expect(find(initiation, "PmtInf/NbOfTxs")[0]!.text).toBe("2");
    expect(find(initiation, "GrpHdr/CtrlSum")[0]!.text).toBe(formatAmount(sum, "EUR"));
    expect(find(initiation, "PmtInf/CtrlSum")[0]!.text).toBe("12345.72");
  });

  it("writes amounts from minor units without floating point", () => {
    const amounts = find(initiation, "PmtInf/CdtTrfTxInf/Amt/InstdAmt").map((node) => [
      node.text,
      node.attributes.Ccy,
    ]);
    expect(amounts).toEqual([
      ["12345.67", "EUR"],
      ["0.05", "EUR"],
    ]);
  });

  it("uses the idempotency key as EndToEndId and the batch id as MsgId", () => {
    expect(find(initiation, "GrpHdr/MsgId")[0]!.text).toBe("BATCH-2026-12-04-01");
    expect(find(initiation, "PmtInf/PmtInfId")[0]!.text).toBe("BATCH-2026-12-04-01");
    expect(
      find(initiation, "PmtInf/CdtTrfTxInf/PmtId/EndToEndId").map((node) => node.text),
    ).toEqual(["PAY-1", "PAY-2"]);
    expect(find(initiation, "PmtInf/PmtMtd")[0]!.text).toBe("TRF");
    expect(find(initiation, "PmtInf/ReqdExctnDt/Dt")[0]!.text).toBe("2026-12-07");
    expect(find(initiation, "GrpHdr/CreDtTm")[0]!.text).toBe("2026-12-04T09:30:00Z");
  });

  it("writes IBAN and other account ids and escapes names", () => {
    const [first, second] = find(initiation, "PmtInf/CdtTrfTxInf");
    expect(find(first!, "CdtrAcct/Id/IBAN")[0]!.text).toBe("GB82WEST12345698765432");
    expect(find(second!, "CdtrAcct/Id/Othr/Id")[0]!.text).toBe("1002-345-678901");
    expect(find(first!, "Cdtr/Nm")[0]!.text).toBe('Kim & Lee <Steel> "Ltd"');
    expect(xml).toContain("Kim &amp; Lee &lt;Steel&gt; &quot;Ltd&quot;");
    expect(find(second!, "CdtrAgt/FinInstnId/Othr/Id")[0]!.text).toBe("WOORI");
    expect(find(initiation, "PmtInf/DbtrAgt/FinInstnId/BICFI")[0]!.text).toBe("COBADEFFXXX");
  });

  it("reads back through readPain001", () => {
    const summary = readPain001(xml);
    expect(summary.namespace).toBe(PAIN_001_NAMESPACE);
    expect(summary.numberOfTransactions).toBe(2);
    expect(summary.controlSum).toBe("12345.72");
    expect(summary.transfers).toEqual([
      { endToEndId: "PAY-1", amount: 1_234_567, currency: "EUR" },
      { endToEndId: "PAY-2", amount: 5, currency: "EUR" },
    ]);
  });

  it("rejects a key longer than an EndToEndId allows", () => {
    const long = {
      ...batch,
      payments: [{ ...batch.payments[0]!, idempotencyKey: "K".repeat(36) }],
    };
    expect(() => writePain001(long, new Date())).toThrow(
      "idempotencyKey must be 1 to 35 characters",
    );
  });

  it("writes zero-decimal currencies as whole numbers", () => {
    const krw = {
      ...batch,
      payments: batch.payments.map((payment) => ({ ...payment, currency: "KRW" })),
    };
    const summary = readPain001(writePain001(krw, new Date()));
    expect(summary.controlSum).toBe("1234572");
  });
});

describe("amounts", () => {
  it.each([
    [0, "EUR", "0.00"],
    [7, "JOD", "0.007"],
    [123456789012345, "KRW", "123456789012345"],
    [-150, "USD", "-1.50"],
  ])("formats %i %s as %s", (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it("parses trailing zeros but rejects extra precision", () => {
    expect(parseAmount("10.500", "EUR")).toBe(1050);
    expect(() => parseAmount("10.505", "EUR")).toThrow("more decimals than EUR allows");
    expect(() => parseAmount("1e3", "EUR")).toThrow("not a decimal number");
  });
});
