/**
 * CSV sheets, streamed: the file is read in chunks of 1 MiB, decoded, split into records and
 * hashed in one pass, so files of any size fit in memory.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { describeCharacter } from "./parse-number.js";
import {
  chooseEncoding,
  ChunkDecoder,
  WINDOWS_1252_UNDEFINED,
  type CsvEncoding,
  type DecodedChunk,
} from "./csv-decode.js";
import {
  damagedHeadError,
  invalidEncodingError,
  type CsvReadSettings,
} from "./csv-encoding-error.js";
import { CsvRecordParser, type CsvRecord } from "./csv-records.js";
import { SheetError } from "./sheet-error.js";
import { csvCellCountMismatch, fitCells, NoteCollector, readColumns } from "./sheet-rows.js";
import type { Sheet, SheetOptions, SheetRow } from "./types.js";

const DELIMITERS = [",", ";", "\t", "|"];
const CHUNK_BYTES = 1 << 20;

/** Facts about a CSV file gathered before it is streamed. */
export interface CsvFile {
  path: string;
  bytes: number;
  /** The file's first bytes, up to 1 MiB. */
  head: Uint8Array;
}

/** Opens a CSV file: detects its encoding and delimiter and reads its header. */
export async function openCsvSheet(file: CsvFile, options: SheetOptions): Promise<Sheet> {
  const isWholeFile = file.head.length >= file.bytes;
  let encoding: CsvEncoding;
  try {
    encoding = chooseEncoding(file.head, isWholeFile, options.encoding);
  } catch {
    throw new SheetError(
      "unknown-encoding",
      `${file.path}: unknown encoding "${options.encoding}"; use a name such as utf-8 or windows-1252`,
    );
  }
  if (!encoding.name.startsWith("utf-16") && file.head.includes(0)) {
    throw new SheetError(
      "binary-content",
      `${file.path}: contains NUL bytes, so it is not a CSV text file (for UTF-16 without a byte order mark, give the encoding)`,
    );
  }

  const delimiter = chooseDelimiter(file, encoding, options.delimiter);
  const settings: CsvReadSettings = { path: file.path, encoding, delimiter };
  if (encoding.firstInvalidByte !== undefined) {
    throw damagedHeadError(settings, file.head, encoding.firstInvalidByte);
  }
  const notes = new NoteCollector();
  const header = await readHeader(settings, notes);
  const columns = readColumns(file.path, header);
  return new CsvSheet(file, settings, columns, header.length, notes);
}

function chooseDelimiter(file: CsvFile, encoding: CsvEncoding, given: string | undefined): string {
  if (given !== undefined) {
    if (!DELIMITERS.includes(given)) {
      throw new SheetError(
        "unsupported-format",
        `${file.path}: delimiter ${describeCharacter(given)} is not supported; use one of , ; tab |`,
      );
    }
    return given;
  }
  const head = file.head.subarray(encoding.bomLength);
  const text = new TextDecoder(encoding.name).decode(head, { stream: true });
  return sniffDelimiter(text);
}

/**
 * Picks the delimiter that occurs most often outside quotes in the first line, after any empty
 * lines; on a tie, the earlier of , ; tab |. A header with none of them is one column, read
 * with ",".
 */
export function sniffDelimiter(text: string): string {
  const counts = new Map(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let isQuoted = false;
  for (const character of text.replace(/^[\r\n]+/, "")) {
    if (character === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (character === "\n" || character === "\r")) break;
    else if (!isQuoted && counts.has(character)) {
      counts.set(character, (counts.get(character) ?? 0) + 1);
    }
  }
  let best = ",";
  for (const [delimiter, count] of counts) {
    if (count > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

async function readHeader(settings: CsvReadSettings, notes: NoteCollector): Promise<string[]> {
  const scan = scanRecords(settings, () => undefined);
  try {
    const first = await scan.next();
    if (first.done) {
      throw new SheetError("no-header", `${settings.path}: has no header row`);
    }
    return cleanCells(first.value, settings.encoding.name, notes);
  } finally {
    await scan.return(undefined);
  }
}

/** Drops the C1 characters that stand for bytes undefined in windows-1252, counting them. */
function cleanCells(record: CsvRecord, encoding: string, notes: NoteCollector): string[] {
  if (encoding !== "windows-1252") return record.cells;
  return record.cells.map((cell) => {
    const found = cell.match(WINDOWS_1252_UNDEFINED);
    if (!found) return cell;
    for (const character of found) {
      const byte = `0x${character.charCodeAt(0).toString(16).toUpperCase()}`;
      notes.add("undefined-bytes", record.row, 1, byte);
    }
    return cell.replace(WINDOWS_1252_UNDEFINED, "");
  });
}

/** The hash and size of a file, once it has been read to its end. */
interface FileDigest {
  sha256: string;
  bytes: number;
}

/**
 * Reads the file's records from its start. `onEnd` receives the digest of all the bytes once
 * the file has been read to its end.
 */
async function* scanRecords(
  settings: CsvReadSettings,
  onEnd: (digest: FileDigest) => void,
): AsyncGenerator<CsvRecord> {
  const { path, encoding } = settings;
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const hash = createHash("sha256");
  const decoder = new ChunkDecoder(encoding.name, encoding.bomLength);
  const parser = new CsvRecordParser(settings.delimiter);
  let bytes = 0;

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      const content = bytes === 0 ? chunk.subarray(encoding.bomLength) : chunk;
      bytes += chunk.length;
      yield* recordsOrError(parseText(settings, parser, decoder.decode(content, false)));
    }
    yield* recordsOrError(parseText(settings, parser, decoder.decode(new Uint8Array(0), true)));
  } finally {
    stream.destroy();
  }

  if (parser.isInsideQuotes) {
    throw new SheetError(
      "unterminated-quote",
      `${path}: row ${parser.currentRow} opens a quoted field that is never closed`,
    );
  }
  const records: CsvRecord[] = [];
  parser.end(records);
  yield* records;
  onEnd({ sha256: hash.digest("hex"), bytes });
}

/**
 * Splits decoded text into records. Records completed before a NUL byte or an invalid byte
 * come with the error, so that they are yielded before it is thrown.
 */
function parseText(
  settings: CsvReadSettings,
  parser: CsvRecordParser,
  decoded: DecodedChunk,
): { records: CsvRecord[]; error?: SheetError } {
  const records: CsvRecord[] = [];
  const nul = decoded.text.indexOf("\u0000");
  parser.push(nul < 0 ? decoded.text : decoded.text.slice(0, nul), records);

  if (nul >= 0) {
    const error = new SheetError(
      "binary-content",
      `${settings.path}: row ${parser.currentRow} contains a NUL byte, so the file is not CSV text`,
    );
    return { records, error };
  }
  if (decoded.invalid) {
    const error = invalidEncodingError(settings, parser.currentRow, decoded.invalidByte);
    return { records, error };
  }
  return { records };
}

/** Yields the records of a parsed chunk, then throws its error if it has one. */
function* recordsOrError(parsed: { records: CsvRecord[]; error?: SheetError }) {
  yield* parsed.records;
  if (parsed.error) throw parsed.error;
}

class CsvSheet implements Sheet {
  readonly source: string;
  readonly format = "csv" as const;
  readonly encoding: { name: string; detected: boolean };
  readonly delimiter: string;
  readonly bytes: number;
  private digest: FileDigest | undefined;
  private isRead = false;

  constructor(
    file: CsvFile,
    private readonly settings: CsvReadSettings,
    readonly columns: string[],
    /** Cells of the header row as written, blank trailing ones included. */
    private readonly headerCells: number,
    private readonly noteCollector: NoteCollector,
  ) {
    this.source = file.path;
    this.bytes = file.bytes;
    this.encoding = { name: settings.encoding.name, detected: settings.encoding.detected };
    this.delimiter = settings.delimiter;
  }

  sha256(): string {
    if (!this.digest) {
      throw new Error(`${this.source}: the SHA-256 is known once all rows have been read`);
    }
    return this.digest.sha256;
  }

  notes() {
    return this.noteCollector.list(this.settings.encoding.name);
  }

  rows(): AsyncIterable<SheetRow> {
    if (this.isRead) {
      throw new SheetError("rows-already-read", `${this.source}: rows can be read only once`);
    }
    this.isRead = true;
    return this.readRows();
  }

  private async *readRows(): AsyncGenerator<SheetRow> {
    const scan = scanRecords(this.settings, (digest) => {
      if (digest.bytes !== this.bytes) {
        throw new SheetError(
          "file-changed",
          `${this.source}: changed while it was read (${this.bytes} bytes, then ${digest.bytes})`,
        );
      }
      this.digest = digest;
    });

    const { name } = this.settings.encoding;
    let isHeader = true;
    for await (const record of scan) {
      if (isHeader) {
        isHeader = false;
        continue;
      }
      const cells = cleanCells(record, name, this.noteCollector);
      const cellCount = csvCellCountMismatch(cells, this.columns.length, this.headerCells);
      if (cellCount) {
        yield { row: record.row, cells: fitCells(cells, this.columns.length), cellCount };
        continue;
      }
      yield {
        row: record.row,
        cells: fitCells(cells, this.columns.length, record.row, this.noteCollector),
      };
    }
  }
}
