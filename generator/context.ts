// The per-file diagnostic collector handed to every model-building pass.
import type { Code, Diagnostic } from "./diagnostics.js";
import { diagAt, type LoadedSpec, type PathKey } from "./load.js";

export interface Ctx {
  readonly spec: LoadedSpec;
  readonly diagnostics: Diagnostic[];
  err(path: readonly PathKey[], code: Code, message: string, hint?: string, opts?: { key?: boolean }): void;
}

export function createCtx(spec: LoadedSpec): Ctx {
  const diagnostics: Diagnostic[] = [];
  return {
    spec,
    diagnostics,
    err(path, code, message, hint, opts) {
      diagnostics.push(diagAt(spec, path, code, message, hint, opts));
    },
  };
}
