// hcgen as a library (the package's "." export): the same load/validate/generate/check the CLI runs,
// with typed options and results. Diagnostics are the CLI's, as data (file, line, col, code, message,
// path, hint); formatDiagnostic prints one exactly as the CLI does. Nothing here prints or exits.
import { loadModel } from "./api.js";
import { resolveConfig } from "./config.js";
import type { Diagnostic } from "./diagnostics.js";
import type { OutputKind } from "./emit/types.js";
import type { Model } from "./model.js";
import { checkOutputs, formatCheckReport, type CheckResult as OutputsCheck } from "./pipeline/check.js";
import { prepare, selectEmitters } from "./pipeline/run.js";
import { apply, type ApplyResult } from "./pipeline/write.js";

export type * from "./model.js";
export type { Code, Diagnostic, Severity } from "./diagnostics.js";
export { CODES, formatDiagnostic, UsageError } from "./diagnostics.js";
export type { OutputKind } from "./emit/types.js";
export { OUTPUT_KINDS } from "./emit/index.js";
export { CONFIG_FILE, ConfigError, parseConfig, resolveConfig, type ConfigOverrides, type HcgenConfig } from "./config.js";
export { ConflictError } from "./pipeline/write.js";
export { OutputError } from "./pipeline/fsops.js";
export { LockedError } from "./pipeline/lock.js";
export type { StaleFile } from "./pipeline/check.js";
export { exportJson } from "./export.js";

export interface LoadOptions {
  /** Diagnostics and the model name files relative to this directory (default: process.cwd()). */
  readonly cwd?: string;
  /** Check spec/hcgen.lock when the spec directory has one (default true). */
  readonly lock?: boolean;
  /** With no specs given: a config file to take them from, or false to ignore ./hcgen.config.yaml. */
  readonly config?: string | false;
}

export interface LoadResult {
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  /** Sorted by file and position; the same the CLI prints. */
  readonly diagnostics: readonly Diagnostic[];
  /** The validated, frozen model; complete only when `ok`. */
  readonly model: Model;
}

const list = (s: string | readonly string[]): string[] => (typeof s === "string" ? [s] : [...s]);

/**
 * Loads and validates spec files or directories (every *.yaml in a directory) into one model; with
 * none given, the `spec` of hcgen.config.yaml, else ./spec, as the CLI does.
 */
export function load(specs?: string | readonly string[], opts: LoadOptions = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const inputs = specs !== undefined ? list(specs)
    : [...resolveConfig(cwd, typeof opts.config === "string" ? { config: opts.config } : {}, opts.config !== false).spec];
  const r = loadModel(inputs, { cwd, ...(opts.lock === false ? { lock: false } : {}) });
  return { ok: r.ok, diagnostics: r.diagnostics, model: r.model };
}

/** `hcgen validate` as a function: the diagnostics, and how many ABIs and calls validated. */
export function validate(specs?: string | readonly string[], opts: LoadOptions = {}): { ok: boolean; diagnostics: readonly Diagnostic[]; abis: number; calls: number } {
  const r = load(specs, opts);
  return { ok: r.ok, diagnostics: r.diagnostics, abis: r.model.abis.length, calls: r.model.abis.reduce((n, a) => n + a.calls.length, 0) };
}

export interface GenerateOptions {
  /** Spec files or directories (default: the config's, else ./spec). Relative to cwd. */
  readonly spec?: string | readonly string[];
  /** Output directory (default: the config's, else ./generated). */
  readonly out?: string;
  /** Output kinds (default: the config's `outputs`, else all). */
  readonly only?: readonly OutputKind[];
  /** Module generated TypeScript imports the runtime from (default "hcgen/runtime"). */
  readonly runtimeImport?: string;
  /** A config file to read, or false to ignore ./hcgen.config.yaml (default: read it when present). */
  readonly config?: string | false;
  /** Base for relative paths (default: process.cwd()). */
  readonly cwd?: string;
}

export interface GeneratedOutput {
  /** Relative to the output directory, POSIX separators ("ts/my-abi.ts"). */
  readonly path: string;
  readonly kind: OutputKind;
  /** Exactly the bytes generate writes, header included. */
  readonly content: string;
  /** The spec files it was derived from. */
  readonly sources: readonly string[];
}

export interface GenerateResult extends LoadResult {
  /** Every output file, in path order; empty when !ok. */
  readonly files: readonly GeneratedOutput[];
  /** The output directory, absolute. */
  readonly outDir: string;
  /** What was written, when `write` was set and the specs were valid. */
  readonly written?: ApplyResult;
}

function run(o: GenerateOptions) {
  const cwd = o.cwd ?? process.cwd();
  const c = resolveConfig(cwd, {
    ...(typeof o.config === "string" ? { config: o.config } : {}),
    ...(o.spec !== undefined ? { spec: list(o.spec) } : {}),
    ...(o.out !== undefined ? { out: o.out } : {}),
    ...(o.only !== undefined ? { only: o.only.join(",") } : {}),
    ...(o.runtimeImport !== undefined ? { runtimeImport: o.runtimeImport } : {}),
  }, o.config !== false);
  const emitters = selectEmitters(o.only?.join(",") ?? c.outputs?.join(","));
  const prepared = prepare({ inputs: c.spec, cwd: c.root, emitters, options: { runtimeImport: c.runtimeImport } });
  return { c, prepared };
}

/**
 * Renders every output in memory; with `write: true` also writes them as `hcgen generate` does
 * (throws ConflictError when an output path holds a file hcgen did not write, unless `force`).
 */
export function generate(o: GenerateOptions & { readonly write?: boolean; readonly force?: boolean } = {}): GenerateResult {
  const { c, prepared: p } = run(o);
  const files = p.files.map((f) => ({ path: f.path, kind: f.kind, content: f.content, sources: f.sources }));
  const base = { ok: p.ok, diagnostics: p.diagnostics, model: p.model, files, outDir: c.out };
  if (!o.write || !p.ok) return base;
  return { ...base, written: apply({ outDir: c.out, files: p.files, kinds: p.kinds, specs: p.specs, force: o.force ?? false }) };
}

export interface CheckResult extends LoadResult, Omit<OutputsCheck, "ok"> {
  /** True when the specs are valid and the output directory is exactly what generate would write. */
  readonly upToDate: boolean;
  /** The report `hcgen check` prints when out of date ("" when up to date). */
  readonly report: string;
}

/** `hcgen check` as a function: compares the output directory with what generate would write. */
export function check(o: GenerateOptions = {}): CheckResult {
  const { c, prepared: p } = run(o);
  if (!p.ok) return { ok: false, upToDate: false, diagnostics: p.diagnostics, model: p.model, report: "", stale: [], missing: [], extra: [], manifestStale: false };
  const r = checkOutputs(c.out, p.files, p.kinds, p.specs);
  return { ...r, ok: p.ok, upToDate: r.ok, diagnostics: p.diagnostics, model: p.model,
    report: r.ok ? "" : formatCheckReport(r, c.out.replace(/\/?$/, "/"), "npx hcgen generate") };
}
export { serveGdb, type ServeEvent, type ServeOptions, type ServeResult } from "./serve/serve.js";
export { RspError } from "./observe/rsp-packet.js";
