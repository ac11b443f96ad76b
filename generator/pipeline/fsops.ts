// Small file-system helpers for the pipeline: reads that treat "absent" as null, atomic writes, and
// the guard that keeps every write and removal inside the output directory.
import { createHash, randomBytes, type Hash } from "node:crypto";
import { closeSync, fsync, fsyncSync, lstatSync, type Stats, mkdirSync, openSync, readdirSync, readSync, renameSync, rmdirSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { openRegular, readBoundedText, ReadRefused } from "../read-bounded.js";
import { MANIFEST_NAME, TEMP_PREFIX, unsafeOutputPath } from "./names.js";
import { observe, type OutputStats } from "./output-stats.js";

/** A user-level file-system problem (read-only, full, permission, symlink in the way): exit 1, no stack. */
export class OutputError extends Error {
  override readonly name: string = "OutputError";
}

/**
 * The most hcgen reads back from an output directory in one file (an output it compares before
 * rewriting, a journal): far above anything it writes for a 4 MiB spec, low enough that a hostile
 * multi-gigabyte file there is refused at once instead of read into memory.
 */
export const MAX_OUTPUT_READ_BYTES = 256 * 1024 * 1024;

/**
 * A file in the output directory that exists but cannot be read (permission denied, I/O error):
 * not a conflict nor a missing file, so callers let it through as the command's error.
 */
export class UnreadableOutput extends OutputError {
  override readonly name = "UnreadableOutput";
}

/** Content of a regular file as UTF-8, null when absent; throws OutputError for anything else (a FIFO would block). */
export function readRegular(file: string, maxBytes = MAX_OUTPUT_READ_BYTES): string | null {
  const st = lstatOrNull(file);
  if (st === null) return null;
  if (!st.isFile()) throw new OutputError(`${file} is not a regular file`);
  return readOutputFile(file, maxBytes);
}

/** What a streaming writer needs of a file on disk without holding it: its sha256 and its beginning (for the header). */
export interface Digest {
  readonly sha256: string;
  /** The first HEAD_BYTES bytes as UTF-8: enough for parseHeader, which looks at the first 8192 characters. */
  readonly head: string;
}

/**
 * Bytes of a file's beginning that hold every character parseHeader looks at (its first 8192 UTF-16
 * units need at most 3 bytes each): a digest's head, and what the reuse check decodes (emission.ts).
 */
export const HEAD_BYTES = 64 * 1024;
const READ_BLOCK = 1024 * 1024;

/** How a file on disk compares with bytes made in memory (compareRegular). */
export type DiskMatch = "same" | "differs" | "none";

// Reused from call to call: a block is at most 3 MiB (chunks.ts), and a fresh buffer per block costs new pages.
let compareBuf: Buffer | null = null;

/**
 * Whether the regular file `file` holds exactly the bytes of `blocks`, read a block at a time beside
 * them: "none" when there is no such file (absent, not a regular file, a symlink, above maxBytes:
 * what check reports as missing). Every block is fed to `hash` whatever the answer, so a caller
 * hashes only the bytes it made (the manifest needs that hash) instead of hashing both sides.
 * An I/O error is UnreadableOutput.
 */
export function compareRegular(file: string, blocks: Iterable<Uint8Array>, hash: Hash, maxBytes = MAX_OUTPUT_READ_BYTES): DiskMatch {
  let fd: number | null = null;
  try {
    if (lstatOrNull(file)?.isFile()) {
      const opened = openRegular(file);
      fd = opened.fd;
      if (opened.size > maxBytes) { closeSync(fd); fd = null; }
    }
  } catch (e) {
    if (e instanceof ReadRefused && e.reason === "io") throw new UnreadableOutput(`cannot read ${file}: ${e.message}`);
    fd = null;
  }
  if (fd === null) { for (const b of blocks) hash.update(b); return "none"; }
  try {
    let same = true;
    for (const b of blocks) {
      hash.update(b);
      if (!same) continue;
      if (compareBuf === null || compareBuf.length < b.length) compareBuf = Buffer.allocUnsafe(Math.max(b.length, 3 * READ_BLOCK));
      const n = readFully(fd, file, compareBuf, b.length);
      same = n === b.length && compareBuf.subarray(0, n).equals(b);
    }
    return same && readFully(fd, file, Buffer.allocUnsafe(1), 1) === 0 ? "same" : "differs";
  } finally { closeSync(fd); }
}

function readFully(fd: number, file: string, buf: Buffer, len: number): number {
  let n = 0;
  while (n < len) {
    let got: number;
    try { got = readSync(fd, buf, n, len - n, null); } catch (e) { throw new UnreadableOutput(`cannot read ${file}: ${(e as Error).message}`); }
    if (got === 0) break;
    n += got;
  }
  return n;
}

/** Up to `n` bytes from where the open file `fd` (`file`, for errors) stands: its start, when just opened. */
export function readHead(fd: number, file: string, n: number): Buffer {
  const buf = Buffer.allocUnsafe(n);
  return buf.subarray(0, readFully(fd, file, buf, n));
}

/** A record of earlier hashes (output-stats.ts) and the file's path in it (relative to the output directory). */
export interface KnownStats { readonly stats: OutputStats; readonly rel: string }

/**
 * The sha256 of the open regular file `fd` (`file`, for errors), through the record of earlier
 * hashes: the recorded one when the record knows the file's stat, with the file's first `headBytes`
 * bytes; else `hash()`'s, which reads the whole file (the caller keeps what it needs of it, so head
 * is null), then noted in the record. The one place that keeps output-stats.ts's protocol: observed
 * before the file is read, noted with the same descriptor after.
 */
export function hashThroughRecord(fd: number, file: string, known: KnownStats | null, headBytes: number, hash: () => string): { sha256: string; head: Buffer | null } {
  if (known === null) return { sha256: hash(), head: null };
  const seen = observe(fd);
  const recorded = known.stats.known(known.rel, seen.st);
  if (recorded !== null) return { sha256: recorded, head: readHead(fd, file, headBytes) };
  const sha256 = hash();
  known.stats.note(known.rel, fd, seen, sha256);
  return { sha256, head: null };
}

/**
 * readRegular's checks and errors (null when absent, OutputError for a non-regular file, UnreadableOutput
 * for an I/O error, refused above maxBytes), but the file is hashed one block at a time, not returned.
 * With `known`, a file whose stat the record holds is read only for its head, and one hashed is noted.
 */
export function digestRegular(file: string, maxBytes = MAX_OUTPUT_READ_BYTES, known?: KnownStats): Digest | null {
  const st = lstatOrNull(file);
  if (st === null) return null;
  if (!st.isFile()) throw new OutputError(`${file} is not a regular file`);
  try {
    const { fd, size } = openRegular(file);
    try {
      if (size > maxBytes) throw new ReadRefused(`is ${size} bytes; the limit is ${maxBytes} bytes`, "too-large", size);
      let head: Buffer | null = null;
      const r = hashThroughRecord(fd, file, known ?? null, HEAD_BYTES, () => {
        const h = createHash("sha256");
        const buf = Buffer.allocUnsafe(READ_BLOCK);
        let total = 0;
        for (;;) {
          let n: number;
          try { n = readSync(fd, buf, 0, buf.length, null); } catch (e) { throw new ReadRefused((e as Error).message, "io", 0, (e as NodeJS.ErrnoException).code); }
          if (n === 0) break;
          total += n;
          if (total > maxBytes) throw new ReadRefused(`grew past the limit of ${maxBytes} bytes while being read`, "too-large", total);
          if (head === null) head = Buffer.from(buf.subarray(0, Math.min(n, HEAD_BYTES)));
          h.update(buf.subarray(0, n));
        }
        return h.digest("hex");
      });
      head = r.head ?? head;
      return { sha256: r.sha256, head: head === null ? "" : head.toString("utf8") };
    } finally { closeSync(fd); }
  } catch (e) { throw asReadError(file, e); }
}

/** An fs error turned into an OutputError when it is a user condition (read-only, full, ...); others rethrown. */
export function asOutputError(e: unknown, doing: string): never {
  if (e instanceof OutputError) throw e;
  const why = describeFsError(e);
  if (why) throw new OutputError(`${doing}: ${why}`);
  throw e;
}

/** File content as UTF-8, or null when there is no file. A directory, device or oversized file in the way is an error. */
export function readIfExists(file: string, maxBytes = MAX_OUTPUT_READ_BYTES): string | null {
  try { return readBoundedText(file, maxBytes); } catch (e) {
    if (e instanceof ReadRefused && (e.code === "ENOENT" || e.code === "ENOTDIR")) return null;
    throw asReadError(file, e);
  }
}

function readOutputFile(file: string, maxBytes: number): string {
  try { return readBoundedText(file, maxBytes); } catch (e) { throw asReadError(file, e); }
}

function asReadError(file: string, e: unknown): unknown {
  if (!(e instanceof ReadRefused)) return e;
  return e.reason === "io" ? new UnreadableOutput(`cannot read ${file}: ${e.message}`) : new OutputError(`${file}: ${e.message}`);
}

/** A temp name next to `file`, reserved by TEMP_PREFIX (emitters and manifests may not use it). */
export function tempNameFor(file: string): string {
  return join(dirname(file), `${TEMP_PREFIX}${basename(file)}-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/**
 * Writes through a temporary file in the same directory and renames it into place: rename within a
 * file system is atomic, so a reader (or a killed run) sees the old file or the new one, never half.
 * The temp file is fsynced before the rename and the directory after it, so a power loss or kernel
 * crash cannot leave the new name pointing at empty or partial content (file systems may commit the
 * rename before the data), nor lose the rename itself. Costs two fsyncs per file; see fsyncDir.
 */
export function writeAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    writeDurable(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* never created, or already renamed */ }
    throw e;
  }
  fsyncDir(dirname(file));
}

/** Creates `file` (it must not exist) with `content` and fsyncs it before closing. */
export function writeDurable(file: string, content: string): void {
  const fd = openSync(file, "wx");
  try {
    writeAll(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates `file` (it must not exist) with `content`, and returns it still open and not yet fsynced. */
export function writeUnsynced(file: string, content: string | Uint8Array): number {
  const fd = openSync(file, "wx");
  try { writeAll(fd, content); } catch (e) { closeSync(fd); throw e; }
  return fd;
}

/**
 * Creates `file` (it must not exist), writes `blocks` one after the other, each also fed to `hash`,
 * and returns it still open and not yet fsynced. A failure (of a write or of the blocks' source)
 * closes it and is rethrown; the caller removes the file.
 */
export function writeBlocksUnsynced(file: string, blocks: Iterable<Uint8Array>, hash: Hash): number {
  const fd = openSync(file, "wx");
  try {
    for (const b of blocks) { hash.update(b); writeAll(fd, b); }
  } catch (e) { closeSync(fd); throw e; }
  return fd;
}

function writeAll(fd: number, content: string | Uint8Array): void {
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

/**
 * The fsyncs one step of a multi-file write needs before it goes on: open files (closed once
 * synced, also on failure) and directories (as fsyncDir: unsupported is not an error).
 */
export interface SyncBatch { readonly files: readonly number[]; readonly dirs: readonly string[] }

/**
 * A multi-file write as steps: the generator does the writes and renames itself and yields a
 * SyncBatch wherever the next step needs those files and directories durable first (the journal's
 * ordering). It is driven by runSync (one fsync after the other) or runConcurrently (a batch's
 * fsyncs all at once in libuv's thread pool: 138 files took 0.7 s one by one, a tenth of that at
 * once, since the file system commits concurrent fsyncs together). A failed batch is thrown into
 * the generator, so its cleanup runs.
 */
export type SyncSteps<T> = Generator<SyncBatch, T, void>;

/** Drives `steps`, each batch's fsyncs one after the other. */
export function runSync<T>(steps: SyncSteps<T>): T {
  let r = steps.next();
  while (!r.done) {
    try { syncBatch(r.value); } catch (e) { r = steps.throw(e); continue; }
    r = steps.next();
  }
  return r.value;
}

/** Drives `steps`, each batch's fsyncs issued together; resolves when the last step is done. */
export async function runConcurrently<T>(steps: SyncSteps<T>): Promise<T> {
  let r = steps.next();
  while (!r.done) {
    try { await syncBatchConcurrently(r.value); } catch (e) { r = steps.throw(e); continue; }
    r = steps.next();
  }
  return r.value;
}

function syncBatch(b: SyncBatch): void {
  let failure: unknown = null;
  for (const fd of b.files) {
    try { if (failure === null) fsyncSync(fd); } catch (e) { failure = e; } finally { closeSync(fd); }
  }
  if (failure !== null) throw failure;
  for (const d of b.dirs) fsyncDir(d);
}

async function syncBatchConcurrently(b: SyncBatch): Promise<void> {
  const dirFds: number[] = [];
  for (const d of b.dirs) { try { dirFds.push(openSync(d, "r")); } catch { /* cannot be opened here: see fsyncDir */ } }
  // Files and directories together: a directory's entries and its files' data are independent.
  const done = await Promise.allSettled([...b.files, ...dirFds].map(fsyncAsync));
  for (const fd of [...b.files, ...dirFds]) closeSync(fd);
  const failed = done.slice(0, b.files.length).find((r) => r.status === "rejected"); // a directory that cannot be fsynced: see fsyncDir
  if (failed) throw failed.reason;
}

function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
}

/**
 * Makes a rename in `dir` durable. Where a directory cannot be opened or fsynced (Windows: EISDIR or
 * EPERM on open; some network and FUSE file systems: EINVAL/ENOTSUP on fsync) the rename is still
 * atomic, only its durability is up to the file system, so those errors are ignored.
 */
export function fsyncDir(dir: string): void {
  let fd: number;
  try { fd = openSync(dir, "r"); } catch { return; }
  try { fsyncSync(fd); } catch { /* not supported here: see above */ } finally { closeSync(fd); }
}

/** Removes `dir` and its parents while they are empty, stopping at `root` (which is kept). */
export function removeEmptyDirs(dir: string, root: string): void {
  while (relative(root, dir) !== "" && !relative(root, dir).startsWith("..")) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch { return; }
    dir = dirname(dir);
  }
}

/** lstat, or null when `p` does not exist (without an exception: a cold run looks up every output that is not there yet). */
function lstatOrNull(p: string): Stats | null {
  return lstatSync(p, { throwIfNoEntry: false }) ?? null;
}

/**
 * The absolute path of `rel` inside `outDir`, after proving that writing or removing it cannot touch
 * anything outside: `rel` is a clean relative path and no directory between `outDir` and the file,
 * nor the file itself, is a symlink (a symlink could point anywhere). Throws OutputError otherwise.
 */
export function safeTarget(outDir: string, rel: string): string {
  const bad = rel === MANIFEST_NAME ? null : unsafeOutputPath(rel);
  if (bad) throw new OutputError(`refusing output path '${rel}': it ${bad}`);
  const segs = rel.split("/");
  let cur = outDir;
  for (let i = 0; i < segs.length; i++) {
    cur = join(cur, segs[i]!);
    const st = lstatOrNull(cur);
    if (st === null) break; // the rest does not exist yet: it will be created as real directories
    if (st.isSymbolicLink()) {
      throw new OutputError(`${cur} is a symlink; hcgen never writes, reads or removes through symlinks inside its output directory (move it away)`);
    }
    if (i < segs.length - 1 && !st.isDirectory()) throw new OutputError(`${cur} is not a directory, but ${rel} should be inside it (move it away)`);
  }
  return join(outDir, rel);
}

/** Every regular file under `dir` whose name starts with TEMP_PREFIX (symlinks are not followed). */
export function findTempFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.startsWith(TEMP_PREFIX)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** A file-system error as one line a user can act on, or null when it is not one we expect. */
export function describeFsError(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException;
  const where = err.path ? `${err.path}: ` : "";
  switch (err.code) {
    case "EROFS": return `${where}the file system is read-only`;
    case "EACCES": case "EPERM": return `${where}permission denied`;
    case "ENOSPC": return `${where}no space left on the device`;
    case "EDQUOT": return `${where}disk quota exceeded`;
    case "ELOOP": return `${where}too many levels of symbolic links (a symlink loop)`;
    case "ENOTDIR": return `${where}a path component is not a directory`;
    case "EISDIR": return `${where}is a directory`;
    case "EEXIST": return `${where}already exists`;
    case "ENAMETOOLONG": return `${where}file name too long`;
    case "EMFILE": case "ENFILE": return `${where}too many open files`;
    case "EXDEV": return `${where}crosses a file-system boundary inside the output directory`;
    case "EIO": return `${where}input/output error`;
    default: return null;
  }
}
