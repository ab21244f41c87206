import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { JsonObject } from "../import/types.js";
import { openTestDatabase, type TestDatabase } from "../testing/database.js";
import { createProject } from "../testing/factories.js";
import { exportCommand, exportToFile } from "./export-command.js";

let database: TestDatabase;
let folder: string;

beforeAll(async () => {
  database = await openTestDatabase();
  folder = await mkdtemp(path.join(os.tmpdir(), "ccs-export-"));
  await createProject(database.db, { id: "oc4ids-cli-1", title: "Puente" });
  await createProject(database.db, { id: "oc4ids-cli-2", title: "Escuela" });
});

afterAll(async () => {
  await database.destroy();
  await rm(folder, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("exportCommand", () => {
  it.each([
    [["--format", "csv"], /Unknown format "csv"; choose one of: oc4ids/],
    [[], /Missing --format; choose one of: oc4ids/],
    [["--format", "oc4ids", "--colour"], /Unknown option '--colour'/],
  ])("rejects %j with exit status 2", async (argv, message) => {
    const errorOutput = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await exportCommand.run(argv)).toBe(2);
    expect(errorOutput).toHaveBeenCalledWith(expect.stringMatching(message));
  });

  it("prints help", async () => {
    const output = vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(await exportCommand.run(["--help"])).toBe(0);
    expect(output).toHaveBeenCalledWith(expect.stringContaining("--output FILE"));
  });
});

describe("exportToFile", () => {
  it("writes the package and no temporary file", async () => {
    const file = path.join(folder, "package.json");
    const written = await exportToFile(database.db, file, { publisher: { name: "Obras" } });
    const parsed = JSON.parse(await readFile(file, "utf8")) as { projects: JsonObject[] };
    expect(written).toBe(2);
    expect(parsed.projects.map((project) => project.id)).toEqual(["oc4ids-cli-1", "oc4ids-cli-2"]);
    expect(await readdir(folder)).toEqual(["package.json"]);
  });

  it("keeps the old file when the export fails", async () => {
    const file = path.join(folder, "kept.json");
    await writeFile(file, "old contents");
    const closed = await openTestDatabase();
    await closed.destroy();
    await expect(exportToFile(closed.db, file)).rejects.toThrow();
    expect(await readFile(file, "utf8")).toBe("old contents");
    expect((await readdir(folder)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("fails for a missing folder", async () => {
    const file = path.join(folder, "missing", "package.json");
    await expect(exportToFile(database.db, file)).rejects.toThrow(/ENOENT/);
    expect(existsSync(file)).toBe(false);
  });
});
