import { describe, expect, it } from "vitest";
import { ChunkDecoder } from "../spreadsheet/csv-decode.js";
import { fixWindows1252Text, windows1252Character, WINDOWS_1252_BYTES } from "./windows-1252.js";

describe("Windows-1252", () => {
  it("assigns the characters of 0x80–0x9F that ISO-8859-1 leaves as controls", () => {
    expect(windows1252Character(0x80)).toBe("€");
    expect(windows1252Character(0x93)).toBe("“");
    expect(windows1252Character(0x96)).toBe("–");
    expect(windows1252Character(0xe9)).toBe("é");
    for (const undefinedByte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      expect(windows1252Character(undefinedByte)).toBeUndefined();
    }
    expect(WINDOWS_1252_BYTES.size).toBe(128 - 5);
  });

  it("fixes decoder output and keeps the undefined bytes for the caller", () => {
    expect(fixWindows1252Text("Tramo 1 \u0096 Norte \u0080 \u009d")).toBe(
      "Tramo 1 – Norte € \u009d",
    );
  });

  it("decodes a Windows-1252 CSV chunk with its dashes, quotes and euro sign", () => {
    const decoder = new ChunkDecoder("windows-1252");
    const bytes = Uint8Array.from([
      0x93, 0x50, 0x6c, 0x61, 0x7a, 0x61, 0x94, 0x20, 0x96, 0x20, 0x31, 0x30, 0x20, 0x80, 0x3b,
      0xf1,
    ]);
    expect(decoder.decode(bytes, true)).toEqual({ text: "“Plaza” – 10 €;ñ", invalid: false });
  });
});
