/**
 * Decodes a site photo to make its thumbnail, and turns a photo that its EXIF Orientation tag
 * shows sideways or upside down, so that the public copy (which has no EXIF left to say so)
 * shows upright.
 */
import sharp from "sharp";
import { stripMetadata, type PhotoMediaType } from "./image.js";

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

/**
 * Largest photo decoded, in pixels: sharp's own default of 16,383 × 16,383 (about 268
 * megapixels), which leaves room for the 200-megapixel mode of some phone cameras.
 */
export const MAX_PHOTO_PIXELS = 16_383 * 16_383;

// Each photo is decoded once, so libvips' operation cache would only hold memory.
sharp.cache(false);

/** The copies made of an uploaded photo. */
export interface RenderedPhoto {
  /** The photo without metadata, turned upright when its EXIF orientation asked for it. */
  publicCopy: Uint8Array;
  /** A JPEG at most `THUMBNAIL_SIZE` pixels on its longest side, upright, without metadata. */
  thumbnail: Uint8Array;
}

/**
 * Makes the public copy and the thumbnail of a photo. An upright photo's public copy keeps its
 * pixels byte for byte (see `stripMetadata`). A turned one is re-encoded upright. Throws an
 * Error that gives the reason when the image cannot be decoded.
 */
export async function renderPhoto(
  bytes: Uint8Array,
  mediaType: PhotoMediaType,
): Promise<RenderedPhoto> {
  const open = () => sharp(bytes, { failOn: "error", limitInputPixels: MAX_PHOTO_PIXELS });
  const metadata = await open().metadata();
  const thumbnail = await open()
    .rotate()
    .resize({
      width: THUMBNAIL_SIZE,
      height: THUMBNAIL_SIZE,
      fit: "inside",
      withoutEnlargement: true,
    })
    .jpeg({ quality: 75 })
    .toBuffer();

  const upright = (metadata.orientation ?? 1) === 1;
  if (upright) return { publicCopy: stripMetadata(bytes, mediaType), thumbnail };

  const turned = open().rotate();
  const publicCopy =
    mediaType === "image/jpeg"
      ? await turned.jpeg({ quality: 92 }).toBuffer()
      : mediaType === "image/png"
        ? await turned.png().toBuffer()
        : await turned.webp({ quality: 92 }).toBuffer();
  return { publicCopy, thumbnail };
}
