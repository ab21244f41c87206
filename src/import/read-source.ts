import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream";
import type { Readable } from "node:stream";
import { parser } from "stream-json";
import pick from "stream-json/filters/pick.js";
import streamArray from "stream-json/streamers/stream-array.js";
import type {
  ImportProblem,
  ImportWarning,
  JsonObject,
  PublisherInfo,
  SourceFile,
  SourceItem,
} from "./types.js";
import { detectKind, PACKAGE_ARRAY_KEY, publisherFromMetadata } from "./read/detect-kind.js";
import type { SourceKind } from "./read/detect-kind.js";
import { downloadToFile } from "./read/fetch-url.js";
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_BYTES_SETTING,
  DEFAULT_TIMEOUT_MS,
  describeLimit,
  formatBytes,
} from "./read/limits.js";
import { JsonSyntaxError, scanJsonFile } from "./read/scan-json.js";
import { SourceProblem, SourceReadError } from "./read/source-error.js";

export { SourceReadError } from "./read/source-error.js";
export { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from "./read/limits.js";

/** Limits and cancellation for readSource. */
export interface ReadSourceOptions {
  /** Largest file or download accepted, in bytes; 2 GiB by default. */
  maxBytes?: number;
  /** Name of the setting that raises `maxBytes`, quoted in messages; "--max-bytes" by default. */
  maxBytesSetting?: string;
  /** Maximum wait for a URL to respond or send its next chunk, in milliseconds; 30 s by default. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A SourceItem with the JSON pointer of the item inside its file ("" for a bare object). */
export type ReadItem = SourceItem & { itemPointer: string };

/** The items of a source, yielded lazily, and the files read so far. */
export interface SourceReader {
  items: AsyncIterable<ReadItem>;
  /** Files and downloads checked so far, with their SHA-256 and size; complete after iteration. */
  files: () => SourceFile[];
  /** Defects of whole files (not of one item), found while checking them. */
  warnings: () => ImportWarning[];
}

interface Target {
  /** Path or URL as the user gave it, used in messages and provenance. */
  name: string;
  /** Local file to read: the path itself, or the download of a URL. */
  localPath: string;
  url?: string;
}

interface CheckedFile {
  target: Target;
  kind: SourceKind;
  publisher: PublisherInfo | undefined;
  /** When the file's content was last changed, from its own metadata; undefined when it gives none. */
  changedAt: number | undefined;
  warnings: ImportWarning[];
}

interface Settings {
  maxBytes: number;
  maxBytesSetting: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Reads OC4IDS and OCDS data from a file, a folder (every `*.json` file inside, recursively) or
 * an http(s) URL.
 *
 * A folder's files are read oldest first, by the date each file gives for itself: a bare
 * project's `updated`, a package's `publishedDate` or a bare release's `date`. So when a folder
 * contains several snapshots of the same data, the newest is read last. Files without such
 * a date come first; ties keep the order of the paths.
 *
 * Each file may be an OC4IDS project package or bare project, an OCDS release or record package,
 * or a bare OCDS release or record. A record is yielded whole (its releases and compiled
 * release inside it), not as separate releases.
 *
 * Before the first item is yielded, every file is checked in one streaming pass: it exists, is
 * within `maxBytes`, is well-formed JSON, contains one of the kinds above, and its item array
 * contains only objects. If any check fails, iteration throws SourceReadError listing every problem and
 * yields nothing. Package arrays are then streamed item by item, so a large package never sits
 * in memory whole; bare objects are parsed whole. Aborting `signal` stops iteration with the
 * signal's reason.
 */
export function readSource(source: string, options: ReadSourceOptions = {}): SourceReader {
  const settings: Settings = {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    maxBytesSetting: options.maxBytesSetting ?? DEFAULT_MAX_BYTES_SETTING,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
  };
  const files: SourceFile[] = [];
  let checkedFiles: CheckedFile[] = [];

  async function* iterate(): AsyncGenerator<ReadItem> {
    const workDir = await mkdtemp(path.join(tmpdir(), "ccs-import-"));
    try {
      const targets = await resolveTargets(source, workDir, settings);
      const checked = await checkAll(targets, settings, files);
      checkedFiles = checked;
      for (const file of oldestFirst(checked)) {
        yield* readItems(file, settings);
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  return {
    items: { [Symbol.asyncIterator]: iterate },
    files: () => [...files],
    warnings: () => checkedFiles.flatMap((file) => file.warnings),
  };
}

/** Lists the files of a source; a URL is downloaded into `workDir` first. */
async function resolveTargets(
  source: string,
  workDir: string,
  settings: Settings,
): Promise<Target[]> {
  if (/^https?:\/\//i.test(source)) {
    const localPath = path.join(workDir, "download.json");
    try {
      await downloadToFile(source, localPath, settings);
    } catch (error) {
      throw asReadError(source, error);
    }
    return [{ name: source, localPath, url: source }];
  }

  const info = await stat(source).catch(() => undefined);
  if (info === undefined) {
    throw asReadError(
      source,
      new SourceProblem("source-not-found", "no file or folder exists at this path"),
    );
  }
  if (!info.isDirectory()) return [{ name: source, localPath: source }];

  const entries = await readdir(source, { recursive: true });
  const jsonFiles = entries
    .filter((entry) => entry.toLowerCase().endsWith(".json"))
    // The default sort compares UTF-16 code units, so the order does not depend on the locale.
    .sort()
    .map((entry) => path.join(source, entry));
  if (jsonFiles.length === 0) {
    throw asReadError(
      source,
      new SourceProblem("source-empty", "the folder contains no .json files"),
    );
  }
  return jsonFiles.map((file) => ({ name: file, localPath: file }));
}

/** Checks every target and records its provenance; throws one error listing all problems. */
async function checkAll(
  targets: Target[],
  settings: Settings,
  files: SourceFile[],
): Promise<CheckedFile[]> {
  const checked: CheckedFile[] = [];
  const problems: ImportProblem[] = [];

  for (const target of targets) {
    settings.signal?.throwIfAborted();
    try {
      checked.push(await checkFile(target, settings, files));
    } catch (error) {
      problems.push(...asReadError(target.name, error).problems);
    }
  }

  if (problems.length > 0) throw new SourceReadError(problems);
  return checked;
}

async function checkFile(
  target: Target,
  settings: Settings,
  files: SourceFile[],
): Promise<CheckedFile> {
  const info = await stat(target.localPath);
  if (!info.isFile()) throw new SourceProblem("source-not-found", "this path is not a file");
  if (info.size > settings.maxBytes) {
    throw new SourceProblem(
      "source-too-large",
      `the file is ${formatBytes(info.size)} (${info.size} bytes), more than ${describeLimit(settings)}`,
    );
  }
  if (info.size === 0) throw new SourceProblem("source-empty", "the file is empty");

  const scan = await scanJsonFile(target.localPath, settings.signal);
  files.push({ name: target.name, sha256: scan.sha256, bytes: scan.bytes });
  if (scan.topType === undefined) {
    throw new SourceProblem("source-empty", "the file holds only white space, no JSON value");
  }

  const detection = detectKind(scan);
  if ("problem" in detection) throw new SourceProblem("unknown-content", detection.problem);

  const badItem = PACKAGE_ARRAY_KEY[detection.kind] ? scan.badItems[0] : undefined;
  if (badItem !== undefined) {
    throw new SourceProblem(
      "item-not-object",
      `this entry is a ${badItem.type}; every entry of the array must be a JSON object`,
      badItem.pointer,
    );
  }

  return {
    target,
    kind: detection.kind,
    publisher: publisherFromMetadata(scan.metadata),
    changedAt: changedAtFromMetadata(scan.metadata),
    warnings: extensionsListedAsPackages(target.name, detection.kind, scan.metadata),
  };
}

/**
 * Warns about extension URLs listed under a package's `packages`. OCDS 1.1 reserves that field
 * for the release packages a record was built from, and extensions belong in `extensions`.
 * Such a URL is ignored, so the data is read without the extension.
 */
function extensionsListedAsPackages(
  source: string,
  kind: SourceKind,
  metadata: Record<string, unknown>,
): ImportWarning[] {
  if (kind !== "ocds-record-package" && kind !== "ocds-release-package") return [];
  const packages = Array.isArray(metadata.packages) ? (metadata.packages as unknown[]) : [];
  return packages.flatMap((url, index) =>
    typeof url === "string" && /extension\.json$/i.test(url)
      ? [
          {
            source,
            pointer: `/packages/${index}`,
            code: "extension-listed-as-package",
            message:
              `${url} is an extension, listed under packages, where OCDS lists the release ` +
              "packages a record was built from; it belongs in extensions and was not read",
          },
        ]
      : [],
  );
}

function changedAtFromMetadata(metadata: Record<string, unknown>): number | undefined {
  for (const key of ["updated", "publishedDate", "date"]) {
    const value = metadata[key];
    const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(time)) return time;
  }
  return undefined;
}

/** Orders files by `changedAt`, undated first; the sort is stable, so ties keep path order. */
function oldestFirst(files: CheckedFile[]): CheckedFile[] {
  const order = (file: CheckedFile) => file.changedAt ?? Number.MIN_SAFE_INTEGER;
  return [...files].sort((left, right) => order(left) - order(right));
}

/** Yields the items of one checked file: streamed from a package, or the bare object. */
async function* readItems(file: CheckedFile, settings: Settings): AsyncGenerator<ReadItem> {
  const arrayKey = PACKAGE_ARRAY_KEY[file.kind];
  if (arrayKey === undefined) {
    // A UTF-8 byte order mark is valid at the start of a file but not inside JSON text.
    const text = (await readFile(file.target.localPath, "utf8")).replace(/^\uFEFF/, "");
    const value = JSON.parse(text) as JsonObject;
    yield makeItem(file, value, "");
    return;
  }

  const stream: Readable = pipeline(
    createReadStream(file.target.localPath),
    // Packed tokens only: the filters and streamers need no string or number chunks.
    parser.asStream({ streamValues: false }),
    pick.asStream({ filter: arrayKey }),
    streamArray.asStream(),
    () => {},
  );
  try {
    for await (const entry of stream) {
      settings.signal?.throwIfAborted();
      const { key, value } = entry as { key: number; value: JsonObject };
      // stream-json's string values are V8 slices of the text chunks it reads (64 KiB each),
      // and a slice keeps its whole chunk alive. An import keeps ids and messages until it
      // ends, so without a copy it keeps about the whole package text in memory.
      // structuredClone copies every string.
      yield makeItem(file, structuredClone(value), `/${arrayKey}/${key}`);
    }
  } finally {
    stream.destroy();
  }
}

function makeItem(file: CheckedFile, value: JsonObject, itemPointer: string): ReadItem {
  const base = { source: file.target.name, pointer: "" };
  const publisher = file.publisher;

  switch (file.kind) {
    case "oc4ids-project":
    case "oc4ids-project-package":
      return {
        kind: "project",
        project: value,
        location: { ...base, projectId: stringOrUndefined(value.id) },
        publisher,
        itemPointer,
      };
    case "ocds-release":
    case "ocds-release-package":
      return {
        kind: "ocds-release",
        release: value,
        location: { ...base, ocid: stringOrUndefined(value.ocid) },
        publisher,
        itemPointer,
      };
    case "ocds-record":
    case "ocds-record-package":
      return {
        kind: "ocds-record",
        record: value,
        location: { ...base, ocid: stringOrUndefined(value.ocid) },
        publisher,
        itemPointer,
      };
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Turns what a check threw into a SourceReadError naming the file; rethrows anything else. */
function asReadError(name: string, error: unknown): SourceReadError {
  if (error instanceof SourceReadError) return error;
  if (error instanceof SourceProblem) {
    return new SourceReadError([
      { source: name, pointer: error.pointer, code: error.code, message: error.message },
    ]);
  }
  if (error instanceof JsonSyntaxError) {
    return new SourceReadError([
      { source: name, pointer: "", code: "invalid-json", message: describeSyntaxError(error) },
    ]);
  }
  throw error;
}

function describeSyntaxError(error: JsonSyntaxError): string {
  const where =
    error.line !== undefined
      ? ` at line ${error.line}, column ${error.column} (byte ${error.offset})`
      : "";
  return `invalid JSON${where}: ${error.message}`;
}
