// The stat data of output files whose bytes a run has hashed, kept per user beside the spec store, so
// that a later generate finding a file with the very same stat counts it as the same bytes instead of
// reading and hashing it again. git's index does this for a work tree. Reading and hashing the
// catalog's 15 MB of outputs was ~45 ms of a generate with nothing to do and ~60 ms of one with one
// spec changed, against ~4 ms to stat them.
//
// What a match means. The stat is the device, inode, size, mtime and ctime (nanoseconds) of the
// opened file, the same before and after it was read and hashed. Writing a file changes its mtime
// and ctime; replacing it gives it a new inode; `touch -d` or utimes can set mtime back but not
// ctime, which only the clock sets. A change could keep the same stat only within one tick of the
// file system's clock (coarse: a few ms on ext4, 1-2 s on FAT or some network file systems). So a
// file is recorded only when its mtime and ctime were at least SETTLED_NS old when it was looked at
// (git's "racy clean" rule): any later write gets a later time. A file just written is therefore
// hashed again by the next run, then recorded.
//
// Trust. The record lives in hcgen's per-user cache directory, outside every project (a repository
// can neither carry nor plant one), under the spec store's rules: a directory only this user can
// write, each record this user's regular file opened without following a symlink, whose first line
// names its key and the sha256 and length of what follows. Anything else is an empty record: the
// run hashes every file, as without one. Only generate uses it; `check`, the proof that the outputs
// match the specs, reads every byte.
import { createHash, randomBytes } from "node:crypto";
import { fstatSync, mkdirSync, realpathSync, renameSync, unlinkSync, writeFileSync, type BigIntStats } from "node:fs";
import { dirname, join } from "node:path";
import { readBounded } from "../read-bounded.js";
import { evict, trustedDir } from "../store-dir.js";

/** How old a file's mtime and ctime must be for its stat to vouch for its bytes (above any file system's clock tick). */
export const SETTLED_NS = 3_000_000_000n;

const FORMAT = "hcgen-output-stats/1";
/** Records kept (one per output directory), and the largest one read or written. */
const MAX_RECORDS = 256;
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** A file's stat and the time (ns since the epoch) just before it was taken. */
export interface Observation {
  readonly st: BigIntStats;
  readonly at: bigint;
}

interface Entry {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly sha256: string;
}

export interface OutputStats {
  /** The sha256 recorded for the file at `rel` (relative to the output directory) when `st` is the stat it was recorded with, else null. */
  known(rel: string, st: BigIntStats): string | null;
  /**
   * Records that the open file `fd` at `rel`, observed as `before` and then read whole, hashes to
   * `sha256`: kept only when its stat did not change while it was read and it had settled.
   */
  note(rel: string, fd: number, before: Observation, sha256: string): void;
  /** Writes the record back, best effort, with only the files of `keep` (path -> the sha256 the manifest records). */
  save(keep: ReadonlyMap<string, string>): void;
}

/** The stat of an open file with the time it was taken. */
export function observe(fd: number): Observation {
  const at = BigInt(Date.now()) * 1_000_000n;
  return { st: fstatSync(fd, { bigint: true }), at };
}

/** Where records live: beside the spec store (`storeDir`, hcgen's cache directory's specs/), null without one. */
export function outputStatsDir(storeDir: string | null): string | null {
  return storeDir === null ? null : join(dirname(storeDir), "outputs");
}

/**
 * The record of the output directory `outDir` kept in `dir` (outputStatsDir), or null when there is
 * no store to trust (then the run hashes every file). A record that cannot be read is empty.
 */
export function openOutputStats(dir: string | null, outDir: string): OutputStats | null {
  if (dir === null) return null;
  let real: string;
  try { real = realpathSync(outDir); } catch { real = outDir; } // not made yet: nothing recorded under either name
  const key = createHash("sha256").update(`${FORMAT}\0${real}`).digest("hex");
  const file = join(dir, `${key}.bin`);
  return new Record_(dir, file, key, real, trustedDir(dir) ? readRecord(file, key, real) : new Map());
}

function sameStat(e: Entry, st: BigIntStats): boolean {
  return e.dev === st.dev && e.ino === st.ino && e.size === st.size && e.mtimeNs === st.mtimeNs && e.ctimeNs === st.ctimeNs;
}

class Record_ implements OutputStats {
  #changed = false;
  constructor(readonly dir: string, readonly file: string, readonly key: string, readonly real: string, readonly entries: Map<string, Entry>) {}

  known(rel: string, st: BigIntStats): string | null {
    const e = this.entries.get(rel);
    return e !== undefined && st.isFile() && sameStat(e, st) ? e.sha256 : null;
  }

  note(rel: string, fd: number, before: Observation, sha256: string): void {
    const st = before.st;
    const limit = before.at - SETTLED_NS;
    if (!st.isFile() || st.mtimeNs >= limit || st.ctimeNs >= limit) return;
    let after: BigIntStats;
    try { after = fstatSync(fd, { bigint: true }); } catch { return; }
    const e: Entry = { dev: st.dev, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, sha256 };
    if (!sameStat(e, after)) return;
    const old = this.entries.get(rel);
    if (old !== undefined && old.sha256 === sha256 && sameStat(old, st)) return;
    this.entries.set(rel, e);
    this.#changed = true;
  }

  save(keep: ReadonlyMap<string, string>): void {
    for (const [rel, e] of this.entries) if (keep.get(rel) !== e.sha256) { this.entries.delete(rel); this.#changed = true; }
    if (!this.#changed) return;
    const files = [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([rel, e]) => [rel, `${e.dev}`, `${e.ino}`, `${e.size}`, `${e.mtimeNs}`, `${e.ctimeNs}`, e.sha256]);
    const payload = Buffer.from(JSON.stringify({ dir: this.real, files }), "utf8");
    if (payload.length > MAX_RECORD_BYTES) return;
    const header = `${FORMAT} ${this.key} ${createHash("sha256").update(payload).digest("hex")} ${payload.length}\n`;
    const temp = join(this.dir, `${this.key}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (!trustedDir(this.dir)) return;
      // A torn record fails the length or hash check on reading, so no fsync: it is a cache.
      writeFileSync(temp, Buffer.concat([Buffer.from(header, "latin1"), payload]), { flag: "wx", mode: 0o600 });
      renameSync(temp, this.file);
    } catch {
      try { unlinkSync(temp); } catch { /* never created */ }
      return;
    }
    this.#changed = false;
    evict(this.dir, MAX_RECORDS, MAX_RECORDS * MAX_RECORD_BYTES);
  }
}

const DECIMAL = /^(0|[1-9][0-9]{0,30})$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The entries of the record at `file` when it is this user's, well formed and made for this key and directory; else none. */
function readRecord(file: string, key: string, real: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let data: Buffer;
  try {
    data = readBounded(file, MAX_RECORD_BYTES + 300, { noFollow: true, ...(typeof process.getuid === "function" ? { owner: process.getuid() } : {}) });
  } catch { return entries; }
  const nl = data.indexOf(0x0a);
  const header = nl > 0 && nl < 300 ? data.subarray(0, nl).toString("latin1").split(" ") : [];
  const payload = data.subarray(nl + 1);
  if (header.length !== 4 || header[0] !== FORMAT || header[1] !== key || header[3] !== String(payload.length)) return entries;
  if (createHash("sha256").update(payload).digest("hex") !== header[2]) return entries;
  let v: { dir?: unknown; files?: unknown };
  try { v = JSON.parse(payload.toString("utf8")) as typeof v; } catch { return entries; }
  if (v === null || typeof v !== "object" || v.dir !== real || !Array.isArray(v.files)) return entries;
  for (const f of v.files as unknown[]) {
    if (!Array.isArray(f) || f.length !== 7 || !f.every((x) => typeof x === "string")) return new Map();
    const [rel, dev, ino, size, mtime, ctime, sha] = f as string[];
    if (![dev, ino, size, mtime, ctime].every((x) => DECIMAL.test(x!)) || !SHA256.test(sha!)) return new Map();
    entries.set(rel!, { dev: BigInt(dev!), ino: BigInt(ino!), size: BigInt(size!), mtimeNs: BigInt(mtime!), ctimeNs: BigInt(ctime!), sha256: sha! });
  }
  return entries;
}
