// The shortcut of an `hcgen generate` that has nothing to do: when the inputs are the ones the last
// generate recorded and every output is on disk as recorded, say so without building the model or
// loading an emitter (a cold catalog run spent most of its time on both, to rewrite nothing).
//
// The record is the manifest's `validated` field (manifest.ts validatedStamp), written by a full
// generate only when its specs had no diagnostic at all (no error, no warning): a digest of
// everything that run's model, diagnostics and files are a function of (inputsDigest below) and of
// the manifest entries it produced. The generator is deterministic, so the same inputs give the same
// entries with no diagnostic again: the full run would find every file unchanged, remove nothing,
// rewrite no manifest and print the same summary. Each check below guards one of those claims; any
// doubt (a spec that cannot be read, a lock file or schema that changed, a journal or temp file
// left behind, a manifest that is not exactly what the run would write, an output that is missing,
// edited or carries another header) returns a reason, and generate takes the full path.
//
// What the inputs are: the generator (generator-id.ts: build, templates, yaml and handlebars,
// version), the selected kinds and emit options (from flags and hcgen.config.yaml), each spec's name,
// shown name and bytes in the order they are found, and what validation reads besides the specs
// (lockInputs): the hcgen.lock of each spec directory (the HC301 lock checks), ajv's and Node's versions, and
// the JSON Schema validated with (compiled at run time when it differs from the build's). A full run
// makes the record (run.ts startRecord) from the very bytes it validated, and only when the lock
// files read the same before and after validation.
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { EmitOptions, OutputKind } from "../emit/types.js";
import { MAX_SPEC_BYTES } from "../load.js";
import { readBounded, ReadRefused } from "../read-bounded.js";
import { SCHEMA_URL } from "../schema-file.js";
import { displayPath, findSpecFiles, LOCK_NAME as SPEC_LOCK_NAME, MAX_LOCK_BYTES, shownName } from "../spec-files.js";
import { hashThroughRecord, MAX_OUTPUT_READ_BYTES, OutputError } from "./fsops.js";
import { generatorId, libraryVersion } from "./generator-id.js";
import { inputHash, sha256 } from "./header.js";
import { withLock } from "./lock.js";
import type { OutputStats } from "./output-stats.js";
import { nextManifest, readManifestFile, serializeManifest, validatedStamp, type FileRecord } from "./manifest.js";
import { JOURNAL_NAME, MANIFEST_NAME, TEMP_PREFIX } from "./names.js";
import { headerMatcher } from "./reuse-check.js";
import { HCGEN_VERSION } from "./version.js";


/**
 * What validating specs of these names reads besides the specs and the schema, as one string, or
 * null when some of it cannot be read (then there is no record and no shortcut): the hcgen.lock of
 * each spec directory, the versions of ajv and Node. `names` as the model names the specs (relative to `cwd` or absolute).
 */
export function lockInputs(names: Iterable<string>, cwd: string): string | null {
  const lines: string[] = [];
  for (const dir of new Set([...names].map((n) => dirname(resolve(cwd, n))))) {
    let bytes: Buffer | null;
    try { bytes = readBounded(join(dir, SPEC_LOCK_NAME), MAX_LOCK_BYTES); } catch (e) {
      if (e instanceof ReadRefused && e.code === "ENOENT") bytes = null; else return null;
    }
    lines.push(`lock ${JSON.stringify(displayPath(dir, cwd))} ${bytes === null ? "none" : sha256(bytes)}`);
  }
  // Node too: its built-ins (sorting, JSON, Intl) take part in validating and emitting.
  lines.push(`ajv ${libraryVersion("ajv")}`, `node ${process.version}`);
  return lines.join("\n");
}

/** The schema file's hash as schema-check.ts schemaInUse() gives it, null when it cannot be read. */
function schemaFileHash(): string | null {
  try { return sha256(readFileSync(SCHEMA_URL, "utf8")); } catch { return null; }
}

export interface RunInputs {
  readonly generator: string;
  readonly kinds: readonly OutputKind[];
  readonly options: EmitOptions;
  /** The directory spec names are relative to (SharedSettings.root). */
  readonly cwd: string;
}

/**
 * The digest of a run's inputs: spec bytes by name (in the order found), lockInputs() of them, the
 * hash of the schema validated with (schema-check.ts schemaInUse), the rest of `run`.
 */
export function inputsDigest(specBytes: ReadonlyMap<string, Uint8Array>, locks: string, schema: string, run: RunInputs): string {
  const h = createHash("sha256").update(`hcgen-inputs/1\n${run.generator}\n${run.kinds.join(",")}\n${JSON.stringify(run.options)}\n${locks}\nschema ${schema}\n`);
  for (const [name, bytes] of specBytes) {
    const shown = shownName(name, run.cwd);
    h.update(`spec ${JSON.stringify(name)} ${JSON.stringify(shown)} ${sha256(bytes)}\n`);
  }
  return `sha256:${h.digest("hex").slice(0, 32)}`;
}

/** The manifest's `specs` map for these spec bytes, as run.ts loadSpecs makes it. */
export function specHashes(specBytes: ReadonlyMap<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries([...specBytes].map(([name, bytes]) => [name, inputHash([{ name, bytes }], HCGEN_VERSION, "spec", null)]));
}

export interface UpToDateInput {
  /** Spec files or directories (SharedSettings.inputs). */
  readonly inputs: readonly string[];
  readonly outDir: string;
  readonly cwd: string;
  readonly kinds: readonly OutputKind[];
  readonly options: EmitOptions;
  /** What earlier runs hashed (output-stats.ts): a file with the recorded stat is not read again. */
  readonly stats?: OutputStats | null;
}

/** What the full run would have reported: every file unchanged, `parts` emitter parts reused. */
export interface UpToDate {
  readonly total: number;
  readonly parts: number;
  /** Each output's path and sha256 as the manifest records them, of every kind (for OutputStats.save). */
  readonly files: ReadonlyMap<string, string>;
}

/** `upToDate`, or why not (for tests and the curious; generate just takes the full path). */
export function checkUpToDate(o: UpToDateInput): UpToDate | string {
  const generator = generatorId();
  if (generator === null) return "the generator's identity is unknown (an unstamped build)";
  // No manifest: nothing recorded (and locking would create the output directory).
  try { lstatSync(join(o.outDir, MANIFEST_NAME)); } catch { return "no manifest"; }
  const files = findSpecFiles(o.inputs);
  if (files.length === 0) return "no spec files";
  const specBytes = new Map<string, Uint8Array>();
  for (const f of files) {
    try { specBytes.set(displayPath(f, o.cwd), readBounded(f, MAX_SPEC_BYTES)); } catch { return `cannot read ${f}`; }
  }
  // A spec given twice is an error (HC118) the record, made of distinct names, cannot describe.
  if (specBytes.size !== files.length) return "a spec file is given twice";
  const locks = lockInputs(specBytes.keys(), o.cwd);
  if (locks === null) return "cannot read a lock file";
  const schema = schemaFileHash();
  if (schema === null) return "cannot read the schema";
  const inputs = inputsDigest(specBytes, locks, schema, { generator, kinds: o.kinds, options: o.options, cwd: o.cwd });
  try {
    // Under the output lock, as the full run: a run writing meanwhile is reported by the full path.
    return withLock(o.outDir, () => verify(o, generator, inputs, specBytes));
  } catch (e) {
    if (e instanceof OutputError) return `the output directory: ${e.message}`;
    throw e;
  }
}

function verify(o: UpToDateInput, generator: string, inputs: string, specBytes: ReadonlyMap<string, Uint8Array>): UpToDate | string {
  // Left by an interrupted run: the full path completes or removes it (and says so).
  try { lstatSync(join(o.outDir, JOURNAL_NAME)); return "an interrupted run left a journal"; } catch { /* none */ }
  const tree = scanTree(o.outDir);
  if (tree.temps > 0) return "an interrupted run left temporary files";
  let read;
  try { read = readManifestFile(o.outDir); } catch (e) {
    if (e instanceof OutputError) return `the manifest: ${e.message}`;
    throw e;
  }
  if (read === null) return "no manifest";
  const m = read.manifest;
  if (m.generator !== generator) return "another generator wrote the manifest";
  if (m.validated === undefined) return "the manifest has no validation record";
  if (validatedStamp(inputs, m.files, o.kinds) !== m.validated) return "the inputs or the manifest's entries differ from the record";
  // The manifest must be byte for byte the one the full run would write: same specs map, stamps, order.
  const mine = m.files.filter((e) => o.kinds.includes(e.kind));
  const records: FileRecord[] = mine.map((e) => ({ path: e.path, kind: e.kind, sha256: e.sha256,
    ...(e.input !== undefined ? { input: e.input.slice(0, e.input.lastIndexOf(":")) } : {}) }));
  if (serializeManifest(nextManifest(m, records, o.kinds, specHashes(specBytes), generator, inputs)) !== read.text) return "the manifest is not the one a run would write";
  const matches = headerMatcher(specBytes, o.options, o.cwd);
  const digest = digester(o.stats ?? null);
  for (const e of mine) {
    // As fsops.ts safeTarget, from the walk above: no symlink between the output directory and the file.
    const segs = e.path.split("/");
    for (let i = 1; i < segs.length; i++) if (tree.kinds.get(segs.slice(0, i).join("/")) !== "dir") return `${e.path}: ${segs.slice(0, i).join("/")} is not a directory`;
    const kind = tree.kinds.get(e.path);
    if (kind !== "file") return `${e.path} ${kind === undefined ? "is missing" : "is not a regular file"}`;
    let d: { sha256: string; head: Buffer } | string;
    try { d = digest(e.path, join(o.outDir, e.path)); } catch { return `cannot read ${e.path}`; }
    if (typeof d === "string") return `${e.path} ${d}`;
    if (d.sha256 !== e.sha256) return `${e.path} differs from the manifest`;
    if (matches(e.kind, d.head.toString("utf8")) === null) return `${e.path}: its header does not match the specs`;
  }
  return { total: mine.length, parts: new Set(records.flatMap((r) => (r.input !== undefined ? [r.input] : []))).size,
    files: new Map(m.files.map((e) => [e.path, e.sha256])) };
}

/**
 * One walk of the output tree, symlinks not followed: how many temp files an interrupted run left
 * (fsops.ts findTempFiles) and what each path is, so each output's path is checked without an lstat
 * of every directory on the way (fsops.ts safeTarget does one per segment, per file).
 */
function scanTree(outDir: string): { temps: number; kinds: Map<string, "file" | "dir" | "other"> } {
  const kinds = new Map<string, "file" | "dir" | "other">();
  let temps = 0;
  const walk = (dir: string, rel: string) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) { kinds.set(path, "dir"); walk(join(dir, e.name), path); } else if (e.isFile()) {
        kinds.set(path, "file");
        if (e.name.startsWith(TEMP_PREFIX)) temps++;
      } else kinds.set(path, "other");
    }
  };
  walk(outDir, "");
  return { temps, kinds };
}

/** The header is in the first lines (header.ts parseHeader reads 8192 characters at most). */
const HEAD = 8192;

/**
 * The sha256 and first HEAD bytes of regular files (never through a symlink, as fsops.ts
 * readRegular), or a string that says why a file was not read. A file whose stat `stats` recorded
 * is not read past its head; the others are read into one buffer reused from file to file and
 * hashed as bytes: the catalog's outputs are 15 MB, and decoding and hashing them as strings took
 * ~250 ms of a run, reading and hashing the bytes ~40 ms, finding them in the record ~5 ms.
 */
/** A file that grew while the digester read it (a writer outside hcgen): no verdict from it. */
class Grew extends Error {}

function digester(stats: OutputStats | null): (rel: string, file: string) => { sha256: string; head: Buffer } | string {
  let buf = Buffer.allocUnsafe(1 << 20);
  return (rel, file) => {
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return "is not a regular file";
      const size = st.size;
      if (size > MAX_OUTPUT_READ_BYTES) return "is too large";
      let bytes: Buffer | null = null;
      const r = hashThroughRecord(fd, file, stats === null ? null : { stats, rel }, HEAD * 3, () => {
        if (size + 1 > buf.length) buf = Buffer.allocUnsafe(Math.max(size + 1, buf.length * 2));
        let len = 0;
        for (;;) {
          if (len === buf.length) throw new Grew();
          const n = readSync(fd, buf, len, buf.length - len, null);
          if (n === 0) break;
          len += n;
        }
        bytes = buf.subarray(0, len);
        return sha256(bytes);
      });
      const held = bytes as Buffer | null;
      return { sha256: r.sha256, head: r.head ?? held!.subarray(0, HEAD * 3) };
    } catch (e) {
      if (e instanceof Grew) return "grew while read";
      throw e;
    } finally { closeSync(fd); }
  };
}

/** The run's result when the output directory is up to date, else null (take the full path). */
export function upToDate(o: UpToDateInput): UpToDate | null {
  const r = checkUpToDate(o);
  return typeof r === "string" ? null : r;
}
