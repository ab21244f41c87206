/**
 * Splits CSV text into records as RFC 4180 describes: fields separated by a delimiter, records
 * by line breaks, and fields in double quotes that may contain delimiters, line breaks and
 * doubled quotes (""). Text arrives in chunks of any size.
 */

/**
 * One record with its row number as a spreadsheet program shows it: the first line is row 1,
 * a blank line is a row, and a quoted cell with line breaks keeps its record in one row.
 */
export interface CsvRecord {
  row: number;
  cells: string[];
}

type State = "field-start" | "unquoted" | "quoted" | "quote-in-quoted";

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/**
 * An incremental CSV tokenizer. Blank records (empty lines, or only blank cells) are counted as
 * rows but not returned. It is lenient where RFC 4180 is strict, as spreadsheet programs are: a
 * quote inside an unquoted field is kept as text, and text after a closing quote is appended.
 */
export class CsvRecordParser {
  private readonly delimiterCode: number;
  private cells: string[] = [];
  private field = "";
  private state: State = "field-start";
  private skipLineFeed = false;
  private recordCount = 0;

  constructor(delimiter: string) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Row number of the record being read, blank records counted. */
  get currentRow(): number {
    return this.recordCount + 1;
  }

  /** Whether the text so far ends inside a quoted field. */
  get isInsideQuotes(): boolean {
    return this.state === "quoted";
  }

  /** Reads a chunk of text and appends the records it completes to `records`. */
  push(text: string, records: CsvRecord[]): void {
    let index = 0;
    if (this.skipLineFeed && text.length > 0) {
      if (text.charCodeAt(0) === LINE_FEED) index = 1;
      this.skipLineFeed = false;
    }
    while (index < text.length) {
      index = this.step(text, index, records);
    }
  }

  /** Completes the last record at the end of the text. Check isInsideQuotes first. */
  end(records: CsvRecord[]): void {
    if (this.state === "field-start" && this.cells.length === 0) return;
    this.endRecord(records);
  }

  /** Consumes text from `index` in the current state; returns the index to continue from. */
  private step(text: string, index: number, records: CsvRecord[]): number {
    switch (this.state) {
      case "quoted": {
        const quote = text.indexOf('"', index);
        if (quote < 0) {
          this.field += text.slice(index);
          return text.length;
        }
        this.field += text.slice(index, quote);
        this.state = "quote-in-quoted";
        return quote + 1;
      }
      case "quote-in-quoted":
        // A quote right after a quote is an escaped quote; anything else closes the field.
        if (text.charCodeAt(index) === 34) {
          this.field += '"';
          this.state = "quoted";
          return index + 1;
        }
        this.state = "unquoted";
        return index;
      case "field-start":
        if (text.charCodeAt(index) === 34) {
          this.state = "quoted";
          return index + 1;
        }
        this.state = "unquoted";
        return index;
      case "unquoted":
        return this.readUnquoted(text, index, records);
    }
  }

  private readUnquoted(text: string, index: number, records: CsvRecord[]): number {
    let end = index;
    let code = 0;
    while (end < text.length) {
      code = text.charCodeAt(end);
      if (code === this.delimiterCode || code === LINE_FEED || code === CARRIAGE_RETURN) break;
      end += 1;
    }
    this.field += text.slice(index, end);
    if (end === text.length) return end;

    if (code === this.delimiterCode) {
      this.cells.push(this.field);
      this.field = "";
      this.state = "field-start";
      return end + 1;
    }

    this.endRecord(records);
    if (code === CARRIAGE_RETURN) {
      if (end + 1 === text.length) this.skipLineFeed = true;
      else if (text.charCodeAt(end + 1) === LINE_FEED) return end + 2;
    }
    return end + 1;
  }

  private endRecord(records: CsvRecord[]): void {
    this.cells.push(this.field);
    const cells = this.cells;
    this.cells = [];
    this.field = "";
    this.state = "field-start";

    this.recordCount += 1;
    if (cells.every((cell) => cell.trim() === "")) return;
    records.push({ row: this.recordCount, cells });
  }
}
