import { describe, expect, it } from "vitest";
import { readExif } from "./exif.js";
import { sniffPhotoType, stripMetadata } from "./image.js";
import { buildTestJpeg, buildTestPng } from "./testing.js";

const THUMBNAIL = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x02, 0xff, 0xd9]);

describe("readExif", () => {
  it("reads time, position and thumbnail", () => {
    const jpeg = buildTestJpeg({
      dateTimeOriginal: "2025:03:12 14:05:09",
      offsetTimeOriginal: "+09:00",
      latitude: 37.5665,
      longitude: 126.978,
      thumbnail: THUMBNAIL,
    });

    const exif = readExif(jpeg);

    expect(exif.dateTimeOriginal).toBe("2025-03-12T14:05:09");
    expect(exif.offsetTimeOriginal).toBe("+09:00");
    expect(exif.latitude).toBeCloseTo(37.5665, 5);
    expect(exif.longitude).toBeCloseTo(126.978, 5);
    expect(Buffer.from(exif.thumbnail!)).toEqual(THUMBNAIL);
  });

  it("gives south and west negative degrees", () => {
    const exif = readExif(buildTestJpeg({ latitude: -33.8688, longitude: -70.6693 }));

    expect(exif.latitude).toBeCloseTo(-33.8688, 5);
    expect(exif.longitude).toBeCloseTo(-70.6693, 5);
    expect(exif.dateTimeOriginal).toBeUndefined();
  });

  it("returns nothing for a JPEG without EXIF", () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]);

    expect(readExif(jpeg)).toEqual({});
  });

  it("ignores a malformed date", () => {
    expect(readExif(buildTestJpeg({ dateTimeOriginal: "yesterday" }))).toEqual({});
  });

  it("survives truncated EXIF without throwing", () => {
    const jpeg = buildTestJpeg({
      dateTimeOriginal: "2025:03:12 14:05:09",
      latitude: 1,
      longitude: 2,
    });
    for (let length = 0; length < jpeg.length; length += 7) {
      expect(() => readExif(jpeg.subarray(0, length))).not.toThrow();
    }
  });
});

describe("sniffPhotoType", () => {
  it.each([
    [buildTestJpeg(), "image/jpeg"],
    [buildTestPng(), "image/png"],
    [Buffer.from("RIFF\x04\x00\x00\x00WEBPVP8 ", "latin1"), "image/webp"],
    [Buffer.from("GIF89a"), undefined],
    [Buffer.from("<svg/>"), undefined],
    [Buffer.alloc(0), undefined],
  ])("recognises %#", (bytes, expected) => {
    expect(sniffPhotoType(bytes)).toBe(expected);
  });
});

describe("stripMetadata", () => {
  it("removes EXIF with the owner's name from a JPEG", () => {
    const jpeg = buildTestJpeg({ artist: "Kim Camera-Owner", latitude: 37.5, longitude: 127 });

    const stripped = Buffer.from(stripMetadata(jpeg, "image/jpeg"));

    expect(jpeg.includes("Kim Camera-Owner")).toBe(true);
    expect(stripped.includes("Kim Camera-Owner")).toBe(false);
    expect(stripped.includes("Exif")).toBe(false);
    expect(readExif(stripped)).toEqual({});
    expect(stripped.subarray(-8)).toEqual(jpeg.subarray(-8));
  });

  it("removes text chunks from a PNG", () => {
    const png = buildTestPng();

    const stripped = Buffer.from(stripMetadata(png, "image/png"));

    expect(stripped.includes("Kim")).toBe(false);
    expect(stripped.includes("IHDR")).toBe(true);
    expect(stripped.includes("IEND")).toBe(true);
  });

  it("removes the EXIF chunk from a WebP and clears its flag", () => {
    const chunk = (fourCc: string, data: Buffer) => {
      const size = Buffer.alloc(4);
      size.writeUInt32LE(data.length);
      return Buffer.concat([Buffer.from(fourCc, "latin1"), size, data]);
    };
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x08;
    const body = Buffer.concat([
      chunk("VP8X", vp8x),
      chunk("VP8L", Buffer.from([1, 2, 3, 4])),
      chunk("EXIF", Buffer.from("Kim owner!")),
    ]);
    const header = Buffer.from("RIFF\0\0\0\0WEBP", "latin1");
    header.writeUInt32LE(body.length + 4, 4);
    const webp = Buffer.concat([header, body]);

    const stripped = Buffer.from(stripMetadata(webp, "image/webp"));

    expect(stripped.includes("Kim")).toBe(false);
    expect(stripped.readUInt32LE(4)).toBe(stripped.length - 8);
    expect(stripped[20]).toBe(0);
    expect(stripped.includes("VP8L")).toBe(true);
  });

  it("rejects a damaged JPEG", () => {
    expect(() =>
      stripMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), "image/jpeg"),
    ).toThrow(/damaged/);
  });
});
