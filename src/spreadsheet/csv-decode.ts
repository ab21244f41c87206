/**
 * Text encodings of CSV files: detection from the byte order mark or the first bytes, and
 * chunked decoding that stops at the first byte the encoding does not define.
 */

import { fixWindows1252Text } from "../shared/windows-1252.js";

/** The encoding a CSV file is decoded with. */
export interface CsvEncoding {
  /** WHATWG encoding name, as TextDecoder reports it: "utf-8", "windows-1252", "utf-16le". */
  name: string;
  detected: boolean;
  /** Length of the byte order mark at the start of the file, 0 without one. */
  bomLength: number;
}

/** Bytes examined to tell UTF-8 from windows-1252. */
export const DETECTION_BYTES = 1 << 20;

/**
 * Chooses the encoding: a byte order mark wins, then the encoding given, then UTF-8 when
 * `head` is valid UTF-8, else windows-1252. Throws RangeError for an unknown encoding label.
 * `isWholeFile` is true when `head` ends at the end of the file, so that a multi-byte
 * character cut at its end counts as invalid.
 */
export function chooseEncoding(
  head: Uint8Array,
  isWholeFile: boolean,
  given: string | undefined,
): CsvEncoding {
  const bom = readBom(head);
  if (bom) return { ...bom, detected: true };
  if (given !== undefined) {
    return { name: new TextDecoder(given).encoding, detected: false, bomLength: 0 };
  }

  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: !isWholeFile });
    return { name: "utf-8", detected: true, bomLength: 0 };
  } catch {
    return { name: "windows-1252", detected: true, bomLength: 0 };
  }
}

function readBom(head: Uint8Array): { name: string; bomLength: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { name: "utf-8", bomLength: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { name: "utf-16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: "utf-16be", bomLength: 2 };
  return undefined;
}

/** Text decoded from a chunk; `invalid` when decoding stopped at a byte the encoding lacks. */
export interface DecodedChunk {
  text: string;
  invalid: boolean;
}

/**
 * Decodes a file chunk by chunk, with fatal errors. For UTF-8, the text before the first
 * invalid byte is returned too, so that the caller can name the row it is in.
 */
export class ChunkDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private readonly isUtf8: boolean;
  private readonly isWindows1252: boolean;
  /** UTF-8 bytes of a character cut at the end of the previous chunk. */
  private carry = new Uint8Array(0);

  constructor(encoding: string) {
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    this.isUtf8 = this.decoder.encoding === "utf-8";
    this.isWindows1252 = this.decoder.encoding === "windows-1252";
  }

  /** Decodes the next chunk; `isLast` marks the end of the file. */
  decode(chunk: Uint8Array, isLast: boolean): DecodedChunk {
    if (!this.isUtf8) {
      try {
        const text = this.decoder.decode(chunk, { stream: !isLast });
        return { text: this.isWindows1252 ? fixWindows1252Text(text) : text, invalid: false };
      } catch {
        // NOTE: other decoders keep state between chunks, so the text before the invalid
        // byte is not recovered and the caller can name only the row the chunk starts in.
        return { text: "", invalid: true };
      }
    }

    const bytes = this.carry.length > 0 ? concat(this.carry, chunk) : chunk;
    const complete = isLast ? bytes.length : completeUtf8Length(bytes);
    this.carry = bytes.slice(complete);
    const whole = bytes.subarray(0, complete);
    try {
      return { text: this.decoder.decode(whole), invalid: false };
    } catch {
      const prefix = whole.subarray(0, longestValidPrefix(whole));
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(prefix, { stream: true });
      return { text, invalid: true };
    }
  }
}

/** Returns the length of `bytes` without a UTF-8 sequence that the next chunk completes. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    let length = 1;
    if ((byte & 0xe0) === 0xc0) length = 2;
    else if ((byte & 0xf0) === 0xe0) length = 3;
    else if ((byte & 0xf8) === 0xf0) length = 4;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Finds by bisection the longest prefix that decodes as UTF-8, a sequence cut at its end aside. */
function longestValidPrefix(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/**
 * Byte values that windows-1252 leaves undefined. The decoder turns each into the C1 control
 * character of the same number.
 */
export const WINDOWS_1252_UNDEFINED = /[\u0081\u008d\u008f\u0090\u009d]/g;
