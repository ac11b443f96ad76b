// The settings generate, check and watch share, resolved from flags and hcgen.config.yaml without
// loading any emitter (options.ts adds the emitters): an up-to-date `hcgen generate` runs none, so
// it never loads them (up-to-date.ts).
import { UsageError } from "../diagnostics.js";
import type { Io } from "../commands/io.js";
import { CONFIG_FILE, resolveConfig } from "../config.js";
import { DEFAULT_EMIT_OPTIONS, type EmitOptions, type OutputKind } from "../emit/types.js";
import { OUTPUT_KINDS } from "../output-kinds.js";
import { displayPath } from "../spec-files.js";
import { NO_CACHE_OPTION, noCacheHelp, storeDirFor } from "../store-dir.js";

export const SHARED_OPTIONS = {
  // No defaults here: an unset flag falls back to hcgen.config.yaml, then to the built-in default.
  out: { type: "string" },
  only: { type: "string" },
  "runtime-import": { type: "string" },
  spec: { type: "string", multiple: true },
  config: { type: "string" },
  ...NO_CACHE_OPTION,
} as const;

export const SHARED_HELP = `  --config FILE           project configuration (default: ./${CONFIG_FILE} when it exists);
                          the flags below override it
  --spec PATH             spec file or directory, repeatable (default: ./spec); same as positionals
  --out DIR               output directory (default: generated)
  --only KINDS            comma-separated output kinds to generate: ts, c, docs, json (default: all)
  --runtime-import SPEC   module generated TypeScript imports the runtime from (default: hcgen/runtime;
                          ${DEFAULT_EMIT_OPTIONS.runtimeImport} for hcgen's own catalog)
${noCacheHelp(26)}`;

export interface SharedSettings {
  readonly inputs: string[];
  readonly outDir: string;
  /** The output directory as users should see it in messages ("generated/"). */
  readonly outShown: string;
  /** `--only`, else the config's `outputs`, as a list ("ts,c"); undefined: every kind. */
  readonly only: string | undefined;
  /** The kinds `only` selects, in OUTPUT_KINDS order. */
  readonly kinds: OutputKind[];
  readonly options: EmitOptions;
  /** The directory spec names in headers are relative to: the config file's, else the cwd. */
  readonly root: string;
  /** The per-user store of loaded specs (store-dir.ts), null with --no-cache or HCGEN_NO_CACHE. */
  readonly storeDir: string | null;
}

export type SharedValues = { out?: string | undefined; only?: string | undefined; "runtime-import"?: string | undefined;
  spec?: string | readonly string[] | undefined; config?: string | undefined; "no-cache"?: boolean | undefined };

/** `--only ts,c` -> those kinds, in OUTPUT_KINDS order (all when absent); a usage error names a wrong one. */
export function selectKinds(only: string | undefined): OutputKind[] {
  if (only === undefined) return [...OUTPUT_KINDS];
  const wanted = only.split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const w of wanted) {
    if (!(OUTPUT_KINDS as readonly string[]).includes(w)) throw new UsageError(`--only: unknown output kind '${w}' (known: ${OUTPUT_KINDS.join(", ")})`);
  }
  if (wanted.length === 0) throw new UsageError("--only needs at least one kind: ts, c, docs or json");
  return OUTPUT_KINDS.filter((k) => wanted.includes(k));
}

export function sharedSettings(values: SharedValues, positionals: readonly string[], io: Io): SharedSettings {
  const spec = [...positionals, ...(values.spec === undefined ? [] : typeof values.spec === "string" ? [values.spec] : values.spec)];
  const c = resolveConfig(io.cwd, { config: values.config, spec, out: values.out, only: values.only, runtimeImport: values["runtime-import"] });
  // A NUL byte (possible only through the config file: argv cannot carry one) makes every fs call throw.
  const from = c.file ? displayPath(c.file, io.cwd) : "the command line";
  if (c.out.includes("\0")) throw new UsageError(`${from}: the output directory contains a NUL byte; remove it`);
  for (const s of c.spec) if (s.includes("\0")) throw new UsageError(`${from}: the spec path ${JSON.stringify(s)} contains a NUL byte; remove it`);
  const only = values.only ?? c.outputs?.join(",");
  return {
    inputs: [...c.spec],
    outDir: c.out,
    outShown: displayPath(c.out, io.cwd).replace(/\/?$/, "/"),
    only,
    kinds: selectKinds(only),
    options: { ...DEFAULT_EMIT_OPTIONS, runtimeImport: c.runtimeImport },
    root: c.root,
    storeDir: storeDirFor(values, io),
  };
}

/** Progress on stderr for interactive terminals only: "\r[3/12] ts/riscv-sbi.ts", cleared at the end. */
export function progress(io: Io): { update(done: number, total: number, path: string): void; end(): void } {
  let shown = false;
  let last = 0;
  return {
    update(done, total, path) {
      if (!io.isTTY) return;
      const now = Date.now();
      if (done < total && now - last < 50) return; // redraw at most 20 times a second
      last = now;
      shown = true;
      io.err(`\r[${done}/${total}] ${path}\x1b[K`);
    },
    end() { if (shown) io.err("\r\x1b[K"); },
  };
}
