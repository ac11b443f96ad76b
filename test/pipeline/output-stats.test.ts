// The per-user record of output files' stat data (pipeline/output-stats.ts): generate counts a file
// whose stat is the one recorded with its hash as holding those bytes, without reading it. Shown
// here: what it records (settled files only), that every kind of change to a file misses, that a
// spoiled or untrusted record is empty, that generate and the up-to-date shortcut rely on it (a
// record that lies is believed, so it must be this user's own), and, end to end with a real wait,
// that a hand edit which keeps a file's size and mtime is still found and put right.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureIo } from "../../generator/commands/io.js";
import { observe, openOutputStats, outputStatsDir, SETTLED_NS, type Observation, type OutputStats } from "../../generator/pipeline/output-stats.js";
import { sharedSettings } from "../../generator/pipeline/settings.js";
import { checkUpToDate } from "../../generator/pipeline/up-to-date.js";
import { hcgen, snapshot, tempProject } from "./helpers.js";

const made: string[] = [];
afterEach(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); vi.unstubAllEnvs(); });
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), "hcgen-stats-")); made.push(d); return d; };
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
/** Past any file system's clock tick, so the next write gets another mtime and ctime. */
const nextTick = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);

/** A file's atime and mtime to the nanosecond (`touch -r`: utimes from Node takes milliseconds), to put on a file later. */
function keepTimes(file: string): { mtimeNs: bigint; putOn(f: string): void } {
  const ref = `${file}.times`;
  writeFileSync(ref, "");
  expect(spawnSync("touch", ["-r", file, ref]).status).toBe(0);
  return { mtimeNs: statSync(file, { bigint: true }).mtimeNs, putOn: (f) => { expect(spawnSync("touch", ["-r", ref, f]).status).toBe(0); } };
}

/** Notes `rel` in `stats` as a run would that looked at it SETTLED_NS after its last change. */
function noteSettled(stats: OutputStats, out: string, rel: string): string {
  const fd = openSync(join(out, rel), "r");
  try {
    const seen = observe(fd);
    const later: Observation = { st: seen.st, at: seen.at + SETTLED_NS + 1_000_000_000n };
    const h = sha(readFileSync(join(out, rel)));
    stats.note(rel, fd, later, h);
    return h;
  } finally { closeSync(fd); }
}
const knownNow = (stats: OutputStats, out: string, rel: string) => stats.known(rel, statSync(join(out, rel), { bigint: true }));

/** An output directory with one file, and a cache directory made as hcgen makes it (0700). */
function setup() {
  const root = tempDir();
  const out = join(root, "out"), cache = join(root, "cache", "outputs");
  mkdirSync(out);
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  writeFileSync(join(out, "a.txt"), "hello, world\n");
  return { out, cache };
}

describe("the output stat record", () => {
  it("knows a settled file by its stat, also when read back by a later run; save keeps only the files given with their hash", () => {
    const { out, cache } = setup();
    writeFileSync(join(out, "b.txt"), "bee\n");
    const stats = openOutputStats(cache, out)!;
    const a = noteSettled(stats, out, "a.txt"), b = noteSettled(stats, out, "b.txt");
    expect(knownNow(stats, out, "a.txt")).toBe(a);
    stats.save(new Map([["a.txt", a], ["b.txt", b]]));
    expect(readdirSync(cache)).toHaveLength(1);
    expect(statSync(join(cache, readdirSync(cache)[0]!)).mode & 0o777).toBe(0o600);
    const again = openOutputStats(cache, out)!;
    expect(knownNow(again, out, "a.txt")).toBe(a);
    expect(knownNow(again, out, "b.txt")).toBe(b);
    // The manifest now records another hash for b.txt, and none for a.txt: both are dropped.
    again.save(new Map([["b.txt", sha("other")]]));
    const third = openOutputStats(cache, out)!;
    expect(knownNow(third, out, "a.txt")).toBeNull();
    expect(knownNow(third, out, "b.txt")).toBeNull();
  });

  it("records nothing of a file looked at within SETTLED_NS of its last change (a change in the same clock tick would keep its stat)", () => {
    const { out, cache } = setup();
    const stats = openOutputStats(cache, out)!;
    const fd = openSync(join(out, "a.txt"), "r");
    try { stats.note("a.txt", fd, observe(fd), sha(readFileSync(join(out, "a.txt")))); } finally { closeSync(fd); }
    expect(knownNow(stats, out, "a.txt")).toBeNull();
  });

  it("misses on every change: rewritten in place at the same size, its mtime set back, replaced by a file with the same mtime", () => {
    const { out, cache } = setup();
    const file = join(out, "a.txt");
    const stats = openOutputStats(cache, out)!;
    const check = (change: () => void) => {
      noteSettled(stats, out, "a.txt");
      expect(knownNow(stats, out, "a.txt")).not.toBeNull();
      nextTick();
      change();
      expect(knownNow(stats, out, "a.txt")).toBeNull();
    };
    check(() => writeFileSync(file, "HELLO, WORLD\n")); // same size, same inode
    check(() => {
      const times = keepTimes(file);
      writeFileSync(file, "hello, again\n");
      times.putOn(file); // mtime as before, to the nanosecond; ctime cannot be set back
      expect(statSync(file, { bigint: true }).mtimeNs).toBe(times.mtimeNs);
    });
    check(() => {
      const times = keepTimes(file);
      writeFileSync(join(out, "new"), "hello, there\n");
      times.putOn(join(out, "new"));
      renameSync(join(out, "new"), file);
      expect(statSync(file, { bigint: true }).mtimeNs).toBe(times.mtimeNs);
    });
  });

  it("reads a spoiled record as empty: a changed byte, cut short, a symlink, another directory's record put under this key", () => {
    const { out, cache } = setup();
    const stats = openOutputStats(cache, out)!;
    const a = noteSettled(stats, out, "a.txt");
    stats.save(new Map([["a.txt", a]]));
    const [name] = readdirSync(cache);
    const record = join(cache, name!);
    const good = readFileSync(record);
    const readsAsEmpty = (spoil: () => void) => {
      spoil();
      expect(knownNow(openOutputStats(cache, out)!, out, "a.txt")).toBeNull();
      rmSync(record, { force: true });
      writeFileSync(record, good, { mode: 0o600 });
      expect(knownNow(openOutputStats(cache, out)!, out, "a.txt")).toBe(a);
    };
    readsAsEmpty(() => writeFileSync(record, good.toString("latin1").replace("a.txt", "a.txu"), "latin1"));
    readsAsEmpty(() => writeFileSync(record, good.subarray(0, good.length - 5)));
    readsAsEmpty(() => { const moved = join(cache, "elsewhere"); renameSync(record, moved); symlinkSync(moved, record); });
    // A record made for another output directory, copied under this one's name: its first line names the other key.
    const other = join(out, "..", "other");
    cpSync(out, other, { recursive: true });
    const otherStats = openOutputStats(cache, other)!;
    otherStats.save(new Map([["a.txt", noteSettled(otherStats, other, "a.txt")]]));
    const otherName = readdirSync(cache).find((n) => n !== name && n.endsWith(".bin"))!;
    readsAsEmpty(() => cpSync(join(cache, otherName), record));
  });

  it("neither reads nor writes a record in a directory others can write", () => {
    const { out, cache } = setup();
    const stats = openOutputStats(cache, out)!;
    const a = noteSettled(stats, out, "a.txt");
    stats.save(new Map([["a.txt", a]]));
    chmodSync(cache, 0o777);
    expect(knownNow(openOutputStats(cache, out)!, out, "a.txt")).toBeNull();
    const [name] = readdirSync(cache);
    rmSync(join(cache, name!));
    const later = openOutputStats(cache, out)!;
    later.save(new Map([["a.txt", noteSettled(later, out, "a.txt")]]));
    expect(readdirSync(cache)).toEqual([]);
    expect(outputStatsDir(null)).toBeNull();
    expect(outputStatsDir("/c/hcgen/specs")).toBe("/c/hcgen/outputs");
  });
});

/** checkUpToDate for `generate` in `dir` with this record. */
function verdict(dir: string, stats: OutputStats | null, only?: string) {
  const a = sharedSettings(only !== undefined ? { only } : {}, [], captureIo(dir));
  return checkUpToDate({ inputs: a.inputs, outDir: a.outDir, cwd: a.root, kinds: a.kinds, options: a.options, stats });
}

describe("generate with the record", () => {
  it("the up-to-date shortcut takes a file with the recorded stat for its recorded bytes (so only this user's own record may be used)", async () => {
    const dir = tempProject();
    vi.stubEnv("HCGEN_CACHE_DIR", join(tempDir(), "cache"));
    expect((await hcgen(dir, "generate")).code).toBe(0);
    const out = join(dir, "generated");
    const file = "docs/demo.md";
    const bytes = readFileSync(join(out, file));
    // A record that vouches for the bytes as generated, then a hand edit that the record does not see.
    const lying: OutputStats = {
      known: (rel) => (rel === file ? sha(bytes) : null), note() { /* nothing */ }, save() { /* nothing */ },
    };
    const text = bytes.toString("utf8"), at = text.lastIndexOf("demo");
    writeFileSync(join(out, file), `${text.slice(0, at)}DEMO${text.slice(at + 4)}`); // the body, not the header
    expect(typeof verdict(dir, lying)).toBe("object"); // believed: the file was not read past its header
    expect(verdict(dir, null)).toBe(`${file} differs from the manifest`);
    const real = openOutputStats(join(process.env.HCGEN_CACHE_DIR!, "outputs"), out)!;
    expect(verdict(dir, real)).toBe(`${file} differs from the manifest`);
  });

  it("end to end, after the files settle: served from the record, a hand edit that keeps size and mtime is still found, and every tree is a full generation's", async () => {
    const dir = tempProject("catalog");
    const cache = join(tempDir(), "cache");
    vi.stubEnv("HCGEN_CACHE_DIR", cache);
    const out = join(dir, "generated");
    expect((await hcgen(dir, "generate")).code).toBe(0);
    const full = snapshot(out);
    await new Promise((r) => setTimeout(r, Number(SETTLED_NS / 1_000_000n) + 200));
    // Nothing changed: every file is hashed (none was recorded yet), then recorded.
    expect((await hcgen(dir, "generate")).stdout).toMatch(/0 written.*up to date, not run/);
    const stats = openOutputStats(join(cache, "outputs"), out)!;
    const files = [...full.keys()].filter((p) => p !== ".hcgen-manifest.json");
    for (const p of files) expect(knownNow(stats, out, p), p).toBe(sha(full.get(p)!));
    // A run of some kinds only keeps the other kinds' records: the full path, then the shortcut.
    for (const shortcut of [false, true]) {
      expect(typeof verdict(dir, null, "ts")).toBe(shortcut ? "object" : "string");
      expect((await hcgen(dir, "generate", "--only", "ts")).code).toBe(0);
      const after = openOutputStats(join(cache, "outputs"), out)!;
      for (const p of files) expect(knownNow(after, out, p), `${p} after --only ts (${shortcut ? "shortcut" : "full path"})`).toBe(sha(full.get(p)!));
    }

    // A hand edit of the same size with the mtime put back: the shortcut and the reuse check both miss, the file is restored.
    const victim = "c/xen.h";
    const times = keepTimes(join(out, victim));
    const was = full.get(victim)!, at = was.lastIndexOf("xen_");
    writeFileSync(join(out, victim), `${was.slice(0, at)}XEN_${was.slice(at + 4)}`);
    times.putOn(join(out, victim));
    rmSync(`${join(out, victim)}.times`);
    const fix = await hcgen(dir, "generate");
    expect(fix.code).toBe(0);
    expect(fix.stdout).toMatch(/^hcgen: \d+ files: 1 written/);
    expect(snapshot(out)).toEqual(full);

    // One spec changed: its parts run, the other ABIs' files are reused from the record; the tree is what a full run writes.
    writeFileSync(join(dir, "spec", "xen.yaml"), readFileSync(join(dir, "spec", "xen.yaml"), "utf8") + "\n# edited\n");
    expect((await hcgen(dir, "generate")).code).toBe(0);
    const incremental = snapshot(out);
    rmSync(out, { recursive: true });
    expect((await hcgen(dir, "generate", "--no-incremental")).code).toBe(0);
    expect(incremental).toEqual(snapshot(out));
  }, 60_000);
});
