import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLinkLocalAddress } from "./read/fetch-url.js";
import { readSource, SourceReadError } from "./read-source.js";
import type { ReadItem, ReadSourceOptions } from "./read-source.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "read-source-test-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, content: string | object): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content, null, 1));
  return file;
}

async function readAll(source: string, options?: ReadSourceOptions): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readSource(source, options).items) items.push(item);
  return items;
}

/** Reads a source that must fail, and returns the error with the items yielded before it. */
async function readFailing(
  source: string,
  options?: ReadSourceOptions,
): Promise<{ error: SourceReadError; yielded: number }> {
  let yielded = 0;
  try {
    for await (const item of readSource(source, options).items) {
      expect(item).toBeDefined();
      yielded += 1;
    }
  } catch (error) {
    if (error instanceof SourceReadError) return { error, yielded };
    throw error;
  }
  throw new Error(`reading ${source} did not fail`);
}

const project = (id: string) => ({ id, title: `Project ${id}`, status: "implementation" });

describe("readSource kinds", () => {
  it("streams a project package and attaches a publisher given after the array", async () => {
    const file = await fixture("package.json", {
      uri: "https://example.org/p.json",
      projects: [project("oc4ids-abc123-1"), project("oc4ids-abc123-2")],
      publisher: { name: "Works Agency", uid: "42", scheme: "XI-TEST" },
    });

    const items = await readAll(file);

    expect(items.map((item) => item.kind)).toEqual(["project", "project"]);
    expect(items[1]?.itemPointer).toBe("/projects/1");
    expect(items[1]?.location).toEqual({ source: file, pointer: "", projectId: "oc4ids-abc123-2" });
    expect(items[0]?.publisher).toEqual({ name: "Works Agency", uid: "42", scheme: "XI-TEST" });
  });

  it.each([
    ["bare project", project("oc4ids-abc123-9"), "project", ""],
    [
      "release package",
      { releases: [{ ocid: "ocds-a-1", tag: ["tender"] }] },
      "ocds-release",
      "/releases/0",
    ],
    [
      "record package",
      { records: [{ ocid: "ocds-a-1", releases: [] }] },
      "ocds-record",
      "/records/0",
    ],
    [
      "bare release",
      { ocid: "ocds-a-1", date: "2020-01-01T00:00:00Z", tag: ["tender"] },
      "ocds-release",
      "",
    ],
    ["bare record", { ocid: "ocds-a-1", compiledRelease: {}, releases: [] }, "ocds-record", ""],
  ])("reads a %s", async (name, content, kind, itemPointer) => {
    const file = await fixture(`kind-${name.replace(/ /g, "-")}.json`, content);

    const items = await readAll(file);

    expect(items).toHaveLength(1);
    expect(items[0]?.kind).toBe(kind);
    expect(items[0]?.itemPointer).toBe(itemPointer);
  });

  it("takes the publisher of a bare OCDS 1.0 release from packageInfo", async () => {
    const file = await fixture("package-info.json", {
      ocid: "7",
      tag: ["contract"],
      packageInfo: { publisher: { name: "GACM", uid: "x" } },
    });

    const [item] = await readAll(file);

    expect(item?.publisher).toEqual({ name: "GACM", uid: "x" });
  });

  it("reads a folder recursively in sorted order and records each file", async () => {
    const folder = path.join(dir, "folder");
    await fixture("folder/b.json", project("oc4ids-abc123-b"));
    await fixture("folder/a/z.json", project("oc4ids-abc123-az"));
    await fixture("folder/a.json", project("oc4ids-abc123-a"));
    await fixture("folder/notes.txt", "not json");
    const reader = readSource(folder);

    const ids: unknown[] = [];
    for await (const item of reader.items) ids.push(item.kind === "project" && item.project.id);

    expect(ids).toEqual(["oc4ids-abc123-a", "oc4ids-abc123-az", "oc4ids-abc123-b"]);
    const text = JSON.stringify(project("oc4ids-abc123-a"), null, 1);
    expect(reader.files()[0]).toEqual({
      name: path.join(folder, "a.json"),
      sha256: createHash("sha256").update(text).digest("hex"),
      bytes: Buffer.byteLength(text),
    });
    expect(reader.files()).toHaveLength(3);
  });
});

describe("readSource order and encoding", () => {
  it("reads a folder's files oldest first by their own dates", async () => {
    await fixture("dated/a-new.json", {
      ...project("oc4ids-abc123-n"),
      updated: "2020-04-09T00:00:00Z",
    });
    await fixture("dated/b-old.json", {
      ...project("oc4ids-abc123-o"),
      updated: "2020-03-24T00:00:00Z",
    });
    await fixture("dated/c-undated.json", project("oc4ids-abc123-u"));

    const items = await readAll(path.join(dir, "dated"));

    expect(items.map((item) => item.kind === "project" && item.project.id)).toEqual([
      "oc4ids-abc123-u",
      "oc4ids-abc123-o",
      "oc4ids-abc123-n",
    ]);
  });

  it("warns of an extension listed under packages", async () => {
    const file = await fixture("record-package.json", {
      uri: "https://example.org/records.json",
      publishedDate: "2020-04-09T00:00:00Z",
      packages: ["https://example.org/releases.json", "https://example.org/x/extension.json"],
      records: [{ ocid: "ocds-abc123-1", releases: [] }],
    });
    const reader = readSource(file);

    for await (const item of reader.items) expect(item.kind).toBe("ocds-record");

    const warnings = reader.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe("extension-listed-as-package");
    expect(warnings[0]?.pointer).toBe("/packages/1");
  });

  it("accepts a UTF-8 byte order mark before a bare object", async () => {
    const file = await fixture("bom.json", `\uFEFF${JSON.stringify(project("oc4ids-abc123-bom"))}`);

    const [item] = await readAll(file);

    expect(item?.kind === "project" && item.project.id).toBe("oc4ids-abc123-bom");
  });
});

describe("readSource bad input", () => {
  it("reports malformed JSON with line and column", async () => {
    const file = await fixture("malformed.json", '{\n "projects": [\n  {"id": "a",}\n ]\n}');

    const { error, yielded } = await readFailing(file);

    expect(yielded).toBe(0);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.code).toBe("invalid-json");
    expect(error.problems[0]?.source).toBe(file);
    expect(error.problems[0]?.message).toMatch(/^invalid JSON at line 3, column \d+ \(byte \d+\)/);
  });

  it("rejects JSON that is neither OC4IDS nor OCDS and lists its keys", async () => {
    const file = await fixture("other.json", { name: "x", rows: [] });

    const { error } = await readFailing(file);

    expect(error.problems[0]?.code).toBe("unknown-content");
    expect(error.problems[0]?.message).toBe(
      "the file holds neither an OC4IDS project or package nor OCDS releases or records: " +
        "top-level keys are name, rows",
    );
  });

  it("rejects a top-level array", async () => {
    const file = await fixture("array.json", [project("oc4ids-abc123-1")]);

    const { error } = await readFailing(file);

    expect(error.problems[0]?.code).toBe("unknown-content");
    expect(error.problems[0]?.message).toMatch(/JSON array at the top level/);
  });

  it.each([
    ["empty.json", ""],
    ["blank.json", "  \n\t "],
  ])("rejects the empty file %s", async (name, content) => {
    const file = await fixture(name, content);

    const { error } = await readFailing(file);

    expect(error.problems[0]?.code).toBe("source-empty");
  });

  it("rejects a missing path", async () => {
    const missing = path.join(dir, "does-not-exist.json");

    const { error } = await readFailing(missing);

    expect(error.problems).toEqual([
      {
        source: missing,
        pointer: "",
        code: "source-not-found",
        message: "no file or folder exists at this path",
      },
    ]);
  });

  it("rejects a folder without JSON files", async () => {
    const folder = path.join(dir, "no-json");
    await fixture("no-json/readme.txt", "nothing");

    const { error } = await readFailing(folder);

    expect(error.problems[0]?.code).toBe("source-empty");
  });

  it("rejects a file of several GB by its size before reading it", async () => {
    const file = path.join(dir, "huge.json");
    await writeFile(file, "");
    // A sparse file: its size is 3 GiB but it takes no disk space and is never read.
    await truncate(file, 3 * 1024 ** 3);

    const { error } = await readFailing(file);

    expect(error.problems[0]?.code).toBe("source-too-large");
    expect(error.problems[0]?.message).toBe(
      "the file is 3 GiB (3221225472 bytes), more than the limit of 2 GiB (2147483648 bytes); " +
        "raise it with --max-bytes if the file is meant to be this large",
    );
  });

  it("names the caller's setting in the size message", async () => {
    const file = await fixture("small.json", project("oc4ids-abc123-1"));

    const { error } = await readFailing(file, { maxBytes: 10, maxBytesSetting: "IMPORT_MAX" });

    expect(error.problems[0]?.message).toMatch(/more than the limit of 10 bytes .*IMPORT_MAX/);
  });

  it("rejects a package entry that is not an object", async () => {
    const file = await fixture("bad-entry.json", { projects: [project("oc4ids-abc123-1"), 7] });

    const { error, yielded } = await readFailing(file);

    expect(yielded).toBe(0);
    expect(error.problems[0]).toMatchObject({ code: "item-not-object", pointer: "/projects/1" });
  });

  it("yields nothing from a folder when one file is bad and lists every problem", async () => {
    const folder = path.join(dir, "mixed");
    await fixture("mixed/a-good.json", project("oc4ids-abc123-1"));
    await fixture("mixed/b-bad.json", "{");
    await fixture("mixed/c-other.json", { hello: 1 });

    const { error, yielded } = await readFailing(folder);

    expect(yielded).toBe(0);
    expect(error.problems.map((problem) => problem.code)).toEqual([
      "invalid-json",
      "unknown-content",
    ]);
    expect(error.problems[0]?.source).toBe(path.join(folder, "b-bad.json"));
  });
});

describe("readSource URLs", () => {
  type Handler = (request: IncomingMessage, response: ServerResponse) => void;
  let server: Server;
  let baseUrl: string;
  const routes = new Map<string, Handler>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const handler = routes.get(request.url ?? "");
      if (handler) handler(request, response);
      else response.writeHead(404, "Not Found").end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const body = JSON.stringify({ projects: [project("oc4ids-abc123-1")] });
    routes.set("/package.json", (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    routes.set("/page", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html></html>");
    });
    routes.set("/disguised", (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(" <!doctype html>");
    });
    routes.set("/silent", () => {
      // Never answers, so the client times out.
    });
    const redirect = (location: string): Handler => {
      return (_request, response) => response.writeHead(302, { location }).end();
    };
    routes.set("/moved", redirect("/package.json"));
    // The check rejects these targets before any request is made to them.
    routes.set("/to-metadata", redirect("http://169.254.169.254/latest/meta-data/"));
    routes.set("/to-file", redirect("file:///etc/passwd"));
    routes.set("/loop", redirect("/loop"));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("downloads and reads a package with its hash", async () => {
    const url = `${baseUrl}/package.json`;
    const reader = readSource(url);

    const items: ReadItem[] = [];
    for await (const item of reader.items) items.push(item);

    expect(items).toHaveLength(1);
    expect(items[0]?.location.source).toBe(url);
    const body = JSON.stringify({ projects: [project("oc4ids-abc123-1")] });
    expect(reader.files()).toEqual([
      { name: url, sha256: createHash("sha256").update(body).digest("hex"), bytes: body.length },
    ]);
  });

  it.each([
    ["/missing", "url-status", /^the server answered HTTP 404 Not Found/],
    ["/page", "url-html", /HTML page \(content-type text\/html/],
    ["/disguised", "url-html", /starts with '<'/],
  ])("rejects %s", async (route, code, message) => {
    const { error } = await readFailing(`${baseUrl}${route}`);

    expect(error.problems[0]?.code).toBe(code);
    expect(error.problems[0]?.message).toMatch(message);
  });

  it("follows a redirect to the data file", async () => {
    const items = await readAll(`${baseUrl}/moved`);

    expect(items).toHaveLength(1);
  });

  it.each([
    ["/to-metadata", "url-blocked", /169\.254\.169\.254, a link-local address/],
    ["/to-file", "url-blocked", /only http and https URLs are read/],
    ["/loop", "url-failed", /redirected more than 5 times/],
  ])("rejects the redirect of %s", async (route, code, message) => {
    const { error } = await readFailing(`${baseUrl}${route}`);

    expect(error.problems[0]?.code).toBe(code);
    expect(error.problems[0]?.message).toMatch(message);
  });

  it("rejects a URL that does not answer in time", async () => {
    const { error } = await readFailing(`${baseUrl}/silent`, { timeoutMs: 200 });

    expect(error.problems[0]?.code).toBe("url-timeout");
    expect(error.problems[0]?.message).toMatch(/timed out: no response within 0.2 s/);
  });

  it("rejects a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const { error } = await readFailing(`http://127.0.0.1:${port}/x.json`);

    expect(error.problems[0]?.code).toBe("url-failed");
    expect(error.problems[0]?.message).toBe("could not connect: connection refused");
  });

  it("rejects a download larger than the limit", async () => {
    const { error } = await readFailing(`${baseUrl}/package.json`, { maxBytes: 20 });

    expect(error.problems[0]?.code).toBe("source-too-large");
  });
});

describe("isLinkLocalAddress", () => {
  it.each([
    ["169.254.169.254", true],
    ["::ffff:169.254.1.1", true],
    ["fe80::1", true],
    ["127.0.0.1", false],
    ["10.0.0.8", false],
    ["::1", false],
    ["2001:db8::1", false],
  ])("classifies %s as %s", (address, expected) => {
    expect(isLinkLocalAddress(address)).toBe(expected);
  });
});
