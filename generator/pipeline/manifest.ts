// generated/.hcgen-manifest.json: the files hcgen owns in an output directory. Ownership is what
// lets generate remove outputs that are no longer produced while never touching a user's own
// files that live next to them. The spec hashes let `hcgen check` say which spec changed.
// Format 2 adds the record incremental generation trusts (emission.ts): the generator that wrote
// the files and, per file, the key of the inputs it was emitted from. A format 1 manifest is still
// read (it has no such record, so the next generate emits everything and writes format 2).
// A format 2 manifest may also carry `validated` (up-to-date.ts): the record that lets a generate
// whose inputs did not change stop before building the model.
import { createHash } from "node:crypto";
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { OUTPUT_KINDS } from "../output-kinds.js";
import type { OutputKind } from "../emit/types.js";
import { readBoundedText, ReadRefused } from "../read-bounded.js";
import { describeFsError, OutputError } from "./fsops.js";
import { MANIFEST_NAME, unsafeOutputPath } from "./names.js";
import type { RenderedFile } from "./render.js";
import { sha256 } from "./header.js";
import { STAMP, stamps } from "./stamps.js";
import { generatorId } from "./generator-id.js";

export const MANIFEST_FORMAT = "hcgen-manifest/2";
const READABLE_FORMATS: readonly string[] = ["hcgen-manifest/1", MANIFEST_FORMAT];
const GENERATOR = /^sha256:[0-9a-f]{32}$/;

export interface ManifestEntry {
  readonly path: string;
  readonly kind: OutputKind;
  /** sha256 (hex) of the file's full content as written. */
  readonly sha256: string;
  /** The key of the inputs this content was emitted from and a digest of its part's paths (emission.ts stamp); absent: never reused. */
  readonly input?: string;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  /** Spec file -> "sha256:<16 hex>" of its bytes at the last generate. */
  readonly specs: Readonly<Record<string, string>>;
  /** generatorId() of the hcgen that wrote the entries' `input` keys; absent: none is reused. */
  readonly generator?: string;
  /**
   * validatedStamp() of the last generate whose specs had no diagnostic at all: that the generator
   * turns exactly those inputs into exactly the entries of the kinds it generated. Absent: no such record.
   */
  readonly validated?: string;
  readonly files: readonly ManifestEntry[];
}

export class ManifestError extends OutputError {
  override readonly name = "ManifestError";
}

/** A manifest lists files, not calls: a few hundred bytes per output file. 16 MiB is tens of thousands of files. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

const HOW_TO_FIX = "delete it (hcgen then owns no file there and overwrites none without --force) and run generate again";

/**
 * The manifest in `outDir`, null when there is none. Throws ManifestError when it is not ours or
 * not sound: a repository can carry a forged manifest, so every entry is checked before it is
 * trusted (a path outside the output directory, a null entry or a bad hash is refused, not skipped).
 */
export function readManifest(outDir: string): Manifest | null {
  return readManifestFile(outDir)?.manifest ?? null;
}

/** readManifest, with the text it was parsed from (to compare with the text a run would write). */
export function readManifestFile(outDir: string): { manifest: Manifest; text: string } | null {
  const file = join(outDir, MANIFEST_NAME);
  let text: string;
  try {
    // Never through a symlink (it could point at /dev/zero or a file outside), never more than the cap.
    if (lstatSync(file).isSymbolicLink()) throw new ManifestError(`${file} is a symlink, not an hcgen manifest; ${HOW_TO_FIX}`);
    text = readBoundedText(file, MAX_MANIFEST_BYTES);
  } catch (e) {
    if (e instanceof ManifestError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (e instanceof ReadRefused) {
      if (e.reason === "too-large") throw new ManifestError(`${file} ${e.message} for a manifest; ${HOW_TO_FIX}`);
      if (e.reason === "not-regular") throw new ManifestError(`${file} ${e.message.replace(", not a regular file", "")}, not an hcgen manifest; ${HOW_TO_FIX}`);
      throw new ManifestError(`cannot read the manifest ${file}: ${e.message}`);
    }
    const why = describeFsError(e);
    if (why) throw new ManifestError(`cannot read the manifest ${file}: ${why.replace(`${file}: `, "")}`);
    throw e;
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) {
    throw new ManifestError(`${file} is not valid JSON (${(e as Error).message}); ${HOW_TO_FIX}`);
  }
  const m = json as Partial<Manifest> | null;
  if (m === null || typeof m !== "object" || Array.isArray(m) || typeof m.format !== "string" || !READABLE_FORMATS.includes(m.format) || !Array.isArray(m.files)) {
    throw new ManifestError(`${file} is not an hcgen manifest (format ${MANIFEST_FORMAT}); move it away or pass --force`);
  }
  const bad = (what: string) => new ManifestError(`${file}: ${what}; hcgen refuses to use this manifest (it may come from an untrusted change): ${HOW_TO_FIX}`);
  const specs = m.specs ?? {};
  if (specs === null || typeof specs !== "object" || Array.isArray(specs) || Object.values(specs).some((v) => typeof v !== "string")) {
    throw bad("'specs' must map spec file names to hash strings");
  }
  if (m.generator !== undefined && (typeof m.generator !== "string" || !GENERATOR.test(m.generator))) throw bad("'generator' is not a generator id (sha256:<32 hex>)");
  if (m.validated !== undefined && (typeof m.validated !== "string" || !GENERATOR.test(m.validated))) throw bad("'validated' is not a validation record (sha256:<32 hex>)");
  const kinds = new Set<string>(OUTPUT_KINDS);
  const seen = new Set<string>();
  const files: ManifestEntry[] = [];
  m.files.forEach((e: unknown, i: number) => {
    if (e === null || typeof e !== "object" || Array.isArray(e)) throw bad(`files[${i}] is ${e === null ? "null" : typeof e}, not an entry`);
    const entry = e as Record<string, unknown>;
    const why = unsafeOutputPath(entry["path"]);
    if (why) throw bad(`files[${i}].path ${JSON.stringify(entry["path"])} ${why}`);
    if (typeof entry["kind"] !== "string" || !kinds.has(entry["kind"])) throw bad(`files[${i}].kind ${JSON.stringify(entry["kind"])} is not one of ${OUTPUT_KINDS.join(", ")}`);
    if (typeof entry["sha256"] !== "string" || !/^[0-9a-f]{64}$/.test(entry["sha256"])) throw bad(`files[${i}].sha256 is not 64 hex digits`);
    const input = entry["input"];
    if (input !== undefined && (typeof input !== "string" || !STAMP.test(input))) throw bad(`files[${i}].input is not an input stamp (sha256:<32 hex>:<8 hex>)`);
    const path = entry["path"] as string;
    if (seen.has(path)) throw bad(`files[${i}].path '${path}' is listed twice`);
    seen.add(path);
    files.push({ path, kind: entry["kind"] as OutputKind, sha256: entry["sha256"], ...(input !== undefined ? { input } : {}) });
  });
  // Format 1 has no emission record: its files are owned, never reused.
  const v2 = m.format === MANIFEST_FORMAT;
  const generator = v2 && typeof m.generator === "string" ? { generator: m.generator } : {};
  const validated = v2 && typeof m.validated === "string" ? { validated: m.validated } : {};
  return { manifest: { format: MANIFEST_FORMAT, specs: { ...(specs as Record<string, string>) }, ...generator, ...validated, files }, text };
}

/**
 * The `validated` record: a digest of a run's inputs (up-to-date.ts inputsDigest, which names the
 * generator) and of the entries of the `kinds` it generated, so a record stays true wherever it is
 * carried: it holds only for those inputs and exactly those entries (an entry edited, added or lost
 * no longer matches it).
 */
export function validatedStamp(inputs: string, entries: readonly ManifestEntry[], kinds: readonly OutputKind[]): string {
  const h = createHash("sha256").update(`hcgen-validated/1\n${inputs}\n`);
  for (const e of entries) if (kinds.includes(e.kind)) h.update(`${JSON.stringify([e.path, e.kind, e.sha256, e.input ?? null])}\n`);
  return `sha256:${h.digest("hex").slice(0, 32)}`;
}

const shas = new WeakMap<RenderedFile, string>();

/**
 * sha256 of a rendered file's content, hashed once per file object: watch keeps the files of
 * unchanged parts from cycle to cycle, and the catalog's outputs are about 15 MB.
 */
export function contentSha(f: RenderedFile, known?: string): string {
  let h = shas.get(f);
  if (h === undefined) { h = known ?? sha256(f.content); shas.set(f, h); }
  return h;
}

/** What the manifest records of one produced file: all a streaming writer keeps once the file is staged. */
export interface FileRecord {
  readonly path: string;
  readonly kind: OutputKind;
  /** sha256 (hex) of the content as written. */
  readonly sha256: string;
  /** Key of the emitter part that made it (RenderedFile.input). */
  readonly input?: string;
}

/** A rendered file's record; `sha` when its hash is already known (from the bytes staged for it). */
export function recordOf(f: RenderedFile, sha?: string): FileRecord {
  return { path: f.path, kind: f.kind, sha256: contentSha(f, sha), ...(f.input !== undefined ? { input: f.input } : {}) };
}

/**
 * The manifest after generating `files` for the selected `kinds`: entries of other kinds (not
 * regenerated this run, e.g. under --only) are carried over, their stamps only when `generator` (the
 * generatorId() of this run, null when unknown) is the one that wrote them. `inputs` (up-to-date.ts
 * inputsDigest) records that these files are what the generator makes of those inputs, without a
 * diagnostic; null: no record; absent: the old record is kept when the generator is the same (it
 * describes inputs and entries, so it stays true, and matches again only if they come back).
 */
export function nextManifest(old: Manifest | null, files: readonly FileRecord[], kinds: readonly OutputKind[],
  specs: Readonly<Record<string, string>>, generator: string | null = generatorId(), inputs?: string | null): Manifest {
  const produced = new Set(files.map((f) => f.path));
  // Kept entries' keys were made by the old generator: they stay only if it is this one.
  const keepKeys = generator !== null && old?.generator === generator;
  const keep = (old?.files ?? []).filter((e) => !kinds.includes(e.kind) && !produced.has(e.path))
    .map((e) => (keepKeys || e.input === undefined ? e : { path: e.path, kind: e.kind, sha256: e.sha256 }));
  const stamped = stamps(files);
  const made = files.map((f) => ({ path: f.path, kind: f.kind, sha256: f.sha256,
    ...(stamped.has(f.path) ? { input: stamped.get(f.path)! } : {}) }));
  const entries = [...keep, ...made].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const sortedSpecs = Object.fromEntries(Object.entries(specs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const validated = generator === null ? undefined
    : typeof inputs === "string" ? validatedStamp(inputs, entries, kinds)
      : inputs === undefined && keepKeys ? old?.validated : undefined;
  return { format: MANIFEST_FORMAT, specs: sortedSpecs, ...(generator !== null ? { generator } : {}),
    ...(validated !== undefined ? { validated } : {}), files: entries };
}

export function serializeManifest(m: Manifest): string {
  const body = {
    $comment: "Files hcgen owns in this directory: generate rewrites and removes only these. DO NOT EDIT.",
    format: m.format,
    specs: m.specs,
    ...(m.generator !== undefined ? { generator: m.generator } : {}),
    ...(m.validated !== undefined ? { validated: m.validated } : {}),
    files: m.files.map((e) => ({ path: e.path, kind: e.kind, sha256: e.sha256, ...(e.input !== undefined ? { input: e.input } : {}) })),
  };
  return JSON.stringify(body, null, 2) + "\n";
}
