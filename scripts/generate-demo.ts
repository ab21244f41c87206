/**
 * Writes the demo jurisdiction's OC4IDS project package to a file, and optionally stores its
 * photos in a data folder's file store.
 *
 *   npx tsx scripts/generate-demo.ts demo.json [--seed 2011] [--count 40]
 *     [--now 2025-06-30] [--base-url http://localhost:3000] [--data-dir ./data]
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { generateDemoPackage } from "../src/demo/generate.js";
import { createFileStore } from "../src/files/store.js";

const usage =
  "usage: generate-demo.ts OUTPUT.json [--seed N] [--count N] [--now YYYY-MM-DD] " +
  "[--base-url URL] [--data-dir DIR]";

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: "string" },
      count: { type: "string" },
      now: { type: "string" },
      "base-url": { type: "string" },
      "data-dir": { type: "string" },
    },
  });
  const output = positionals[0];
  if (!output || positionals.length > 1) throw new Error(usage);
  const now = values.now === undefined ? undefined : new Date(`${values.now}T03:00:00Z`);
  if (now && Number.isNaN(now.getTime())) {
    throw new Error(`--now must be a date as YYYY-MM-DD, got "${values.now}"`);
  }

  const demo = generateDemoPackage({
    seed: integerOption("seed", values.seed),
    projectCount: integerOption("count", values.count),
    now,
    baseUrl: values["base-url"],
  });
  await writeFile(output, `${JSON.stringify(demo.package, null, 2)}\n`);

  const dataDir = values["data-dir"];
  if (dataDir) {
    const store = createFileStore(dataDir);
    for (const photo of demo.photos) await store.put(photo.bytes, photo.contentType);
  }
  const projectCount = (demo.package.projects as unknown[]).length;
  console.log(
    `Wrote ${projectCount} projects to ${output}` +
      (dataDir ? ` and ${demo.photos.length} photos to ${dataDir}/files` : ""),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
