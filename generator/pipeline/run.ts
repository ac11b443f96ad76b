// The shared front half of generate, check and watch: find and read the specs, validate them,
// render every selected emitter's files in memory. Nothing here touches the output directory.
import { findSpecFiles, displayPath, loadModel, specCacheKey, type SpecCache } from "../api.js";
import type { Diagnostic } from "../diagnostics.js";
import { formatDiagnostic, UsageError } from "../diagnostics.js";
import { MAX_SPEC_BYTES } from "../load.js";
import { readBounded } from "../read-bounded.js";
import { EMITTERS, OUTPUT_KINDS } from "../emit/index.js";
import { schemaInUse } from "../schema-check.js";
import { openSpecStore } from "../spec-store.js";
import { DEFAULT_EMIT_OPTIONS, type EmitOptions, type Emitter, type OutputKind } from "../emit/types.js";
import type { Model } from "../model.js";
import { diskReuse } from "./emission.js";
import type { OutputStats } from "./output-stats.js";
import { generatorId } from "./generator-id.js";
import { readManifest } from "./manifest.js";
import { render, renderParts, type RenderedFile } from "./render.js";
import { selectKinds } from "./settings.js";
import { inputsDigest, lockInputs, specHashes } from "./up-to-date.js";

export interface PrepareOptions {
  /** Spec files or directories (absolute, or relative to cwd). */
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly emitters: readonly Emitter[];
  readonly options?: EmitOptions;
  readonly onProgress?: (done: number, total: number, label: string) => void;
  /** Per-file load results kept between runs (watch): a spec whose bytes did not change is not parsed again. */
  readonly cache?: SpecCache;
  /**
   * Incremental generation: the output directory whose manifest says which emitter parts are up to
   * date (emission.ts); those parts are not run, their files are read back. Absent: every part runs.
   */
  readonly reuseFrom?: string;
  /** What earlier runs hashed in reuseFrom (output-stats.ts): a reused file with the recorded stat is not read again. */
  readonly outputStats?: OutputStats | null;
  /** Counts, per emitter part, whether it ran or was reused. */
  readonly onPart?: (reused: boolean) => void;
  /** Build the model only, without the schema and lockfile checks: the specs are validated elsewhere (a render helper's main thread). */
  readonly validatedElsewhere?: boolean;
  /**
   * The per-user store of loaded specs (spec-store.ts storeDir), null or absent for none: specs whose
   * bytes loaded in an earlier run come from there. Read only when validatedElsewhere.
   */
  readonly storeDir?: string | null;
}

export interface Prepared {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly model: Model;
  /** Empty when !ok. */
  readonly files: readonly RenderedFile[];
  /** Spec name -> hash of its bytes (for the manifest). */
  readonly specs: Readonly<Record<string, string>>;
  readonly kinds: readonly OutputKind[];
}

export interface Loaded extends Omit<Prepared, "files"> {
  /** Spec bytes by the name the model uses (Abi.file). */
  readonly specBytes: ReadonlyMap<string, Uint8Array>;
}

/** Reads and validates the specs; nothing is emitted. */
export function loadSpecs(opts: PrepareOptions): Loaded {
  const specFiles = findSpecFiles(opts.inputs);
  // Through a cache even for one run: its entries hold the very bytes each ABI was built from, so the
  // hashes below (headers, incremental keys) describe the model even when a file changes meanwhile,
  // and each spec is read once.
  const cache: SpecCache = (!opts.validatedElsewhere && opts.cache) || new Map();
  const store = openSpecStore(opts.storeDir ?? null, { writable: !opts.validatedElsewhere });
  const result = loadModel(specFiles, { cwd: opts.cwd, cache, store, ...(opts.validatedElsewhere ? { schema: false, lock: false } : {}) });
  const inModel = new Set(result.model.abis);
  const specBytes = new Map<string, Uint8Array>();
  for (const f of specFiles) {
    const name = displayPath(f, opts.cwd);
    const entry = cache.get(specCacheKey(f, name));
    if (entry?.abi && inModel.has(entry.abi)) { specBytes.set(name, entry.bytes); continue; }
    // Kept out of the model by an error (so nothing is written): read only for the specs map.
    try { specBytes.set(name, readBounded(f, MAX_SPEC_BYTES)); } catch { /* the loader reported it */ }
  }
  const kinds = opts.emitters.map((e) => e.kind);
  const specs = specHashes(specBytes);
  if (specFiles.length === 0) {
    return { ok: false, model: result.model, specs, kinds, specBytes,
      diagnostics: [{ file: opts.inputs.map((i) => displayPath(i, opts.cwd)).join(", "), line: 1, col: 1, severity: "error", code: "HC201", message: "no spec files found (*.yaml)", path: "" }] };
  }
  return { ok: result.ok, diagnostics: result.diagnostics, model: result.model, specs, kinds, specBytes };
}

/**
 * Whether the spec store (PrepareOptions.storeDir) holds every spec as it is now, so loading them
 * will be quick: then a render helper started before loading would only wait (render-helper.ts
 * lateHelperPays decides after loading instead). False when there is no store or no spec.
 */
export function storeServesAll(opts: PrepareOptions): boolean {
  const store = openSpecStore(opts.storeDir ?? null, { writable: false });
  if (store === null) return false;
  const files = findSpecFiles(opts.inputs);
  try {
    return files.length > 0 && files.every((f) => store.has(displayPath(f, opts.cwd), readBounded(f, MAX_SPEC_BYTES)));
  } catch { return false; }
}

/**
 * The manifest's validation record for a full run (up-to-date.ts): call before loadSpecs, then with
 * what it loaded and the run's emitters and options; the result is write.ts `validatedInputs`. Null
 * (no record) unless the specs had no diagnostic at all, the lock files read the same before and
 * after, and the emitters are hcgen's own for their kinds (the record is looked up by kinds alone).
 */
export function startRecord(inputs: readonly string[], cwd: string): (l: Loaded, emitters: readonly Emitter[], options?: EmitOptions) => string | null {
  const before = lockInputs(findSpecFiles(inputs).map((f) => displayPath(f, cwd)), cwd);
  return (l, emitters, options = DEFAULT_EMIT_OPTIONS) => {
    if (!l.ok || l.diagnostics.length > 0 || before === null) return null;
    const kinds = OUTPUT_KINDS.filter((k) => emitters.some((e) => e.kind === k));
    const stock = EMITTERS.filter((e) => kinds.includes(e.kind));
    if (stock.length !== emitters.length || stock.some((e, i) => e !== emitters[i])) return null;
    const generator = generatorId(), schema = schemaInUse();
    if (generator === null || schema === null || lockInputs(l.specBytes.keys(), cwd) !== before) return null;
    return inputsDigest(l.specBytes, before, schema, { generator, kinds, options, cwd });
  };
}

/** Every selected emitter's files for loaded specs, headers added. */
export function renderLoaded(l: Loaded, opts: PrepareOptions): RenderedFile[] {
  return render(renderInput(l, opts));
}

/**
 * renderLoaded one emitter part at a time (render.ts renderParts), for writers that let go of each
 * part before the next (write.ts applyStreaming, check.ts checkParts). Nothing runs until it is
 * iterated, so the output directory's manifest is read for reuse then (under the writer's lock).
 */
export function* streamLoaded(l: Loaded, opts: PrepareOptions): Generator<RenderedFile[], void, void> {
  yield* renderParts(renderInput(l, opts));
}

function renderInput(l: Loaded, opts: PrepareOptions) {
  const options = opts.options ?? DEFAULT_EMIT_OPTIONS;
  const reuse = opts.reuseFrom === undefined ? undefined : reuseFrom(opts.reuseFrom, l, options, opts.cwd, opts.outputStats ?? null);
  return { model: l.model, specBytes: l.specBytes, emitters: opts.emitters, options, cwd: opts.cwd,
    ...(reuse ? { reuse } : {}), ...(opts.onPart ? { onPart: opts.onPart } : {}),
    ...(opts.onProgress ? { onEmitter: (i: number, n: number, kind: string) => opts.onProgress!(i, n, `emitting ${kind}`) } : {}) };
}

function reuseFrom(outDir: string, l: Loaded, options: EmitOptions, cwd: string, stats: OutputStats | null) {
  let manifest;
  // An unreadable or unsound manifest reuses nothing; writing the files reports the problem.
  try { manifest = readManifest(outDir); } catch { return undefined; }
  return diskReuse({ outDir, manifest, generator: generatorId(), specBytes: l.specBytes, options, cwd, stats });
}

export function prepare(opts: PrepareOptions): Prepared {
  const l = loadSpecs(opts);
  return { ok: l.ok, diagnostics: l.diagnostics, model: l.model, specs: l.specs, kinds: l.kinds, files: l.ok ? renderLoaded(l, opts) : [] };
}

/** `--only ts,c` -> the emitters of those kinds (all when absent). */
export function selectEmitters(only: string | undefined, all: readonly Emitter[] = EMITTERS): Emitter[] {
  if (only === undefined) return [...all];
  const wanted = selectKinds(only);
  for (const w of wanted) {
    if (!all.some((e) => e.kind === w)) throw new UsageError(`--only: the '${w}' emitter is not available in this build of hcgen`);
  }
  return all.filter((e) => wanted.includes(e.kind));
}

/** Diagnostics exactly as `hcgen validate` prints them (stderr, then an error count). */
export function printDiagnostics(diags: readonly Diagnostic[], err: (s: string) => void): void {
  for (const d of diags) err(formatDiagnostic(d) + "\n");
  const n = diags.filter((d) => d.severity === "error").length;
  if (n > 0) err(`${n} error${n === 1 ? "" : "s"}\n`);
}
