// Build step (npm run build, after build-bundle.mjs): dist/generator/cli.bundle.cache, V8's code
// cache of the bundle, which bin/bundle-loader.cjs hands to V8 when it loads the bundle.
//
// The cache is made after a real run, under the launcher's V8 flags: the bundle is loaded as the
// launcher loads it, then `generate` and `check` of the catalog run in this process (into a temp
// directory), so the bytecode of every function they compiled lazily is in the cache too. V8
// compiles whatever else a command needs as usual. The cache is valid for this Node and this bundle
// text only (its key line says so, and the loader compares it); elsewhere it is ignored.
//
// Like the bundle, it is an optimisation: if it cannot be made, the CLI runs without it.
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "generator", "cli.bundle.cjs");
const loader = createRequire(import.meta.url)(join(root, "bin", "bundle-loader.cjs"));
const cache = loader.cachePath(bundle);
rmSync(cache, { force: true });

function skip(why) {
  process.stderr.write(`build-code-cache: ${why}; the CLI runs without a code cache\n`);
  process.exit(0);
}

if (!existsSync(bundle)) skip("there is no bundle");
if (process.env.HCGEN_V8_DEFAULTS === "1") skip("HCGEN_V8_DEFAULTS=1 is set (a cache made under V8's defaults would not fit the launcher's flags)");
loader.applyV8Flags();
const out = mkdtempSync(join(tmpdir(), "hcgen-code-cache-"));
let failure = null;
try {
  const loaded = loader.loadBundle(bundle);
  // The catalog's spec files (shipped with the package): the commands users run most, on real specs.
  const spec = join(root, "spec");
  // A spec store of its own (generator/spec-store.ts): generate misses and fills it, check is served
  // from it, so the cache holds the code of both paths and the user's own store is not touched.
  process.env.HCGEN_CACHE_DIR = join(out, "store");
  delete process.env.HCGEN_NO_CACHE;
  const write = process.stdout.write;
  process.stdout.write = () => true;   // the runs' own reports are not this step's output
  let codes;
  try {
    const gen = join(out, "generated");
    codes = [await loaded.exports.main(["generate", "--jobs", "1", "--out", gen, spec]), await loaded.exports.main(["check", "--jobs", "1", "--out", gen, spec])];
  } finally {
    process.stdout.write = write;
  }
  process.exitCode = 0;
  if (codes.some((c) => c !== 0)) failure = `the sample run failed (exit codes ${codes.join(", ")})`;
  else loader.writeCodeCache(loaded, bundle);
} catch (e) {
  failure = `the sample run failed: ${e instanceof Error ? e.message : String(e)}`;
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (failure !== null) skip(failure);
