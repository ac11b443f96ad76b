// Build step (npm run build, after tsc): the CommonJS face of the package, dist/cjs/.
//
// hcgen is written as ES modules. A CommonJS project (npm init -y writes "type": "commonjs") reaches
// it through the "require" condition of package.json "exports", which points here:
//  - each entry point (hcgen, hcgen/runtime, hcgen/catalog, hcgen/catalog/<abi>) gets a one-line
//    CommonJS module that require()s the ES module itself. Node 20.19+ loads ES modules from require()
//    without a flag (require(esm)), so CommonJS and ESM code share ONE instance of every module: no
//    second build of the runtime, no dual-package hazard (two Machine classes, two registries).
//  - the declarations are copied unchanged next to them. dist/cjs/package.json says "commonjs", so
//    TypeScript reads them as CommonJS declarations: `import { Machine } from "hcgen/runtime"` in a
//    CommonJS file type-checks under module node16 too (node16 refuses to let CommonJS import ES
//    declarations; nodenext allows it since TypeScript 5.8, bundler never asks).
// Everything under dist/cjs/ is this script's output: it is rebuilt from scratch each time.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const cjs = join(dist, "cjs");

/** The ES module trees that "exports" names, and their entry points (relative to dist/). */
const TREES = ["generator", "runtime", "generated/ts"];
const entries = ["generator/index", "runtime/index"];
if (existsSync(join(dist, "generated/ts"))) {
  // hcgen/catalog and hcgen/catalog/* (the wildcard export): every generated module is an entry.
  for (const f of readdirSync(join(dist, "generated/ts"))) if (f.endsWith(".js")) entries.push(`generated/ts/${f.slice(0, -3)}`);
}

rmSync(cjs, { recursive: true, force: true });
mkdirSync(cjs, { recursive: true });
writeFileSync(join(cjs, "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");

for (const tree of TREES) {
  const from = join(dist, tree);
  if (!existsSync(from)) continue;
  cpSync(from, join(cjs, tree), { recursive: true, filter: (src) => !src.endsWith(".js") && !src.endsWith(".cjs") });
}

for (const entry of entries) {
  const shim = join(cjs, `${entry}.js`);
  const target = relative(dirname(shim), join(dist, `${entry}.js`)).split(sep).join("/");
  const name = entry === "generator/index" ? "hcgen" : entry === "runtime/index" ? "hcgen/runtime"
    : entry === "generated/ts/index" ? "hcgen/catalog" : `hcgen/catalog/${entry.slice("generated/ts/".length)}`;
  writeFileSync(shim, `"use strict";
// CommonJS entry of ${name}: loads the ES module (Node's require(esm)), one instance for require and import.
try {
  module.exports = require(${JSON.stringify(target)});
} catch (e) {
  if (e && e.code === "ERR_REQUIRE_ESM") {
    e.message = \`require("${name}") needs Node 20.19 or later (require of ES modules); on \${process.version} use import("${name}") instead.\\n\${e.message}\`;
  }
  throw e;
}
`);
}
process.stdout.write(`build-cjs: dist/cjs/ (${entries.length} CommonJS entry points)\n`);
