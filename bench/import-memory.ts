/**
 * Measures memory and speed of reading, normalising and validating a large OC4IDS package.
 *
 * Run with `npx tsx bench/import-memory.ts [megabytes]` (50 by default). It writes a synthetic
 * project package of about that size to a temporary folder, reads it with readSource, repairs
 * each project with normaliseProject, checks it with the project schema validator, and prints
 * peak resident memory and throughput. The package is deleted afterwards.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { readSource } from "../src/import/read-source.js";
import { normaliseProject } from "../src/oc4ids/normalise.js";
import { loadProjectValidator } from "../src/oc4ids/validate.js";

const targetMegabytes = Number(process.argv[2] ?? 50);
const mebibyte = 1024 * 1024;

/** Builds one synthetic project (about 5 KB) with the legacy forms the normaliser repairs. */
function syntheticProject(index: number): object {
  const id = `oc4ids-bench1-${String(index).padStart(6, "0")}`;
  const parties = Array.from({ length: 8 }, (_, party) => ({
    id: `org-${party}`,
    name: `Organisation ${party} of project ${index}`,
    roles: [party === 0 ? "publicAuthority" : "supplier"],
    address: { locality: "Monterrey", region: "Nuevo León", countryName: "México" },
    contactPoint: { name: "", email: "" },
  }));
  const documents = Array.from({ length: 12 }, (_, document) => ({
    id: `doc-${document}`,
    documentType: "projectPlan",
    title: `Document ${document} of project ${index}`,
    url: `http://example.org/docs/${index}/Informe de ejecución ${document}.pdf`,
    datePublished: "2020-03-31T01:27:58-06:00",
    dateModified: "0001-01-01T00:00:00-06:00",
  }));
  return {
    id,
    title: `Synthetic project ${index}`,
    description: "A generated project used to measure the import. ".repeat(10),
    status: "completed",
    type: "construction",
    sector: ["transport.urban"],
    period: { startDate: "2017-02-06T00:00:00", endDate: "2019-02-12T00:00:00" },
    budget: { amount: { amount: String(1000000 + index), currency: "MXN" } },
    locations: [{ id: "1", geometry: { type: "point", coordinates: [25.67, -100.37] } }],
    parties,
    documents,
    contractingProcesses: [
      {
        id: `Release-ocds-bench1-${index}`,
        releases: [
          {
            id: `r-${index}`,
            tag: "planning,tender,award,contract",
            date: "2020-04-09T13:40:22.913",
            url: `http://example.org/releases/${index}.json`,
          },
        ],
      },
    ],
  };
}

/** Writes a project package of about `megabytes` MiB, one project at a time. */
async function writePackage(file: string, megabytes: number): Promise<number> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };

  await write('{"uri":"https://example.org/bench.json","version":"0.9","projects":[');
  let written = 0;
  let count = 0;
  while (written < megabytes * mebibyte) {
    const text = (count > 0 ? "," : "") + JSON.stringify(syntheticProject(count));
    await write(text);
    written += Buffer.byteLength(text);
    count += 1;
  }
  await write(
    '],"publisher":{"name":"Benchmark publisher"},"publishedDate":"2024-01-01T00:00:00Z"}',
  );
  out.end();
  await once(out, "finish");
  return count;
}

const workDir = await mkdtemp(path.join(tmpdir(), "import-memory-"));
try {
  const file = path.join(workDir, "package.json");
  const generated = await writePackage(file, targetMegabytes);
  const bytes = (await stat(file)).size;
  const validate = await loadProjectValidator(loadConfig().oc4idsSchema);

  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);

  const started = process.hrtime.bigint();
  let projects = 0;
  let warnings = 0;
  let problems = 0;
  for await (const item of readSource(file).items) {
    if (item.kind !== "project") continue;
    const normalised = normaliseProject(item.project, item.location);
    warnings += normalised.warnings.length;
    problems += validate(normalised.project, item.location).length;
    projects += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const figures = {
    node: process.version,
    packageMiB: +(bytes / mebibyte).toFixed(1),
    projects,
    generated,
    warnings,
    problems,
    seconds: +seconds.toFixed(1),
    mibPerSecond: +(bytes / mebibyte / seconds).toFixed(1),
    projectsPerSecond: Math.round(projects / seconds),
    baselineRssMiB: Math.round(baselineRss / mebibyte),
    peakRssMiB: Math.round(peakRss / mebibyte),
    maxRssMiBWholeRun: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await rm(workDir, { recursive: true, force: true });
}
