// Switching an output set atomically (issue 13.6). Each file was already written atomically, but a
// run killed halfway left some files new and some old. Now a run first stages every new file as a
// temp file next to its target, then writes DIR/.hcgen-journal.json (atomically: this is the commit
// point) listing the renames and removals, carries them out and deletes the journal. A run killed
// before the commit left only temp files (removed as orphans: the set is old); one killed after it
// left the journal, which the next generate or check completes (the set becomes new). Renames and
// removals are checked against the hashes recorded at commit time, so completing a journal never
// overwrites or deletes a file that changed since, and a journal a repository carries is checked
// like a manifest: only clean paths inside the output directory.
import { createHash } from "node:crypto";
import { closeSync, constants, lstatSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { OutputStats } from "./output-stats.js";
import { digestRegular, type KnownStats, findTempFiles, OutputError, readIfExists, readRegular, removeEmptyDirs, runSync, safeTarget, tempNameFor, writeBlocksUnsynced, writeUnsynced, type SyncSteps } from "./fsops.js";
import { encodeBlocks } from "./chunks.js";
import { parseHeader, sha256 } from "./header.js";
import { withLock } from "./lock.js";
import { JOURNAL_NAME, MANIFEST_NAME, TEMP_PREFIX, unsafeOutputPath } from "./names.js";

export const JOURNAL_FORMAT = "hcgen-journal/1";

export interface Move {
  /** Target, relative to the output directory. */
  readonly path: string;
  /** Staged file name (in the target's directory). */
  readonly temp: string;
  /** sha256 of the content the move replaces, null when the target did not exist. */
  readonly replaces: string | null;
}

export interface Removal {
  readonly path: string;
  /** sha256 of the content to remove: anything else at the path is left alone. */
  readonly sha256: string;
}

export interface Journal {
  readonly format: typeof JOURNAL_FORMAT;
  readonly moves: readonly Move[];
  readonly removals: readonly Removal[];
}

export class JournalError extends OutputError {
  override readonly name = "JournalError";
}

/**
 * A file to stage: its target (relative), new content (whole, or pieces made on demand: chunks.ts)
 * and the content it replaces (null: none), or for a streamed file just that content's sha256.
 */
/**
 * A file another thread staged (a render helper, render-helper.ts): its temp file beside the target,
 * written and closed, the sha256 of its bytes, and the directory mkdir made for it. stageAll takes it
 * over once: it opens the temp file again (never through a symlink) for the fsync, which makes the
 * data durable whichever descriptor wrote it. (A worker thread's own descriptors are closed when the
 * thread ends, so none is handed over.) One never taken is released, removed, by whoever holds it.
 */
export class StagedTemp {
  #taken = false;
  constructor(readonly temp: string, readonly sha256: string, readonly madeDir?: { readonly leaf: string; readonly top: string }) {}
  take(): number {
    if (this.#taken) throw new Error(`internal: ${this.temp} staged twice`);
    this.#taken = true;
    return openSync(this.temp, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
  }
  release(): void {
    if (this.#taken) return;
    this.#taken = true;
    try { unlinkSync(this.temp); } catch { /* gone */ }
    if (this.madeDir) removeMadeDirs(this.madeDir.leaf, this.madeDir.top);
  }
}

export interface ToStage {
  readonly path: string;
  readonly content: string | (() => Iterable<string>) | StagedTemp;
  readonly current: string | null;
  /** sha256 of what the file replaces, when `current` was not read whole (a streamed file); null: nothing. */
  readonly replaces?: string | null;
}

/** Files staged per batch of fsyncs: few enough open descriptors for any ulimit (macOS: 256). */
const STAGE_BATCH = 64;

/**
 * Stages every file as a temp file in its target's directory (so the rename stays on one file
 * system), yielding their fsyncs in batches. `files` is read lazily, so its last item (the
 * manifest) can depend on what was staged before it. Each content (a string, or pieces) is
 * encoded to UTF-8 once, one block at a time, each block hashed, written and let go; the sha256 of the
 * bytes written is handed to `onStaged` (the manifest's hash), which returns false when those
 * bytes are what the target already holds: that temp file is removed and nothing moves. When one
 * fails (or `files` throws: a streaming writer refusing a conflict after staging earlier parts; or
 * a file's pieces throw halfway), every temp file staged so far is removed (not committed: they
 * would only be orphans), and so is every directory made for them that is empty again, so a
 * refused run leaves the tree as it found it.
 */
export function* stageAll(outDir: string, files: Iterable<ToStage>, onStaged?: (i: number, path: string, sha: string) => boolean | void): SyncSteps<Move[]> {
  const moves: Move[] = [];
  const temps: string[] = [];
  const madeDirs: { leaf: string; top: string }[] = [];
  let open: number[] = [];
  try {
    let i = 0;
    for (const f of files) {
      const target = safeTarget(outDir, f.path);
      let tempPath: string, sha: string;
      if (f.content instanceof StagedTemp) {
        // Written by a render helper (render-helper.ts): from here on it is this run's temp file like any other.
        const s = f.content;
        if (dirname(s.temp) !== dirname(target) || !basename(s.temp).startsWith(TEMP_PREFIX)) throw new Error(`internal: ${f.path} was staged as ${s.temp}`);
        tempPath = s.temp;
        if (s.madeDir) madeDirs.push(s.madeDir);
        temps.push(tempPath);
        open.push(s.take());
        sha = s.sha256;
      } else {
        tempPath = tempNameFor(target);
        const top = mkdirSync(dirname(tempPath), { recursive: true });
        if (top !== undefined) madeDirs.push({ leaf: dirname(tempPath), top });
        // A whole string is encoded a block at a time too: its UTF-8 copy (46 MB for one 10k-call file) is never made at once.
        const h = createHash("sha256");
        const pieces = typeof f.content === "string" ? [f.content] : f.content();
        try { open.push(writeBlocksUnsynced(tempPath, encodeBlocks(pieces), h)); } finally { temps.push(tempPath); }
        sha = h.digest("hex");
      }
      if (onStaged?.(i++, f.path, sha) === false) {
        closeSync(open.pop()!);
        unlinkSync(temps.pop()!);
        continue;
      }
      const replaces = f.replaces !== undefined ? f.replaces : f.current === null ? null : sha256(f.current);
      moves.push({ path: f.path, temp: basename(tempPath), replaces });
      if (open.length === STAGE_BATCH) {
        const batch = open;
        open = [];
        yield { files: batch, dirs: [] };
      }
    }
    if (open.length > 0) {
      const batch = open;
      open = [];
      yield { files: batch, dirs: [] };
    }
  } catch (e) {
    for (const fd of open) { try { closeSync(fd); } catch { /* closed */ } }
    for (const t of temps) { try { unlinkSync(t); } catch { /* never created */ } }
    for (const d of madeDirs.reverse()) removeMadeDirs(d.leaf, d.top);
    throw e;
  }
  return moves;
}

/** Removes `leaf` and its parents up to `top` (which mkdir made) while they are empty. */
export function removeMadeDirs(leaf: string, top: string): void {
  for (let d = leaf; ; d = dirname(d)) {
    try { rmdirSync(d); } catch { return; }
    if (d === top || dirname(d) === d) return;
  }
}

/** Commits and carries out a journal; done when the output set is the new one. */
export function* commitSteps(outDir: string, j: Journal, stats: OutputStats | null = null): SyncSteps<void> {
  // The staged files are fsynced (stageAll); their directory entries must be too before the
  // journal that names them is committed, or a power loss could leave a journal pointing at
  // nothing. The journal itself is written like writeAtomic: temp file, fsync, rename, fsync dir.
  const file = join(outDir, JOURNAL_NAME);
  const tmp = tempNameFor(file);
  try {
    const fd = writeUnsynced(tmp, JSON.stringify(j, null, 1) + "\n");
    yield { files: [fd], dirs: dirsOf(outDir, j) };
    renameSync(tmp, file);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* never created, or already renamed */ }
    throw e;
  }
  yield { files: [], dirs: [outDir] }; // the commit point is durable before the first target is replaced
  yield* carryOut(outDir, j, stats);
}

/** commitSteps, one fsync after the other. */
export function commit(outDir: string, j: Journal): void {
  runSync(commitSteps(outDir, j));
}

/** What recovery did, for the log. */
export interface Recovery { readonly completed: boolean; readonly orphans: number }

/**
 * Completes an interrupted switch (if a journal is there), then removes orphan temp files (those of
 * runs killed before their commit). Call with the output lock held.
 */
export function recover(outDir: string): Recovery {
  const file = join(outDir, JOURNAL_NAME);
  const text = readIfExists(file);
  let completed = false;
  if (text !== null) {
    runSync(carryOut(outDir, parseJournal(file, text)));
    completed = true;
  }
  const orphans = findTempFiles(outDir);
  for (const f of orphans) unlinkSync(f);
  return { completed, orphans: orphans.length };
}

/**
 * For `check`, which writes nothing of its own: when an interrupted run left a journal, complete it
 * (under the lock) so what is compared is the set that run committed. True when it did.
 */
export function completeInterrupted(outDir: string): boolean {
  if (readIfExists(join(outDir, JOURNAL_NAME)) === null) return false;
  withLock(outDir, () => recover(outDir), "check");
  return true;
}

/** Idempotent: every step checks what is on disk, so a run killed while carrying out can be redone. */
function* carryOut(outDir: string, j: Journal, stats: OutputStats | null = null): SyncSteps<void> {
  for (const m of j.moves) {
    const target = safeTarget(outDir, m.path);
    const temp = join(dirname(target), m.temp);
    if (!isRegularFile(temp)) continue; // moved already
    if (!replacesWhat(target, m.replaces, stats === null ? undefined : { stats, rel: m.path })) { unlinkSync(temp); continue; } // changed since the commit: not ours to replace
    renameSync(temp, target);
  }
  for (const r of j.removals) {
    const target = safeTarget(outDir, r.path);
    if (!isRegularFile(target)) continue;
    const current = readRegular(target);
    if (current === null || sha256(current) !== r.sha256 || parseHeader(current) === null) continue;
    unlinkSync(target);
    removeEmptyDirs(dirname(target), outDir);
  }
  yield { files: [], dirs: dirsOf(outDir, j) }; // the renames are durable before the journal that would redo them goes
  unlinkSync(join(outDir, JOURNAL_NAME));
}

/**
 * Whether `target` still holds what the move replaces (null: nothing). `replaces` is the sha256 of
 * the bytes (a streamed file's, fsops.ts digestRegular) or of the text as read (readRegular; the
 * same hash unless the file is not valid UTF-8): the bytes are hashed first, without decoding them,
 * and the text only when that differs. With `known` (the run that staged the move), a target whose
 * stat is the one recorded when it was hashed is not hashed again.
 */
function replacesWhat(target: string, replaces: string | null, known?: KnownStats): boolean {
  const disk = digestRegular(target, undefined, known);
  if (disk === null || replaces === null) return disk === null && replaces === null;
  if (disk.sha256 === replaces) return true;
  const current = readRegular(target);
  return current !== null && sha256(current) === replaces;
}

function dirsOf(outDir: string, j: Journal): string[] {
  return [...new Set(j.moves.map((m) => dirname(join(outDir, m.path))))];
}

function isRegularFile(p: string): boolean {
  try { return lstatSync(p).isFile(); } catch { return false; }
}

function parseJournal(file: string, text: string): Journal {
  const bad = (what: string) => new JournalError(`${file}: ${what}; it is not a journal hcgen wrote (delete it, then run generate)`);
  let j: Partial<Journal>;
  try { j = JSON.parse(text) as Partial<Journal>; } catch { throw bad("not valid JSON"); }
  if (j === null || typeof j !== "object" || j.format !== JOURNAL_FORMAT || !Array.isArray(j.moves) || !Array.isArray(j.removals)) throw bad(`not format ${JOURNAL_FORMAT}`);
  const hash = (v: unknown) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v);
  j.moves.forEach((m: Partial<Move> | null, i) => {
    if (m === null || typeof m !== "object") throw bad(`moves[${i}] is not an entry`);
    const why = m.path === MANIFEST_NAME ? null : unsafeOutputPath(m.path);
    if (why) throw bad(`moves[${i}].path ${JSON.stringify(m.path)} ${why}`);
    if (typeof m.temp !== "string" || !m.temp.startsWith(TEMP_PREFIX) || m.temp.includes("/") || m.temp.includes("\\")) throw bad(`moves[${i}].temp is not an hcgen temp file name`);
    if (m.replaces !== null && !hash(m.replaces)) throw bad(`moves[${i}].replaces is not a sha256`);
  });
  j.removals.forEach((r: Partial<Removal> | null, i) => {
    if (r === null || typeof r !== "object") throw bad(`removals[${i}] is not an entry`);
    const why = unsafeOutputPath(r.path);
    if (why) throw bad(`removals[${i}].path ${JSON.stringify(r.path)} ${why}`);
    if (!hash(r.sha256)) throw bad(`removals[${i}].sha256 is not a sha256`);
  });
  return j as Journal;
}
