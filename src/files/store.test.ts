import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import { createFileStore, sha256Hex, type FileStore } from "./store.js";

let dataDir: string;
let store: FileStore;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "ccs-files-"));
  store = createFileStore(dataDir);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("createFileStore", () => {
  it("stores and returns bytes with their type", async () => {
    const bytes = Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>");
    const { sha256 } = await store.put(bytes, "image/svg+xml");

    expect(sha256).toBe(sha256Hex(bytes));
    expect(await store.has(sha256)).toBe(true);
    const file = await store.get(sha256);
    expect(file?.contentType).toBe("image/svg+xml");
    expect(file?.bytes.equals(bytes)).toBe(true);
  });

  it("lays files out by hash prefix", async () => {
    const { sha256 } = await store.put(Buffer.from("photo"), "image/png");

    const stored = await readFile(path.join(dataDir, "files", sha256.slice(0, 2), sha256.slice(2)));
    expect(stored.toString()).toBe("photo");
    const folder = await readdir(path.join(dataDir, "files", sha256.slice(0, 2)));
    expect(folder.sort()).toEqual([sha256.slice(2), `${sha256.slice(2)}.json`]);
  });

  it("keeps one copy of the same bytes", async () => {
    const first = await store.put(Buffer.from("same"), "text/plain");
    const second = await store.put(Buffer.from("same"), "text/plain");

    expect(second.sha256).toBe(first.sha256);
    const folder = await readdir(path.join(dataDir, "files", first.sha256.slice(0, 2)));
    expect(folder).toHaveLength(2);
  });

  it("reports unknown hashes as missing", async () => {
    const unknown = "0".repeat(64);

    expect(await store.has(unknown)).toBe(false);
    expect(await store.get(unknown)).toBeUndefined();
  });

  it.each([
    ["../../etc/passwd"],
    ["../" + "a".repeat(61)],
    ["A".repeat(64)],
    ["a".repeat(63)],
    ["a".repeat(65)],
    ["a".repeat(62) + "/x"],
    [""],
  ])("rejects hash %j", async (hash) => {
    await expect(store.get(hash)).rejects.toThrow(AppError);
    await expect(store.has(hash)).rejects.toThrow(/not a SHA-256 hash/);
  });

  it("never reads outside its folder", async () => {
    await writeFile(path.join(dataDir, "secret"), "secret");

    await expect(store.get("../secret")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it.each([["image/png\r\nSet-Cookie: a=b"], ["png"], [""], ["image/"]])(
    "rejects content type %j",
    async (contentType) => {
      const error: unknown = await store
        .put(Buffer.from("x"), contentType)
        .catch((error: unknown) => error);

      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).problems[0]?.path).toBe("contentType");
      expect(await readdir(dataDir)).toEqual([]);
    },
  );

  it("accepts content type parameters", async () => {
    const { sha256 } = await store.put(Buffer.from("é"), "text/plain; charset=utf-8");

    expect((await store.get(sha256))?.contentType).toBe("text/plain; charset=utf-8");
  });
});
