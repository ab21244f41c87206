/**
 * The parts of an XLSX workbook (ECMA-376, Office Open XML SpreadsheetML) that a sheet reader
 * needs: the zip entries, the workbook's sheet list, shared strings and cell styles.
 */
import { unzipSync } from "fflate";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import path from "node:path";
import { SheetError } from "./sheet-error.js";

/** Cap on the uncompressed size of the parts read from one workbook, against zip bombs. */
export const MAX_UNCOMPRESSED_BYTES = 512 * 1024 ** 2;

/** Reads zip entries of an XLSX file by name, within a budget of uncompressed bytes. */
export class XlsxArchive {
  private uncompressedBytes = 0;

  constructor(
    readonly file: string,
    private readonly zip: Uint8Array,
    private readonly maxUncompressedBytes = MAX_UNCOMPRESSED_BYTES,
  ) {}

  /** Returns the named entries that exist; the others are left out. */
  read(names: string[]): Map<string, Uint8Array> {
    const wanted = new Set(names);
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(this.zip, {
        // fflate inflates an entry into a buffer of its declared size, so a lie about the
        // size truncates the entry instead of exceeding the budget.
        filter: (entry) => {
          if (!wanted.has(entry.name)) return false;
          this.uncompressedBytes += entry.originalSize;
          if (this.uncompressedBytes > this.maxUncompressedBytes) {
            throw new SheetError(
              "invalid-xlsx",
              `${this.file}: unpacks to more than ${this.maxUncompressedBytes} bytes, ` +
                "the limit for a workbook; split it or save the sheet as CSV",
            );
          }
          return true;
        },
      });
    } catch (error) {
      if (error instanceof SheetError) throw error;
      throw new SheetError(
        "invalid-xlsx",
        `${this.file}: is not a readable zip archive (${String(error)})`,
      );
    }
    return new Map(Object.entries(entries));
  }

  /** Returns one entry, throwing SheetError when it is missing. */
  readRequired(name: string): Uint8Array {
    const entry = this.read([name]).get(name);
    if (!entry)
      throw new SheetError(
        "invalid-xlsx",
        `${this.file}: has no ${name}, so it is not an XLSX workbook`,
      );
    return entry;
  }
}

/** Handlers for the events of one XML part. Element names come without namespace prefix. */
export interface XmlHandlers {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/** Parses an XML part in slices of 1 MiB, so that parts larger than a string can hold work. */
export function parseXml(
  file: string,
  part: string,
  bytes: Uint8Array,
  handlers: XmlHandlers,
): void {
  const parser = new SaxesParser();
  const localName = (name: string) => name.slice(name.indexOf(":") + 1);
  parser.on("opentag", (tag: SaxesTagPlain) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) {
      attributes[localName(name)] = String(value);
    }
    handlers.open?.(localName(tag.name), attributes);
  });
  parser.on("closetag", (tag: SaxesTagPlain) => handlers.close?.(localName(tag.name)));
  parser.on("text", (text) => handlers.text?.(text));
  parser.on("cdata", (text) => handlers.text?.(text));

  const decoder = new TextDecoder("utf-8");
  const slice = 1 << 20;
  try {
    for (let start = 0; start < bytes.length; start += slice) {
      parser.write(decoder.decode(bytes.subarray(start, start + slice), { stream: true }));
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof SheetError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SheetError("invalid-xlsx", `${file}: ${part} is not well-formed XML (${reason})`);
  }
}

/** One relationship of a part: the target part's path inside the zip and its type. */
interface Relationship {
  target: string;
  type: string;
}

/** Reads a .rels part into a map from relationship id to the target's path in the zip. */
export function readRelationships(
  archive: XlsxArchive,
  relsPart: string,
  sourceFolder: string,
): Map<string, Relationship> {
  const relationships = new Map<string, Relationship>();
  const bytes = archive.read([relsPart]).get(relsPart);
  if (!bytes) return relationships;

  parseXml(archive.file, relsPart, bytes, {
    open(name, attributes) {
      if (name !== "Relationship" || attributes.TargetMode === "External") return;
      const { Id: id, Target: target, Type: type = "" } = attributes;
      if (id === undefined || target === undefined) return;
      relationships.set(id, { target: resolveTarget(sourceFolder, target), type });
    },
  });
  return relationships;
}

/** Resolves a relationship target against the folder of its source part (zip paths, no "/"). */
function resolveTarget(sourceFolder: string, target: string): string {
  const joined = target.startsWith("/") ? target : path.posix.join(sourceFolder, target);
  return path.posix.normalize(joined).replace(/^\/+/, "");
}

/** One sheet of a workbook; `part` and `type` are undefined when its relationship is missing. */
export interface WorkbookSheet {
  name: string;
  relationshipId: string | undefined;
  part: string | undefined;
  type: string | undefined;
}

/** The workbook's sheets in tab order, and the parts they share. */
export interface Workbook {
  sheets: WorkbookSheet[];
  /** The part that lists the workbook's relationships, named in errors. */
  relationshipsPart: string;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
  date1904: boolean;
}

/** Reads the workbook part that the package's root relationships point to. */
export function readWorkbook(archive: XlsxArchive): Workbook {
  const root = readRelationships(archive, "_rels/.rels", "");
  const office = [...root.values()].find((relation) => relation.type.endsWith("/officeDocument"));
  const workbookPart = office?.target ?? "xl/workbook.xml";
  const folder = path.posix.dirname(workbookPart);
  const relsPart = path.posix.join(folder, "_rels", `${path.posix.basename(workbookPart)}.rels`);
  const relationships = readRelationships(archive, relsPart, folder);

  const workbook: Workbook = {
    sheets: [],
    relationshipsPart: relsPart,
    sharedStringsPart: undefined,
    stylesPart: undefined,
    date1904: false,
  };
  for (const relation of relationships.values()) {
    if (relation.type.endsWith("/sharedStrings")) workbook.sharedStringsPart = relation.target;
    if (relation.type.endsWith("/styles")) workbook.stylesPart = relation.target;
  }

  parseXml(archive.file, workbookPart, archive.readRequired(workbookPart), {
    open(name, attributes) {
      if (name === "workbookPr") {
        workbook.date1904 = attributes.date1904 === "1" || attributes.date1904 === "true";
      }
      if (name !== "sheet") return;
      const relationshipId = attributes.id;
      const relation = relationshipId === undefined ? undefined : relationships.get(relationshipId);
      workbook.sheets.push({
        name: attributes.name ?? "",
        relationshipId,
        part: relation?.target,
        type: relation?.type,
      });
    },
  });
  return workbook;
}

/** Reads the shared string table; rich text runs are joined and phonetic hints left out. */
export function readSharedStrings(archive: XlsxArchive, part: string | undefined): string[] {
  const strings: string[] = [];
  const bytes = part === undefined ? undefined : archive.read([part]).get(part);
  if (!bytes || part === undefined) return strings;

  let current = "";
  let isInText = false;
  let phoneticDepth = 0;
  parseXml(archive.file, part, bytes, {
    open(name) {
      if (name === "si") current = "";
      else if (name === "rPh") phoneticDepth += 1;
      else if (name === "t") isInText = phoneticDepth === 0;
    },
    text(text) {
      if (isInText) current += text;
    },
    close(name) {
      if (name === "t") isInText = false;
      else if (name === "rPh") phoneticDepth -= 1;
      else if (name === "si") strings.push(current);
    },
  });
  return strings;
}

/** Kind of value a number format shows: a date, a date and time, or a time of day. */
export type DateKind = "date" | "date-time" | "time";

/**
 * Built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30): 14–22 and
 * 45–47, and the ids that East Asian locales use for dates (27–36 and 50–58).
 */
const BUILT_IN_DATE_KINDS: Record<number, DateKind> = {
  14: "date",
  15: "date",
  16: "date",
  17: "date",
  18: "time",
  19: "time",
  20: "time",
  21: "time",
  22: "date-time",
  45: "time",
  46: "time",
  47: "time",
  ...Object.fromEntries(
    [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58].map((id) => [id, "date"]),
  ),
  ...Object.fromEntries([32, 33, 55, 56].map((id) => [id, "time"])),
};

/** Built-in number formats that show percentages (ECMA-376 Part 1, 18.8.30): 0% and 0.00%. */
const BUILT_IN_PERCENT_IDS = new Set([9, 10]);

/** The kinds of value that the number format of a cell style shows. */
export interface CellStyle {
  /** The kind of date or time shown, if any. */
  dateKind: DateKind | undefined;
  /** True for a percent format, which shows the stored number multiplied by 100. */
  isPercent: boolean;
}

/** Reads, for each cell style index, what its number format shows. */
export function readCellStyles(archive: XlsxArchive, part: string | undefined): CellStyle[] {
  const styles: CellStyle[] = [];
  const bytes = part === undefined ? undefined : archive.read([part]).get(part);
  if (!bytes || part === undefined) return styles;

  const customFormats = new Map<number, string>();
  const formatIds: number[] = [];
  let isInCellXfs = false;
  parseXml(archive.file, part, bytes, {
    open(name, attributes) {
      if (name === "numFmt")
        customFormats.set(Number(attributes.numFmtId), attributes.formatCode ?? "");
      else if (name === "cellXfs") isInCellXfs = true;
      else if (name === "xf" && isInCellXfs) formatIds.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === "cellXfs") isInCellXfs = false;
    },
  });

  for (const id of formatIds) {
    const custom = customFormats.get(id);
    styles.push(
      custom === undefined
        ? { dateKind: BUILT_IN_DATE_KINDS[id], isPercent: BUILT_IN_PERCENT_IDS.has(id) }
        : { dateKind: dateKindOfFormat(custom), isPercent: isPercentFormat(custom) },
    );
  }
  return styles;
}

/**
 * Tells whether a format code such as "0.0%" shows a percentage: whether it has a "%" that is
 * not literal text. Quoted text and a character after a backslash, "_" or "*" are literal, so
 * `0\%` shows a percent sign without multiplying by 100.
 */
export function isPercentFormat(code: string): boolean {
  return /%/.test(code.replace(/"[^"]*"/g, "").replace(/[\\_*]./g, ""));
}

/**
 * Tells from a format code such as "dd/mm/yyyy" or "h:mm" whether it shows a date or time.
 * Quoted text, escaped characters and bracketed colours and conditions are ignored first.
 */
export function dateKindOfFormat(code: string): DateKind | undefined {
  const section = code.split(";")[0] ?? "";
  const plain = section
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "")
    .replace(/\[(?:h+|m+|s+)\]/gi, "h")
    .replace(/\[[^\]]*\]/g, "")
    .toLowerCase();

  const hasTime = /[hs]/.test(plain) || /am\/pm|a\/p/.test(plain);
  const hasDate = /[dy]/.test(plain) || (/m/.test(plain) && !hasTime);
  if (hasDate && hasTime) return "date-time";
  if (hasDate) return "date";
  return hasTime ? "time" : undefined;
}
