import { describe, expect, it } from "vitest";
import { chooseEncoding, ChunkDecoder, scanUtf8 } from "./csv-decode.js";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("scanUtf8", () => {
  it.each([
    ["ASCII only", bytes(0x61, 0x62), true, { sequences: 0, invalidBytes: 0 }],
    [
      "two- to four-byte sequences",
      bytes(0xc3, 0xb1, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80),
      true,
      { sequences: 3, invalidBytes: 0 },
    ],
    [
      "a windows-1252 letter before ASCII",
      bytes(0x61, 0xe9, 0x61),
      true,
      { sequences: 0, invalidBytes: 1, firstInvalid: 1 },
    ],
    [
      "a stray continuation byte",
      bytes(0xc3, 0xb1, 0x80),
      true,
      { sequences: 1, invalidBytes: 1, firstInvalid: 2 },
    ],
    [
      "an overlong lead byte",
      bytes(0xc0, 0xaf),
      true,
      { sequences: 0, invalidBytes: 2, firstInvalid: 0 },
    ],
    [
      "a surrogate",
      bytes(0xed, 0xa0, 0x80),
      true,
      { sequences: 0, invalidBytes: 3, firstInvalid: 0 },
    ],
    [
      "a code point past U+10FFFF",
      bytes(0xf4, 0x90, 0x80, 0x80),
      true,
      { sequences: 0, invalidBytes: 4, firstInvalid: 0 },
    ],
    [
      "a sequence cut at the end of the file",
      bytes(0x61, 0xe2, 0x82),
      true,
      { sequences: 0, invalidBytes: 2, firstInvalid: 1 },
    ],
    [
      "a sequence cut at the end of a sample",
      bytes(0x61, 0xe2, 0x82),
      false,
      { sequences: 0, invalidBytes: 0 },
    ],
  ])("counts %s", (_case, input, isComplete, expected) => {
    expect(scanUtf8(input, isComplete)).toEqual({ firstInvalid: undefined, ...expected });
  });
});

describe("chooseEncoding", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("reads valid UTF-8 as UTF-8", () => {
    expect(chooseEncoding(utf8("a,ñ\n"), true, undefined)).toEqual({
      name: "utf-8",
      detected: true,
      bomLength: 0,
    });
  });

  it("reads UTF-8 with an invalid byte as damaged UTF-8", () => {
    const head = Uint8Array.from([...utf8("Plaza Ñandú\n"), 0xe9, 0x0a]);
    expect(chooseEncoding(head, true, undefined)).toEqual({
      name: "utf-8",
      detected: true,
      bomLength: 0,
      firstInvalidByte: 14,
    });
  });

  it("gives a tie between sequences and invalid bytes to UTF-8", () => {
    const head = Uint8Array.from([0xd3, 0x94, 0x20, 0xe9]);
    expect(chooseEncoding(head, true, undefined).name).toBe("utf-8");
  });

  it("reads bytes without a multi-byte sequence as windows-1252", () => {
    const head = Uint8Array.from([...utf8("Secretar"), 0xed, 0x61]);
    expect(chooseEncoding(head, true, undefined)).toEqual({
      name: "windows-1252",
      detected: true,
      bomLength: 0,
    });
  });

  it("prefers a byte order mark, then the encoding given", () => {
    expect(chooseEncoding(bytes(0xef, 0xbb, 0xbf, 0xe9), true, "latin1")).toEqual({
      name: "utf-8",
      detected: true,
      bomLength: 3,
    });
    expect(chooseEncoding(bytes(0xc3, 0xb1, 0xe9), true, "latin1")).toEqual({
      name: "windows-1252",
      detected: false,
      bomLength: 0,
    });
  });
});

describe("ChunkDecoder", () => {
  it("names the file offset of an invalid byte after earlier chunks", () => {
    const decoder = new ChunkDecoder("utf-8", 3);
    expect(decoder.decode(bytes(0x61, 0xc3), false)).toEqual({ text: "a", invalid: false });
    expect(decoder.decode(bytes(0xb1, 0x62, 0xe2, 0x28), false)).toEqual({
      text: "ñb",
      invalid: true,
      invalidByte: { offset: 7, value: 0xe2 },
    });
  });
});
