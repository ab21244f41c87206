import { foldForSearch } from "../shared/text.js";
import { parseDate } from "../spreadsheet/parse-date.js";
import {
  otherCurrencyOf,
  parseAmount,
  parseNumber,
  type NumberFormat,
} from "../spreadsheet/parse-number.js";
import type { Parsed } from "../spreadsheet/types.js";
import type { SheetRow } from "../spreadsheet/types.js";
import type { RowIssue, RowIssueCode } from "./issues.js";
import { fieldColumns } from "./load.js";
import { repairMojibake } from "./mojibake.js";
import type { FieldMapping, Mapping, OnProblem } from "./schema.js";

/** Number format of the numbers an XLSX file stores, as the reader writes them. */
const STORED_NUMBER = { decimal: ".", thousands: "" } as const;

/** A value read from a row: text, a number, an amount in minor units or a YYYY-MM-DD day. */
export type FieldValue = string | number;

/** Reads fields of rows for one mapping and one sheet header. */
export class FieldReader {
  private readonly indexes: Map<string, number>;
  private readonly tables = new WeakMap<FieldMapping, Map<string, string | null>>();
  private readonly emptyValues: Set<string>;

  constructor(
    private readonly mapping: Mapping,
    columns: readonly string[],
  ) {
    this.indexes = new Map(columns.map((column, index) => [column, index]));
    this.emptyValues = new Set(mapping.emptyValues.map(foldForSearch));
  }

  /** Returns the trimmed text of one column of `row`, "" when the column is absent. */
  cell(row: SheetRow, column: string): string {
    const index = this.indexes.get(column);
    const text = index === undefined ? "" : (row.cells[index] ?? "");
    // A no-break space is trimmed too: publishers paste amounts and coordinates with one.
    const trimmed = text.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, "");
    if (this.emptyValues.size > 0 && this.emptyValues.has(foldForSearch(trimmed))) return "";
    return this.mapping.repairMojibake ? repairMojibake(trimmed) : trimmed;
  }

  /**
   * Reads `field` from `row`: joins its cells, applies the default, translates through the
   * value table and parses. Adds an issue to `issues` for a value that cannot be read and
   * returns undefined for it.
   */
  read(
    row: SheetRow,
    field: FieldMapping | undefined,
    issues: RowIssue[],
    name: string,
  ): FieldValue | undefined {
    if (!field) return undefined;
    const columns = fieldColumns(field);
    const column = columns.join("+");
    const raw = columns
      .map((each) => this.cell(row, each))
      .filter((text) => text !== "")
      .join(field.join);
    const onProblem = field.onProblem ?? this.mapping.onProblem;
    // A number an XLSX file stores is written "1500.5" whatever format the cell shows.
    const [only] = columns;
    const index = only === undefined || columns.length > 1 ? undefined : this.indexes.get(only);
    const format = index !== undefined && row.numeric?.has(index) ? STORED_NUMBER : field.format;
    // A cell in a percent format stores the fraction: the sheet shows 0.5 as 50%.
    const isFraction =
      field.parse === "percent" && index !== undefined && row.percent?.has(index) === true;
    const report = (code: RowIssueCode, message: string, action: OnProblem = onProblem): void => {
      issues.push({
        code,
        row: row.row,
        column,
        value: raw,
        message: `${name}: ${message}`,
        action,
      });
    };

    let text: string | null = raw === "" ? (field.default ?? "") : raw;
    if (text !== "" && field.values) {
      const table = this.valueTable(field);
      const translated = table.get(foldForSearch(text));
      if (translated === undefined) {
        report("unknown-value", `"${text}" is not in the value table`);
        return undefined;
      }
      text = translated;
    }
    if (text === null || text === "") {
      if (field.required) report("missing-required", "the value is required", "skip-row");
      return undefined;
    }
    const scaled = isFraction && text === raw ? percentOfFraction(text) : text;
    return this.parse(scaled, raw === "" ? field : { ...field, format }, report);
  }

  private valueTable(field: FieldMapping): Map<string, string | null> {
    let table = this.tables.get(field);
    if (!table) {
      table = new Map(
        Object.entries(field.values ?? {}).map(([word, code]) => [foldForSearch(word), code]),
      );
      this.tables.set(field, table);
    }
    return table;
  }

  private parse(
    text: string,
    field: FieldMapping,
    report: (code: RowIssueCode, message: string, action?: OnProblem) => void,
  ): FieldValue | undefined {
    const range = field.range ?? {};
    if (field.parse === "text") return text;

    if (field.parse === "date") {
      const parsed = parseDate(text, field.formats ?? ["iso"]);
      if (!parsed.ok) {
        report("unparseable-date", parsed.reason);
        return undefined;
      }
      const min = typeof range.min === "string" ? range.min : undefined;
      const max = typeof range.max === "string" ? range.max : undefined;
      if ((min && parsed.value < min) || (max && parsed.value > max)) {
        report("date-out-of-range", `${parsed.value} is outside ${min ?? "…"} to ${max ?? "…"}`);
        return undefined;
      }
      return parsed.value;
    }

    if (field.parse === "amount") return this.readAmount(text, field, report);
    const parsed = this.readNumber(text, field, report);
    if (!parsed) return undefined;
    if (field.parse === "integer" && !Number.isInteger(parsed.value)) {
      report("unparseable-number", `${parsed.value} is not a whole number`);
      return undefined;
    }
    // A percent lies in 0..100 unless the mapping gives its own range.
    const isPercent = field.parse === "percent";
    let min = isPercent ? 0 : undefined;
    let max = isPercent ? 100 : undefined;
    if (typeof range.min === "number") min = range.min;
    if (typeof range.max === "number") max = range.max;
    if ((min !== undefined && parsed.value < min) || (max !== undefined && parsed.value > max)) {
      report("value-out-of-range", `${parsed.value} is outside ${min ?? "…"} to ${max ?? "…"}`);
      return undefined;
    }
    return parsed.value;
  }

  /**
   * Reads an amount into minor units of the mapping's currency. A cell that gives another
   * currency's ISO 4217 code is rejected. An amount rounded to the currency's minor digits is
   * kept and reported. `range` is in major units, so `{ min: 0 }` rejects negative amounts.
   */
  private readAmount(
    text: string,
    field: FieldMapping,
    report: (code: RowIssueCode, message: string, action?: OnProblem) => void,
  ): number | undefined {
    const { currency, minorDigits } = this.mapping.project;
    const otherCurrency = otherCurrencyOf(text, currency);
    if (otherCurrency !== undefined) {
      report(
        "unparseable-amount",
        `currency ${otherCurrency} differs from the mapping's ${currency}`,
      );
      return undefined;
    }

    const parsed = this.readNumber(text, field, report);
    if (!parsed) return undefined;
    // Dividing two exact integers gives the double nearest to the decimal amount, the same
    // double that the range's bound in the mapping was read as, so the comparison is exact.
    const major = parsed.value / 10 ** minorDigits;
    if (parsed.repaired !== undefined) {
      const rounded = `${major.toFixed(minorDigits)} ${currency}`;
      report("amount-rounded", `${parsed.repaired}: ${rounded}; the value is kept`, "warn");
    }

    const { min, max } = field.range ?? {};
    const isBelow = typeof min === "number" && major < min;
    const isAbove = typeof max === "number" && major > max;
    if (isBelow || isAbove) {
      const lower = typeof min === "number" ? min : "…";
      const upper = typeof max === "number" ? max : "…";
      report("value-out-of-range", `${major} ${currency} is outside ${lower} to ${upper}`);
      return undefined;
    }
    return parsed.value;
  }

  /**
   * Reads an amount or a number in the field's format, then in each of `otherFormats`. A value
   * read in another format is kept and reported as `other-number-format`.
   */
  private readNumber(
    text: string,
    field: FieldMapping,
    report: (code: RowIssueCode, message: string, action?: OnProblem) => void,
  ): { value: number; repaired?: string | undefined } | undefined {
    const read = (format: NumberFormat | undefined): Parsed<number> =>
      field.parse === "amount"
        ? parseAmount(text, format, this.mapping.project.minorDigits)
        : parseNumber(field.parse === "percent" ? text.replace(/%$/, "") : text, format);

    const parsed = read(field.format);
    if (parsed.ok) return parsed;
    for (const other of field.otherFormats ?? []) {
      const retried = read(other);
      if (!retried.ok) continue;
      // The value is read, so the row is kept whatever the field's onProblem sets.
      report("other-number-format", `read in the format ${describeFormat(other)}`, "warn");
      return retried;
    }
    report(field.parse === "amount" ? "unparseable-amount" : "unparseable-number", parsed.reason);
    return undefined;
  }
}

/** Describes a number format for a person: `decimal "." and thousands ","`. */
function describeFormat(format: NumberFormat): string {
  const decimal =
    format.decimal === undefined ? "any decimal separator" : `decimal "${format.decimal}"`;
  if (format.thousands === undefined) return `${decimal} and any thousands separator`;
  if (format.thousands === "") return `${decimal} without thousands separators`;
  return `${decimal} and thousands "${format.thousands}"`;
}

/**
 * Multiplies a number as an XLSX reader writes it ("0.075") by 100 by moving its decimal point,
 * so that no binary rounding creeps in: 0.07 × 100 is 7.000000000000001 in floating point.
 */
function percentOfFraction(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = "", whole = "", fraction = ""] = match;
  const digits = whole + fraction.padEnd(2, "0");
  const integer = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, "");
  const decimals = digits.slice(whole.length + 2).replace(/0+$/, "");
  return decimals === "" ? `${sign}${integer}` : `${sign}${integer}.${decimals}`;
}
