// The contract between emitters and the write pipeline (generator/pipeline/). An emitter is a pure
// function of the model: no disk access, no clock, no randomness, so output is deterministic.
import type { Abi, Model } from "../model.js";

export interface GeneratedFile {
  /** Path relative to the output directory, POSIX separators, e.g. "ts/riscv-sbi.ts". */
  readonly path: string;
  /** File content without the "Code generated" header (the pipeline adds it by file type). LF only. */
  readonly content: string;
  /** Spec files (Abi.file) this output was derived from; used for the header, hash and check reports. */
  readonly sources: readonly string[];
  /**
   * Set on a file made piece by piece (emit/chunked.ts): the content as pieces whose join is
   * `content`, produced afresh on each call. The pipeline encodes, hashes and writes them one at a
   * time, so a file of tens of MB is never held whole; `content` is then a getter that joins them.
   */
  readonly chunks?: () => Iterable<string>;
}

export interface EmitOptions {
  /**
   * Module specifier generated TypeScript uses to import the runtime. The bundled catalog uses a
   * path relative to generated/ts/ ("../../runtime/index.js"); user projects use "hcgen/runtime".
   */
  readonly runtimeImport: string;
}

export type OutputKind = "ts" | "c" | "docs" | "json";

export interface Emitter {
  readonly kind: OutputKind;
  emit(model: Model, options: EmitOptions): GeneratedFile[];
  /** Set when the output splits by ABI: what lets `generate` re-emit only an edited ABI (pipeline/emission.ts). */
  readonly parts?: EmitterParts;
}

/**
 * An emitter's output split for incremental generation. `abi` sees one ABI and nothing else, so its
 * files cannot depend on another spec; `shared` makes the files that need the whole model (an index,
 * the combined export). `emit(model)` is exactly `abi(a)` for every ABI plus `shared(model)`
 * (emitterFromParts in parts.ts builds it that way).
 */
export interface EmitterParts {
  abi(abi: Abi, options: EmitOptions): GeneratedFile[];
  shared(model: Model, options: EmitOptions): GeneratedFile[];
}

export const DEFAULT_EMIT_OPTIONS: EmitOptions = { runtimeImport: "../../runtime/index.js" };
