#!/usr/bin/env node
// Thin launcher: the CLI is written in TypeScript and compiled to dist/ by `npm run build`
// (run automatically by `npm ci` in a clone, through the `postprepare` script; shipped built in the package).
// It runs dist/generator/cli.bundle.cjs, the same modules in one file (scripts/build-bundle.mjs: saves
// Node's module loader tens of milliseconds per start), when that is at least as new as the build's
// stamp; otherwise (a tsc run since the last full build, or HCGEN_NO_BUNDLE=1) the module tree.
// The bundle is loaded through bundle-loader.cjs, which uses V8's code cache when the build left a
// current one (a command then skips compiling most of the bundle).
//
// CommonJS (bin/package.json says so), not an ES module: Node starts a CommonJS entry ~10 ms sooner.
"use strict";
const { existsSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

// V8's settings for a command-line run (bundle-loader.cjs says which and why), set before any of the
// CLI's code is compiled or allocates; HCGEN_V8_DEFAULTS=1 keeps V8's defaults (the bench's baseline).
const loader = require("./bundle-loader.cjs");
loader.applyV8Flags();

const entry = join(__dirname, "..", "dist", "generator", "cli.js");
const bundle = join(__dirname, "..", "dist", "generator", "cli.bundle.cjs");
const stamp = join(__dirname, "..", "dist", "generator", "pipeline", "build-id.js");

function bundleIsCurrent() {
  if (process.env.HCGEN_NO_BUNDLE === "1") return false;
  try { return statSync(bundle).mtimeMs >= statSync(stamp).mtimeMs; } catch { return false; }
}

async function run() {
  let main;
  if (bundleIsCurrent()) {
    ({ main } = loader.loadBundle(bundle).exports);
  } else {
    if (!existsSync(entry)) {
      process.stderr.write("hcgen: the compiled CLI is missing (dist/generator/cli.js). Run `npm ci` or `npm run build` first.\n");
      process.exit(2);
    }
    ({ main } = await import(pathToFileURL(entry).href));
  }
  process.exitCode = await main(process.argv.slice(2));
}
run();
