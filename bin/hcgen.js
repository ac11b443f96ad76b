#!/usr/bin/env node
// Thin launcher: the CLI is written in TypeScript and compiled to dist/ by `npm run build`
// (run automatically by `npm ci` in a clone, through the `postprepare` script; shipped built in the package).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
// After each full GC V8 lets the heap grow to up to 4x what survived before the next one. hcgen's
// garbage is short-lived strings (a 10k-call run makes GBs of them around a live set of 100-180 MB),
// so that factor, not live data, set peak RSS (840 MB at 10k calls). 1.5x keeps it near 450 MB
// for about the same CPU time. Read by V8 at every full GC, so setting it here at start works.
setFlagsFromString("--heap-growing-percent=50");
const entry = new URL("../dist/generator/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("hcgen: the compiled CLI is missing (dist/generator/cli.js). Run `npm ci` or `npm run build` first.\n");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
