// Durability of atomic writes (issue 13, fsync): a temp file is fsynced before it is renamed into place
// and its directory after, so a power loss cannot leave a new name on empty content. The calls are
// observed through a recording wrapper around node:fs (order matters, not time: no timing here).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

type Event = { op: "open" | "fsync" | "rename" | "close"; path: string; to?: string };
const events: Event[] = [];
/** Paths whose asynchronous fsync fails with EIO (a disk error in the middle of a batch). */
const failing: { path: RegExp | null } = { path: null };

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const fdPath = new Map<number, string>();
  const openSync = (p: import("node:fs").PathLike, ...rest: unknown[]) => {
    const fd = (fs.openSync as (...a: unknown[]) => number)(p, ...rest);
    fdPath.set(fd, String(p)); events.push({ op: "open", path: String(p) });
    return fd;
  };
  const fsyncSync = (fd: number) => { events.push({ op: "fsync", path: fdPath.get(fd) ?? `fd ${fd}` }); fs.fsyncSync(fd); };
  // The asynchronous fsync (generate issues a batch at once): recorded when it has completed.
  const fsync = (fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
    const path = fdPath.get(fd) ?? `fd ${fd}`;
    if (failing.path?.test(path)) { setImmediate(() => cb(Object.assign(new Error(`EIO: i/o error, fsync`), { code: "EIO" }))); return; }
    fs.fsync(fd, (e) => { if (!e) events.push({ op: "fsync", path }); cb(e); });
  };
  const closeSync = (fd: number) => { events.push({ op: "close", path: fdPath.get(fd) ?? `fd ${fd}` }); fdPath.delete(fd); fs.closeSync(fd); };
  const renameSync = (a: import("node:fs").PathLike, b: import("node:fs").PathLike) => {
    events.push({ op: "rename", path: String(a), to: String(b) }); fs.renameSync(a, b);
  };
  const wrapped = { ...fs, openSync, fsync, fsyncSync, closeSync, renameSync };
  return { ...wrapped, default: wrapped };
});

const { writeAtomic } = await import("../../generator/pipeline/fsops.js");
const { findTempFiles } = await import("../../generator/pipeline/fsops.js");
const { generate } = await import("../../generator/index.js");
const { hcgen, snapshot, tempProject } = await import("../pipeline/helpers.js");

const made: string[] = [];
afterEach(() => { events.length = 0; failing.path = null; for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** For every rename: its source was fsynced (and closed) before, and the target's directory fsynced after. */
function expectDurableRenames(evs: readonly Event[]): number {
  const renames = evs.map((e, i) => [e, i] as const).filter(([e]) => e.op === "rename");
  for (const [r, i] of renames) {
    const before = evs.slice(0, i);
    let synced = -1;
    before.forEach((e, j) => { if (e.op === "fsync" && e.path === r.path) synced = j; });
    expect(synced, `${r.path} renamed without an fsync first`).toBeGreaterThanOrEqual(0);
    expect(before.slice(synced).some((e) => e.op === "close" && e.path === r.path), `${r.path} still open at rename`).toBe(true);
    const dirSynced = evs.slice(i + 1).some((e) => e.op === "fsync" && e.path === dirname(r.to!));
    expect(dirSynced, `directory of ${r.to} not fsynced after the rename`).toBe(true);
  }
  return renames.length;
}

describe("atomic writes are durable: fsync file before rename, directory after", () => {
  it("writeAtomic", () => {
    const dir = mkdtempSync(join(tmpdir(), "hcgen-fsync-")); made.push(dir);
    const file = join(dir, "sub", "x.txt");
    writeAtomic(file, "héllo\n".repeat(10_000));
    expect(readFileSync(file, "utf8")).toBe("héllo\n".repeat(10_000)); // every byte written (multi-chunk writeSync loop)
    expect(expectDurableRenames(events)).toBe(1);
    expect(events.filter((e) => e.op === "rename")[0]!.to).toBe(file);
  });

  it("generate: every staged output and the journal, before their renames; their directories after", async () => {
    const dir = tempProject();
    const r = await hcgen(dir, "generate");
    expect(r.code, r.stderr).toBe(0);
    const n = expectDurableRenames(events);
    expect(n).toBeGreaterThan(10); // the demo's outputs, the manifest and the journal
    // The journal (the commit point) is renamed only after every staged file's directory entry was fsynced.
    const journalAt = events.findIndex((e) => e.op === "rename" && e.to!.endsWith(".hcgen-journal.json"));
    const outputDirs = new Set(events.filter((e) => e.op === "rename" && !e.to!.endsWith(".hcgen-journal.json")).map((e) => dirname(e.to!)));
    for (const d of outputDirs) expect(events.slice(0, journalAt).some((e) => e.op === "fsync" && e.path === d), `${d} before the journal`).toBe(true);
  });

  it("the library's synchronous generate({ write: true }) too (one fsync after the other)", () => {
    const dir = tempProject();
    generate({ cwd: dir, write: true, config: false });
    expect(expectDurableRenames(events)).toBeGreaterThan(10);
    expect(findTempFiles(join(dir, "generated"))).toEqual([]);
  });
});

describe("a failed fsync in a concurrent batch", () => {
  it("is a clear error; the old set stays, with no temp file and no journal left", async () => {
    const dir = tempProject();
    expect((await hcgen(dir, "generate")).code).toBe(0);
    const out = join(dir, "generated");
    const before = snapshot(out);
    writeFileSync(join(dir, "spec", "demo.yaml"), readFileSync(join(dir, "spec", "demo.yaml"), "utf8").replace(/^title: .*$/m, "title: Demo (changed)"));
    failing.path = /\.hcgen-tmp-.*\.md-/; // one of the staged docs
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/input\/output error/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(findTempFiles(out)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
    failing.path = null;
    expect((await hcgen(dir, "generate")).code).toBe(0);
    expect(snapshot(out)).not.toEqual(before);
  });
});
