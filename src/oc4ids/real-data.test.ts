import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { readSource } from "../import/read-source.js";
import type { ReadItem } from "../import/read-source.js";
import { normaliseOcdsRecord, normaliseOcdsRelease, normaliseProject } from "./normalise.js";
import { matchProcessToOcid } from "./process-id.js";
import { loadProjectValidator } from "./validate.js";

const shared = path.resolve(PROJECT_ROOT, "../shared");
const nuevoLeon = path.join(shared, "data/real/mx-nuevo-leon");
const gacm = path.join(shared, "data/real/mx-gacm-naicm-ocds/releases");
const schemaPath = path.join(shared, "standards/oc4ids/project-schema.json");

function isMarch(item: ReadItem): boolean {
  return item.location.source.includes("snapshot-2020-03-25");
}

async function readAll(source: string): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readSource(source).items) items.push(item);
  return items;
}

describe.skipIf(!existsSync(nuevoLeon))("Nuevo León data (needs ../shared/data/real)", () => {
  it("reads both snapshots", async () => {
    const items = await readAll(nuevoLeon);
    const count = (kind: string, march: boolean) =>
      items.filter((item) => item.kind === kind && isMarch(item) === march).length;

    expect(count("project", false)).toBe(10);
    expect(count("ocds-record", false)).toBe(24);
    expect(count("project", true)).toBe(9);
    expect(count("ocds-record", true)).toBe(18);
  });

  it("validates every April project after normalisation", async () => {
    const validate = await loadProjectValidator(schemaPath);
    const items = await readAll(path.join(nuevoLeon, "oc4ids-projects"));
    const codes = new Set<string>();
    const problems: string[] = [];

    for (const item of items) {
      if (item.kind !== "project") continue;
      const { project, warnings } = normaliseProject(item.project, item.location);
      for (const warning of warnings) codes.add(warning.code);
      for (const problem of validate(project, item.location)) {
        problems.push(`${problem.projectId} ${problem.pointer}: ${problem.message}`);
      }
    }

    expect(items).toHaveLength(10);
    expect(problems).toEqual([]);
    for (const code of ["release-tag-string", "retired-status-code", "empty-value-removed"]) {
      expect(codes).toContain(code);
    }
    expect(codes).toContain("duplicate-party-merged");
    expect(codes).toContain("coordinates-swapped");
  });

  it("reports what normalisation cannot repair in the March projects", async () => {
    const validate = await loadProjectValidator(schemaPath);
    const items = await readAll(path.join(nuevoLeon, "snapshot-2020-03-25/oc4ids-projects"));
    const codes = new Set<string>();
    const pointers: string[] = [];

    for (const item of items) {
      if (item.kind !== "project") continue;
      const { project, warnings } = normaliseProject(item.project, item.location);
      for (const warning of warnings) codes.add(warning.code);
      for (const problem of validate(project, item.location)) pointers.push(problem.pointer);
    }

    expect(codes).toContain("geometry-type-case");
    // Budget breakdown entries with an empty id, and repeated ones, need the publisher's data.
    expect(pointers.every((pointer) => pointer.startsWith("/budget/budgetBreakdowns/"))).toBe(true);
  });

  it("repairs the award status case in the records", async () => {
    const items = await readAll(path.join(nuevoLeon, "ocds-record-packages"));
    const codes = new Set<string>();

    for (const item of items) {
      if (item.kind !== "ocds-record") continue;
      for (const warning of normaliseOcdsRecord(item.record, item.location).warnings) {
        codes.add(warning.code);
      }
    }

    expect(items).toHaveLength(24);
    expect(codes).toContain("code-case");
  });

  it("matches every April process id to an ocid", async () => {
    const items = await readAll(nuevoLeon);
    const ocids = items.flatMap((item) =>
      item.kind === "ocds-record" && typeof item.record.ocid === "string" ? [item.record.ocid] : [],
    );
    const processIds = items
      .filter((item) => item.kind === "project" && !isMarch(item))
      .flatMap((item) =>
        item.kind === "project" ? (item.project.contractingProcesses as { id: string }[]) : [],
      )
      .map((process) => process.id);

    const unmatched = processIds.filter((id) => matchProcessToOcid(id, ocids) === undefined);

    expect(processIds).toHaveLength(24);
    expect(unmatched).toEqual([]);
  });
});

describe.skipIf(!existsSync(gacm))("GACM OCDS 1.0 releases (needs ../shared/data/real)", () => {
  it("reads and upgrades every transaction", async () => {
    const items = await readAll(gacm);
    let upgraded = 0;

    for (const item of items) {
      if (item.kind !== "ocds-release") continue;
      const { value } = normaliseOcdsRelease(item.release, item.location);
      const text = JSON.stringify(value);
      expect(text).not.toContain("providerOrganization");
      expect(text).not.toContain("receiverOrganization");
      if (text.includes('"payee"')) upgraded += 1;
    }

    expect(items).toHaveLength(302);
    expect(upgraded).toBeGreaterThan(250);
  });
});
