import { afterEach, describe, expect, it, vi } from "vitest";
import { importCommand } from "./import-command.js";

describe("ccs import link options", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    [["--attach-to", "a", "--project-per-process", "p"], "cannot be combined"],
    [["--project-title", "Airport"], "--project-title is only used with --attach-to"],
    [["--attach-to", ""], "--attach-to needs a project id"],
  ])("rejects %j with exit status 2", async (options, message) => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const status = await importCommand.run(["some-folder", ...options]);
    expect(status).toBe(2);
    expect(errors.mock.calls[0]?.[0]).toContain(message);
  });

  it("documents the options in --help", async () => {
    const output = vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(await importCommand.run(["--help"])).toBe(0);
    const help = String(output.mock.calls[0]?.[0]);
    expect(help).toContain("--attach-to ID");
    expect(help).toContain("--project-title T");
    expect(help).toContain("--project-per-process PREFIX");
  });
});
