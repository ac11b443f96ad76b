// The per-user store of loaded specs (generator/spec-store.ts): a served spec must give exactly the
// model, diagnostics and output a fresh load gives, and the store must serve nothing it cannot trust.
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { createHash } from "node:crypto";
import { serialize } from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadModel } from "../../generator/api.js";
import { UsageError } from "../../generator/diagnostics.js";
import { loadSpecs, renderLoaded, storeServesAll } from "../../generator/pipeline/run.js";
import { EMITTERS } from "../../generator/emit/index.js";
import { evict, openSpecStore, storeDir, type SpecStore } from "../../generator/spec-store.js";
import { FIXTURES, ROOT, SPEC_DIR } from "../helpers/catalog.js";
import { hcgen, snapshot, tempProject } from "./helpers.js";
import { lateHelperPays } from "../../generator/pipeline/render-helper.js";
import { synthSpec } from "../../bench/synth.js";
import { spawnSync } from "node:child_process";

const made: string[] = [];
afterEach(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); vi.unstubAllEnvs(); });
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "hcgen-store-test-"));
  made.push(d);
  return d;
}

/** A writable store in a fresh directory, counting what it serves and saves. */
function countingStore(dir = join(tempDir(), "specs")): { store: SpecStore; dir: string; hits: string[]; saves: string[] } {
  const inner = openSpecStore(dir, { writable: true });
  if (inner === null) throw new Error("no store");
  const hits: string[] = [], saves: string[] = [];
  const store: SpecStore = {
    has: (s, b) => inner.has(s, b),
    lookup: (s, b) => { const r = inner.lookup(s, b); if (r) hits.push(s); return r; },
    save: (s, b, e) => { saves.push(s); inner.save(s, b, e); },
  };
  return { store, dir, hits, saves };
}

const entries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".bin"));
const text = (f: { content: string; chunks?: () => Iterable<string> }) => (f.chunks ? [...f.chunks()].join("") : f.content);

describe("spec store: a served spec is the spec", () => {
  // The catalog, the example project and the multi-file fixtures: every shape the model takes here.
  const inputs = [[SPEC_DIR], [join(ROOT, "examples", "pvdemo", "spec")], [join(FIXTURES, "valid")], [join(FIXTURES, "multi")]]
    .filter((i) => existsSync(i[0]!));

  it.each(inputs)("%s: same model (prototypes included), diagnostics, specs and positions", (input) => {
    const plain = loadModel([input], { cwd: ROOT });
    const s = countingStore();
    const first = loadModel([input], { cwd: ROOT, store: s.store });
    expect(s.hits).toEqual([]);
    const served = loadModel([input], { cwd: ROOT, store: s.store });
    const valid = plain.model.abis.map((a) => a.file).sort();
    expect(s.saves.sort()).toEqual(valid);
    expect(s.hits.sort()).toEqual(valid);
    for (const r of [first, served]) {
      expect(isDeepStrictEqual(r.model, plain.model)).toBe(true);
      expect(r.diagnostics).toEqual(plain.diagnostics);
      expect(r.ok).toBe(plain.ok);
    }
    // The served specs parse on first use, to the same values and positions.
    for (const [id, spec] of plain.specs) {
      const lazy = served.specs.get(id)!;
      expect(lazy.file).toBe(spec.file);
      expect(isDeepStrictEqual(lazy.value, spec.value)).toBe(true);
      expect(lazy.positions).toEqual(spec.positions);
      expect(lazy.text).toBe(spec.text);
      expect(lazy.lines.linePos(spec.text.length - 1)).toEqual(spec.lines.linePos(spec.text.length - 1));
    }
  });

  it("renders the catalog byte for byte as a fresh load does", () => {
    const emitters = EMITTERS;
    const opts = { inputs: [SPEC_DIR], cwd: ROOT, emitters, storeDir: join(tempDir(), "specs") };
    const fresh = renderLoaded(loadSpecs({ ...opts, storeDir: null }), opts);
    expect(storeServesAll(opts)).toBe(false);
    loadSpecs(opts); // fills the store
    expect(storeServesAll(opts)).toBe(true);
    const served = renderLoaded(loadSpecs(opts), opts);
    expect(served.map((f) => f.path)).toEqual(fresh.map((f) => f.path));
    for (let i = 0; i < fresh.length; i++) expect(text(served[i]!), fresh[i]!.path).toBe(text(fresh[i]!));
  });
});

describe("spec store: what it serves", () => {
  function demo(): { dir: string; file: string; bytes: Buffer } {
    const dir = tempProject();
    const file = join(dir, "spec", "demo.yaml");
    return { dir, file, bytes: readFileSync(file) };
  }

  it("serves only the same bytes under the same shown name", () => {
    const { dir, file, bytes } = demo();
    const s = countingStore();
    loadModel([file], { cwd: dir, store: s.store });
    expect(s.store.lookup("spec/demo.yaml", bytes)).not.toBeNull();
    expect(s.store.lookup("spec/other.yaml", bytes)).toBeNull();
    expect(s.store.lookup("spec/demo.yaml", Buffer.concat([bytes, Buffer.from("\n")]))).toBeNull();
    // An edit is loaded (and stored) afresh.
    writeFileSync(file, bytes.toString("utf8").replace(/^title: .*$/m, "title: Edited"));
    const edited = loadModel([file], { cwd: dir, store: s.store });
    expect(edited.model.abis[0]!.title).toBe("Edited");
    expect(entries(s.dir)).toHaveLength(2);
  });

  it("stores no load with an error, and no load that skipped the schema", () => {
    const { dir, file, bytes } = demo();
    writeFileSync(file, bytes.toString("utf8") + "\nnot_a_key: 1\n");
    const s = countingStore();
    expect(loadModel([file], { cwd: dir, store: s.store }).ok).toBe(false);
    writeFileSync(file, bytes);
    expect(loadModel([file], { cwd: dir, store: s.store, schema: false }).ok).toBe(true);
    expect(s.saves).toEqual([]);
    expect(entries(s.dir)).toEqual([]);
  });

  it("a read-only store (render helpers) creates nothing and saves nothing", () => {
    const { dir, file } = demo();
    const at = join(tempDir(), "specs");
    expect(openSpecStore(at, { writable: false })).toBeNull();
    mkdirSync(at, { mode: 0o700 });
    const ro = openSpecStore(at, { writable: false })!;
    loadModel([file], { cwd: dir, store: ro });
    expect(readdirSync(at)).toEqual([]);
  });
});

describe("spec store: what it refuses", () => {
  function filled(): { dir: string; entry: string; bytes: Buffer } {
    const s = countingStore();
    const bytes = readFileSync(join(FIXTURES, "valid", "demo.yaml"));
    loadModel([join(FIXTURES, "valid", "demo.yaml")], { cwd: ROOT, store: s.store });
    const [name] = entries(s.dir);
    return { dir: s.dir, entry: join(s.dir, name!), bytes };
  }
  const lookup = (dir: string, bytes: Buffer) => openSpecStore(dir, { writable: true })?.lookup("test/fixtures/valid/demo.yaml", bytes) ?? null;

  it("serves an intact entry (the baseline of the cases below)", () => {
    const { dir, bytes } = filled();
    expect(lookup(dir, bytes)).not.toBeNull();
  });

  it.each([
    // One letter of the title: still a well-formed model, so only the payload's hash tells.
    ["a payload byte changed", (p: string) => { const b = readFileSync(p); const at = b.indexOf("Demo"); expect(at).toBeGreaterThan(0); b.write("Dumo", at); writeFileSync(p, b); }],
    ["a truncated entry", (p: string) => truncateSync(p, statSync(p).size - 1)],
    ["an empty entry", (p: string) => writeFileSync(p, "")],
    ["a well-formed entry whose payload is not a stored spec", (p: string) => {
      const b = readFileSync(p);
      const [format, key] = b.subarray(0, b.indexOf(0x0a)).toString("latin1").split(" ");
      const payload = serialize({ abi: null });
      writeFileSync(p, Buffer.concat([Buffer.from(`${format} ${key} ${createHash("sha256").update(payload).digest("hex")} ${payload.length}\n`), payload]));
    }],
    ["an entry that is a symlink to a good one", (p: string) => { cpSync(p, `${p}.orig`); rmSync(p); symlinkSync(`${p}.orig`, p); }],
    ["a FIFO at the entry's path (read without blocking)", (p: string) => { rmSync(p); expect(spawnSync("mkfifo", [p]).status).toBe(0); }],
  ])("%s is a miss, and the spec loads as without a store", (_what, spoil) => {
    const { dir, entry, bytes } = filled();
    spoil(entry);
    expect(lookup(dir, bytes)).toBeNull();
    const s = countingStore(dir);
    const r = loadModel([join(FIXTURES, "valid", "demo.yaml")], { cwd: ROOT, store: s.store });
    expect(isDeepStrictEqual(r.model, loadModel([join(FIXTURES, "valid", "demo.yaml")], { cwd: ROOT }).model)).toBe(true);
    expect(s.hits).toEqual([]);
    expect(s.saves).toHaveLength(1); // and the entry is made again
    expect(lookup(dir, bytes)).not.toBeNull();
  });

  it("an entry of other bytes, put under this key's name, is a miss", () => {
    const { dir, entry, bytes } = filled();
    const s = countingStore(dir);
    const other = Buffer.from(bytes.toString("utf8").replace(/^title: .*$/m, "title: Other"));
    const file = join(tempDir(), "demo.yaml");
    writeFileSync(file, other);
    loadModel([file], { cwd: ROOT, store: s.store });
    const otherEntry = entries(dir).map((n) => join(dir, n)).find((p) => p !== entry)!;
    cpSync(otherEntry, entry);
    expect(lookup(dir, bytes)).toBeNull();
  });

  it("a store directory writable by group or others, or a symlink, is not used", () => {
    const { dir, bytes } = filled();
    chmodSync(dir, 0o770);
    expect(openSpecStore(dir, { writable: true })).toBeNull();
    chmodSync(dir, 0o702);
    expect(openSpecStore(dir, { writable: true })).toBeNull();
    chmodSync(dir, 0o700);
    const link = join(tempDir(), "link");
    symlinkSync(dir, link);
    expect(openSpecStore(link, { writable: true })).toBeNull();
    expect(lookup(dir, bytes)).not.toBeNull();
  });

  it.skipIf(process.getuid?.() !== 0)("a store directory or entry of another user is not used (run as root)", () => {
    const { dir, entry, bytes } = filled();
    chownSync(entry, 65534, 65534);
    expect(lookup(dir, bytes)).toBeNull();
    chownSync(entry, 0, 0);
    expect(lookup(dir, bytes)).not.toBeNull();
    chownSync(dir, 65534, 65534);
    expect(openSpecStore(dir, { writable: true })).toBeNull();
  });
});

describe("spec store: where it is and how big it grows", () => {
  it("lives in the user's cache directory unless told otherwise", () => {
    expect(storeDir({})).toBe(join(homedir(), ".cache", "hcgen", "specs"));
    expect(storeDir({ XDG_CACHE_HOME: "/x/cache" })).toBe("/x/cache/hcgen/specs");
    expect(storeDir({ XDG_CACHE_HOME: "relative/cache" })).toBe(join(homedir(), ".cache", "hcgen", "specs"));
    expect(storeDir({ HCGEN_CACHE_DIR: "/y", XDG_CACHE_HOME: "/x" })).toBe("/y/specs");
    expect(storeDir({ HCGEN_NO_CACHE: "1", HCGEN_CACHE_DIR: "/y" })).toBeNull();
    expect(storeDir({ HCGEN_NO_CACHE: "0" })).toBe(join(homedir(), ".cache", "hcgen", "specs"));
    expect(() => storeDir({ HCGEN_CACHE_DIR: "cache" })).toThrow(UsageError);
    expect(() => storeDir({ HCGEN_CACHE_DIR: "cache" })).toThrow(/HCGEN_CACHE_DIR must be an absolute path/);
  });

  it("tests never use the user's own store", () => {
    expect(process.env.HCGEN_CACHE_DIR?.startsWith(tmpdir())).toBe(true);
  });

  it("evicts the least recently used entries past a bound, and old temporary files", () => {
    const dir = tempDir();
    const now = Date.now() / 1000;
    const names = Array.from({ length: 8 }, (_, i) => `${String(i).repeat(64)}.bin`.slice(-68));
    names.forEach((n, i) => { writeFileSync(join(dir, n), "x".repeat(100)); utimesSync(join(dir, n), now - 1000 + i, now - 1000 + i); });
    writeFileSync(join(dir, "old.tmp"), "");
    utimesSync(join(dir, "old.tmp"), now - 2 * 86400, now - 2 * 86400);
    writeFileSync(join(dir, "new.tmp"), "");
    writeFileSync(join(dir, "not-an-entry.txt"), "");
    evict(dir, 8, 1 << 20);
    expect(readdirSync(dir)).toHaveLength(10); // within bounds: only the old temp file went
    evict(dir, 4, 1 << 20);
    expect(readdirSync(dir).filter((n) => n.endsWith(".bin")).sort()).toEqual(names.slice(5).sort());
    evict(dir, 100, 150);
    expect(readdirSync(dir).filter((n) => n.endsWith(".bin"))).toEqual([names[7]]);
    expect(readdirSync(dir)).toContain("not-an-entry.txt");
  });
});

describe("spec store: through the CLI", () => {
  it("generate fills it, a second generate into a fresh directory is served from it, --no-cache leaves it alone", async () => {
    const dir = tempProject();
    const cache = tempDir();
    vi.stubEnv("HCGEN_CACHE_DIR", cache);
    expect((await hcgen(dir, "generate", "--no-cache", "--out", "a")).code).toBe(0);
    expect(existsSync(join(cache, "specs"))).toBe(false);
    expect((await hcgen(dir, "generate", "--out", "b")).code).toBe(0);
    expect(entries(join(cache, "specs"))).toHaveLength(1);
    expect((await hcgen(dir, "generate", "--out", "c")).code).toBe(0);
    expect(snapshot(join(dir, "c"))).toEqual(snapshot(join(dir, "b")));
    expect(snapshot(join(dir, "c"))).toEqual(snapshot(join(dir, "a")));
    // The served run recorded its validation, so the next generate takes the up-to-date shortcut.
    expect(JSON.parse(readFileSync(join(dir, "c", ".hcgen-manifest.json"), "utf8")).validated).toBeTruthy();
    expect((await hcgen(dir, "generate", "--out", "c")).stdout).toMatch(/0 written.*emitter parts up to date, not run/);
    // validate and check read it too, with the same verdicts.
    expect((await hcgen(dir, "validate")).stdout).toMatch(/^ok: 1 ABI/);
    expect((await hcgen(dir, "check", "--out", "c")).code).toBe(0);
  });

  it.each([["validate"], ["model", "--json"], ["decode", "--abi", "demo", "--arch", "riscv64", "empty.log"]])("%s reads and fills it too, and not with --no-cache", async (...args) => {
    const dir = tempProject();
    writeFileSync(join(dir, "empty.log"), "");
    vi.stubEnv("HCGEN_CACHE_DIR", tempDir());
    const off = await hcgen(dir, ...args, "--no-cache");
    expect(off.code, off.stderr).toBe(0);
    expect(existsSync(join(process.env.HCGEN_CACHE_DIR!, "specs"))).toBe(false);
    const filled = await hcgen(dir, ...args);
    expect(entries(join(process.env.HCGEN_CACHE_DIR!, "specs"))).toHaveLength(1);
    const served = await hcgen(dir, ...args);
    expect([served.code, served.stdout, served.stderr]).toEqual([filled.code, filled.stdout, filled.stderr]);
    expect([served.code, served.stdout, served.stderr]).toEqual([off.code, off.stdout, off.stderr]);
  });

  it("diff reports the same changes at the same lines, with both sides served or loaded afresh", async () => {
    const dir = tempProject();
    mkdirSync(join(dir, "old"));
    cpSync(join(dir, "spec", "demo.yaml"), join(dir, "old", "demo.yaml"));
    const file = join(dir, "spec", "demo.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("id: { service: 0x20, function: 0 }", "id: { service: 0x20, function: 7 }"));
    vi.stubEnv("HCGEN_CACHE_DIR", tempDir());
    const args = ["diff", "--against", "old", "--format", "json"];
    const fresh = await hcgen(dir, ...args, "--no-cache");
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toMatch(/call-renumbered/);
    expect(await hcgen(dir, ...args)).toEqual(fresh);
    expect(entries(join(process.env.HCGEN_CACHE_DIR!, "specs"))).toHaveLength(2);
    expect(await hcgen(dir, ...args)).toEqual(fresh);
  });

  it("a relative HCGEN_CACHE_DIR is a usage error that says what to do", async () => {
    const dir = tempProject();
    vi.stubEnv("HCGEN_CACHE_DIR", "rel/cache");
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HCGEN_CACHE_DIR must be an absolute path/);
    expect(existsSync(join(dir, "rel"))).toBe(false);
  });
});

describe("spec store: how generate and check use the threads", () => {
  it("with every spec in the store, a helper is started after loading only for 2000 or more call x arch pairs", () => {
    expect(lateHelperPays(loadModel([SPEC_DIR], { cwd: ROOT }).model)).toBe(false); // 952 pairs
    const dir = tempDir();
    writeFileSync(join(dir, "a.yaml"), synthSpec(499));
    expect(lateHelperPays(loadModel([dir], { cwd: dir }).model)).toBe(false); // 1996
    writeFileSync(join(dir, "a.yaml"), synthSpec(500));
    expect(lateHelperPays(loadModel([dir], { cwd: dir }).model)).toBe(true);
  });

  it.skipIf(!existsSync(join(ROOT, "dist", "generator", "cli.js")))("the built CLI served from a warm store (helper started late) writes what one thread with an empty store writes", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "synth.yaml"), synthSpec(500));
    const env = { ...process.env, HCGEN_CACHE_DIR: join(dir, "cache") };
    const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin", "hcgen.js"), ...args], { cwd: dir, encoding: "utf8", env });
    const first = run("generate", "--jobs", "1", "--out", "one", "synth.yaml");
    expect(first.status, first.stderr).toBe(0);
    expect(entries(join(dir, "cache", "specs"))).toHaveLength(1);
    const served = run("generate", "--out", "two", "synth.yaml");
    expect(served.status, served.stderr).toBe(0);
    expect(served.stdout.replace("two/", "one/")).toBe(first.stdout);
    expect(snapshot(join(dir, "two"))).toEqual(snapshot(join(dir, "one")));
    const check = run("check", "--out", "one", "synth.yaml");
    expect(check.stdout).toMatch(/is up to date/);
  });
});
