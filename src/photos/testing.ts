import { crc32 } from "node:zlib";

/**
 * Builders of small test images: a JPEG with an EXIF APP1 segment written field by field, so
 * the tests know every byte the reader sees.
 */

export interface TestJpegOptions {
  /** "YYYY:MM:DD HH:MM:SS", written as DateTimeOriginal. */
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string;
  /** Decimal degrees, written as GPS degrees, minutes and seconds. */
  latitude?: number;
  longitude?: number;
  /** Written as IFD0 Artist, a field that names a person. */
  artist?: string;
  /** Written as IFD0 Make and Model, the camera that took the photo. */
  make?: string;
  model?: string;
  /** Written as the IFD1 thumbnail. */
  thumbnail?: Uint8Array;
  /** Written as IFD0 Orientation: 1 is upright, 6 means turn 90° clockwise to show. */
  orientation?: number;
  /** Varies the pixel data, so that two test photos and their public copies differ. */
  seed?: number;
}

interface Field {
  tag: number;
  type: number;
  count: number;
  data: Buffer;
}

const asciiField = (tag: number, text: string): Field => {
  const data = Buffer.from(`${text}\0`, "latin1");
  return { tag, type: 2, count: data.length, data };
};
const longField = (tag: number, value: number): Field => {
  const data = Buffer.alloc(4);
  data.writeUInt32BE(value);
  return { tag, type: 4, count: 1, data };
};
const shortField = (tag: number, value: number): Field => {
  const data = Buffer.alloc(2);
  data.writeUInt16BE(value);
  return { tag, type: 3, count: 1, data };
};
const degreesField = (tag: number, value: number): Field => {
  const absolute = Math.abs(value);
  const degrees = Math.floor(absolute);
  const minutes = Math.floor((absolute - degrees) * 60);
  const seconds = Math.round(((absolute - degrees) * 60 - minutes) * 60 * 10000);
  const data = Buffer.alloc(24);
  [degrees, 1, minutes, 1, seconds, 10000].forEach((number, index) =>
    data.writeUInt32BE(number, index * 4),
  );
  return { tag, type: 5, count: 3, data };
};

/** Lays out one IFD at `start` (big-endian) and returns its bytes, values after the entries. */
function writeIfd(start: number, fields: Field[], next: number): Buffer {
  const sorted = [...fields].sort((left, right) => left.tag - right.tag);
  const tableSize = 2 + sorted.length * 12 + 4;
  const table = Buffer.alloc(tableSize);
  const values: Buffer[] = [];
  let valueOffset = start + tableSize;
  table.writeUInt16BE(sorted.length, 0);
  sorted.forEach((field, index) => {
    const base = 2 + index * 12;
    table.writeUInt16BE(field.tag, base);
    table.writeUInt16BE(field.type, base + 2);
    table.writeUInt32BE(field.count, base + 4);
    if (field.data.length <= 4) {
      field.data.copy(table, base + 8);
    } else {
      table.writeUInt32BE(valueOffset, base + 8);
      const padded =
        field.data.length % 2 ? Buffer.concat([field.data, Buffer.alloc(1)]) : field.data;
      values.push(padded);
      valueOffset += padded.length;
    }
  });
  table.writeUInt32BE(next, tableSize - 4);
  return Buffer.concat([table, ...values]);
}

/**
 * Pixels of a 16×12 grey-green baseline JPEG (its segments after SOI, up to and including
 * EOI), encoded once with libvips at quality 50. Test JPEGs put their EXIF and a comment in
 * front of it, so every test photo decodes and is wider than it is tall.
 */
const JPEG_PIXELS = Buffer.from(
  "/9sAQwAQCwwODAoQDg0OEhEQExgoGhgWFhgxIyUdKDozPTw5Mzg3QEhcTkBEV0U3OFBtUVdfYmdoZz5NcXlwZHhcZWdj/9sAQwEREhIYFRgvGhovY0I4QmNjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj/8AAEQgADAAQAwEiAAIRAQMRAf/EABQAAQAAAAAAAAAAAAAAAAAAAAD/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAgT/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwAAlB//2Q==",
  "base64",
);

/** Pixel width and height of every test JPEG before EXIF orientation is applied. */
export const TEST_JPEG_SIZE = { width: 16, height: 12 };

/**
 * Builds a decodable JPEG: SOI, APP1 EXIF with the given fields, then the pixels of
 * `JPEG_PIXELS`, varied by the seed.
 */
export function buildTestJpeg(options: TestJpegOptions = {}): Buffer {
  const ifd0Fields: Field[] = [];
  if (options.make) ifd0Fields.push(asciiField(0x010f, options.make));
  if (options.model) ifd0Fields.push(asciiField(0x0110, options.model));
  if (options.orientation !== undefined) ifd0Fields.push(shortField(0x0112, options.orientation));
  if (options.artist) ifd0Fields.push(asciiField(0x013b, options.artist));
  const exifFields: Field[] = [];
  if (options.dateTimeOriginal) exifFields.push(asciiField(0x9003, options.dateTimeOriginal));
  if (options.offsetTimeOriginal) exifFields.push(asciiField(0x9011, options.offsetTimeOriginal));
  const gpsFields: Field[] = [];
  if (options.latitude !== undefined && options.longitude !== undefined) {
    gpsFields.push(asciiField(0x0001, options.latitude < 0 ? "S" : "N"));
    gpsFields.push(degreesField(0x0002, options.latitude));
    gpsFields.push(asciiField(0x0003, options.longitude < 0 ? "W" : "E"));
    gpsFields.push(degreesField(0x0004, options.longitude));
  }

  // Offsets are from the TIFF header; each IFD's size is known once its fields are fixed, so
  // pointers are placeholders first and the layout is written twice.
  const layout = (exifAt: number, gpsAt: number, ifd1At: number) => {
    const pointers = [...ifd0Fields];
    if (exifFields.length) pointers.push(longField(0x8769, exifAt));
    if (gpsFields.length) pointers.push(longField(0x8825, gpsAt));
    const ifd0 = writeIfd(8, pointers, options.thumbnail ? ifd1At : 0);
    const exif = exifFields.length ? writeIfd(8 + ifd0.length, exifFields, 0) : Buffer.alloc(0);
    const gpsStart = 8 + ifd0.length + exif.length;
    const gps = gpsFields.length ? writeIfd(gpsStart, gpsFields, 0) : Buffer.alloc(0);
    const ifd1Start = gpsStart + gps.length;
    let ifd1 = Buffer.alloc(0);
    if (options.thumbnail) {
      const thumbnailAt = ifd1Start + 2 + 2 * 12 + 4;
      ifd1 = Buffer.concat([
        writeIfd(
          ifd1Start,
          [longField(0x0201, thumbnailAt), longField(0x0202, options.thumbnail.length)],
          0,
        ),
        Buffer.from(options.thumbnail),
      ]);
    }
    return { ifd0, exif, gps, ifd1, exifAt: 8 + ifd0.length, gpsAt: gpsStart, ifd1At: ifd1Start };
  };
  const first = layout(0, 0, 0);
  const final = layout(first.exifAt, first.gpsAt, first.ifd1At);
  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08]);
  const tiff = Buffer.concat([header, final.ifd0, final.exif, final.gps, final.ifd1]);

  const exifBody = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exifBody.length + 2, 2);
  // The seed goes into the first two values of the luminance quantisation table, which
  // changes the decoded pixels and keeps the file valid.
  const pixels = Buffer.from(JPEG_PIXELS);
  const seed = options.seed ?? 0;
  pixels[5] = (seed % 255) + 1;
  pixels[6] = (Math.floor(seed / 255) % 255) + 1;
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, exifBody, pixels]);
}

/** A 2×2 red PNG encoded with libvips: signature, IHDR, pHYs, IDAT and IEND. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEklEQVQImWM4oaFxQkODAUIBACEuBGGj1lj9AAAAAElFTkSuQmCC",
  "base64",
);

/** Builds a decodable 2×2 PNG with a tEXt chunk that names its author. */
export function buildTestPng(): Buffer {
  const data = Buffer.concat([Buffer.from("tEXt", "latin1"), Buffer.from("Author\0Kim", "latin1")]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data));
  const afterHeader = 8 + 25;
  return Buffer.concat([
    PNG.subarray(0, afterHeader),
    length,
    data,
    crc,
    PNG.subarray(afterHeader),
  ]);
}
