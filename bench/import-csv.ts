/**
 * Measures the spreadsheet import on a synthetic CSV file in the style of Buenos Aires' BA
 * Obras file. The file is `;`-separated Windows-1252 text with the same kinds of defects (amounts in
 * several formats, empty and swapped coordinates, dates out of range, unknown stage words,
 * video links among the photos, quoted cells with line breaks).
 *
 * Run with `npx tsx bench/import-csv.ts [rows] [storedRows]` (100,000 and 100,000 by default).
 * It prints rows per second for reading, parsing, mapping, normalising and validating the
 * whole file without storing, then for a full import of the first `storedRows` rows into a new
 * database on each backend (PostgreSQL only when DATABASE_URL is set), with the process's
 * peak resident memory during the import.
 */
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { defaultPipeline } from "../src/import/service-pipeline.js";
import { importSheet } from "../src/mapping/import-sheet.js";
import { loadMapping } from "../src/mapping/load.js";
import { RowMapper } from "../src/mapping/map-row.js";
import { openSheet } from "../src/spreadsheet/open-sheet.js";
import {
  backendsToRun,
  describeLoad,
  oneDecimal,
  prepareBenchDatabase,
  printTable,
  sampleMemory,
  secondsSince,
} from "./support.js";

const MAPPING = path.join(import.meta.dirname, "../examples/mappings/buenos-aires-ba-obras.yaml");
const COLUMNS =
  "id;entorno;nombre;etapa;tipo;area_responsable;descripcion;monto_contrato;comuna;barrio;" +
  "direccion;lat;lng;fecha_inicio;fecha_fin_inicial;plazo_meses;porcentaje_avance;imagen_1;" +
  "imagen_2;imagen_3;imagen_4;licitacion_oferta_empresa;licitacion_anio;contratacion_tipo;" +
  "nro_contratacion;cuit_contratista;beneficiarios;mano_obra;compromiso;destacada;ba_elige;" +
  "link_interno;pliego_descarga;expediente-numero;estudio_ambiental_descarga;financiamiento;";

const STAGES = ["Finalizada", "En ejecución", "finalizada ", "En Ejecución ", "Paralizada"];
const TYPES = ["Escuelas", "Salud", "Espacio Público", "Hidráulica E Infraestructura", "Otros"];
const AMOUNTS = [
  "67065700",
  "9,9",
  "1.234.567,89",
  "$ 2.500.000",
  "\u00a0450000",
  "",
  "$28,470,000",
];

/** Writes one synthetic row; `n` picks the defects deterministically. */
function syntheticRow(n: number): string {
  const lat = (-34.55 - (n % 150) / 1000).toFixed(6).replace(".", ",");
  const lng = (-58.35 - (n % 170) / 1000).toFixed(6).replace(".", ",");
  const coordinates = n % 19 === 0 ? ["", ""] : n % 97 === 0 ? [lng, lat] : [lat, lng];
  const start = n % 211 === 0 ? "1905-07-09" : `20${10 + (n % 13)}-0${1 + (n % 9)}-15`;
  const end = n % 29 === 0 ? "2009-01-01" : `20${12 + (n % 13)}-0${1 + (n % 9)}-28`;
  const photo =
    n % 53 === 0 ? "https://www.youtube.com/watch?v=abc" : `https://cdn.example.org/${n}.jpg`;
  const title = n % 41 === 0 ? `"Obra ${n}\nsegunda línea"` : `Obra ${n}`;
  const cells = [
    String(n),
    `Programa ${n % 320}`,
    title,
    STAGES[n % STAGES.length],
    TYPES[n % TYPES.length],
    "Secretarí\u00ada de Obras",
    "Descripción de la obra",
    AMOUNTS[n % AMOUNTS.length],
    String(1 + (n % 15)),
    "Palermo",
    `Calle ${n}`,
    ...coordinates,
    start,
    end,
    String(6 + (n % 30)),
    String(n % 101),
    photo,
    "",
    "",
    "",
    `Empresa ${n % 537} S.A.`,
    String(2010 + (n % 14)),
    "Licitación Pública",
    `${n}/2019`,
    `30${String(n).padStart(9, "0")}`,
    "",
    "",
    "",
    "",
    "",
    "https://www.example.org/obra",
    "",
    "",
    "",
    "",
  ];
  return `${cells.join(";")};`;
}

async function writeSyntheticCsv(file: string, rows: number): Promise<void> {
  const lines = [COLUMNS];
  for (let n = 1; n <= rows; n += 1) lines.push(syntheticRow(n));
  // Windows-1252, as the city publishes: every character used here is in Latin-1.
  await writeFile(file, Buffer.from(`${lines.join("\n")}\n`, "latin1"));
}

/** Reads, parses, maps, normalises and validates every row without a database. */
async function measureMapping(file: string): Promise<{ rows: number; seconds: number }> {
  const mapping = await loadMapping(MAPPING);
  const pipeline = await defaultPipeline(loadConfig().oc4idsSchema);
  const started = process.hrtime.bigint();
  const sheet = await openSheet(file, { encoding: "windows-1252", delimiter: ";" });
  const mapper = new RowMapper(mapping, sheet.columns);
  let rows = 0;
  let problems = 0;
  for await (const row of sheet.rows()) {
    rows += 1;
    const mapped = mapper.map(row);
    if (!mapped.project) continue;
    const location = { source: file, pointer: "", projectId: mapped.projectId };
    const normalised = pipeline.normaliseProject(mapped.project, location);
    problems += pipeline.validateProject(normalised.value, location).length;
  }
  if (problems > 0) throw new Error(`${problems} schema problem(s) in the synthetic rows`);
  return { rows, seconds: secondsSince(started) };
}

const rowCount = Number(process.argv[2] ?? 100_000);
const storedCount = Number(process.argv[3] ?? rowCount);
const folder = await mkdtemp(path.join(tmpdir(), "ccs-bench-csv-"));
try {
  const file = path.join(folder, "obras.csv");
  const sample = path.join(folder, "sample.csv");
  await writeSyntheticCsv(file, rowCount);
  await writeSyntheticCsv(sample, storedCount);

  const table: Record<string, string | number>[] = [];
  const mapped = await measureMapping(file);
  table.push({
    step: "read + parse + map + validate",
    backend: "-",
    rows: mapped.rows,
    seconds: oneDecimal(mapped.seconds),
    "rows/s": Math.round(mapped.rows / mapped.seconds),
    "peak RSS (MiB)": "-",
  });

  for (const backend of backendsToRun()) {
    const prepared = await prepareBenchDatabase(backend);
    const database = await openDatabase(prepared.location);
    try {
      const memory = sampleMemory();
      const started = process.hrtime.bigint();
      const report = await importSheet(database, sample, MAPPING, {
        schema: loadConfig().oc4idsSchema,
      });
      const seconds = secondsSince(started);
      const peaks = memory.stop();
      if (report.status !== "succeeded") throw new Error(JSON.stringify(report.problems));
      table.push({
        step: "full import (stored)",
        backend,
        rows: report.rowsRead,
        seconds: oneDecimal(seconds),
        "rows/s": Math.round(report.rowsRead / seconds),
        "peak RSS (MiB)": peaks.rssMiB,
      });
    } finally {
      await database.close();
      await prepared.destroy();
    }
  }
  printTable(table);
  console.log(describeLoad());
} finally {
  await rm(folder, { recursive: true, force: true });
}
