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

// Two V8 settings for a command-line run, set before any of hcgen's code is compiled or allocates
// (HCGEN_V8_DEFAULTS=1 keeps V8's defaults: the bench's baseline, bench/ANALYSIS.md):
//  - the tier-up budget 8x the default: a command is a short burst of many distinct functions, each
//    run a few thousand times, and the default sent ~200 of them to TurboFan, whose compiles cost
//    more CPU than the optimised code saved before the run ended (~30 % of a catalog generate's
//    CPU; a 10k-call generate costs no more);
//  - after each full GC the heap may grow 1.5x what survived, not up to 4x: hcgen's garbage is
//    short-lived strings (a 10k-call run makes GBs of them around a live set of 100-180 MB), so that
//    factor, not live data, set peak RSS (840 -> ~450 MB at 10k calls, about the same CPU). V8
//    reads it at every full GC.
if (process.env.HCGEN_V8_DEFAULTS !== "1") setFlagsFromString("--interrupt-budget=540672 --heap-growing-percent=50");

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
