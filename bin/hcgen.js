#!/usr/bin/env node
// Thin launcher: the CLI is written in TypeScript and compiled to dist/ by `npm run build`
// (run automatically by `npm ci` in a clone, through the `postprepare` script; shipped built in the package).
// It runs dist/generator/cli.bundle.cjs, the same modules in one file (scripts/build-bundle.mjs: saves
// Node's module loader tens of milliseconds per start), when that is at least as new as the build's
// stamp; otherwise (a tsc run since the last full build, or HCGEN_NO_BUNDLE=1) the module tree.
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";

// A command is a short burst of many distinct functions, each run a few thousand times: V8's default
// tier-up budget sends ~200 of them to TurboFan, whose compiles cost more CPU than the optimised code
// saves before the run ends (bench/ANALYSIS.md: a catalog generate spends ~30 % less CPU with a budget
// 8x the default, and a 10k-call generate no more). Set before any of hcgen's code is compiled;
// HCGEN_V8_DEFAULTS=1 keeps V8's defaults (the bench's baseline).
if (process.env.HCGEN_V8_DEFAULTS !== "1") setFlagsFromString("--interrupt-budget=540672");

const entry = new URL("../dist/generator/cli.js", import.meta.url);
const bundle = new URL("../dist/generator/cli.bundle.cjs", import.meta.url);
const stamp = new URL("../dist/generator/pipeline/build-id.js", import.meta.url);

function bundleIsCurrent() {
  if (process.env.HCGEN_NO_BUNDLE === "1") return false;
  try { return statSync(bundle).mtimeMs >= statSync(stamp).mtimeMs; } catch { return false; }
}

let main;
if (bundleIsCurrent()) {
  ({ main } = createRequire(import.meta.url)(fileURLToPath(bundle)));
} else {
  if (!existsSync(fileURLToPath(entry))) {
    process.stderr.write("hcgen: the compiled CLI is missing (dist/generator/cli.js). Run `npm ci` or `npm run build` first.\n");
    process.exit(2);
  }
  ({ main } = await import(entry.href));
}
process.exitCode = await main(process.argv.slice(2));
