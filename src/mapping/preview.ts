import type { SheetRow } from "../spreadsheet/types.js";
import { mappingColumns } from "./load.js";
import { RowMapper, type MappedRow } from "./map-row.js";
import type { Mapping } from "./schema.js";

/** The first rows of a sheet as the mapping turns them into projects. */
export interface MappingPreview {
  /** Columns the mapping names that the sample's header lacks. */
  missingColumns: string[];
  rows: MappedRow[];
}

/**
 * Maps the first `n` rows of a sample (such as the one `readSample` returns) without storing
 * anything, so that a person can check a mapping against a file before importing it. Repeated
 * ids within the sample are reported as `duplicate-id`.
 */
export function previewMapping(
  mapping: Mapping,
  sample: { columns: readonly string[]; rows: readonly SheetRow[] },
  n: number,
): MappingPreview {
  const available = new Set(sample.columns);
  const missingColumns = mappingColumns(mapping).filter((column) => !available.has(column));
  const mapper = new RowMapper(mapping, sample.columns);
  const seen = new Map<string, number>();
  const rows = sample.rows.slice(0, Math.max(0, n)).map((row) => {
    const mapped = mapper.map(row);
    const first = mapped.projectId === undefined ? undefined : seen.get(mapped.projectId);
    if (mapped.projectId === undefined || mapped.skipped) return mapped;
    if (first === undefined) {
      seen.set(mapped.projectId, row.row);
      return mapped;
    }
    const issue = {
      code: "duplicate-id" as const,
      row: row.row,
      column:
        "column" in mapping.project.id ? mapping.project.id.column : mapping.project.id.template,
      value: mapped.projectId,
      message: `id: project id ${mapped.projectId} was already given in row ${first}; this row is left out`,
      action: "skip-row" as const,
    };
    return {
      row: row.row,
      projectId: mapped.projectId,
      issues: [...mapped.issues, issue],
      skipped: true,
    };
  });
  return { missingColumns, rows };
}
