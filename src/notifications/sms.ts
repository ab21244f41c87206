/**
 * SMS delivery behind one interface. The file adapter, the default, appends each message as a
 * JSON line to a file that only its owner may read, for a gateway process to pick up or for
 * demonstrations and tests; a gateway adapter implements the same interface.
 */
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

/** One text message. */
export interface SmsMessage {
  to: string;
  body: string;
}

/** Sends text messages; `send` resolves once the message is accepted and raises otherwise. */
export interface SmsAdapter {
  send(message: SmsMessage): Promise<void>;
}

/** Appends each message, with the time it was written, as one JSON line to `file`. */
export class FileSmsAdapter implements SmsAdapter {
  constructor(
    private readonly file: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(message: SmsMessage): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const line = JSON.stringify({ at: this.clock().toISOString(), ...message });
    // Mode 0600 applies when the file is created: phone numbers are personal data.
    await appendFile(this.file, `${line}\n`, { mode: 0o600 });
  }
}
