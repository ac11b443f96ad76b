// Parallel rendering (pipeline/render-helper.ts, render-worker.ts): helper threads render a share of
// the emitters for generate and check. What must hold: the same bytes and reports as one thread; a
// helper that fails, or read other specs, changes nothing but speed (its share is rendered on the main
// thread); nothing a helper staged is left behind; a refusal leaves the tree as it was.
// The helpers run this checkout's build (dist/), as `npm test` has it after `npm ci` / `npm run build`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../generator/diagnostics.js";
import { EMITTERS } from "../../generator/emit/index.js";
import { checkParts } from "../../generator/pipeline/check.js";
import { parseJobs } from "../../generator/pipeline/jobs.js";
import { releaseHelpers, splitEmitters, splitParts, startHelpers, type RenderSplit } from "../../generator/pipeline/render-helper.js";
import { loadSpecs, streamLoaded, type PrepareOptions } from "../../generator/pipeline/run.js";
import { applyStreaming } from "../../generator/pipeline/write.js";
import { ROOT } from "../helpers/catalog.js";
import { hcgen, snapshot, tempProject } from "./helpers.js";

const DIST_CLI = join(ROOT, "dist", "generator", "cli.js");
/** The real helper: this checkout's built CLI. */
const BUILT = `import(${JSON.stringify(pathToFileURL(DIST_CLI).href)})`;

afterEach(() => { vi.restoreAllMocks(); });

describe("splitEmitters", () => {
  const kinds = (groups: readonly (readonly { kind: string }[])[]) => groups.map((g) => g.map((e) => e.kind));
  it("splits the five emitters (two of them C) evenly by weight, in order, the main thread first", () => {
    expect(kinds(splitEmitters(EMITTERS, 1))).toEqual([["ts", "c", "c", "docs", "json"]]);
    expect(kinds(splitEmitters(EMITTERS, 2))).toEqual([["ts", "c", "c"], ["docs", "json"]]);
    expect(kinds(splitEmitters(EMITTERS, 3))).toEqual([["ts"], ["c", "c"], ["docs", "json"]]);
    expect(kinds(splitEmitters(EMITTERS, 9))).toEqual([["ts"], ["c"], ["c"], ["docs"], ["json"]]);
  });
  it("keeps every emitter once, in order, in min(threads, emitters) non-empty groups", () => {
    fc.assert(fc.property(fc.subarray([...EMITTERS], { minLength: 1 }), fc.integer({ min: 1, max: 8 }), (emitters, threads) => {
      const groups = splitEmitters(emitters, threads);
      expect(groups.flat()).toEqual(emitters);
      expect(groups.length).toBe(Math.min(threads, emitters.length));
      expect(groups.every((g) => g.length > 0)).toBe(true);
    }));
  });
});

describe("a helper's load", () => {
  it("builds the very model the main thread validates, without the schema and lockfile checks", () => {
    const dir = tempProject("catalog");
    const opts: PrepareOptions = { inputs: [join(dir, "spec")], cwd: dir, emitters: EMITTERS };
    const full = loadSpecs(opts), quick = loadSpecs({ ...opts, validatedElsewhere: true });
    expect(full.ok).toBe(true);
    expect(quick.specs).toEqual(full.specs);
    expect(quick.model).toEqual(full.model);
  });
});

describe("--jobs", () => {
  it("takes 1-99 or auto, and names anything else", () => {
    expect(parseJobs(undefined)).toBeUndefined();
    expect(parseJobs("auto")).toBeUndefined();
    expect(parseJobs("1")).toBe(1);
    expect(parseJobs("12")).toBe(12);
    for (const bad of ["0", "-1", "x", "100", "1.5", "", "2 "]) expect(() => parseJobs(bad), bad).toThrow(UsageError);
    expect(() => parseJobs("0")).toThrow(/--jobs needs a whole number from 1 to 99, or auto \(got '0'\)/);
  });
});

/** The emitter parts the main thread runs, by kind (a helper's run in its own thread, unseen here). */
function spyKinds(): () => Record<string, number> {
  const spies = EMITTERS.map((e) => [e.kind, [vi.spyOn(e.parts!, "abi"), vi.spyOn(e.parts!, "shared")]] as const);
  return () => Object.fromEntries(spies.map(([k, s]) => [k, s[0]!.mock.calls.length + s[1]!.mock.calls.length]));
}

const tempFiles = (dir: string) => [...snapshot(dir).keys()].filter((p) => p.split("/").some((s) => s.startsWith(".hcgen-tmp-")));

/** generate through the library pieces, with helpers started as `entry` says (null: none). */
async function generateWith(dir: string, entry: string | null, jobs = 2) {
  const opts: PrepareOptions = { inputs: [join(dir, "spec")], cwd: dir, emitters: EMITTERS };
  const outDir = join(dir, "generated");
  const split: RenderSplit | null = entry === null ? null : startHelpers({ inputs: opts.inputs, cwd: dir, opts, outDir, mode: "stage", jobs, entry });
  try {
    const loaded = loadSpecs(opts);
    expect(loaded.ok).toBe(true);
    return await applyStreaming({ outDir, parts: split ? splitParts(split, loaded, opts) : streamLoaded(loaded, opts), kinds: loaded.kinds, specs: loaded.specs });
  } finally { releaseHelpers(split); }
}

function checkWith(dir: string, entry: string | null) {
  const opts: PrepareOptions = { inputs: [join(dir, "spec")], cwd: dir, emitters: EMITTERS };
  const outDir = join(dir, "generated");
  const split = entry === null ? null : startHelpers({ inputs: opts.inputs, cwd: dir, opts, outDir, mode: "digest", jobs: 2, entry });
  try {
    const loaded = loadSpecs(opts);
    return checkParts(outDir, split ? splitParts(split, loaded, opts) : streamLoaded(loaded, opts), loaded.kinds, loaded.specs);
  } finally { releaseHelpers(split); }
}

/** A fake helper module: its renderWorkerMain runs `body` with post(message), next() (the main thread's next message) and fs. */
const fake = (body: string) => `({ async renderWorkerMain() {
  const { workerData: w } = require("node:worker_threads"); const fs = require("node:fs");
  const post = (m) => { w.port.postMessage(m); Atomics.add(w.signal, 0, 1); Atomics.notify(w.signal, 0); };
  const next = () => new Promise((r) => w.port.once("message", (m) => r(m.type)));
  ${body}
} })`;

describe.skipIf(!existsSync(DIST_CLI))("helpers in generate and check (built CLI in dist/)", () => {
  it("generate: the helper renders docs and json, the tree is byte for byte one thread's", async () => {
    const one = tempProject("catalog"), two = tempProject("catalog");
    await generateWith(one, null);
    const counts = spyKinds();
    const r = await generateWith(two, BUILT);
    expect(counts()).toEqual({ ts: 11, c: 11, docs: 0, json: 0 });
    expect(r.written.length).toBe(snapshot(join(one, "generated")).size - 1);
    expect(snapshot(join(two, "generated"))).toEqual(snapshot(join(one, "generated")));
    expect(tempFiles(two)).toEqual([]);
  });

  it("check: up to date with the helper hashing its share; a stale helper file is reported as one thread reports it", async () => {
    const dir = tempProject("catalog");
    await generateWith(dir, null);
    let counts = spyKinds();
    expect(checkWith(dir, BUILT).ok).toBe(true);
    expect(counts()).toEqual({ ts: 11, c: 11, docs: 0, json: 0 });
    const xen = join(dir, "generated", "json", "xen.json");
    writeFileSync(xen, readFileSync(xen, "utf8").replace('"id": "xen"', '"id": "xen-edited"'));
    const alone = checkWith(dir, null);
    vi.restoreAllMocks();
    counts = spyKinds();
    const split = checkWith(dir, BUILT);
    expect(split).toEqual(alone);
    expect(split.stale.map((s) => [s.path, s.reason])).toEqual([["json/xen.json", "edited by hand"]]);
    expect(counts().json).toBe(11); // the diff needs the content: that share was rendered here
  });

  it("a foreign file at a helper's path: refused as by one thread, the tree as it was", async () => {
    const dir = tempProject("catalog");
    mkdirSync(join(dir, "generated", "json"), { recursive: true });
    writeFileSync(join(dir, "generated", "json", "xen.json"), "mine\n");
    const before = snapshot(dir);
    await expect(generateWith(dir, BUILT)).rejects.toThrow(/refusing to overwrite a file hcgen did not generate:\n.*json\/xen\.json\n/);
    expect(snapshot(dir)).toEqual(before);
    const cli = (jobs: string) => spawnSync(process.execPath, [join(ROOT, "bin", "hcgen.js"), "generate", "--jobs", jobs], { cwd: dir, encoding: "utf8" });
    const [a, b] = [cli("1"), cli("2")];
    expect([a.status, b.status]).toEqual([1, 1]);
    expect(b.stderr).toBe(a.stderr);
    expect(snapshot(dir)).toEqual(before);
  });

  it("the CLI writes the same tree and report with --jobs 1, 2 and 4", () => {
    const dirs = ["1", "2", "4"].map((jobs) => {
      const dir = tempProject("catalog");
      const r = spawnSync(process.execPath, [join(ROOT, "bin", "hcgen.js"), "generate", "--jobs", jobs], { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return { dir, out: r.stdout };
    });
    expect(dirs[1]!.out).toBe(dirs[0]!.out);
    for (const d of dirs.slice(1)) expect(snapshot(join(d.dir, "generated"))).toEqual(snapshot(join(dirs[0]!.dir, "generated")));
    const check = spawnSync(process.execPath, [join(ROOT, "bin", "hcgen.js"), "check", "--jobs", "2"], { cwd: dirs[0]!.dir, encoding: "utf8" });
    expect(check.stdout).toMatch(/is up to date \(137 files\)/);
  });
});

describe("a helper that fails changes nothing but speed", () => {
  const cases: [string, (specs: string) => string][] = [
    ["cannot start", () => "(() => { throw new Error('no such build'); })()"],
    ["exits without a word", () => fake("")],
    ["read other specs", () => fake(`post({ type: "loaded", ok: true, specs: { "spec/other.yaml": "sha256:00" } }); await next();`)],
    ["read other specs, and staged a file all the same", () => fake(`post({ type: "loaded", ok: true, specs: { "spec/demo.yaml": "sha256:00" } });
      if (await next() !== "go") return;
      const out = ${JSON.stringify("OUT")};
      fs.mkdirSync(out + "/extra", { recursive: true });
      fs.writeFileSync(out + "/extra/.hcgen-tmp-y.json-1-00000000", "stale");
      post({ type: "part", files: [{ path: "extra/y.json", kind: "json", sources: [], inputHash: "", sha256: "00",
        temp: out + "/extra/.hcgen-tmp-y.json-1-00000000", madeDir: { leaf: out + "/extra", top: out + "/extra" } }] });
      post({ type: "done" });`)],
    ["fails after staging a file", (specs) => fake(`post({ type: "loaded", ok: true, specs: ${specs} });
      if (await next() !== "go") return;
      const out = ${JSON.stringify("OUT")};
      fs.mkdirSync(out + "/extra/deep", { recursive: true });
      fs.writeFileSync(out + "/extra/deep/.hcgen-tmp-x.json-1-00000000", "half");
      post({ type: "part", files: [{ path: "extra/deep/x.json", kind: "json", sources: [], inputHash: "", sha256: "00",
        temp: out + "/extra/deep/.hcgen-tmp-x.json-1-00000000", madeDir: { leaf: out + "/extra/deep", top: out + "/extra" } }] });
      post({ type: "failed", message: "disk on fire" });`)],
  ];
  for (const [what, entry] of cases) {
    it(`${what}: the main thread renders its share; nothing of it is left`, async () => {
      const one = tempProject("demo"), two = tempProject("demo");
      await generateWith(one, null);
      const specs = JSON.stringify(loadSpecs({ inputs: [join(two, "spec")], cwd: two, emitters: EMITTERS }).specs);
      mkdirSync(join(two, "generated"));
      const counts = spyKinds();
      await generateWith(two, entry(specs).replaceAll('"OUT"', JSON.stringify(join(two, "generated"))));
      expect(counts().json).toBe(2); // the helper's share (docs, json), rendered here after all
      expect(snapshot(join(two, "generated"))).toEqual(snapshot(join(one, "generated")));
      expect(existsSync(join(two, "generated", "extra"))).toBe(false);
    });
  }

  it("the CLI in-process (TypeScript sources, no build to start) renders on one thread, with --jobs or without", async () => {
    const dir = tempProject("demo");
    const counts = spyKinds();
    expect((await hcgen(dir, "generate", "--jobs", "2")).code).toBe(0);
    expect(counts()).toEqual({ ts: 2, c: 2, docs: 2, json: 2 });
    const bad = await hcgen(dir, "generate", "--jobs", "zero");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--jobs needs a whole number from 1 to 99, or auto \(got 'zero'\)/);
  });
});
