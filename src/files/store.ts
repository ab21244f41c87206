import { randomBytes, createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { errors } from "../http/errors.js";

/** A stored file's content and the media type it was stored with. */
export interface StoredFile {
  bytes: Buffer;
  /** Media type given to `put`, e.g. "image/svg+xml". */
  contentType: string;
}

/**
 * Content-addressed file storage: a file is named by the SHA-256 of its bytes, so storing the
 * same bytes twice keeps one copy and a name always returns the same bytes.
 *
 * Implemented by a local folder today. An S3-compatible store can implement the same three
 * methods.
 */
export interface FileStore {
  /** Stores the bytes (once per distinct content) and returns their SHA-256 in lower-case hex. */
  put(bytes: Uint8Array, contentType: string): Promise<{ sha256: string }>;
  /** Returns the file, or undefined when no file has that hash. */
  get(sha256: string): Promise<StoredFile | undefined>;
  /** Tells whether a file with that hash is stored. */
  has(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

// type "/" subtype, each an RFC 6838 restricted name, with optional parameters. Rejecting
// anything else keeps line breaks and other header-breaking text out of Content-Type.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(?:\s*;[ -~]*)?$/i;

/** Tells whether `value` is a SHA-256 hash in the lower-case hex form that names stored files. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Returns the SHA-256 of `bytes` as lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Creates a file store in `<dataDir>/files`.
 *
 * A file with hash `abcd…` is kept at `files/ab/cd…` and its media type in `files/ab/cd….json`.
 * Both are written to a temporary name and renamed into place, so a reader never sees a
 * half-written file. The metadata is renamed into place first, so a file that exists always
 * has its media type.
 */
export function createFileStore(dataDir: string): FileStore {
  const root = path.join(dataDir, "files");

  const locate = (sha256: string) => {
    if (!isSha256Hex(sha256)) {
      throw errors.invalidInput(
        [{ path: "sha256", message: "must be 64 lower-case hexadecimal characters" }],
        `The file hash ${JSON.stringify(sha256.slice(0, 80))} is not a SHA-256 hash.`,
      );
    }
    const folder = path.join(root, sha256.slice(0, 2));
    const file = path.join(folder, sha256.slice(2));
    return { folder, file, metadata: `${file}.json` };
  };

  const has = async (sha256: string): Promise<boolean> => {
    const { file } = locate(sha256);
    try {
      return (await stat(file)).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  };

  return {
    has,

    async put(bytes, contentType) {
      if (!MEDIA_TYPE.test(contentType)) {
        throw errors.invalidInput(
          [{ path: "contentType", message: "must be a media type such as image/png" }],
          `The content type ${JSON.stringify(contentType.slice(0, 80))} is not a media type.`,
        );
      }
      const sha256 = sha256Hex(bytes);
      if (await has(sha256)) return { sha256 };

      const { folder, file, metadata } = locate(sha256);
      await mkdir(folder, { recursive: true });
      const metadataText = JSON.stringify({ contentType, size: bytes.byteLength });
      await writeAtomically(metadata, metadataText);
      await writeAtomically(file, bytes);
      return { sha256 };
    },

    async get(sha256) {
      const { file, metadata } = locate(sha256);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
      const { contentType } = JSON.parse(await readFile(metadata, "utf8")) as {
        contentType: string;
      };
      return { bytes, contentType };
    },
  };
}

async function writeAtomically(target: string, content: Uint8Array | string): Promise<void> {
  const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, content, { flag: "wx" });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
