// Applies rendered files to an output directory. The rules (issues 4, 13, 19):
// - a file whose bytes are unchanged is not rewritten (its mtime stays, so make/tsc/watchers rest);
// - one run at a time per directory (lock.ts), and the set of files switches atomically: every new
//   file is staged first, then a journal commits the switch (journal.ts), so a killed run leaves the
//   old set or the new one, never a mix;
// - hcgen overwrites only files it owns, and refuses before writing anything when an output path
//   holds someone else's file (unless --force);
// - owned files that are no longer produced are removed (with directories they leave empty), but
//   only under the output directory, never through a symlink, and only when the file still carries
//   hcgen's header and the hash the manifest recorded: the manifest may come from anyone.
import { lstatSync, statSync } from "node:fs";
import { join } from "node:path";
import type { OutputKind } from "../emit/types.js";
import { asOutputError, digestRegular, OutputError, readRegular, runConcurrently, runSync, safeTarget, UnreadableOutput, type Digest, type SyncSteps } from "./fsops.js";
import { parseHeader, sha256 } from "./header.js";
import type { OutputStats } from "./output-stats.js";
import { commit, commitSteps, recover, stageAll, JOURNAL_FORMAT, type Move, type Recovery, type Removal, type ToStage } from "./journal.js";
import { withLock, withLockAsync } from "./lock.js";
import { ManifestError, nextManifest, readManifest, recordOf, serializeManifest, type FileRecord, type Manifest } from "./manifest.js";
import { MANIFEST_NAME } from "./names.js";
import type { RenderedFile } from "./render.js";

export interface ApplyOptions {
  readonly outDir: string;
  readonly files: readonly RenderedFile[];
  /** The kinds generated this run; owned files of other kinds are left alone. */
  readonly kinds: readonly OutputKind[];
  /** Spec file -> input hash of its bytes, recorded in the manifest for `hcgen check`. */
  readonly specs: Readonly<Record<string, string>>;
  readonly force?: boolean;
  readonly onProgress?: (done: number, total: number, path: string) => void;
  /** For the manifest's `validated` record (manifest.ts nextManifest): the inputs digest, null for none, absent to keep the old one. */
  readonly validatedInputs?: string | null;
  /** What earlier runs hashed (output-stats.ts): a file on disk with the recorded stat is not hashed again. */
  readonly stats?: OutputStats | null;
}

export interface ApplyResult {
  readonly total: number;
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** Stale paths left in place because their content is no longer hcgen's. */
  readonly kept: readonly string[];
  /** What was left by an earlier, interrupted run and put right first. */
  readonly recovered: Recovery;
  /** Each output's path and sha256 as the manifest now records them, kinds not generated this run included (for OutputStats.save). */
  readonly files: ReadonlyMap<string, string>;
}

/** A refusal to touch a file hcgen does not own; commands report it and exit 1. */
export class ConflictError extends OutputError {
  override readonly name = "ConflictError";
}

/** hcgen owns a file on disk when it carries hcgen's header or is byte-for-byte what the manifest recorded. */
export function ownsContent(text: string, entry: { sha256: string } | undefined): boolean {
  return parseHeader(text) !== null || (entry !== undefined && entry.sha256 === sha256(text));
}

/** ownsContent for a file known by its digest (a streamed output is never read whole). */
function ownsDigest(disk: Digest, entry: { sha256: string } | undefined): boolean {
  return parseHeader(disk.head) !== null || (entry !== undefined && entry.sha256 === disk.sha256);
}

/** Removal needs both: hcgen's header and the manifest's hash (a forged manifest alone removes nothing). */
function removable(text: string, entry: { sha256: string }): boolean {
  return parseHeader(text) !== null && entry.sha256 === sha256(text);
}

function loadOldManifest(outDir: string, force: boolean): Manifest | null {
  try { return readManifest(outDir); } catch (e) {
    if (e instanceof ManifestError) {
      if (force) return null;
      throw new ConflictError(e.message);
    }
    throw e;
  }
}

/** The output directory must be a directory, or absent; a dangling or looping symlink is named as such. */
export function checkOutDir(outDir: string): void {
  let isLink = false;
  try { isLink = lstatSync(outDir).isSymbolicLink(); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    asOutputError(e, `cannot use the output directory ${outDir}`);
  }
  try {
    if (!statSync(outDir).isDirectory()) throw new ConflictError(`${outDir} is not a directory`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isLink && code === "ENOENT") throw new OutputError(`the output directory ${outDir} is a symlink to something that does not exist; fix or remove the link, or choose another --out`);
    if (code === "ELOOP") throw new OutputError(`the output directory ${outDir} is a symlink loop; fix or remove the link, or choose another --out`);
    asOutputError(e, `cannot use the output directory ${outDir}`);
  }
}

/**
 * A run's files as a sequence of batches (one emitter part each, run.ts streamLoaded): each batch is
 * checked, staged and let go before the next is asked for, so the writer holds one part's content,
 * never the whole output. The switch is still one journal at the end.
 */
export interface StreamApplyOptions extends Omit<ApplyOptions, "files"> {
  readonly parts: Iterable<readonly RenderedFile[]>;
  /**
   * `parts` is lazy and looks reused files up as it is iterated, that is under this writer's lock
   * (run.ts streamLoaded): a file marked onDisk is then counted unchanged without being read again.
   * Otherwise (files rendered before the lock was taken) every file is compared with the disk.
   */
  readonly lookedUpUnderLock?: boolean;
}

/** Writes the files (see the rules above), one fsync after the other: for the library's synchronous generate(). */
export function apply(opts: ApplyOptions): ApplyResult {
  checkOutDir(opts.outDir);
  try {
    return withLock(opts.outDir, () => runSync(applySteps({ ...opts, parts: [opts.files] })));
  } catch (e) {
    asOutputError(e, `cannot write ${opts.outDir}`);
  }
}

/** apply, with each batch of fsyncs issued at once (see SyncSteps). */
export async function applyAsync(opts: ApplyOptions): Promise<ApplyResult> {
  return applyStreaming({ ...opts, parts: [opts.files] });
}

/** applyAsync for files rendered part by part, under the lock: what `hcgen generate` runs. */
export async function applyStreaming(opts: StreamApplyOptions): Promise<ApplyResult> {
  checkOutDir(opts.outDir);
  try {
    return await withLockAsync(opts.outDir, () => runConcurrently(applySteps(opts)));
  } catch (e) {
    asOutputError(e, `cannot write ${opts.outDir}`);
  }
}

function* applySteps(opts: StreamApplyOptions): SyncSteps<ApplyResult> {
  const { outDir } = opts;
  const force = opts.force ?? false;
  const recovered = recover(outDir);
  const old = loadOldManifest(outDir, force);
  const oldEntries = new Map((old?.files ?? []).map((e) => [e.path, e]));
  const stats = opts.stats ?? null;

  // Part by part: decide each file, stage the ones to write. A refusal (a file hcgen does not own)
  // stops staging, but every part is still decided so the error lists every such file; the staged
  // temp files (and directories made for them) are then removed: nothing was committed, so the
  // directory is exactly as it was. Only path, kind, hash and stamp of each file outlive its part.
  const records: FileRecord[] = [];
  const written: string[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  const removals: Removal[] = [];
  const kept: string[] = [];
  // The file being staged, and for a streamed one the digest of what is on disk: whether it is
  // unchanged is known only once its pieces are written and hashed (see stageAll's onStaged).
  let staging: { file: RenderedFile; disk: Digest | null } | null = null;
  function* toStage(): Generator<ToStage> {
    for (const part of opts.parts) {
      const toWrite: { file: RenderedFile; current: string | null; disk: Digest | null }[] = [];
      for (const f of part) {
        // Reused from disk moments ago, under this lock: these very bytes are there.
        if (opts.lookedUpUnderLock === true && f.onDisk !== undefined) { unchanged.push(f.path); records.push(recordOf(f, f.onDisk)); continue; }
        let current: string | null = null;
        let disk: Digest | null = null;
        const streamed = f.chunks !== undefined || f.staged !== undefined;
        try {
          if (streamed) disk = digestRegular(safeTarget(outDir, f.path), undefined, stats === null ? undefined : { stats, rel: f.path });
          else current = readRegular(safeTarget(outDir, f.path));
        } catch (e) {
          if (!(e instanceof OutputError) || e instanceof UnreadableOutput) throw e;
          conflicts.push(`${f.path} (${e.message})`);
          continue;
        }
        if (streamed) {
          if (disk === null || force || ownsDigest(disk, oldEntries.get(f.path))) toWrite.push({ file: f, current: null, disk });
          else conflicts.push(f.path);
        } else if (current === f.content) { unchanged.push(f.path); records.push(recordOf(f)); }
        else if (current === null || force || ownsContent(current, oldEntries.get(f.path))) toWrite.push({ file: f, current, disk: null });
        else conflicts.push(f.path);
      }
      if (conflicts.length > 0) continue;
      for (const [i, { file, current, disk }] of toWrite.entries()) {
        staging = { file, disk };
        opts.onProgress?.(i + 1, toWrite.length, file.path);
        const streamedContent = file.staged ?? file.chunks;
        yield streamedContent !== undefined
          ? { path: file.path, content: streamedContent, current: null, replaces: disk?.sha256 ?? null }
          : { path: file.path, content: file.content, current };
      }
      staging = null;
    }
    if (conflicts.length > 0) {
      const list = conflicts.map((p) => `  ${join(outDir, p)}`).join("\n");
      throw new ConflictError(`refusing to overwrite ${conflicts.length === 1 ? "a file" : "files"} hcgen did not generate:\n${list}\n`
        + "hcgen writes only files listed in its manifest or carrying its \"Code generated by hcgen\" header.\n"
        + "Move the file(s) away, choose another --out, or pass --force to overwrite.");
    }
    // Stale outputs: owned before, of a kind generated now, not produced any more.
    const produced = new Set(records.map((r) => r.path));
    for (const e of old?.files ?? []) {
      if (!opts.kinds.includes(e.kind) || produced.has(e.path)) continue;
      let current: string | null;
      try { current = readRegular(safeTarget(outDir, e.path)); } catch (err) {
        if (!(err instanceof OutputError)) throw err;
        kept.push(e.path);
        continue;
      }
      if (current === null) continue;
      if (!removable(current, e)) { kept.push(e.path); continue; }
      removals.push({ path: e.path, sha256: sha256(current) });
    }
    const manifest = serializeManifest(nextManifest(old, records, opts.kinds, opts.specs, undefined, opts.validatedInputs));
    const currentManifest = readRegular(safeTarget(outDir, MANIFEST_NAME));
    if (currentManifest !== manifest) yield { path: MANIFEST_NAME, content: manifest, current: currentManifest };
  }

  // Stage every new file (the old set is untouched until the commit), then switch. A failed
  // stage removes what it staged (not committed: only orphans).
  // Each file is encoded to UTF-8 once: the manifest's hash of a written file comes from the bytes
  // staged for it (at 10k calls the outputs are 360 MB; encoding them was a tenth of the run).
  let moves: Move[];
  try {
    moves = yield* stageAll(outDir, toStage(), (_i, path, sha) => {
      if (staging === null) return true; // the manifest
      records.push(recordOf(staging.file, sha));
      if (staging.disk?.sha256 === sha) { unchanged.push(path); return false; }
      written.push(path);
      return true;
    });
  } catch (e) {
    asOutputError(e, `cannot write ${outDir}`);
  }
  if (moves.length > 0 || removals.length > 0) yield* commitSteps(outDir, { format: JOURNAL_FORMAT, moves, removals }, stats);
  return { total: records.length, written, unchanged, removed: removals.map((r) => r.path), kept, recovered,
    files: new Map([...(old?.files ?? []).filter((e) => !opts.kinds.includes(e.kind)).map((e): [string, string] => [e.path, e.sha256]),
      ...records.map((r): [string, string] => [r.path, r.sha256])]) };
}

/**
 * Writes some of a run's files (the fast pass of `hcgen watch`) with generate's safety: under the
 * output lock, after completing an interrupted switch, only over files hcgen owns and the manifest
 * lists, staged and switched through the journal together with the manifest's updated hashes for
 * them, so a run killed at any point leaves the old files or the new ones and a manifest that
 * matches. New paths, stale files and conflicts are left to the full apply that follows. Returns
 * the paths written.
 */
export function applyPart(outDir: string, files: readonly RenderedFile[]): string[] {
  checkOutDir(outDir);
  try {
    return withLock(outDir, () => applyPartLocked(outDir, files), "watch");
  } catch (e) {
    asOutputError(e, `cannot write ${outDir}`);
  }
}

function applyPartLocked(outDir: string, files: readonly RenderedFile[]): string[] {
  recover(outDir);
  let old: Manifest | null;
  try { old = readManifest(outDir); } catch (e) { if (e instanceof ManifestError) return []; throw e; }
  if (old === null) return [];
  const entries = new Map(old.files.map((e) => [e.path, e]));
  // `content` read once per file: for a streamed file (RenderedFile.chunks) each read joins its pieces again.
  const toWrite: { file: RenderedFile; content: string; current: string }[] = [];
  for (const f of files) {
    const entry = entries.get(f.path);
    if (entry === undefined || entry.kind !== f.kind) continue;
    let current: string | null;
    try { current = readRegular(safeTarget(outDir, f.path)); } catch (e) { if (e instanceof OutputError) continue; throw e; }
    if (current === null) continue;
    const content = f.content;
    if (current === content || !ownsContent(current, entry)) continue;
    toWrite.push({ file: f, content, current });
  }
  if (toWrite.length === 0) return [];
  let moves: Move[];
  try {
    const hashes = new Map(toWrite.map(({ file, content }) => [file.path, sha256(content)]));
    const manifest = serializeManifest({ ...old, files: old.files.map((e) => ({ ...e, sha256: hashes.get(e.path) ?? e.sha256 })) });
    const toStage: ToStage[] = [...toWrite.map(({ file, content, current }) => ({ path: file.path, content, current })),
      { path: MANIFEST_NAME, content: manifest, current: readRegular(safeTarget(outDir, MANIFEST_NAME)) }];
    moves = runSync(stageAll(outDir, toStage));
  } catch (e) {
    asOutputError(e, `cannot write ${outDir}`);
  }
  commit(outDir, { format: JOURNAL_FORMAT, moves, removals: [] });
  return toWrite.map((w) => w.file.path);
}
