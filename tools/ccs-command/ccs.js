#!/usr/bin/env node
// Runs the TypeScript command line of the project this folder belongs to. tsx compiles it on
// load, so no build step is needed.
import { register } from "tsx/esm/api";

register();
await import("../../src/cli/main.ts");
