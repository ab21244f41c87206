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
  /**
   * Offset of the first byte that is not valid UTF-8, when the start of the file was detected
   * as UTF-8 although it has such bytes: the file is UTF-8 with damage.
   */
  firstInvalidByte?: number | undefined;
}

/** Bytes examined to tell UTF-8 from windows-1252. */
export const DETECTION_BYTES = 1 << 20;

/**
 * Chooses the encoding: a byte order mark wins, then the encoding given, then UTF-8 when
 * `head` is valid UTF-8, else windows-1252. Throws RangeError for an unknown encoding label.
 * `isWholeFile` is true when `head` ends at the end of the file, so that a multi-byte
 * character cut at its end counts as invalid.
 *
 * A `head` that is not valid UTF-8 but has at least as many well-formed multi-byte UTF-8
 * sequences as bytes outside them is UTF-8 with damage, and `firstInvalidByte` gives the offset
 * of its first invalid byte.
 * Windows-1252 text seldom forms such sequences: an accented capital followed by a symbol
 * (`Ã©`) does, which is how text decoded twice looks, but it is rarer than plain accented
 * letters, which are invalid UTF-8. Reading a damaged UTF-8 file as windows-1252 would garble
 * every accented letter without an error, so a tie goes to UTF-8 and the error.
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
    const scan = scanUtf8(head, isWholeFile);
    if (scan.sequences >= scan.invalidBytes) {
      return { name: "utf-8", detected: true, bomLength: 0, firstInvalidByte: scan.firstInvalid };
    }
    return { name: "windows-1252", detected: true, bomLength: 0 };
  }
}

/** Counts from a UTF-8 scan of some bytes. */
export interface Utf8Scan {
  /** Well-formed multi-byte sequences. */
  sequences: number;
  /** Bytes of 0x80 and above that are not part of a well-formed sequence. */
  invalidBytes: number;
  /** Index of the first of those bytes, if any. */
  firstInvalid: number | undefined;
}

/**
 * Counts the well-formed multi-byte UTF-8 sequences in `bytes` and the bytes outside them, as
 * Unicode 15.0 table 3-7 defines well-formed sequences. When `isComplete` is false, a sequence
 * cut at the end of `bytes` is neither.
 */
export function scanUtf8(bytes: Uint8Array, isComplete: boolean): Utf8Scan {
  const scan: Utf8Scan = { sequences: 0, invalidBytes: 0, firstInvalid: undefined };
  let index = 0;
  while (index < bytes.length) {
    if ((bytes[index] ?? 0) < 0x80) {
      index += 1;
      continue;
    }
    const length = sequenceLength(bytes, index);
    if (length === "cut" && !isComplete) break;
    if (typeof length === "number") {
      scan.sequences += 1;
      index += length;
      continue;
    }
    scan.invalidBytes += 1;
    scan.firstInvalid ??= index;
    index += 1;
  }
  return scan;
}

/**
 * Returns the length of the well-formed UTF-8 sequence at `index`, "cut" for one that the
 * end of `bytes` cuts short, or "invalid".
 */
function sequenceLength(bytes: Uint8Array, index: number): number | "cut" | "invalid" {
  const lead = bytes[index] ?? 0;
  const form = SEQUENCE_FORMS.find(
    (candidate) => lead >= candidate.leadMin && lead <= candidate.leadMax,
  );
  if (!form) return "invalid";
  for (let offset = 1; offset < form.length; offset += 1) {
    const byte = bytes[index + offset];
    if (byte === undefined) return "cut";
    const [min, max] = offset === 1 ? form.second : [0x80, 0xbf];
    if (byte < min || byte > max) return "invalid";
  }
  return form.length;
}

/**
 * Well-formed multi-byte UTF-8 sequences by lead byte (Unicode 15.0, table 3-7): the range of
 * the second byte; any further bytes are 0x80–0xBF.
 */
const SEQUENCE_FORMS: {
  leadMin: number;
  leadMax: number;
  length: number;
  second: [number, number];
}[] = [
  { leadMin: 0xc2, leadMax: 0xdf, length: 2, second: [0x80, 0xbf] },
  { leadMin: 0xe0, leadMax: 0xe0, length: 3, second: [0xa0, 0xbf] },
  { leadMin: 0xe1, leadMax: 0xec, length: 3, second: [0x80, 0xbf] },
  { leadMin: 0xed, leadMax: 0xed, length: 3, second: [0x80, 0x9f] },
  { leadMin: 0xee, leadMax: 0xef, length: 3, second: [0x80, 0xbf] },
  { leadMin: 0xf0, leadMax: 0xf0, length: 4, second: [0x90, 0xbf] },
  { leadMin: 0xf1, leadMax: 0xf3, length: 4, second: [0x80, 0xbf] },
  { leadMin: 0xf4, leadMax: 0xf4, length: 4, second: [0x80, 0x8f] },
];

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
  /** For UTF-8, the first invalid byte: its offset in the file and its value. */
  invalidByte?: { offset: number; value: number } | undefined;
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
  /** Offset in the file of the first byte not yet decoded, `carry` included. */
  private offset: number;

  /** `startOffset` is the offset in the file of the first byte given, after any byte order mark. */
  constructor(encoding: string, startOffset = 0) {
    this.offset = startOffset;
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
    const start = this.offset;
    this.offset += complete;
    try {
      return { text: this.decoder.decode(whole), invalid: false };
    } catch {
      const first = scanUtf8(whole, true).firstInvalid ?? whole.length;
      const prefix = whole.subarray(0, first);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(prefix);
      const invalidByte = { offset: start + first, value: whole[first] ?? 0 };
      return { text, invalid: true, invalidByte };
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
