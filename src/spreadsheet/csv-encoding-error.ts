/**
 * Errors for CSV bytes that are not valid in the file's encoding, naming the row and, for
 * UTF-8, the byte.
 */
import type { CsvEncoding } from "./csv-decode.js";
import { CsvRecordParser } from "./csv-records.js";
import { SheetError } from "./sheet-error.js";

/** Settings a CSV file is read with: its path, encoding and delimiter. */
export interface CsvReadSettings {
  path: string;
  encoding: CsvEncoding;
  delimiter: string;
}

/**
 * Builds the error for a file whose first MiB is UTF-8 with an invalid byte at `offset`,
 * naming the row that byte is in.
 */
export function damagedHeadError(
  settings: CsvReadSettings,
  head: Uint8Array,
  offset: number,
): SheetError {
  const before = head.subarray(settings.encoding.bomLength, offset);
  const parser = new CsvRecordParser(settings.delimiter);
  parser.push(new TextDecoder("utf-8", { ignoreBOM: true }).decode(before), []);
  const invalidByte = { offset, value: head[offset] ?? 0 };
  return invalidEncodingError(settings, parser.currentRow, invalidByte);
}

/**
 * Builds the error for bytes that are not valid in the file's encoding, in row `row`. For
 * UTF-8 it names the first invalid byte, and explains how the encoding was chosen when it was
 * detected. Other decoders do not tell where they stopped, so the row is only a lower bound.
 */
export function invalidEncodingError(
  settings: CsvReadSettings,
  row: number,
  invalidByte: { offset: number; value: number } | undefined,
): SheetError {
  const { name, detected, firstInvalidByte } = settings.encoding;
  if (!invalidByte) {
    const origin = detected ? " (detected from the start of the file)" : "";
    return new SheetError(
      "invalid-encoding",
      `${settings.path}: row ${row} or later has bytes that are not valid ${name}${origin}`,
    );
  }

  const hex = invalidByte.value.toString(16).toUpperCase().padStart(2, "0");
  let reason = "";
  if (detected && firstInvalidByte !== undefined) {
    reason =
      `. The file was read as ${name} because its start has well-formed UTF-8 characters, ` +
      "so it looks damaged";
  } else if (detected) {
    reason = `. The file was read as ${name} because its first MiB is valid ${name}`;
  }
  return new SheetError(
    "invalid-encoding",
    `${settings.path}: row ${row} has a byte that is not valid ${name} ` +
      `(0x${hex} at byte offset ${invalidByte.offset})${reason}. ` +
      "If the file is in another encoding, such as windows-1252, set that encoding " +
      "(source.encoding in a mapping)",
  );
}
