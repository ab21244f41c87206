import { describe, expect, it } from "vitest";
import { projectProgressRows } from "./project-progress.js";

const figure = (process_id: string, percent: number) => ({ process_id, percent });

describe("projectProgressRows", () => {
  it("keeps the project's own figures", () => {
    const rows = [figure("", 10), figure("cp-1", 50)];
    expect(projectProgressRows(rows)).toEqual([figure("", 10)]);
  });

  it("uses the only process's figures", () => {
    const rows = [figure("cp-1", 20), figure("cp-1", 50)];
    expect(projectProgressRows(rows)).toEqual(rows);
  });

  it("has none for several processes", () => {
    expect(projectProgressRows([figure("cp-1", 20), figure("cp-2", 50)])).toEqual([]);
  });
});
