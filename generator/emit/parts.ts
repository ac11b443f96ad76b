// An emitter made of its per-ABI and whole-model parts (types.ts EmitterParts), so that emit() and the
// incremental pipeline, which calls the parts one by one, cannot disagree about what is produced.
import type { Emitter, EmitterParts, OutputKind } from "./types.js";

export function emitterFromParts(kind: OutputKind, parts: EmitterParts): Emitter {
  return {
    kind,
    parts,
    emit(model, options) {
      const files = model.abis.flatMap((abi) => parts.abi(abi, options));
      for (const f of parts.shared(model, options)) files.push(f);
      return files;
    },
  };
}
