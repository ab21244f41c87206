import { lookup } from "node:dns/promises";
import { open } from "node:fs/promises";
import { isIP } from "node:net";
import { SourceProblem } from "./source-error.js";
import { describeLimit } from "./limits.js";

/** Limits of one download. */
export interface DownloadOptions {
  maxBytes: number;
  /** Longest wait, in milliseconds, for the response headers or for the next body chunk. */
  timeoutMs: number;
  /** Name of the setting that raises `maxBytes`, quoted in the error message. */
  maxBytesSetting: string;
  signal?: AbortSignal | undefined;
}

/**
 * Downloads an http(s) URL into `targetPath` so that it can be scanned and streamed like a
 * local file.
 *
 * Rejects with a SourceProblem when the server cannot be reached, stays silent for longer than
 * `timeoutMs`, answers with a status outside 200–299, sends HTML, or sends more than
 * `maxBytes`. An abort of `signal` rejects with the signal's reason instead.
 */
export async function downloadToFile(
  url: string,
  targetPath: string,
  options: DownloadOptions,
): Promise<void> {
  const idle = new IdleTimer(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;

  try {
    const response = await requestUrl(url, signal, idle);
    checkResponse(response, options);
    await writeBody(response, targetPath, idle, options);
  } catch (error) {
    options.signal?.throwIfAborted();
    if (idle.expired) {
      const seconds = options.timeoutMs / 1000;
      throw new SourceProblem(
        "url-timeout",
        `the URL timed out: no response within ${seconds} s; check that the server is up, or try again later`,
      );
    }
    throw error;
  } finally {
    idle.stop();
  }
}

/** Redirects followed at most before a download gives up. */
const MAX_REDIRECTS = 5;

/**
 * Requests `url`, following redirects one at a time so that each target is checked by
 * `checkHostAllowed` before it is contacted.
 */
async function requestUrl(url: string, signal: AbortSignal, idle: IdleTimer): Promise<Response> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    await checkHostAllowed(current);
    idle.restart();
    let response: Response;
    try {
      response = await fetch(current, {
        signal,
        redirect: "manual",
        headers: { accept: "application/json" },
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new SourceProblem("url-failed", `could not connect: ${networkReason(error)}`);
    }

    const location = response.headers.get("location");
    if (response.status < 300 || response.status > 399 || location === null) return response;
    await response.body?.cancel();
    current = new URL(location, current);
  }
  throw new SourceProblem(
    "url-failed",
    `the URL redirected more than ${MAX_REDIRECTS} times; use the final address of the data file`,
  );
}

/**
 * Rejects URLs that are not http(s) and hosts at link-local addresses (169.254.0.0/16,
 * fe80::/10), where cloud metadata services respond: a publisher's URL or its redirect must not
 * make the server read those. Loopback and private addresses stay allowed, for data served
 * inside an organisation.
 *
 * NOTE: the name is resolved here and again by fetch, so a host whose DNS answer changes in
 * between is not caught; an egress firewall is the complete guard.
 */
async function checkHostAllowed(url: URL): Promise<void> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SourceProblem(
      "url-blocked",
      `the URL leads to ${url.protocol} ${url.href}; only http and https URLs are read`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return; // fetch reports the unknown host in its own words
  }
  const linkLocal = addresses.find(isLinkLocalAddress);
  if (linkLocal !== undefined) {
    throw new SourceProblem(
      "url-blocked",
      `the URL's host ${host} is at ${linkLocal}, a link-local address such as a cloud ` +
        "metadata service uses; imports never read from those",
    );
  }
}

/** Tells whether `address` is IPv4 169.254.0.0/16 or IPv6 fe80::/10, mapped forms included. */
export function isLinkLocalAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower.startsWith("::ffff:")) return isLinkLocalAddress(lower.slice("::ffff:".length));
  if (isIP(lower) === 4) return lower.startsWith("169.254.");
  return /^fe[89ab][0-9a-f]?:/.test(lower);
}

function checkResponse(response: Response, options: DownloadOptions): void {
  if (response.status < 200 || response.status > 299) {
    throw new SourceProblem(
      "url-status",
      `the server answered HTTP ${response.status} ${response.statusText}`.trim() +
        "; expected 200 with a JSON body",
    );
  }

  const contentType = response.headers.get("content-type") ?? "";
  if (/^\s*text\/html\b/i.test(contentType)) {
    throw new SourceProblem(
      "url-html",
      `the server sent an HTML page (content-type ${contentType}), not JSON; ` +
        "use the URL of the data file itself",
    );
  }

  const declaredLength = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes) {
    throw new SourceProblem(
      "source-too-large",
      `the server announces ${declaredLength} bytes, more than ${describeLimit(options)}`,
    );
  }
}

async function writeBody(
  response: Response,
  targetPath: string,
  idle: IdleTimer,
  options: DownloadOptions,
): Promise<void> {
  const file = await open(targetPath, "w");
  try {
    let received = 0;
    let firstByteChecked = false;
    if (response.body === null) return;

    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      idle.restart();
      if (!firstByteChecked) firstByteChecked = checkFirstBytes(chunk);
      received += chunk.byteLength;
      if (received > options.maxBytes) {
        throw new SourceProblem(
          "source-too-large",
          `the download passed ${options.maxBytes} bytes, more than ${describeLimit(options)}`,
        );
      }
      await file.write(chunk);
    }
  } finally {
    await file.close();
  }
}

/**
 * Rejects a body whose first visible character is `<`: an HTML or XML page sent with a JSON
 * content type. Returns whether a visible character was seen.
 */
function checkFirstBytes(chunk: Uint8Array): boolean {
  const text = new TextDecoder().decode(chunk.subarray(0, 64)).replace(/^\uFEFF/, "");
  const first = text.trimStart()[0];
  if (first === undefined) return false;
  if (first === "<") {
    throw new SourceProblem(
      "url-html",
      "the server sent a body that starts with '<' (an HTML or XML page), not JSON; " +
        "use the URL of the data file itself",
    );
  }
  return true;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ENOTFOUND") return "host not found";
  if (cause?.code === "ECONNRESET") return "connection reset by the server";
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** An abort signal that fires when `restart` has not been called for `timeoutMs`. */
class IdleTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  expired = false;

  constructor(private readonly timeoutMs: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  restart(): void {
    this.stop();
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error("timed out"));
    }, this.timeoutMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
