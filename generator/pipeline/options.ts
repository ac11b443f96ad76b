// Options shared by generate, check and watch, parsed the same way for all three.
import { resolve } from "node:path";
import { displayPath } from "../api.js";
import { specInputs } from "../commands/command.js";
import type { Io } from "../commands/io.js";
import { DEFAULT_EMIT_OPTIONS, type EmitOptions, type Emitter } from "../emit/types.js";
import { selectEmitters } from "./run.js";

export const SHARED_OPTIONS = {
  out: { type: "string", default: "generated" },
  only: { type: "string" },
  "runtime-import": { type: "string" },
} as const;

export const SHARED_HELP = `  --out DIR               output directory (default: generated)
  --only KINDS            comma-separated output kinds to generate: ts, c, docs, json (default: all)
  --runtime-import SPEC   module generated TypeScript imports the runtime from
                          (default: ${DEFAULT_EMIT_OPTIONS.runtimeImport}; in your own project: hcgen/runtime)`;

export interface SharedArgs {
  readonly inputs: string[];
  readonly outDir: string;
  /** The output directory as users should see it in messages ("generated/"). */
  readonly outShown: string;
  readonly emitters: Emitter[];
  readonly options: EmitOptions;
}

export function sharedArgs(values: { out?: string | undefined; only?: string | undefined; "runtime-import"?: string | undefined },
  positionals: readonly string[], io: Io): SharedArgs {
  const outDir = resolve(io.cwd, values.out ?? "generated");
  const runtimeImport = values["runtime-import"];
  return {
    inputs: specInputs(positionals, io),
    outDir,
    outShown: displayPath(outDir, io.cwd).replace(/\/?$/, "/"),
    emitters: selectEmitters(values.only),
    options: runtimeImport ? { ...DEFAULT_EMIT_OPTIONS, runtimeImport } : DEFAULT_EMIT_OPTIONS,
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
