// Project configuration: `hcgen.config.yaml` (in the cwd, or --config FILE) names the spec inputs,
// the output directory, the outputs to emit and emitter options, so a user's project runs
// `npx hcgen generate` with no arguments. Flags override it; with neither, hcgen serves its own
// catalog (spec/ -> generated/). Errors carry file:line:col like spec diagnostics.
import { existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { formatDiagnostic, UsageError, type Diagnostic } from "./diagnostics.js";
import { diagAt, parseSpecText, type PathKey } from "./load.js";
import { readBoundedText } from "./read-bounded.js";
import { closest } from "./suggest.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { OUTPUT_KINDS } from "./output-kinds.js";
import { DEFAULT_EMIT_OPTIONS, type OutputKind } from "./emit/types.js";

export const CONFIG_FILE = "hcgen.config.yaml";
/** What generated TypeScript imports the runtime from in a user's project (the package export). */
export const PACKAGE_RUNTIME_IMPORT = "hcgen/runtime";

export interface HcgenConfig {
  /** The config file read (absolute), or null when none was found. */
  readonly file: string | null;
  /** Relative paths in the config, and the spec names in generated headers, are relative to this. */
  readonly root: string;
  /** Spec files or directories, absolute. */
  readonly spec: readonly string[];
  /** Output directory, absolute. */
  readonly out: string;
  /** Output kinds to emit; null = every kind. */
  readonly outputs: readonly OutputKind[] | null;
  readonly runtimeImport: string;
}

/** Command-line values; each one that is set wins over the config file. */
export interface ConfigOverrides {
  readonly config?: string | undefined;
  readonly spec?: readonly string[] | undefined;
  readonly out?: string | undefined;
  readonly only?: string | undefined;
  readonly runtimeImport?: string | undefined;
}

/** A config file that does not validate: a usage error (exit 2) listing every problem with its position. */
export class ConfigError extends UsageError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`invalid configuration:\n${diagnostics.map(formatDiagnostic).join("\n")}`);
  }
}

const KEYS: Readonly<Record<string, string>> = {
  spec: "spec files or directories (a string or a list)",
  out: "output directory",
  outputs: `output kinds to emit, a list of: ${OUTPUT_KINDS.join(", ")}`,
  runtimeImport: "module the generated TypeScript imports the runtime from",
};

interface RawConfig { spec?: string[]; out?: string; outputs?: OutputKind[]; runtimeImport?: string }

/** Parses and checks a config file's text; `file` is how diagnostics name it. */
export function parseConfig(text: string, file: string): { config: RawConfig; diagnostics: Diagnostic[] } {
  // A config of only comments is valid: every default applies.
  if (/^(\s*#[^\n]*\n?)*\s*$/.test(text)) return { config: {}, diagnostics: [] };
  const loaded = parseSpecText(text, file);
  if (!loaded.spec) {
    // parseSpecText words its top-level complaint for specs; say it for a config.
    return { config: {}, diagnostics: loaded.diagnostics.map((d) => d.code === "HC008" && d.path === ""
      ? { ...d, message: "a config must be a YAML mapping at the top level", hint: `keys: ${Object.keys(KEYS).join(", ")}` } : d) };
  }
  const spec = loaded.spec;
  const value = spec.value as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const bad = (path: PathKey[], message: string, hint?: string, key = false) =>
    diagnostics.push(diagAt(spec, path, "HC008", message, hint, { key }));
  const config: RawConfig = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(k in KEYS)) {
      const near = closest(k, Object.keys(KEYS)) as keyof typeof KEYS | null;
      bad([k], `unknown config key '${k}'`, near ? `did you mean '${near}'? (${KEYS[near]}); known keys: ${Object.keys(KEYS).join(", ")}`
        : `known keys: ${Object.entries(KEYS).map(([n, d]) => `${n} (${d})`).join("; ")}`, true);
      continue;
    }
    if (k === "out" || k === "runtimeImport") {
      if (typeof v === "string" && v !== "") config[k] = v; else bad([k], `'${k}' must be a non-empty string`, KEYS[k]);
    } else if (k === "spec") {
      const list = typeof v === "string" ? [v] : v;
      if (Array.isArray(list) && list.length > 0 && list.every((s) => typeof s === "string" && s !== "")) config.spec = list as string[];
      else bad([k], "'spec' must be a path or a non-empty list of paths", "e.g. spec: [spec] or spec: specs/my-abi.yaml");
    } else if (k === "outputs") {
      if (!Array.isArray(v) || v.length === 0) { bad([k], "'outputs' must be a non-empty list", `e.g. outputs: [ts, docs] (kinds: ${OUTPUT_KINDS.join(", ")})`); continue; }
      const kinds: OutputKind[] = [];
      v.forEach((x, i) => {
        if (typeof x === "string" && (OUTPUT_KINDS as readonly string[]).includes(x)) kinds.push(x as OutputKind);
        else bad([k, i], `unknown output kind '${String(x)}'`, `kinds: ${OUTPUT_KINDS.join(", ")}`);
      });
      config.outputs = kinds;
    }
  }
  return { config, diagnostics };
}

/** A project config is a few lines; anything this big is the wrong file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads a config file; throws ConfigError when it does not validate, UsageError when it cannot be read. */
export function readConfig(file: string, shown = file): RawConfig {
  let text: string;
  // A regular file of at most MAX_CONFIG_BYTES (a FIFO or /dev/zero is refused, not waited on).
  try { text = readBoundedText(file, MAX_CONFIG_BYTES); } catch (e) {
    throw new UsageError(`cannot read config ${shown}: ${(e as Error).message}`);
  }
  const { config, diagnostics } = parseConfig(text.replace(/^\uFEFF/, ""), shown);
  if (diagnostics.length > 0) throw new ConfigError(diagnostics);
  return config;
}

export { PACKAGE_ROOT } from "./package-root.js";

/** True for hcgen's own catalog output (this repository's generated/), which imports the runtime relatively. */
export function isBundledCatalogOut(outDir: string): boolean {
  return resolve(outDir) === join(PACKAGE_ROOT, "generated");
}

/** The runtime import generated TypeScript uses by default for this output directory. */
export function defaultRuntimeImport(outDir: string): string {
  return isBundledCatalogOut(outDir) ? DEFAULT_EMIT_OPTIONS.runtimeImport : PACKAGE_RUNTIME_IMPORT;
}

/**
 * The effective settings for generate/check/watch: flags over `hcgen.config.yaml` (from --config, or
 * found in cwd unless !findConfig) over the defaults (spec/ -> generated/). Flag paths are relative to cwd.
 */
export function resolveConfig(cwd: string, o: ConfigOverrides = {}, findConfig = true): HcgenConfig {
  const found = findConfig && existsSync(join(cwd, CONFIG_FILE)) ? join(cwd, CONFIG_FILE) : null;
  const file = o.config !== undefined ? resolve(cwd, o.config) : found;
  const root = file ? dirname(file) : cwd;
  const raw = file ? readConfig(file, shownPath(file, cwd)) : {};
  const spec = o.spec && o.spec.length > 0 ? o.spec.map((p) => resolve(cwd, p)) : (raw.spec ?? ["spec"]).map((p) => resolve(root, p));
  if (!(o.spec && o.spec.length > 0) && !raw.spec && !existsSync(spec[0]!)) {
    throw new UsageError(`no spec files given and there is no ${shownPath(spec[0]!, cwd)} directory (run \`hcgen init\` to start a project)`);
  }
  const out = o.out !== undefined ? resolve(cwd, o.out) : resolve(root, raw.out ?? "generated");
  const outputs = o.only !== undefined ? null : raw.outputs ?? null;
  return { file, root, spec, out, outputs, runtimeImport: o.runtimeImport ?? raw.runtimeImport ?? defaultRuntimeImport(out) };
}

function shownPath(p: string, cwd: string): string {
  return p.startsWith(cwd + sep) ? p.slice(cwd.length + 1).split(sep).join("/") : p;
}

