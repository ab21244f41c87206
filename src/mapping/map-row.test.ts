import { describe, expect, it } from "vitest";
import type { RowIssue } from "./issues.js";
import { RowMapper } from "./map-row.js";
import { TEST_COLUMNS, testCells, testMapping } from "./testing.js";

const mapper = new RowMapper(testMapping(), TEST_COLUMNS);

function mapCells(changes: Record<string, string>, row = 2) {
  return mapper.map({ row, cells: testCells(7, changes) });
}

function codes(issues: RowIssue[]): string[] {
  return issues.map((issue) => issue.code);
}

describe("RowMapper", () => {
  it("maps a clean row to an OC4IDS project", () => {
    const mapped = mapCells({});
    expect(mapped.issues).toEqual([]);
    expect(mapped.skipped).toBe(false);
    const project = mapped.project ?? {};
    expect(project.id).toBe("oc4ids-test00-7");
    expect(project.title).toBe("Plaza 7");
    expect(project.status).toBe("completion");
    expect(project.updated).toBe("2024-06-24T00:00:00Z");
    expect(project.budget).toEqual({ amount: { amount: 1234567.89, currency: "ARS" } });
    expect(project.period).toEqual({
      startDate: "2019-03-01T00:00:00Z",
      endDate: "2020-02-28T00:00:00Z",
    });
    expect(project.locations).toEqual([
      { id: "1", geometry: { type: "Point", coordinates: [-58.3816, -34.6037] } },
    ]);
    expect(project.publicAuthority).toEqual({
      id: "authority-ministerio-de-espacio-publico",
      name: "Ministerio de Espacio Público",
    });
  });

  it("builds the contractor as a supplier party with its CUIT", () => {
    const project = mapCells({}).project ?? {};
    const parties = project.parties as Record<string, unknown>[];
    expect(parties).toContainEqual({
      id: "AR-CUIT-30712345678",
      name: "Obras del Sur S.A.",
      identifier: { scheme: "AR-CUIT", id: "30712345678" },
      roles: ["supplier"],
    });
    const processes = project.contractingProcesses as { summary: Record<string, unknown> }[];
    expect(processes[0]?.summary.suppliers).toEqual([
      { id: "AR-CUIT-30712345678", name: "Obras del Sur S.A." },
    ]);
  });

  it("records progress as a physicalProgress metric on the data's date", () => {
    const project = mapCells({ avance: "45,5" }).project ?? {};
    const metrics = project.metrics as { id: string; observations: Record<string, unknown>[] }[];
    expect(metrics[0]?.id).toBe("physicalProgress");
    expect(metrics[0]?.observations[0]?.measure).toBe(45.5);
    expect(metrics[0]?.observations[0]?.period).toEqual({
      startDate: "2024-06-24T00:00:00Z",
      endDate: "2024-06-24T00:00:00Z",
    });
  });

  it("matches value table words without case, accents or outer spaces", () => {
    for (const word of ["finalizada ", "FINALIZADA", "En Ejecucion", " en ejecución"]) {
      const mapped = mapCells({ etapa: word });
      expect(mapped.issues).toEqual([]);
      expect(["completion", "implementation"]).toContain(mapped.project?.status);
    }
  });

  it("reports a word missing from the value table", () => {
    const mapped = mapCells({ etapa: "Finalizada/desestimada" }, 9);
    expect(mapped.issues).toEqual([
      {
        code: "unknown-value",
        row: 9,
        column: "etapa",
        value: "Finalizada/desestimada",
        message: 'status: "Finalizada/desestimada" is not in the value table',
        action: "warn",
      },
    ]);
    expect(mapped.project?.status).toBeUndefined();
    expect(mapped.project?.title).toBe("Plaza 7");
  });

  it("reports an unparseable amount and keeps the row", () => {
    const mapped = mapCells({ monto: "doce mil" });
    expect(codes(mapped.issues)).toEqual(["unparseable-amount"]);
    expect(mapped.issues[0]?.column).toBe("monto");
    expect(mapped.issues[0]?.value).toBe("doce mil");
    expect(mapped.project?.budget).toBeUndefined();
  });

  it("reads a cell in another format the field lists and reports it", () => {
    const mapping = testMapping();
    const amount = mapping.fields["budget.amount"];
    if (amount) {
      amount.otherFormats = [{ decimal: ".", thousands: "," }];
      amount.onProblem = "skip-row";
    }
    const mapped = new RowMapper(mapping, TEST_COLUMNS).map({
      row: 5,
      cells: testCells(7, { monto: "$28,470,000.5" }),
    });
    expect(mapped.skipped).toBe(false);
    expect(mapped.project?.budget).toEqual({ amount: { amount: 28470000.5, currency: "ARS" } });
    expect(mapped.issues).toEqual([
      expect.objectContaining({ code: "other-number-format", column: "monto", action: "warn" }),
    ]);

    const unreadable = new RowMapper(mapping, TEST_COLUMNS).map({
      row: 6,
      cells: testCells(7, { monto: "12.34.5" }),
    });
    expect(codes(unreadable.issues)).toEqual(["unparseable-amount"]);
    expect(unreadable.skipped).toBe(true);
  });

  it("reads amounts with a currency sign and a no-break space", () => {
    const mapped = mapCells({ monto: "\u00a0$ 1.500,5" });
    expect(mapped.issues).toEqual([]);
    expect(mapped.project?.budget).toEqual({ amount: { amount: 1500.5, currency: "ARS" } });
  });

  it("reads numbers an XLSX file stores whatever the column format", () => {
    const monto = TEST_COLUMNS.indexOf("monto");
    const avance = TEST_COLUMNS.indexOf("avance");
    const cells = testCells(7, { monto: "1500.5", avance: "37.5" });
    const mapped = mapper.map({ row: 2, cells, numeric: new Set([monto, avance]) });
    expect(mapped.issues).toEqual([]);
    expect(mapped.project?.budget).toEqual({ amount: { amount: 1500.5, currency: "ARS" } });
  });

  it("reports dates out of range and unparseable dates", () => {
    expect(codes(mapCells({ inicio: "1905-01-01" }).issues)).toEqual(["date-out-of-range"]);
    expect(codes(mapCells({ inicio: "A/D" }).issues)).toEqual(["unparseable-date"]);
    expect(mapCells({ inicio: "15/03/2019" }).project?.period).toEqual({
      startDate: "2019-03-15T00:00:00Z",
      endDate: "2020-02-28T00:00:00Z",
    });
  });

  it("drops an end date before the start date", () => {
    const mapped = mapCells({ inicio: "2021-01-01", fin: "2020-01-01" });
    expect(codes(mapped.issues)).toEqual(["end-before-start"]);
    expect(mapped.project?.period).toEqual({ startDate: "2021-01-01T00:00:00Z" });
  });

  it("reports missing, swapped and outside coordinates", () => {
    const missing = mapCells({ lat: "", lng: "" });
    expect(codes(missing.issues)).toEqual(["coordinates-missing"]);
    expect(missing.project?.locations).toBeUndefined();

    const swapped = mapCells({ lat: "-58,3816", lng: "-34,6037" });
    expect(codes(swapped.issues)).toEqual(["coordinates-swapped"]);
    expect(swapped.project?.locations).toEqual([
      { id: "1", geometry: { type: "Point", coordinates: [-58.3816, -34.6037] } },
    ]);

    const outside = mapCells({ lat: "-31,4", lng: "-64,18" });
    expect(codes(outside.issues)).toEqual(["coordinates-outside-jurisdiction"]);
    expect(outside.project?.locations).toBeUndefined();
  });

  it("skips a row without its required title", () => {
    const mapped = mapCells({ nombre: "" });
    expect(mapped.skipped).toBe(true);
    expect(mapped.project).toBeUndefined();
    expect(mapped.issues[0]).toMatchObject({ code: "missing-required", action: "skip-row" });
  });

  it("skips a row when the field says skip-row", () => {
    const strict = testMapping();
    const amount = strict.fields["budget.amount"];
    if (amount) amount.onProblem = "skip-row";
    const mapped = new RowMapper(strict, TEST_COLUMNS).map({
      row: 4,
      cells: testCells(1, { monto: "n/a" }),
    });
    expect(mapped.skipped).toBe(true);
    expect(mapped.issues[0]).toMatchObject({ code: "unparseable-amount", action: "skip-row" });
  });

  it("treats empty values as empty cells", () => {
    const mapped = mapCells({ monto: "-", empresa: "-" });
    expect(mapped.issues).toEqual([]);
    expect(mapped.project?.budget).toBeUndefined();
    expect(mapped.project?.contractingProcesses).toBeUndefined();
  });

  it("turns photo URLs into illustrations and video links into documents", () => {
    const mapped = mapCells({ foto_2: "https://www.youtube.com/watch?v=abc" });
    expect(codes(mapped.issues)).toEqual(["not-an-image"]);
    expect(mapped.project?.documents).toEqual([
      {
        id: "photo-1",
        documentType: "illustration",
        title: "Foto 1",
        url: "https://cdn.example.org/fotos/7.jpg",
        format: "image/jpeg",
      },
      {
        id: "photo-2",
        documentType: "physicalProgressReport",
        title: "Foto 2",
        url: "https://www.youtube.com/watch?v=abc",
      },
    ]);
  });

  it("adds the missing scheme of a photo link", () => {
    const mapped = mapCells({ foto_1: "cdn2.example.org/obras/foto 1.jpg", foto_2: "sin foto" });
    expect(codes(mapped.issues)).toEqual(["url-scheme-added", "invalid-url"]);
    expect(mapped.project?.documents).toEqual([
      {
        id: "photo-1",
        documentType: "illustration",
        title: "Foto 1",
        url: "https://cdn2.example.org/obras/foto%201.jpg",
        format: "image/jpeg",
      },
    ]);
  });

  it("repairs double-decoded text when the mapping asks", () => {
    const mapped = mapCells({ area: "Secretarí\u00ada de Obras" });
    expect(mapped.project?.publicAuthority).toMatchObject({ name: "Secretaría de Obras" });
  });

  it("skips a row without an id", () => {
    const mapped = mapper.map({ row: 3, cells: testCells(1, { id: "" }) });
    expect(mapped.skipped).toBe(true);
    expect(mapped.projectId).toBeUndefined();
    expect(codes(mapped.issues)).toEqual(["missing-required"]);
  });

  it("names the first missing column of a row cut short", () => {
    const cells = testCells(1);
    const cellCount = { expected: TEST_COLUMNS.length, found: 3 };
    const mapped = mapper.map({ row: 3, cells, cellCount });
    expect(mapped.skipped).toBe(true);
    expect(mapped.issues).toHaveLength(1);
    expect(mapped.issues[0]?.code).toBe("wrong-cell-count");
    expect(mapped.issues[0]?.column).toBe("area");
  });

  it("names the last cell with text past the header", () => {
    const cellCount = { expected: TEST_COLUMNS.length, found: TEST_COLUMNS.length + 2 };
    const mapped = mapper.map({ row: 4, cells: testCells(1), cellCount });
    expect(mapped.issues[0]?.code).toBe("wrong-cell-count");
    expect(mapped.issues[0]?.column).toBe("column P (past the header)");
  });
});
