// bin/bundle-loader.cjs loads the bundle with V8's code cache (scripts/build-code-cache.mjs makes it
// at build time). The cache may only ever save time: a cache for other bundle text, for another Node,
// or one V8 rejects must be ignored, and the bundle must then run exactly as without one.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/catalog.js";

interface Loaded { exports: Record<string, unknown>; usedCache: boolean }
interface Loader {
  loadBundle(path: string): Loaded;
  writeCodeCache(loaded: Loaded, path: string): string;
  cachePath(path: string): string;
}
const LOADER_PATH = join(ROOT, "bin", "bundle-loader.cjs");
const loader = createRequire(import.meta.url)(LOADER_PATH) as Loader;

const made: string[] = [];
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });
function bundleFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-code-cache-"));
  made.push(dir);
  const file = join(dir, "b.bundle.cjs");
  writeFileSync(file, text);
  return file;
}

/** Loads `file` in a fresh process (a cache is per process), with `env`; what the bundle's `value` was and whether V8 took the cache. */
function loadInChild(file: string, env: Record<string, string> = {}): { value: unknown; usedCache: boolean } {
  const script = `const r = require(${JSON.stringify(LOADER_PATH)}).loadBundle(${JSON.stringify(file)}); process.stdout.write(JSON.stringify({ value: r.exports.value, usedCache: r.usedCache }));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Makes a cache for `file` in a fresh process, after running the bundle's `run`, as the build step does. */
function makeCache(file: string): void {
  const script = `const l = require(${JSON.stringify(LOADER_PATH)}); const r = l.loadBundle(${JSON.stringify(file)}); r.exports.run?.(); l.writeCodeCache(r, ${JSON.stringify(file)});`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
}

describe("the bundle loader's code cache", () => {
  it("the build left a cache for this bundle and this Node", () => {
    const bundle = join(ROOT, "dist", "generator", "cli.bundle.cjs");
    const cache = readFileSync(loader.cachePath(bundle));
    const key = cache.subarray(0, cache.indexOf(10) + 1).toString("latin1");
    const sha = createHash("sha256").update(readFileSync(bundle, "utf8")).digest("hex");
    expect(key).toBe(`hcgen-code-cache/1 node ${process.version} ${process.arch} sha256 ${sha}\n`);
    expect(cache.length).toBeGreaterThan(key.length + 100_000);   // the bytecode of a real run, not only the top level
  });

  it("is used for the bundle it was made for, and the bundle runs as without it", () => {
    const file = bundleFile("exports.value = [1, 2, 3].map((x) => x * 14).join(',');\nexports.run = () => exports.value;\n");
    expect(loadInChild(file)).toEqual({ value: "14,28,42", usedCache: false });   // no cache yet
    makeCache(file);
    expect(loadInChild(file)).toEqual({ value: "14,28,42", usedCache: true });
    expect(loadInChild(file, { HCGEN_NO_CODE_CACHE: "1" })).toEqual({ value: "14,28,42", usedCache: false });
  });

  it("is ignored once the bundle text changes, even to text of the same length (V8 compares only the length)", () => {
    const file = bundleFile("exports.value = 42;\n");
    makeCache(file);
    expect(loadInChild(file).usedCache).toBe(true);
    writeFileSync(file, "exports.value = 41;\n");
    expect(loadInChild(file)).toEqual({ value: 41, usedCache: false });
  });

  it("is ignored when its key is another Node's, or its data is not V8's", () => {
    const file = bundleFile("exports.value = 'ok';\n");
    makeCache(file);
    const cache = loader.cachePath(file);
    const bytes = readFileSync(cache);
    const nl = bytes.indexOf(10);
    const key = bytes.subarray(0, nl).toString("latin1");
    writeFileSync(cache, Buffer.concat([Buffer.from(key.replace(process.version, "v0.0.0"), "latin1"), bytes.subarray(nl)]));
    expect(loadInChild(file)).toEqual({ value: "ok", usedCache: false });
    writeFileSync(cache, Buffer.concat([bytes.subarray(0, nl + 1), Buffer.alloc(bytes.length - nl - 1, 0x5a)]));
    expect(loadInChild(file)).toEqual({ value: "ok", usedCache: false });
    writeFileSync(cache, "");
    expect(loadInChild(file)).toEqual({ value: "ok", usedCache: false });
  });

  it("gives the bundle CommonJS's names, its own path in stack traces, the loader's path and import()", async () => {
    const mjs = bundleFile("");
    const esm = mjs.replace(/\.cjs$/, ".mjs");
    writeFileSync(esm, "export const answer = 42;\n");
    const file = bundleFile([
      "const { basename } = require('node:path');",
      "exports.names = { file: basename(__filename), dirIsParent: __filename.startsWith(__dirname), sameModule: module.exports === exports, loader: __hcgenLoader };",
      "exports.fail = () => { throw new Error('from the bundle'); };",
      "exports.load = (url) => __hcgenImport(url);",
    ].join("\n") + "\n");
    const loaded = loader.loadBundle(file);
    expect(loaded.exports.names).toEqual({ file: "b.bundle.cjs", dirIsParent: true, sameModule: true, loader: LOADER_PATH });
    let stack = "";
    try { (loaded.exports.fail as () => void)(); } catch (e) { stack = (e as Error).stack ?? ""; }
    expect(stack).toContain(`${file}:3`);
    const mod = await (loaded.exports.load as (u: string) => Promise<{ answer: number }>)(pathToFileURL(esm).href);
    expect(mod.answer).toBe(42);
  });
});
