import type { ImportProblem } from "../types.js";

/**
 * Stable codes of the problems that stop a source from being read:
 * - `source-not-found`: no file or folder at the path.
 * - `source-empty`: an empty file, or a folder without `.json` files.
 * - `source-too-large`: a file or download larger than the byte limit.
 * - `invalid-json`: a file that is not well-formed JSON.
 * - `unknown-content`: JSON that contains neither OC4IDS nor OCDS data.
 * - `item-not-object`: an entry of `projects`, `releases` or `records` that is not an object.
 * - `url-failed`, `url-timeout`, `url-status`, `url-html`: a URL that cannot be read as JSON.
 * - `url-blocked`: a URL, or a redirect, to a scheme or a link-local address never read.
 */
export type SourceProblemCode =
  | "source-not-found"
  | "source-empty"
  | "source-too-large"
  | "invalid-json"
  | "unknown-content"
  | "item-not-object"
  | "url-failed"
  | "url-blocked"
  | "url-timeout"
  | "url-status"
  | "url-html";

/** One problem with one file or URL, raised inside the reader and collected by readSource. */
export class SourceProblem extends Error {
  constructor(
    readonly code: SourceProblemCode,
    message: string,
    readonly pointer = "",
  ) {
    super(message);
    this.name = "SourceProblem";
  }
}

/**
 * Raised by readSource, before it yields anything, when a file or URL of the source cannot be
 * read. `problems` lists every such problem with the file or URL and the reason.
 */
export class SourceReadError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(summarise(problems));
    this.name = "SourceReadError";
  }
}

function summarise(problems: ImportProblem[]): string {
  const lines = problems.map((problem) => {
    const where = problem.pointer ? `${problem.source} at ${problem.pointer}` : problem.source;
    return `${where}: ${problem.message}`;
  });
  return lines.length === 1
    ? `Cannot read ${lines[0]}`
    : `Cannot read the source:\n  ${lines.join("\n  ")}`;
}
