import type { JsonObject } from "../import/types.js";
import { parseCoordinatePair } from "../spreadsheet/parse-coordinates.js";
import { columnLetters } from "../spreadsheet/sheet-rows.js";
import type { SheetRow } from "../spreadsheet/types.js";
import type { RowIssue } from "./issues.js";
import { mapContractingProcess, mapDocuments } from "./map-parts.js";
import { FieldReader } from "./read-field.js";
import type { Mapping } from "./schema.js";

/** Days per month used to turn a duration in months into OC4IDS `durationInDays`. */
const DAYS_PER_MONTH = 30;

/** One row turned into a project, or left out, with the problems found in it. */
export interface MappedRow {
  row: number;
  /** The project id built from the row; undefined when the id cells are empty. */
  projectId?: string | undefined;
  /** The OC4IDS 0.9.5 project; undefined when the row is skipped. */
  project?: JsonObject | undefined;
  issues: RowIssue[];
  skipped: boolean;
}

/** Fields of the mapping that hold one value each. */
type SimpleField = Exclude<
  keyof Mapping["fields"],
  "location" | "contractingProcess" | "photos" | "documents"
>;

/** Turns rows of one sheet into OC4IDS projects as one mapping says. */
export class RowMapper {
  private readonly reader: FieldReader;

  constructor(
    private readonly mapping: Mapping,
    private readonly columns: readonly string[],
  ) {
    this.reader = new FieldReader(mapping, columns);
  }

  /** Builds the project id of a row from the mapping's prefix or template; undefined if empty. */
  projectId(row: SheetRow): string | undefined {
    const id = this.mapping.project.id;
    if ("column" in id) {
      const value = this.reader.cell(row, id.column);
      return value === "" ? undefined : `${id.prefix}-${value}`;
    }
    let empty = false;
    const value = id.template.replace(/\{([^{}]+)\}/g, (_match, column: string) => {
      const cell = this.reader.cell(row, column);
      if (cell === "") empty = true;
      return cell;
    });
    return empty ? undefined : value;
  }

  /** Turns one row into a project and the issues of its values. */
  map(row: SheetRow): MappedRow {
    const issues: RowIssue[] = [];
    if (row.cellCount) {
      const { expected, found } = row.cellCount;
      issues.push({
        code: "wrong-cell-count",
        row: row.row,
        column: cellCountColumn(this.columns, found),
        value: "",
        message:
          found < expected
            ? `the row has ${found} cell${found === 1 ? "" : "s"} where the header has ${expected}: ` +
              "it is cut short, so its values cannot be trusted"
            : `the row has ${found} cells with text in the last where the header has ${expected} ` +
              "columns: a stray delimiter has shifted its values",
        action: "skip-row",
      });
      return { row: row.row, issues, skipped: true };
    }
    const projectId = this.projectId(row);
    if (projectId === undefined) {
      const column = "column" in this.mapping.project.id ? this.mapping.project.id.column : "id";
      issues.push({
        code: "missing-required",
        row: row.row,
        column,
        value: "",
        message: "id: the row has no project id",
        action: "skip-row",
      });
      return { row: row.row, issues, skipped: true };
    }

    const project = this.buildProject(row, projectId, issues);
    const unique = dropRepeatedIssues(issues);
    const skipped = unique.some((issue) => issue.action === "skip-row");
    return skipped
      ? { row: row.row, projectId, issues: unique, skipped }
      : { row: row.row, projectId, project, issues: unique, skipped };
  }

  private buildProject(row: SheetRow, id: string, issues: RowIssue[]): JsonObject {
    const { fields, project: constants, source } = this.mapping;
    const read = (name: SimpleField) => this.reader.read(row, fields[name], issues, name);

    const project: JsonObject = {
      id,
      updated: `${source.asOf}T00:00:00Z`,
      language: constants.language,
    };
    setText(project, "title", read("title"));
    setText(project, "description", read("description"));
    setText(project, "status", read("status"));
    setText(project, "type", read("type"));
    const sector = read("sector");
    if (typeof sector === "string") project.sector = sector.split(/\s*,\s*/).filter(Boolean);
    setText(project, "purpose", read("purpose"));

    const parties: JsonObject[] = [];
    const authority = read("publicAuthority.name");
    if (typeof authority === "string") {
      const party = {
        id: `authority-${slug(authority)}`,
        name: authority,
        roles: ["publicAuthority"],
      };
      parties.push(party);
      project.publicAuthority = { id: party.id, name: authority };
    }

    const amount = read("budget.amount");
    if (typeof amount === "number") {
      project.budget = {
        amount: { amount: this.majorUnits(amount), currency: constants.currency },
      };
    }
    const period = this.readPeriod(row, issues);
    if (period) project.period = period;

    const location = this.readLocation(row, issues);
    if (location) project.locations = [location];

    const progress = read("physicalProgress");
    if (typeof progress === "number") {
      project.metrics = [physicalProgressMetric(progress, source.asOf)];
    }

    const process = mapContractingProcess(this.reader, this.mapping, row, id, issues);
    if (process) {
      project.contractingProcesses = [process.process];
      parties.push(...process.parties);
    }
    const documents = mapDocuments(this.reader, this.mapping, row, issues);
    if (documents.length > 0) project.documents = documents;
    if (parties.length > 0) project.parties = parties;
    return project;
  }

  /** Converts integer minor units to the decimal amount OC4IDS carries. */
  majorUnits(minor: number): number {
    return minor / 10 ** this.mapping.project.minorDigits;
  }

  private readPeriod(row: SheetRow, issues: RowIssue[]): JsonObject | undefined {
    const fields = this.mapping.fields;
    const start = this.reader.read(row, fields["period.startDate"], issues, "period.startDate");
    let end = this.reader.read(row, fields["period.endDate"], issues, "period.endDate");
    const months = this.reader.read(
      row,
      fields["period.durationInMonths"],
      issues,
      "period.durationInMonths",
    );

    if (typeof start === "string" && typeof end === "string" && end < start) {
      const field = fields["period.endDate"];
      issues.push({
        code: "end-before-start",
        row: row.row,
        column: field?.column ?? field?.columns?.join("+") ?? "",
        value: end,
        message: `period.endDate: ${end} is before the start date ${start}; the end date is left out`,
        action: field?.onProblem ?? this.mapping.onProblem,
      });
      end = undefined;
    }

    const period: JsonObject = {};
    if (typeof start === "string") period.startDate = `${start}T00:00:00Z`;
    if (typeof end === "string") period.endDate = `${end}T00:00:00Z`;
    if (typeof months === "number") period.durationInDays = Math.round(months * DAYS_PER_MONTH);
    return Object.keys(period).length > 0 ? period : undefined;
  }

  private readLocation(row: SheetRow, issues: RowIssue[]): JsonObject | undefined {
    const spec = this.mapping.fields.location;
    if (!spec) return undefined;
    const read = (name: "description" | "streetAddress" | "locality" | "region" | "postalCode") =>
      this.reader.read(row, spec[name], issues, `location.${name}`);

    const location: JsonObject = { id: "1" };
    setText(location, "description", read("description"));
    const address: JsonObject = {};
    setText(address, "streetAddress", read("streetAddress"));
    setText(address, "locality", read("locality"));
    setText(address, "region", read("region"));
    setText(address, "postalCode", read("postalCode"));
    if (Object.keys(address).length > 0) {
      address.countryName = this.mapping.project.country;
      location.address = address;
    }

    const point = this.readPoint(row, issues);
    if (point) location.geometry = { type: "Point", coordinates: [point.lng, point.lat] };
    return Object.keys(location).length > 1 ? location : undefined;
  }

  private readPoint(row: SheetRow, issues: RowIssue[]): { lat: number; lng: number } | undefined {
    const spec = this.mapping.fields.location;
    const latColumn = spec?.latitude?.column;
    const lngColumn = spec?.longitude?.column;
    if (!spec || !latColumn || !lngColumn) return undefined;

    const latText = this.reader.cell(row, latColumn);
    const lngText = this.reader.cell(row, lngColumn);
    const column = `${latColumn}+${lngColumn}`;
    const value = `${latText} ${lngText}`.trim();
    const onProblem = spec.latitude?.onProblem ?? this.mapping.onProblem;
    const issue = (code: RowIssue["code"], message: string, action = onProblem): void => {
      issues.push({ code, row: row.row, column, value, message: `location: ${message}`, action });
    };

    if (latText === "" && lngText === "") {
      issue("coordinates-missing", "no coordinates", spec.onMissingCoordinates ?? "warn");
      return undefined;
    }
    const bounds = this.mapping.project.bounds;
    const parsed = parseCoordinatePair(latText, lngText, bounds);
    if (parsed.ok) {
      if (parsed.repaired?.includes("swapped")) {
        issue(
          "coordinates-swapped",
          parsed.repaired === "lat and lng were swapped"
            ? "latitude and longitude were swapped"
            : `latitude and longitude were swapped; ${parsed.repaired}`,
          "warn",
        );
      } else if (parsed.repaired) {
        issue("coordinates-repaired", `repaired: ${parsed.repaired}`, "warn");
      }
      return parsed.value;
    }
    const unbounded = bounds ? parseCoordinatePair(latText, lngText) : parsed;
    if (unbounded.ok) {
      issue(
        "coordinates-outside-jurisdiction",
        `${unbounded.value.lat}, ${unbounded.value.lng} is outside the jurisdiction's bounds`,
      );
    } else {
      issue("coordinates-unparseable", unbounded.reason);
    }
    return undefined;
  }
}

/**
 * Names where a row's cells stop lining up with the header: the first column a short row
 * lacks, or the spreadsheet letter of the last cell with text past the header.
 */
function cellCountColumn(columns: readonly string[], found: number): string {
  const missing = columns[found];
  if (found < columns.length && missing !== undefined) return missing;
  return `column ${columnLetters(found - 1)} (past the header)`;
}

/**
 * Keeps one issue per code, column and value: a column read by two fields (such as an amount
 * that is both the budget and the contract value) is one defect of the file.
 */
function dropRepeatedIssues(issues: RowIssue[]): RowIssue[] {
  const seen = new Map<string, RowIssue>();
  for (const issue of issues) {
    const key = `${issue.code}\u0000${issue.column}\u0000${issue.value}`;
    const first = seen.get(key);
    if (!first) seen.set(key, issue);
    else if (issue.action === "skip-row") first.action = "skip-row";
  }
  return [...seen.values()];
}

function setText(target: JsonObject, key: string, value: string | number | undefined): void {
  if (value !== undefined && value !== "") target[key] = String(value);
}

/** Folds a name into a lower-case id fragment: "Ministerio de Educación" → "ministerio-de-educacion". */
export function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function physicalProgressMetric(percent: number, asOf: string): JsonObject {
  return {
    id: "physicalProgress",
    title: "Physical progress",
    observations: [
      {
        id: "1",
        measure: percent,
        unit: { name: "percent" },
        period: { startDate: `${asOf}T00:00:00Z`, endDate: `${asOf}T00:00:00Z` },
      },
    ],
  };
}
