/**
 * Writes a demo OC4IDS project package to a file: `npx tsx bench/write-demo-package.ts FILE
 * PROJECT_COUNT`. The benchmarks run it as a child process. Each demo project takes about
 * 10 KB, so 5,000 projects make a package of about 50 MB.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { generateDemoPackage } from "../src/demo/generate.js";
import { reportToParent } from "./support.js";

const [file, countText] = process.argv.slice(2);
const projectCount = Number(countText);
if (!file || !Number.isInteger(projectCount) || projectCount < 1) {
  console.error("usage: npx tsx bench/write-demo-package.ts FILE PROJECT_COUNT");
  process.exit(2);
}

const { projects, ...header } = generateDemoPackage({ projectCount }).package;
const out = createWriteStream(file);
const write = async (text: string) => {
  if (!out.write(text)) await once(out, "drain");
};

// Project by project, so no single string contains the whole package.
const headerText = JSON.stringify(header);
await write(`${headerText.slice(0, -1)},"projects":[`);
for (const [index, project] of (projects as object[]).entries()) {
  await write(`${index > 0 ? "," : ""}\n${JSON.stringify(project)}`);
}
await write("\n]}\n");
out.end();
await once(out, "finish");

reportToParent({ file, projects: projectCount, bytes: (await stat(file)).size });
