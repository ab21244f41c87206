import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Assembler from "stream-json/assembler.js";
import { parser } from "stream-json";
import type { Token } from "stream-json/parser.js";
import verifyFile from "stream-json/file/verifier.js";
import { SourceProblem } from "./source-error.js";

/** Top-level keys whose arrays hold the items of a package (or a record's releases). */
export const ITEM_ARRAY_KEYS = ["projects", "releases", "records"] as const;

/** Top-level objects kept whole by the scan because they describe the publisher. */
const KEPT_OBJECT_KEYS = new Set(["publisher", "packageInfo"]);

/** Top-level arrays kept whole by the scan because they list a package's sources. */
const KEPT_ARRAY_KEYS = new Set(["packages", "extensions"]);

/** How many non-object entries of an item array the scan lists before it stops counting. */
const MAX_LISTED_BAD_ITEMS = 10;

/** An entry of a package's item array that is not a JSON object. */
export interface BadArrayItem {
  /** JSON pointer of the entry, e.g. "/projects/3". */
  pointer: string;
  /** JSON type of the entry: "string", "number", "array", ... */
  type: string;
}

/** Result of one streaming pass over a JSON file, which never keeps the whole file in memory. */
export interface JsonScan {
  /** JSON type of the top-level value; undefined when the file contains no value at all. */
  topType: string | undefined;
  /** Keys of the top-level object, in file order. */
  topKeys: string[];
  /** Top-level keys whose value is an array. */
  arrayKeys: Set<string>;
  /** Top-level scalars, and the `publisher`/`packageInfo` objects, assembled. */
  metadata: Record<string, unknown>;
  /** Entries of `projects`/`releases`/`records` that are not objects (at most ten). */
  badItems: BadArrayItem[];
  sha256: string;
  bytes: number;
}

/** Raised when a file is not well-formed JSON; `line` and `column` count from 1. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly offset: number | undefined,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

const SCALAR_TYPES: Partial<Record<Token["name"], string>> = {
  stringValue: "string",
  numberValue: "number",
  nullValue: "null",
  trueValue: "boolean",
  falseValue: "boolean",
};

/**
 * Streams a JSON file once: hashes its bytes, checks its syntax, records the top-level keys and
 * publisher metadata, and checks that every entry of a top-level item array is an object.
 *
 * Memory stays bounded by the largest single key or scalar plus the publisher blocks, so a
 * package of any size can be scanned. Throws JsonSyntaxError with the line and column of the
 * first syntax error.
 */
export async function scanJsonFile(filePath: string, signal?: AbortSignal): Promise<JsonScan> {
  const hash = createHash("sha256");
  let bytes = 0;
  let sawContent = false;
  const scanner = new TopLevelScanner();

  const input = createReadStream(filePath);
  input.on("data", (chunk: string | Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
    if (!sawContent) sawContent = /[^\s\uFEFF]/.test(chunk.toString());
  });
  const sink = new Writable({
    objectMode: true,
    write(token: Token, _encoding, callback) {
      scanner.consume(token);
      callback();
    },
  });

  try {
    await pipeline(input, parser.asStream({ streamValues: false }), sink, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (!sawContent) {
      throw new SourceProblem(
        "source-empty",
        "the file contains only white space and no JSON value",
      );
    }
    throw await locateSyntaxError(filePath, error);
  }

  return { ...scanner.result(), sha256: hash.digest("hex"), bytes };
}

/** Re-reads a file that failed to parse with the verifier, which tracks line and column. */
async function locateSyntaxError(filePath: string, parseError: unknown): Promise<Error> {
  try {
    await verifyFile(filePath);
  } catch (error) {
    const located = error as { message?: string; line?: number; pos?: number; offset?: number };
    const reason = String(located.message ?? "")
      .replace(/^.*cannot parse input:\s*/i, "")
      .trim();
    return new JsonSyntaxError(reason || "invalid JSON", located.line, located.pos, located.offset);
  }

  // The verifier accepted what the parser rejected (a depth or length limit, or a read error).
  return parseError instanceof Error ? parseError : new Error(String(parseError));
}

/** Token-by-token state machine behind scanJsonFile. */
class TopLevelScanner {
  private depth = 0;
  private topType: string | undefined;
  private readonly topKeys: string[] = [];
  private readonly arrayKeys = new Set<string>();
  private readonly metadata: Record<string, unknown> = {};
  private readonly badItems: BadArrayItem[] = [];
  private currentKey = "";
  private itemArrayKey: string | undefined;
  private itemIndex = 0;
  private assembler: Assembler | undefined;

  consume(token: Token): void {
    switch (token.name) {
      case "startObject":
      case "startArray":
        this.openContainer(token);
        return;
      case "endObject":
      case "endArray":
        this.closeContainer(token);
        return;
      case "keyValue":
        if (this.depth === 1 && this.topType === "object") {
          this.currentKey = token.value;
          this.topKeys.push(this.currentKey);
        } else {
          this.assembler?.consume(token);
        }
        return;
      default:
        this.scalar(token);
    }
  }

  result(): Omit<JsonScan, "sha256" | "bytes"> {
    return {
      topType: this.topType,
      topKeys: this.topKeys,
      arrayKeys: this.arrayKeys,
      metadata: this.metadata,
      badItems: this.badItems,
    };
  }

  private openContainer(token: Token): void {
    const type = token.name === "startObject" ? "object" : "array";
    if (this.depth === 0) {
      this.topType = type;
    } else if (this.depth === 1 && this.topType === "object") {
      this.openTopLevelValue(type, token);
    } else if (this.depth === 2 && this.itemArrayKey !== undefined) {
      this.arrayItem(type);
    } else {
      this.assembler?.consume(token);
    }
    this.depth += 1;
  }

  private openTopLevelValue(type: string, token: Token): void {
    if (type === "array") this.arrayKeys.add(this.currentKey);
    const isItemArray = (ITEM_ARRAY_KEYS as readonly string[]).includes(this.currentKey);
    if (type === "array" && isItemArray) {
      this.itemArrayKey = this.currentKey;
      this.itemIndex = 0;
    } else if (
      (type === "object" && KEPT_OBJECT_KEYS.has(this.currentKey)) ||
      (type === "array" && KEPT_ARRAY_KEYS.has(this.currentKey))
    ) {
      this.assembler = new Assembler();
      this.assembler.consume(token);
    }
  }

  private closeContainer(token: Token): void {
    this.depth -= 1;
    if (this.depth === 1 && this.assembler) {
      this.assembler.consume(token);
      this.metadata[this.currentKey] = this.assembler.current;
      this.assembler = undefined;
    } else if (this.depth === 1) {
      this.itemArrayKey = undefined;
    } else {
      this.assembler?.consume(token);
    }
  }

  private scalar(token: Token): void {
    const type = SCALAR_TYPES[token.name];
    if (type === undefined) return;

    if (this.depth === 0) {
      this.topType = type;
    } else if (this.depth === 1 && this.topType === "object") {
      this.metadata[this.currentKey] = scalarValue(token);
    } else if (this.depth === 2 && this.itemArrayKey !== undefined) {
      this.arrayItem(type);
    } else {
      this.assembler?.consume(token);
    }
  }

  private arrayItem(type: string): void {
    if (type !== "object" && this.badItems.length < MAX_LISTED_BAD_ITEMS) {
      this.badItems.push({ pointer: `/${this.itemArrayKey}/${this.itemIndex}`, type });
    }
    this.itemIndex += 1;
  }
}

function scalarValue(token: Token): unknown {
  if (token.name === "numberValue") return Number(token.value);
  return "value" in token ? token.value : undefined;
}
