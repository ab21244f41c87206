/**
 * Recognises photo files by their first bytes and removes the metadata segments that can name
 * the camera's owner, its serial number or where it was, before a photo is published.
 */

/** Media types accepted as site photos. */
export type PhotoMediaType = "image/jpeg" | "image/png" | "image/webp";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Returns the media type that the file's magic bytes show, or undefined for other files. */
export function sniffPhotoType(bytes: Uint8Array): PhotoMediaType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return "image/jpeg";
  }
  if (bytes.length >= 8 && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) {
    return "image/png";
  }
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") {
    return "image/webp";
  }
  return undefined;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(bytes.subarray(start, start + length)).toString("latin1");
}

/**
 * Returns a copy of the photo without its metadata: JPEG APP1 to APP15 and COM segments (EXIF,
 * XMP, ICC profiles, comments), PNG eXIf and text chunks, and WebP EXIF and XMP chunks.
 * Pixels are unchanged. Throws when the file's structure is damaged, so that a file that cannot
 * be cleaned is never published.
 * Dropping EXIF also drops its Orientation tag, so `renderPhoto` turns such a photo upright
 * instead of calling this.
 */
export function stripMetadata(bytes: Uint8Array, type: PhotoMediaType): Uint8Array {
  if (type === "image/jpeg") return stripJpeg(bytes);
  if (type === "image/png") return stripPng(bytes);
  return stripWebp(bytes);
}

function stripJpeg(jpeg: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [jpeg.subarray(0, 2)];
  let offset = 2;
  for (;;) {
    if (offset + 4 > jpeg.length || jpeg[offset] !== 0xff) {
      throw new Error("the JPEG's segments are damaged");
    }
    const marker = jpeg[offset + 1]!;
    if (marker === 0xda) {
      // Start of scan: the compressed image and the end marker follow unchanged.
      kept.push(jpeg.subarray(offset));
      return Buffer.concat(kept);
    }
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!;
    const end = offset + 2 + length;
    if (length < 2 || end > jpeg.length) throw new Error("the JPEG's segments are damaged");
    const isMetadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
    if (!isMetadata) kept.push(jpeg.subarray(offset, end));
    offset = end;
  }
}

const PNG_METADATA_CHUNKS = new Set(["eXIf", "tEXt", "iTXt", "zTXt", "tIME"]);

function stripPng(png: Uint8Array): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const kept: Uint8Array[] = [png.subarray(0, 8)];
  let offset = 8;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw new Error("the PNG's chunks are damaged");
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new Error("the PNG's chunks are damaged");
    if (!PNG_METADATA_CHUNKS.has(ascii(png, offset + 4, 4))) kept.push(png.subarray(offset, end));
    offset = end;
  }
  return Buffer.concat(kept);
}

function stripWebp(webp: Uint8Array): Uint8Array {
  const kept: Buffer[] = [];
  let offset = 12;
  while (offset < webp.length) {
    if (offset + 8 > webp.length) throw new Error("the WebP's chunks are damaged");
    const size = new DataView(webp.buffer, webp.byteOffset + offset + 4, 4).getUint32(0, true);
    // Chunks are padded to an even length.
    const end = offset + 8 + size + (size % 2);
    if (end > webp.length) throw new Error("the WebP's chunks are damaged");
    const fourCc = ascii(webp, offset, 4);
    if (fourCc !== "EXIF" && fourCc !== "XMP ") {
      const chunk = Buffer.from(webp.subarray(offset, end));
      // VP8X flags: bit 3 says an EXIF chunk is present and bit 2 an XMP chunk.
      if (fourCc === "VP8X") chunk[8] = chunk[8]! & ~0x0c;
      kept.push(chunk);
    }
    offset = end;
  }
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(body.length + 4, 4);
  header.write("WEBP", 8, "latin1");
  return Buffer.concat([header, body]);
}
