// Incremental `hcgen generate` (pipeline/emission.ts): an emitter part whose inputs did not change
// is not run, and nothing it skips can leave a stale or missing file behind. Every test also checks
// the tree against a full (--no-incremental) generation of the same specs in another directory.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EMITTERS } from "../../generator/emit/index.js";
import type { Abi } from "../../generator/model.js";
import { MANIFEST_FORMAT } from "../../generator/pipeline/manifest.js";
import { loadSpecs, renderLoaded } from "../../generator/pipeline/run.js";
import { sharedSettings } from "../../generator/pipeline/settings.js";
import { apply, applyPart } from "../../generator/pipeline/write.js";
import type { Io } from "../../generator/commands/io.js";
import { hcgen, mtimes, snapshot, tempProject } from "./helpers.js";

const MANIFEST = ".hcgen-manifest.json";

/** Two ABIs (demo, other) so one can change while the other does not. */
function twoAbis(): string {
  const dir = tempProject();
  const demo = readFileSync(join(dir, "spec/demo.yaml"), "utf8");
  writeFileSync(join(dir, "spec/other.yaml"), demo.replace("id: demo\n", "id: other\n"));
  return dir;
}

/** Counts every call of every emitter part, by "kind#index abi-id" or "kind#index shared". */
function spyParts(): { calls: () => string[] } {
  const spies = EMITTERS.flatMap((e, i) => [
    [i, "abi", vi.spyOn(e.parts!, "abi")] as const,
    [i, "shared", vi.spyOn(e.parts!, "shared")] as const,
  ]);
  return {
    // Parts that make no file (the C emitters' shared part) are left out, as in hcgen's own count.
    calls: () => spies.flatMap(([i, what, spy]) => spy.mock.calls
      .filter((_, n) => (spy.mock.results[n]?.value as unknown[] | undefined)?.length !== 0)
      .map((c) => `${EMITTERS[i]!.kind}#${i} ${what === "abi" ? (c[0] as Abi).id : "shared"}`)).sort(),
  };
}

afterEach(() => { vi.restoreAllMocks(); });

/** The tree a full generation of `dir`'s specs writes (in a fresh copy of the project). */
async function fullTree(dir: string): Promise<Map<string, string>> {
  const copy = tempProject();
  rmSync(join(copy, "spec"), { recursive: true });
  cpSync(join(dir, "spec"), join(copy, "spec"), { recursive: true });
  const r = await hcgen(copy, "generate", "--no-incremental");
  expect(r.code, r.stderr).toBe(0);
  return snapshot(join(copy, "generated"));
}

const changed = (a: Map<string, number>, b: Map<string, number>) => [...b].filter(([p, t]) => a.get(p) !== t).map(([p]) => p).sort();
const append = (dir: string, spec: string, text: string) => writeFileSync(join(dir, spec), readFileSync(join(dir, spec), "utf8") + text);
const tick = () => new Promise((r) => setTimeout(r, 20));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "generated", MANIFEST), "utf8"));
const writeManifest = (dir: string, m: unknown) => writeFileSync(join(dir, "generated", MANIFEST), JSON.stringify(m, null, 2) + "\n");

describe("incremental generate", () => {
  it("a second generate with no change runs no emitter part and rewrites no file", async () => {
    const dir = twoAbis();
    const first = await hcgen(dir, "generate");
    expect(first.stdout).not.toContain("up to date");
    const before = mtimes(join(dir, "generated"));
    const tree = snapshot(join(dir, "generated"));
    await tick();
    const parts = spyParts();
    const again = await hcgen(dir, "generate");
    expect(again.code).toBe(0);
    expect(parts.calls()).toEqual([]);
    expect(again.stdout).toMatch(/: 0 written, \d+ unchanged, 0 removed \(generated\/\); (\d+) of \1 emitter parts up to date, not run\n$/);
    expect(mtimes(join(dir, "generated"))).toEqual(before);
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
  });

  it("a changed spec re-emits exactly that ABI's parts and the cross-ABI ones, and the tree is a full generation's", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const before = mtimes(join(dir, "generated"));
    await tick();
    append(dir, "spec/other.yaml", "# edited\n");
    const parts = spyParts();
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(0);
    // Every emitter once for "other" and once for the whole model; never for "demo".
    expect(parts.calls()).toEqual(EMITTERS.flatMap((e, i) => [`${e.kind}#${i} other`, ...(e.kind === "c" ? [] : [`${e.kind}#${i} shared`])]).sort());
    const written = changed(before, mtimes(join(dir, "generated")));
    // other's own files, the cross-ABI files (their headers hash every spec) and the manifest; no demo file.
    expect(written).toContain("ts/other.ts");
    expect(written).toContain("ts/index.ts");
    expect(written).toContain("json/model.json");
    expect(written).toContain("site/index.html");
    expect(written).toContain(MANIFEST);
    expect(written.filter((p) => p.includes("demo"))).toEqual([]);
    expect(snapshot(join(dir, "generated"))).toEqual(await fullTree(dir));
  });

  it("--only: the kinds not generated keep their records, and the next full run emits only what is still stale", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    append(dir, "spec/demo.yaml", "# edited\n");
    let parts = spyParts();
    expect((await hcgen(dir, "generate", "--only", "ts")).code).toBe(0);
    expect(parts.calls()).toEqual(["ts#0 demo", "ts#0 shared"]);
    vi.restoreAllMocks();
    parts = spyParts();
    expect((await hcgen(dir, "generate")).code).toBe(0);
    expect(parts.calls()).toEqual(["c#1 demo", "c#2 demo", "docs#3 demo", "docs#3 shared", "json#4 demo", "json#4 shared"]);
    expect(snapshot(join(dir, "generated"))).toEqual(await fullTree(dir));
  });

  it("a changed option re-emits every part", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const parts = spyParts();
    const r = await hcgen(dir, "generate", "--runtime-import", "my-runtime");
    expect(r.code, r.stderr).toBe(0);
    expect(parts.calls().filter((c) => c.includes(" demo"))).toHaveLength(EMITTERS.length);
    expect(readFileSync(join(dir, "generated/ts/demo.ts"), "utf8")).toContain("my-runtime");
  });

  it("another generator (the manifest's generator id differs) re-emits every part, as do --force and --no-incremental", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const m = manifest(dir);
    expect(m.format).toBe(MANIFEST_FORMAT);
    expect(m.generator).toMatch(/^sha256:[0-9a-f]{32}$/);
    writeManifest(dir, { ...m, generator: `sha256:${"0".repeat(32)}` });
    for (const args of [[], ["--force"], ["--no-incremental"]]) {
      const parts = spyParts();
      const r = await hcgen(dir, "generate", ...args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, args.join(" ")).not.toContain("up to date");
      expect(parts.calls(), args.join(" ")).toHaveLength(EMITTERS.length * 2 + 3);
      vi.restoreAllMocks();
    }
    // The full run recorded this generator again: the next run skips everything.
    expect(manifest(dir).generator).toBe(m.generator);
    expect((await hcgen(dir, "generate")).stdout).toContain("emitter parts up to date");
  });

  it("restores a deleted or hand-edited generated file and refuses a file that is no longer hcgen's, as before", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const tree = snapshot(join(dir, "generated"));
    rmSync(join(dir, "generated/c/demo.h"));
    const edited = join(dir, "generated/ts/other.stubs.ts");
    writeFileSync(edited, tree.get("ts/other.stubs.ts")!.replace("export", "export /* mine */"));
    const parts = spyParts();
    const r = await hcgen(dir, "generate");
    expect(r.stdout).toContain(": 2 written");
    expect(parts.calls()).toEqual(["c#1 demo", "ts#0 other"]);
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
    // Without the header the file is the user's: refused (exit 1), left as it is.
    writeFileSync(edited, "// my own file now\n");
    const refused = await hcgen(dir, "generate");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refusing to overwrite");
    expect(readFileSync(edited, "utf8")).toBe("// my own file now\n");
  });

  it("a corrupted manifest entry (content hash, input stamp) re-emits that part and never drops one of its files", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const tree = snapshot(join(dir, "generated"));
    const m = manifest(dir);
    const at = (path: string) => m.files.findIndex((e: { path: string }) => e.path === path);
    m.files[at("docs/demo.md")].sha256 = "0".repeat(64);
    // A stamp from another part: demo's site page now claims to belong to other's docs part.
    m.files[at("site/demo.html")].input = m.files[at("site/other.html")].input;
    writeManifest(dir, m);
    const parts = spyParts();
    const r = await hcgen(dir, "generate");
    expect(r.code, r.stderr).toBe(0);
    expect(parts.calls()).toEqual(["docs#3 demo", "docs#3 other"]);
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
  });

  it("a reused part's files carry the hash of the bytes on disk (a streaming writer need not read them again) and their text on demand", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const out = join(dir, "generated");
    const recorded = new Map((manifest(dir).files as { path: string; sha256: string }[]).map((e) => [e.path, e.sha256]));
    // The CLI's own inputs and options: the parts' keys are made of them.
    const a = sharedSettings({}, [], { cwd: dir } as Io);
    const opts = { inputs: a.inputs, cwd: a.root, emitters: EMITTERS, options: a.options, reuseFrom: out };
    const files = renderLoaded(loadSpecs(opts), opts);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      expect(f.onDisk, f.path).toBe(recorded.get(f.path));
      expect(f.content, f.path).toBe(readFileSync(join(out, f.path), "utf8"));
    }
    // A hand-edited file makes its part run: what it renders is not on disk.
    const edited = join(out, "ts/demo.ts");
    writeFileSync(edited, readFileSync(edited, "utf8") + "// edited\n");
    const again = renderLoaded(loadSpecs(opts), opts);
    expect(again.find((f) => f.path === "ts/demo.ts")?.onDisk).toBeUndefined();
    expect(again.find((f) => f.path === "ts/other.ts")?.onDisk).toBe(recorded.get("ts/other.ts"));
  });

  it("a writer handed files rendered before it took its lock still compares reused ones with the disk", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const out = join(dir, "generated");
    const a = sharedSettings({}, [], { cwd: dir } as Io);
    const opts = { inputs: a.inputs, cwd: a.root, emitters: EMITTERS, options: a.options, reuseFrom: out };
    const loaded = loadSpecs(opts);
    const files = renderLoaded(loaded, opts);   // reuse looked up here, outside any lock
    const path = join(out, "ts/other.ts");
    const before = readFileSync(path, "utf8");
    expect(files.find((f) => f.path === "ts/other.ts")?.onDisk).toBeDefined();
    // Changed after the look-up, before the write (another run, an editor); the header stays.
    writeFileSync(path, before + "// changed meanwhile\n");
    const r = apply({ outDir: out, files, kinds: loaded.kinds, specs: loaded.specs });
    expect(r.written).toContain("ts/other.ts");
    expect(readFileSync(path, "utf8")).toBe(before);
    expect((manifest(dir).files as { path: string; sha256: string }[]).find((e) => e.path === "ts/other.ts")!.sha256)
      .toBe(files.find((f) => f.path === "ts/other.ts")!.onDisk);
  });

  it("content written by watch's fast pass after the record was made is never kept when the spec is reverted", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const tree = snapshot(join(dir, "generated"));
    const spec = join(dir, "spec/demo.yaml");
    const original = readFileSync(spec, "utf8");
    // A watch session writes demo's files from an edit, then dies before its full pass.
    writeFileSync(spec, original.replace(/^(\s+doc: ).*$/m, "$1Edited by the fast pass."));
    const opts = { inputs: [join(dir, "spec")], cwd: dir, emitters: EMITTERS };
    const edited = renderLoaded(loadSpecs(opts), opts).filter((f) => f.sources.length === 1 && f.sources[0] === "spec/demo.yaml");
    expect(applyPart(join(dir, "generated"), edited).length).toBeGreaterThan(0);
    // The spec goes back to the bytes the manifest's keys were made from.
    writeFileSync(spec, original);
    const r = await hcgen(dir, "generate");
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
  });

  it("reads a format 1 manifest: everything is emitted once and format 2 is written", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const tree = snapshot(join(dir, "generated"));
    const m = manifest(dir);
    writeManifest(dir, { format: "hcgen-manifest/1", specs: m.specs,
      files: m.files.map((e: { path: string; kind: string; sha256: string }) => ({ path: e.path, kind: e.kind, sha256: e.sha256 })) });
    const parts = spyParts();
    const r = await hcgen(dir, "generate");
    expect(r.code, r.stderr).toBe(0);
    expect(parts.calls()).toHaveLength(EMITTERS.length * 2 + 3);
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
  });

  it("check renders everything: a hand edit hidden behind a matching manifest hash is stale for check", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    const file = join(dir, "generated/json/demo.json");
    const text = readFileSync(file, "utf8").replace("\"demo\"", "\"hacked\"");
    writeFileSync(file, text);
    const m = manifest(dir);
    const { createHash } = await import("node:crypto");
    m.files.find((e: { path: string }) => e.path === "json/demo.json").sha256 = createHash("sha256").update(text).digest("hex");
    writeManifest(dir, m);
    const c = await hcgen(dir, "check");
    expect(c.code).toBe(1);
    expect(c.stdout + c.stderr).toContain("json/demo.json: stale");
    // --no-incremental (as CI's fix line would run it) restores it.
    expect((await hcgen(dir, "generate", "--no-incremental")).stdout).toContain("1 written");
    expect((await hcgen(dir, "check")).code).toBe(0);
  });

  it("check ignores which hcgen build wrote the manifest (its generator stamp), nothing else", async () => {
    const dir = twoAbis();
    await hcgen(dir, "generate");
    // Same key order and layout as hcgen writes it: only the stamp differs.
    writeManifest(dir, { ...manifest(dir), generator: `sha256:${"1".repeat(32)}` });
    expect((await hcgen(dir, "check")).code).toBe(0);
    const m = manifest(dir);
    m.files[0].input = m.files[1].input;
    writeManifest(dir, m);
    const c = await hcgen(dir, "check");
    expect(c.stdout + c.stderr).toContain("manifest out of date");
  });
});
