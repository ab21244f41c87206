/**
 * A reader of the EXIF fields the workspace keeps from a JPEG photo: when it was taken, where,
 * and the embedded thumbnail. EXIF is a TIFF structure inside the JPEG's APP1 segment that
 * starts with "Exif\0\0" (EXIF 2.32, sections 4.5 and 4.6).
 */

/** Fields `readExif` found. A field is absent when the photo does not carry it. */
export interface ExifData {
  /** DateTimeOriginal as written, "YYYY-MM-DDTHH:MM:SS", without a time zone. */
  dateTimeOriginal?: string;
  /** OffsetTimeOriginal, e.g. "+09:00", when the camera wrote one. */
  offsetTimeOriginal?: string;
  /** GPS position in decimal degrees, south and west negative. */
  latitude?: number;
  longitude?: number;
  /** The JPEG thumbnail of IFD1. */
  thumbnail?: Uint8Array;
}

const TAG = {
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  dateTimeOriginal: 0x9003,
  offsetTimeOriginal: 0x9011,
  gpsLatitudeRef: 0x0001,
  gpsLatitude: 0x0002,
  gpsLongitudeRef: 0x0003,
  gpsLongitude: 0x0004,
  thumbnailOffset: 0x0201,
  thumbnailLength: 0x0202,
} as const;

/** Bytes per value of the TIFF field types used here: ASCII, SHORT, LONG, RATIONAL. */
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

/** Returns the TIFF block of the first EXIF APP1 segment of a JPEG, or undefined. */
export function findExifBlock(jpeg: Uint8Array): Uint8Array | undefined {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return undefined;
    const marker = jpeg[offset + 1]!;
    // Start of scan: the compressed image follows and no metadata segment comes after it.
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!;
    if (length < 2 || offset + 2 + length > jpeg.length) return undefined;
    const body = jpeg.subarray(offset + 4, offset + 2 + length);
    if (marker === 0xe1 && body.length > 6 && isExifHeader(body)) return body.subarray(6);
    offset += 2 + length;
  }
  return undefined;
}

function isExifHeader(body: Uint8Array): boolean {
  return (
    body[0] === 0x45 && // E
    body[1] === 0x78 && // x
    body[2] === 0x69 && // i
    body[3] === 0x66 && // f
    body[4] === 0 &&
    body[5] === 0
  );
}

interface Entry {
  type: number;
  count: number;
  /** Offset of the value in the TIFF block: inline in the entry when it fits in four bytes. */
  valueOffset: number;
}

/**
 * Reads DateTimeOriginal, the GPS position and the thumbnail from a JPEG. Returns an empty
 * object for a file without EXIF, and skips any field whose offsets point outside the block,
 * so a damaged or hostile EXIF segment never throws.
 */
export function readExif(jpeg: Uint8Array): ExifData {
  const tiff = findExifBlock(jpeg);
  if (!tiff || tiff.length < 8) return {};
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== "II" && order !== "MM") return {};
  const little = order === "II";
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  if (u16(2) !== 42) return {};

  const readIfd = (at: number): { entries: Map<number, Entry>; next: number } | undefined => {
    if (at < 8 || at + 2 > tiff.length) return undefined;
    const count = u16(at);
    if (at + 2 + count * 12 + 4 > tiff.length) return undefined;
    const entries = new Map<number, Entry>();
    for (let index = 0; index < count; index++) {
      const base = at + 2 + index * 12;
      const type = u16(base + 2);
      const valueCount = u32(base + 4);
      const size = (TYPE_SIZES[type] ?? 0) * valueCount;
      if (size === 0) continue;
      const valueOffset = size <= 4 ? base + 8 : u32(base + 8);
      if (valueOffset + size > tiff.length) continue;
      entries.set(u16(base), { type, count: valueCount, valueOffset });
    }
    return { entries, next: u32(at + 2 + count * 12) };
  };
  const ascii = (entry: Entry | undefined): string | undefined => {
    if (!entry || entry.type !== 2) return undefined;
    const bytes = tiff.subarray(entry.valueOffset, entry.valueOffset + entry.count);
    return Buffer.from(bytes).toString("latin1").replace(/\0.*$/s, "").trim();
  };
  const long = (entry: Entry | undefined): number | undefined => {
    if (!entry) return undefined;
    if (entry.type === 4) return u32(entry.valueOffset);
    if (entry.type === 3) return u16(entry.valueOffset);
    return undefined;
  };
  const degrees = (entry: Entry | undefined): number | undefined => {
    if (!entry || entry.type !== 5 || entry.count !== 3) return undefined;
    let total = 0;
    for (const [index, divisor] of [1, 60, 3600].entries()) {
      const numerator = u32(entry.valueOffset + index * 8);
      const denominator = u32(entry.valueOffset + index * 8 + 4);
      if (denominator === 0) return undefined;
      total += numerator / denominator / divisor;
    }
    return total;
  };

  const result: ExifData = {};
  const ifd0 = readIfd(u32(4));
  if (!ifd0) return result;

  const exifIfd = readIfd(long(ifd0.entries.get(TAG.exifIfd)) ?? 0);
  const taken = ascii(exifIfd?.entries.get(TAG.dateTimeOriginal));
  const takenMatch = taken ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(taken) : null;
  if (takenMatch) {
    const [, year, month, day, hour, minute, second] = takenMatch;
    result.dateTimeOriginal = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
    const offset = ascii(exifIfd?.entries.get(TAG.offsetTimeOriginal));
    if (offset && /^[+-]\d{2}:\d{2}$/.test(offset)) result.offsetTimeOriginal = offset;
  }

  const gps = readIfd(long(ifd0.entries.get(TAG.gpsIfd)) ?? 0);
  if (gps) {
    const latitude = degrees(gps.entries.get(TAG.gpsLatitude));
    const longitude = degrees(gps.entries.get(TAG.gpsLongitude));
    const latitudeRef = ascii(gps.entries.get(TAG.gpsLatitudeRef));
    const longitudeRef = ascii(gps.entries.get(TAG.gpsLongitudeRef));
    if (
      latitude !== undefined &&
      longitude !== undefined &&
      (latitudeRef === "N" || latitudeRef === "S") &&
      (longitudeRef === "E" || longitudeRef === "W") &&
      latitude <= 90 &&
      longitude <= 180
    ) {
      result.latitude = latitudeRef === "S" ? -latitude : latitude;
      result.longitude = longitudeRef === "W" ? -longitude : longitude;
    }
  }

  const ifd1 = ifd0.next ? readIfd(ifd0.next) : undefined;
  const thumbnailOffset = long(ifd1?.entries.get(TAG.thumbnailOffset));
  const thumbnailLength = long(ifd1?.entries.get(TAG.thumbnailLength));
  if (
    thumbnailOffset !== undefined &&
    thumbnailLength !== undefined &&
    thumbnailLength > 2 &&
    thumbnailOffset + thumbnailLength <= tiff.length &&
    tiff[thumbnailOffset] === 0xff &&
    tiff[thumbnailOffset + 1] === 0xd8
  ) {
    result.thumbnail = tiff.slice(thumbnailOffset, thumbnailOffset + thumbnailLength);
  }
  return result;
}
