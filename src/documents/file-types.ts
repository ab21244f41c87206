/**
 * Recognises the files the document registry accepts by their first bytes: PDF, images,
 * office files (ZIP-based), DWG drawings, and UTF-8 text such as CSV or DXF. The name's
 * extension only chooses among types that share a container (ZIP, text).
 */
import { sniffPhotoType } from "../photos/image.js";

const ZIP_TYPES: Record<string, string> = {
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};
const TEXT_TYPES: Record<string, string> = {
  ".csv": "text/csv; charset=utf-8",
  ".dxf": "image/vnd.dxf",
};

/** Returns the media type of a document file, or undefined when it is of no accepted kind. */
export function documentMediaType(bytes: Uint8Array, fileName: string): string | undefined {
  const extension = /\.[a-z0-9]+$/i.exec(fileName)?.[0].toLowerCase() ?? "";
  const head = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  if (head.startsWith("%PDF-")) return "application/pdf";
  const image = sniffPhotoType(bytes);
  if (image) return image;
  if (head.startsWith("PK\x03\x04")) return ZIP_TYPES[extension] ?? "application/zip";
  if (/^AC10\d\d/.test(head)) return "image/vnd.dwg";
  if (bytes.includes(0)) return undefined;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return TEXT_TYPES[extension] ?? "text/plain; charset=utf-8";
}
