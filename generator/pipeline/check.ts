// `hcgen check`: compares what generate would write with what is in the output directory, without
// writing, and explains every difference well enough to act on it in CI.
import type { OutputKind } from "../emit/types.js";
import { diffExcerpt, type DiffExcerpt } from "./diff.js";
import { createHash, type Hash } from "node:crypto";
import { encodeBlocks } from "./chunks.js";
import { compareRegular, OutputError, readRegular, safeTarget, UnreadableOutput, type DiskMatch } from "./fsops.js";
import { parseHeader, sha256 } from "./header.js";
import { ManifestError, nextManifest, readManifest, recordOf, serializeManifest, type FileRecord, type Manifest } from "./manifest.js";
import { generatorId } from "./generator-id.js";
import { MANIFEST_NAME } from "./names.js";
import type { RenderedFile } from "./render.js";

export interface StaleFile {
  readonly path: string;
  readonly sources: readonly string[];
  /** Sources whose bytes differ from those recorded at the last generate. */
  readonly changedSpecs: readonly string[];
  readonly reason: "spec changed" | "edited by hand" | "generator changed";
  readonly diff: DiffExcerpt;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly stale: readonly StaleFile[];
  readonly missing: readonly { path: string; sources: readonly string[] }[];
  /** Owned files that generate would remove. */
  readonly extra: readonly string[];
  readonly manifestStale: boolean;
  readonly problem?: string;
  /** How to fix `problem` when regenerating would not. */
  readonly fix?: string;
  /** Files generate would produce (absent when a problem stopped the comparison). */
  readonly total?: number;
}

export function checkOutputs(outDir: string, files: readonly RenderedFile[], kinds: readonly OutputKind[],
  specs: Readonly<Record<string, string>>): CheckResult {
  return checkParts(outDir, [files], kinds, specs);
}

/**
 * checkOutputs for files rendered part by part (run.ts streamLoaded): each part is compared and let
 * go before the next, keeping only what the report and the manifest need.
 */
export function checkParts(outDir: string, parts: Iterable<readonly RenderedFile[]>, kinds: readonly OutputKind[],
  specs: Readonly<Record<string, string>>): CheckResult {
  // An output that exists but cannot be read is neither stale nor missing: report it as the problem.
  try { return compareOutputs(outDir, parts, kinds, specs); } catch (e) {
    if (!(e instanceof UnreadableOutput)) throw e;
    return { ok: false, stale: [], missing: [], extra: [], manifestStale: false, problem: e.message,
      fix: "make it readable by the user running hcgen (check its owner and mode, e.g. chmod u+r), then check again; generate cannot fix this, it must read the file too" };
  }
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function compareOutputs(outDir: string, parts: Iterable<readonly RenderedFile[]>, kinds: readonly OutputKind[],
  specs: Readonly<Record<string, string>>): CheckResult {
  let old: Manifest | null;
  try { old = readManifest(outDir); } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    return { ok: false, stale: [], missing: [], extra: [], manifestStale: true, problem: e.message };
  }
  const entries = new Map((old?.files ?? []).map((e) => [e.path, e]));
  const stale: StaleFile[] = [];
  const missing: { path: string; sources: readonly string[] }[] = [];
  const records: FileRecord[] = [];
  for (const part of parts) {
    for (const f of part) {
      let current: string | null;
      if (f.chunks || f.digest) {
        // A streamed file is compared with the file on disk a block at a time, and only its own bytes
        // are hashed (for the manifest); a render helper (render-helper.ts) did both already. Only a
        // stale file is read whole, for its diff.
        let match: DiskMatch;
        if (f.digest) {
          records.push(recordOf(f, f.digest.sha256));
          match = f.digest.disk;
        } else {
          const h = createHash("sha256");
          match = compareOutput(outDir, f.path, encodeBlocks(f.chunks!()), h);
          records.push(recordOf(f, h.digest("hex")));
        }
        if (match === "none") { missing.push({ path: f.path, sources: f.sources }); continue; }
        if (match === "same") continue;
        current = readOutput(outDir, f.path);
        if (current === null) { missing.push({ path: f.path, sources: f.sources }); continue; }
      } else {
        records.push(recordOf(f));
        current = readOutput(outDir, f.path);
        if (current === null) { missing.push({ path: f.path, sources: f.sources }); continue; }
        if (current === f.content) continue;
      }
      const content = f.content;
      const changedSpecs = f.sources.filter((s) => old?.specs[s] !== undefined && old.specs[s] !== specs[s]);
      const entry = entries.get(f.path);
      const sameInputs = parseHeader(current)?.inputHash === f.inputHash;
      const reason = !sameInputs ? "spec changed"
        : entry && entry.sha256 !== sha256(current) ? "edited by hand" : "generator changed";
      stale.push({ path: f.path, sources: f.sources, changedSpecs, reason, diff: diffExcerpt(current, content) });
    }
  }
  // Reported in path order, as when every file was rendered before the comparison.
  stale.sort(byPath);
  missing.sort(byPath);
  const produced = new Set(records.map((r) => r.path));
  const extra = new Set<string>();
  for (const e of old?.files ?? []) {
    if (kinds.includes(e.kind) && !produced.has(e.path) && readOutput(outDir, e.path) !== null) extra.add(e.path);
  }
  // The `generator` stamp names the hcgen build that last wrote the tree; it changes with every build
  // of hcgen, not with the output, so check compares everything but it (and renders every file).
  const manifest = serializeManifest(nextManifest(old, records, kinds, specs, old ? old.generator ?? null : generatorId()));
  const manifestStale = readOutput(outDir, MANIFEST_NAME) !== manifest;
  const ok = stale.length === 0 && missing.length === 0 && extra.size === 0 && !manifestStale;
  return { ok, stale, missing, extra: [...extra].sort(), manifestStale, total: records.length };
}

/** A file in the output directory, null when absent or not a regular file reached without a symlink (never read through one). */
function readOutput(outDir: string, rel: string): string | null {
  try { return readRegular(safeTarget(outDir, rel)); } catch (e) {
    if (e instanceof OutputError && !(e instanceof UnreadableOutput)) return null;
    throw e;
  }
}

/** readOutput for a streamed file: compared a block at a time (fsops.ts compareRegular), never read whole. */
export function compareOutput(outDir: string, rel: string, blocks: Iterable<Uint8Array>, hash: Hash): DiskMatch {
  let target: string;
  try { target = safeTarget(outDir, rel); } catch (e) {
    if (!(e instanceof OutputError) || e instanceof UnreadableOutput) throw e;
    for (const b of blocks) hash.update(b);
    return "none";
  }
  return compareRegular(target, blocks, hash);
}

const MAX_DIFFS = 8;

/** The human report for a failed check; `outShown` is the output dir as the user should see it. */
export function formatCheckReport(r: CheckResult, outShown: string, fix: string): string {
  const lines: string[] = [];
  if (r.problem) {
    lines.push(`hcgen check: ${r.problem}`);
  } else {
    const counts = [[r.stale.length, "stale"], [r.missing.length, "missing"], [r.extra.length, "extra"]]
      .filter(([n]) => n !== 0).map(([n, what]) => `${n} ${what}`);
    if (r.manifestStale) counts.push("manifest out of date");
    lines.push(`hcgen check: ${outShown} is out of date (${counts.join(", ")})`, "");
  }
  r.stale.forEach((s, i) => {
    const why = s.reason === "spec changed"
      ? `${s.changedSpecs.length > 0 ? s.changedSpecs.join(", ") : s.sources.join(", ")} changed since the last generate`
      : s.reason === "edited by hand" ? "the file was edited by hand (its specs did not change)"
        : "hcgen's output changed for the same specs (hcgen or an emitter was updated)";
    lines.push(`${outShown}${s.path}: stale, line ${s.diff.firstLine}: ${why}`);
    if (i < MAX_DIFFS) {
      lines.push(...s.diff.lines.map((l) => `    ${l}`));
      if (s.diff.omitted > 0) lines.push(`    ... ${s.diff.omitted} more changed line${s.diff.omitted === 1 ? "" : "s"}`);
    }
  });
  if (r.stale.length > MAX_DIFFS) lines.push(`(diffs shown for the first ${MAX_DIFFS} stale files)`);
  for (const m of r.missing) lines.push(`${outShown}${m.path}: missing (generated from ${m.sources.join(", ") || "no spec"})`);
  for (const e of r.extra) lines.push(`${outShown}${e}: extra (hcgen generated it, but no spec produces it any more)`);
  if (r.manifestStale && !r.problem) lines.push(`${outShown}${MANIFEST_NAME}: out of date`);
  lines.push("", `fix: ${r.fix ?? `run \`${fix}\` and commit the result`}.`);
  return lines.join("\n") + "\n";
}
