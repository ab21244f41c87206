import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password.js";

const CHEAP = { N: 1024, r: 8, p: 1 };

describe("password hashing", () => {
  it("stores scrypt parameters, salt and hash", async () => {
    const hash = await hashPassword("a long enough password", CHEAP);
    const parts = hash.split("$");
    expect(parts[0]).toBe("scrypt");
    expect(parts.slice(1, 4)).toEqual(["1024", "8", "1"]);
    expect(hash).not.toContain("a long enough password");
  });

  it("verifies the right password", async () => {
    const hash = await hashPassword("a long enough password", CHEAP);
    expect(await verifyPassword("a long enough password", hash)).toBe(true);
  });

  it("rejects a wrong password", async () => {
    const hash = await hashPassword("a long enough password", CHEAP);
    expect(await verifyPassword("a long enough passworD", hash)).toBe(false);
  });

  it("salts each hash differently", async () => {
    const first = await hashPassword("same password here", CHEAP);
    const second = await hashPassword("same password here", CHEAP);
    expect(first).not.toBe(second);
  });

  it("uses the default memory-hard cost", async () => {
    const hash = await hashPassword("a long enough password");
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("a long enough password", hash)).toBe(true);
  });

  it("rejects hashes in an unknown format", async () => {
    expect(await verifyPassword("x", "plain text")).toBe(false);
    expect(await verifyPassword("x", "scrypt$0$8$1$c2FsdA==$")).toBe(false);
  });

  it("names short and long passwords", () => {
    expect(passwordProblem("short")).toMatch(/at least 12/);
    expect(passwordProblem("x".repeat(2000))).toMatch(/at most 1024/);
    expect(passwordProblem("twelve chars")).toBeUndefined();
  });
});
