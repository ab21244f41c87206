import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { createConfiguredBank } from "./configured.js";

describe("configured bank", () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  function folder(): string {
    const created = mkdtempSync(path.join(tmpdir(), "ccs-bank-"));
    folders.push(created);
    return created;
  }

  it("defaults to the simulated bank in the data folder", () => {
    const dataDir = folder();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.bank).toEqual({
      kind: "simulated",
      stateFile: path.join(dataDir, "simulated-bank.jsonl"),
    });
    expect(createConfiguredBank(config.bank).name).toBe("simulated");
  });

  it("writes payment files to the outbox", () => {
    const outbox = path.join(folder(), "outbox");
    const config = loadConfig({ BANK: "payment-file", BANK_OUTBOX: outbox });
    expect(config.bank).toEqual({ kind: "payment-file", outbox });
    expect(createConfiguredBank(config.bank).name).toBe("payment-file");
    expect(existsSync(outbox)).toBe(true);
  });

  it("rejects an unknown bank kind", () => {
    expect(() => loadConfig({ BANK: "swift" })).toThrow(/BANK: Invalid option/);
  });
});
