/**
 * A small SMTP client (RFC 5321) for notification e-mail: EHLO, optional STARTTLS (RFC 3207),
 * MAIL, RCPT, DATA and QUIT over node:net and node:tls, one connection per message. It sends
 * plain-text UTF-8 messages without authentication, to a relay the operator runs.
 */
import { randomUUID } from "node:crypto";
import net from "node:net";
import tls from "node:tls";

/** Connection settings of the SMTP relay. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** The envelope and header sender. */
  from: string;
  /** Upgrade the connection with STARTTLS before sending; fails when the server lacks it. */
  startTls: boolean;
  /** Name sent in EHLO. */
  heloName: string;
  /** Milliseconds to wait for each reply. */
  timeoutMs: number;
  /** Extra CA certificates to trust for STARTTLS, PEM; the system's when not given. */
  ca?: string;
}

/** One e-mail message. */
export interface EmailMessage {
  to: string;
  subject: string;
  body: string;
}

/** Sends e-mail; `send` resolves once the relay accepted the message and raises otherwise. */
export interface EmailAdapter {
  send(message: EmailMessage): Promise<void>;
}

/** Raised when the relay rejects a command or the connection fails. */
export class SmtpError extends Error {
  constructor(
    message: string,
    /** The reply code, when the relay sent a reply. */
    readonly code?: number,
  ) {
    super(message);
    this.name = "SmtpError";
  }
}

const ADDRESS = /^[^\s<>@]+@[^\s<>@]+$/;

/** Sends each message over a new SMTP connection to the configured relay. */
export class SmtpEmailAdapter implements EmailAdapter {
  constructor(private readonly settings: SmtpSettings) {
    if (!ADDRESS.test(settings.from)) {
      throw new SmtpError(`SMTP_FROM "${settings.from}" is not an e-mail address`);
    }
  }

  async send(message: EmailMessage): Promise<void> {
    if (!ADDRESS.test(message.to)) {
      throw new SmtpError("the recipient is not a valid e-mail address");
    }
    const connection = await SmtpConnection.open(this.settings);
    try {
      await connection.expect(null, 220);
      await connection.expect(`EHLO ${this.settings.heloName}`, 250);
      if (this.settings.startTls) {
        await connection.expect("STARTTLS", 220);
        await connection.upgrade();
        await connection.expect(`EHLO ${this.settings.heloName}`, 250);
      }
      await connection.expect(`MAIL FROM:<${this.settings.from}>`, 250);
      await connection.expect(`RCPT TO:<${message.to}>`, 250, 251);
      await connection.expect("DATA", 354);
      await connection.expect(`${formatMessage(this.settings.from, message)}\r\n.`, 250);
      await connection.expect("QUIT", 221);
    } finally {
      connection.close();
    }
  }
}

/** Builds the RFC 5322 message with a base64 UTF-8 body, dot-stuffed for DATA. */
export function formatMessage(from: string, message: EmailMessage, now = new Date()): string {
  const domain = from.split("@")[1];
  const body = Buffer.from(message.body.replace(/\r?\n/g, "\r\n"), "utf8").toString("base64");
  const lines = [
    `From: ${from}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${now.toUTCString()}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    ...(body.match(/.{1,76}/g) ?? []),
  ];
  return lines.map((line) => (line.startsWith(".") ? `.${line}` : line)).join("\r\n");
}

/** Encodes a header as an RFC 2047 encoded word when it contains anything but printable ASCII. */
function encodeHeader(text: string): string {
  const clean = text.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean, "utf8").toString("base64")}?=`;
}

/** One connection to the relay, reading replies line by line. */
class SmtpConnection {
  private buffer = "";
  private lines: string[] = [];
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;

  private constructor(
    private socket: net.Socket,
    private readonly settings: SmtpSettings,
  ) {
    this.attach(socket);
  }

  static open(settings: SmtpSettings): Promise<SmtpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: settings.host, port: settings.port });
      socket.setTimeout(settings.timeoutMs);
      socket.once("connect", () => {
        socket.removeListener("error", reject);
        resolve(new SmtpConnection(socket, settings));
      });
      socket.once("error", (error) =>
        reject(
          new SmtpError(`cannot connect to ${settings.host}:${settings.port}: ${error.message}`),
        ),
      );
    });
  }

  private attach(socket: net.Socket | tls.TLSSocket): void {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      const parts = this.buffer.split("\r\n");
      this.buffer = parts.pop() ?? "";
      this.lines.push(...parts);
      this.wake();
    });
    socket.on("error", (error: Error) =>
      this.fail(new SmtpError(`connection failed: ${error.message}`)),
    );
    socket.on("timeout", () =>
      this.fail(new SmtpError(`no reply within ${this.settings.timeoutMs} ms`)),
    );
    socket.on("close", () => this.fail(new SmtpError("the relay closed the connection")));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  /** Sends `command` (when given) and checks that the reply code is one of `codes`. */
  async expect(command: string | null, ...codes: number[]): Promise<void> {
    if (command !== null) this.socket.write(`${command}\r\n`);
    const reply = await this.readReply();
    if (!codes.includes(reply.code)) {
      const verb = command?.split(/[\s:]/)[0] ?? "greeting";
      throw new SmtpError(`the relay rejected ${verb}: ${reply.code} ${reply.text}`, reply.code);
    }
  }

  /** Reads one reply, joining the lines of a multi-line reply ("250-…" then "250 …"). */
  private async readReply(): Promise<{ code: number; text: string }> {
    const texts: string[] = [];
    for (;;) {
      while (this.lines.length === 0) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.waiting = resolve));
      }
      const line = this.lines.shift()!;
      const match = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!match) throw new SmtpError(`the relay sent a malformed reply line: ${line}`);
      texts.push(match[3]!);
      if (match[2] !== "-") return { code: Number(match[1]), text: texts.join(" ") };
    }
  }

  /**
   * Replaces the plain socket with a TLS socket over it, checking the relay's certificate.
   *
   * NOTE: no test runs this path yet, because the tests have no certificate to serve.
   */
  upgrade(): Promise<void> {
    this.socket.removeAllListeners("data");
    this.socket.removeAllListeners("close");
    this.socket.removeAllListeners("timeout");
    this.socket.removeAllListeners("error");
    return new Promise((resolve, reject) => {
      const secure = tls.connect({
        socket: this.socket,
        servername: net.isIP(this.settings.host) ? undefined : this.settings.host,
        host: this.settings.host,
        ca: this.settings.ca,
      });
      secure.setTimeout(this.settings.timeoutMs);
      secure.once("secureConnect", () => {
        secure.removeListener("error", reject);
        this.socket = secure;
        this.attach(secure);
        resolve();
      });
      secure.once("error", (error: Error) =>
        reject(new SmtpError(`STARTTLS failed: ${error.message}`)),
      );
    });
  }

  close(): void {
    this.socket.removeAllListeners("close");
    this.socket.destroy();
  }
}
