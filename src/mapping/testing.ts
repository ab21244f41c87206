import { checkMapping } from "./load.js";
import type { Mapping } from "./schema.js";

/** Columns of the small test sheets, in the style of the Buenos Aires file. */
export const TEST_COLUMNS = [
  "id",
  "nombre",
  "etapa",
  "area",
  "monto",
  "lat",
  "lng",
  "inicio",
  "fin",
  "avance",
  "empresa",
  "cuit",
  "foto_1",
  "foto_2",
];

/** Builds a checked mapping over TEST_COLUMNS; `overrides` replace top-level parts. */
export function testMapping(overrides: Record<string, unknown> = {}): Mapping {
  return checkMapping({
    version: 1,
    source: { key: "test-obras", asOf: "2024-06-24" },
    project: {
      id: { prefix: "oc4ids-test00", column: "id" },
      currency: "ARS",
      country: "AR",
      language: "es",
      publisher: { name: "Ciudad de Prueba", uid: "test-city" },
      bounds: { south: -34.71, west: -58.54, north: -34.52, east: -58.33 },
    },
    emptyValues: ["-"],
    repairMojibake: true,
    fields: {
      title: { column: "nombre", required: true },
      status: {
        column: "etapa",
        values: { Finalizada: "completion", "En ejecución": "implementation" },
      },
      "publicAuthority.name": { column: "area" },
      "budget.amount": {
        column: "monto",
        parse: "amount",
        format: { decimal: ",", thousands: "." },
      },
      "period.startDate": {
        column: "inicio",
        parse: "date",
        formats: ["YYYY-MM-DD", "DD/MM/YYYY"],
        range: { min: "1990-01-01", max: "2035-12-31" },
      },
      "period.endDate": { column: "fin", parse: "date", formats: ["YYYY-MM-DD"] },
      physicalProgress: { column: "avance", parse: "percent", format: { decimal: "," } },
      location: { latitude: { column: "lat" }, longitude: { column: "lng" } },
      contractingProcess: {
        supplier: {
          name: { column: "empresa" },
          identifier: { scheme: "AR-CUIT", id: { column: "cuit" } },
        },
      },
      photos: { columns: ["foto_1", "foto_2"], title: "Foto {n}" },
    },
    ...overrides,
  });
}

/** Writes one CSV line with ";" between cells, quoting cells that need it. */
export function csvLine(cells: readonly string[]): string {
  return cells
    .map((cell) => (/[";\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
    .join(";");
}

/** A complete, valid row over TEST_COLUMNS; `changes` replace cells by column name. */
export function testCells(id: number, changes: Record<string, string> = {}): string[] {
  const base: Record<string, string> = {
    id: String(id),
    nombre: `Plaza ${id}`,
    etapa: "Finalizada",
    area: "Ministerio de Espacio Público",
    monto: "1.234.567,89",
    lat: "-34,6037",
    lng: "-58,3816",
    inicio: "2019-03-01",
    fin: "2020-02-28",
    avance: "100",
    empresa: "Obras del Sur S.A.",
    cuit: "30712345678",
    foto_1: `https://cdn.example.org/fotos/${id}.jpg`,
    foto_2: "",
    ...changes,
  };
  return TEST_COLUMNS.map((column) => base[column] ?? "");
}
