// Loads dist/generator/cli.bundle.cjs as Node's require() would, but with V8's code cache when the
// build left a current one (scripts/build-code-cache.mjs writes dist/generator/cli.bundle.cache).
//
// Why: a command compiles a good part of the 0.65 MB bundle before it does any work, and does it
// again in each render helper thread. The cache is made after a real run, so it holds the bytecode
// of every function that run compiled lazily too: a catalog generate on one thread costs ~50 ms
// less CPU with it (bench/ANALYSIS.md). Node 20 has no compile cache of its own (22.1 has one).
//
// The cache is only an optimisation, and it is never trusted blindly: V8 checks its own version and
// flags, but of the source only the length, so the cache file starts with a key line naming this
// loader's format, the Node version, the architecture and the SHA-256 of the exact bundle text.
// A cache that does not match, cannot be read, or that V8 rejects is ignored, and the bundle is
// compiled as usual. HCGEN_NO_CODE_CACHE=1 ignores it always (the bench's baseline).
"use strict";
const { createHash } = require("node:crypto");
const { readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { dirname } = require("node:path");
const vm = require("node:vm");

// Two V8 settings for a command-line run (HCGEN_V8_DEFAULTS=1 keeps V8's defaults: the bench's
// baseline, bench/ANALYSIS.md). They are part of what a code cache is valid for, so the build makes
// the cache under them too:
//  - the tier-up budget 8x the default: a command is a short burst of many distinct functions, each
//    run a few thousand times, and the default sent ~200 of them to TurboFan, whose compiles cost
//    more CPU than the optimised code saved before the run ended (~30 % of a catalog generate's
//    CPU; a 10k-call generate costs no more);
//  - after each full GC the heap may grow 1.5x what survived, not up to 4x: hcgen's garbage is
//    short-lived strings (a 10k-call run makes GBs of them around a live set of 100-180 MB), so that
//    factor, not live data, set peak RSS (840 -> ~450 MB at 10k calls, about the same CPU). V8
//    reads it at every full GC.
const V8_FLAGS = "--interrupt-budget=540672 --heap-growing-percent=50";

function applyV8Flags() {
  if (process.env.HCGEN_V8_DEFAULTS !== "1") require("node:v8").setFlagsFromString(V8_FLAGS);
}

const FORMAT = "hcgen-code-cache/1";

/** The first line of a cache file for this bundle text on this Node. */
function cacheKey(source) {
  return `${FORMAT} node ${process.version} ${process.arch} sha256 ${createHash("sha256").update(source).digest("hex")}\n`;
}

function cachePath(bundlePath) {
  return bundlePath.replace(/\.cjs$/, "") + ".cache";
}

/** The cache's V8 data when its key matches `source`; otherwise undefined. */
function readCache(file, source) {
  if (process.env.HCGEN_NO_CODE_CACHE === "1") return undefined;
  let bytes;
  try { bytes = readFileSync(file); } catch { return undefined; }
  const key = Buffer.from(cacheKey(source), "latin1");
  if (bytes.length <= key.length || !bytes.subarray(0, key.length).equals(key)) return undefined;
  return bytes.subarray(key.length);
}

/**
 * import() for the bundle (generator/import-module.ts: a user's handler module for `hcgen serve`). A
 * script compiled by vm.Script has no import() of its own without an experimental Node option; this
 * file is compiled by Node's loader, so its import() is the ordinary one. Only absolute URLs reach it.
 */
const importModule = (url) => import(url);

/**
 * Runs the bundle at `bundlePath` as a CommonJS module and returns its exports, the compiled script
 * (for writeCodeCache) and whether V8 took the cache. The wrapper's last parameters tell the bundle
 * where this loader is (so its render helpers load the bundle the same way) and give it importModule.
 */
function loadBundle(bundlePath) {
  const source = readFileSync(bundlePath, "utf8");
  const cachedData = readCache(cachePath(bundlePath), source);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __hcgenLoader, __hcgenImport) {${source}\n})`, {
    filename: bundlePath,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {}, filename: bundlePath, id: bundlePath, loaded: false };
  script.runInThisContext()(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath), __filename, importModule);
  module.loaded = true;
  return { exports: module.exports, script, source, usedCache: cachedData !== undefined && !script.cachedDataRejected };
}

/** Writes the cache of a loaded bundle (after a run, so lazily compiled functions are in it), atomically. */
function writeCodeCache(loaded, bundlePath) {
  const file = cachePath(bundlePath);
  const temp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(cacheKey(loaded.source), "latin1"), loaded.script.createCachedData()]));
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  return file;
}

module.exports = { applyV8Flags, loadBundle, writeCodeCache, cachePath };
