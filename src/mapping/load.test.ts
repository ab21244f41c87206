import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { SUPPORTED_DATE_FORMATS } from "../spreadsheet/parse-date.js";
import { loadMapping, MappingError, mappingColumns } from "./load.js";

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "ccs-mapping-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Builds a valid YAML mapping with a title field and the given `fields` lines. */
function validYaml(...fields: string[]): string {
  return [
    "version: 1",
    "source: { key: obras, asOf: '2024-01-01' }",
    "project:",
    "  id: { prefix: oc4ids-abc123, column: id }",
    "  currency: ARS",
    "  country: AR",
    "  language: es",
    "  publisher: { name: Ciudad }",
    "fields:",
    "  title: { column: nombre }",
    ...fields,
  ].join("\n");
}

async function problemsOf(name: string, text: string): Promise<string[]> {
  const file = path.join(folder, name);
  await writeFile(file, text);
  try {
    await loadMapping(file);
  } catch (error) {
    if (error instanceof MappingError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadMapping", () => {
  it("loads the Buenos Aires example", async () => {
    const mapping = await loadMapping(
      path.join(PROJECT_ROOT, "examples/mappings/buenos-aires-ba-obras.yaml"),
    );
    expect(mapping.source.key).toBe("ar-buenos-aires-ba-obras");
    expect(mapping.fields.status?.values?.["Finalizada"]).toBe("completion");
    expect(mappingColumns(mapping)).toContain("monto_contrato");
    expect(mappingColumns(mapping)).toContain("imagen_4");
  });

  it("names the path of an invalid field", async () => {
    const problems = await problemsOf(
      "mapping.yaml",
      [
        "version: 1",
        "source: { key: obras, asOf: '2024-01-01' }",
        "project:",
        "  id: { prefix: oc4ids-abc123, column: id }",
        "  currency: pesos",
        "  country: AR",
        "  language: es",
        "  publisher: { name: Ciudad }",
        "fields:",
        "  title: { column: nombre }",
        "  status: { column: etapa, values: [a, b] }",
      ].join("\n"),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^mapping\.yaml: project\.currency: expected an ISO 4217 code/);
    expect(problems[1]).toMatch(/^mapping\.yaml: fields\.status\.values: /);
  });

  it("rejects an unknown currency code", async () => {
    const problems = await problemsOf(
      "xxq.yaml",
      validYaml().replace("currency: ARS", "currency: XXQ"),
    );
    expect(problems).toEqual(["xxq.yaml: project.currency: expected an ISO 4217 code such as ARS"]);
  });

  it("rejects an impossible asOf date", async () => {
    const problems = await problemsOf("asof.yaml", validYaml().replace("2024-01-01", "2024-02-30"));
    expect(problems).toEqual(["asof.yaml: source.asOf: expected a calendar date as YYYY-MM-DD"]);
  });

  it("rejects a date format out of order", async () => {
    const problems = await problemsOf(
      "formats.yaml",
      validYaml(
        "  period.startDate: { column: inicio, parse: date, formats: [DD/MM/YYYY, MM-YYYY-DD] }",
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^formats\.yaml: fields\.period\.startDate\.formats\.1: date format MM-YYYY-DD orders its parts month-year-day; /,
    );
    expect(problems[0]).toContain(`Supported formats: ${SUPPORTED_DATE_FORMATS}`);
  });

  it("rejects alike words with different codes", async () => {
    const problems = await problemsOf(
      "values.yaml",
      validYaml(
        "  status:",
        "    column: etapa",
        "    values: { Finalizada: completion, finalizada: implementation, FINALIZADA: completion }",
      ),
    );
    expect(problems).toEqual([
      'values.yaml: fields.status.values.finalizada: "Finalizada" and "finalizada" are the same ' +
        "word without case, accents and outer spaces but map to completion and implementation; " +
        "keep one of them",
    ]);
  });

  it("accepts alike words with one code", async () => {
    const problems = await problemsOf(
      "same.yaml",
      validYaml(
        "  status: { column: etapa, values: { Finalizada: completion, FINALIZADA: completion } }",
      ),
    );
    expect(problems).toEqual([]);
  });

  it("rejects an unknown YAML tag quietly", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const problems = await problemsOf(
        "tag.yaml",
        validYaml(
          "  description: { column: descripcion, default: !!js/function 'function () {}' }",
        ),
      );
      expect(problems).toEqual([
        "tag.yaml: line 11: unknown YAML tag !!js/function; a mapping contains only plain values",
      ]);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it("rejects a field with neither column nor columns", async () => {
    const problems = await problemsOf(
      "both.json",
      JSON.stringify({
        version: 1,
        source: { key: "obras", asOf: "2024-01-01" },
        project: {
          id: { template: "oc4ids-abc123-{id}" },
          currency: "ARS",
          country: "AR",
          language: "es",
          publisher: { name: "Ciudad" },
        },
        fields: { title: { parse: "text" } },
      }),
    );
    expect(problems).toEqual(["both.json: fields.title: give either column or columns"]);
  });

  it("rejects malformed YAML and an unknown extension", async () => {
    const yaml = await problemsOf("broken.yaml", "version: [1\n");
    expect(yaml[0]).toMatch(/^broken\.yaml: invalid YAML: /);
    const other = await problemsOf("mapping.txt", "version: 1");
    expect(other).toEqual(["mapping.txt: expected a .yaml, .yml or .json mapping file"]);
  });

  it("reports a missing mapping file", async () => {
    await expect(loadMapping(path.join(folder, "absent.yaml"))).rejects.toThrow(
      "absent.yaml: file not found",
    );
  });
});
