import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { dispatchOutbox } from "./dispatch.js";
import { enqueueNotification } from "./outbox.js";
import { FileSmsAdapter, type SmsAdapter, type SmsMessage } from "./sms.js";
import { SmtpEmailAdapter } from "./smtp.js";
import { notificationTables } from "./tables.js";

/** A minimal SMTP server on 127.0.0.1 that records each session's commands and data. */
async function startSmtpServer(rejectRecipient = false) {
  const sessions: { commands: string[]; data: string }[] = [];
  const server = net.createServer((socket) => {
    const session = { commands: [] as string[], data: "" };
    sessions.push(session);
    let buffer = "";
    let inData = false;
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          session.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        session.commands.push(line);
        if (line.startsWith("EHLO")) socket.write("250-test\r\n250 8BITMIME\r\n");
        else if (line.startsWith("RCPT") && rejectRecipient) {
          socket.write(`550 no such user ${line.slice(9, -1)}\r\n`);
        } else if (line === "DATA") {
          inData = true;
          socket.write("354 go on\r\n");
        } else if (line === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { sessions, port, close: () => new Promise((resolve) => server.close(resolve)) };
}

function smtpTo(port: number) {
  return new SmtpEmailAdapter({
    host: "127.0.0.1",
    port,
    from: "payments@ccs.test",
    startTls: false,
    heloName: "ccs.test",
    timeoutMs: 5000,
  });
}

class RecordingSms implements SmsAdapter {
  sent: SmsMessage[] = [];
  failures = 0;
  send(message: SmsMessage): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error(`gateway down for ${message.to}`));
    }
    this.sent.push(message);
    return Promise.resolve();
  }
}

describe("notification outbox", () => {
  let database: TestDatabase;
  let now = new Date("2026-03-02T09:00:00Z");
  const clock = () => now;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("enqueues an event once per idempotency key", async () => {
    const input = {
      idempotencyKey: "share-approved:claim-1-line-1",
      channel: "sms" as const,
      recipient: "010-1234-5678",
      template: "share_approved" as const,
      parameters: { projectId: "P-1", claimId: "1", amount: "KRW 120,000" },
      language: "ko" as const,
      now,
    };
    expect(await enqueueNotification(database.db, input)).toBe(true);
    expect(await enqueueNotification(database.db, input)).toBe(false);

    const sms = new RecordingSms();
    const outcome = await dispatchOutbox(database.db, { email: undefined, sms }, clock);
    expect(outcome).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]!.to).toBe("010-1234-5678");
    expect(sms.sent[0]!.body).toContain("KRW 120,000");
    expect(sms.sent[0]!.body).toContain("승인");

    const again = await dispatchOutbox(database.db, { email: undefined, sms }, clock);
    expect(again.sent).toBe(0);
  });

  it("retries with backoff, then marks failed", async () => {
    await enqueueNotification(database.db, {
      idempotencyKey: "settled:C9L1A1",
      channel: "sms",
      recipient: "010-9999-0000",
      template: "payment_settled",
      parameters: { projectId: "P-1", amount: "KRW 5" },
      language: "en",
      now,
    });
    const sms = new RecordingSms();
    sms.failures = 3;
    const options = { maxAttempts: 2, retryBaseMs: 60_000 };

    const first = await dispatchOutbox(database.db, { email: undefined, sms }, clock, options);
    expect(first).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const tooEarly = await dispatchOutbox(database.db, { email: undefined, sms }, clock, options);
    expect(tooEarly.retrying).toBe(0);

    now = new Date(now.getTime() + 61_000);
    const second = await dispatchOutbox(database.db, { email: undefined, sms }, clock, options);
    expect(second).toEqual({ sent: 0, retrying: 0, failed: 1 });

    const row = await notificationTables(database.db)
      .selectFrom("notification_outbox")
      .selectAll()
      .where("idempotency_key", "=", "settled:C9L1A1")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(2);
    expect(row.last_error).toBe("gateway down for [recipient]");
  });

  it("sends e-mail over SMTP to a local server", async () => {
    const server = await startSmtpServer();
    try {
      await enqueueNotification(database.db, {
        idempotencyKey: "approval-requested:claim-3:user-2",
        channel: "email",
        recipient: "official@agency.test",
        template: "approval_requested",
        parameters: { projectId: "P-1", claimId: "3", amount: "KRW 1,000" },
        language: "es",
        now,
      });
      const sms = new RecordingSms();
      const outcome = await dispatchOutbox(database.db, { email: smtpTo(server.port), sms }, clock);
      expect(outcome.sent).toBe(1);
      const session = server.sessions[0]!;
      expect(session.commands).toEqual([
        "EHLO ccs.test",
        "MAIL FROM:<payments@ccs.test>",
        "RCPT TO:<official@agency.test>",
        "DATA",
        "QUIT",
      ]);
      expect(session.data).toContain("To: official@agency.test");
      expect(session.data).toContain("Subject: =?UTF-8?B?");
      const body = session.data.split("\r\n\r\n")[1]!.replace(/\r\n/g, "");
      expect(Buffer.from(body, "base64").toString("utf8")).toContain("espera su aprobación");
    } finally {
      await server.close();
    }
  });

  it("reports a rejected recipient without its address", async () => {
    const server = await startSmtpServer(true);
    try {
      await expect(
        smtpTo(server.port).send({ to: "gone@agency.test", subject: "s", body: "b" }),
      ).rejects.toThrow("the relay rejected RCPT: 550 no such user gone@agency.test");
    } finally {
      await server.close();
    }
  });

  it("leaves e-mail pending without an e-mail adapter", async () => {
    await enqueueNotification(database.db, {
      idempotencyKey: "deposit:P-1:R1:user-1",
      channel: "email",
      recipient: "prime@builder.test",
      template: "deposit_received",
      parameters: { projectId: "P-1", amount: "KRW 1", reference: "R1" },
      language: "en",
      now,
    });
    const outcome = await dispatchOutbox(
      database.db,
      { email: undefined, sms: new RecordingSms() },
      clock,
    );
    expect(outcome.sent).toBe(0);
    const row = await notificationTables(database.db)
      .selectFrom("notification_outbox")
      .select("status")
      .where("idempotency_key", "=", "deposit:P-1:R1:user-1")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
  });
});

describe("FileSmsAdapter", () => {
  it("appends one JSON line per message", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ccs-sms-")), "sms", "outbox.jsonl");
    const adapter = new FileSmsAdapter(file, () => new Date("2026-03-02T09:00:00Z"));
    await adapter.send({ to: "010-1", body: "one" });
    await adapter.send({ to: "010-2", body: "two" });
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { at: "2026-03-02T09:00:00.000Z", to: "010-1", body: "one" },
      { at: "2026-03-02T09:00:00.000Z", to: "010-2", body: "two" },
    ]);
  });
});
