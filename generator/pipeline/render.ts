// Runs the emitters and turns their files into exactly the bytes hcgen writes: header added, paths
// checked, sorted by path. Pure apart from its arguments, so `generate`, `check` and `watch` agree
// byte for byte.
import { isAbsolute, relative, sep } from "node:path";
import type { Model } from "../model.js";
import type { EmitOptions, Emitter, OutputKind } from "../emit/types.js";
import { addHeader, inputHash } from "./header.js";
import { MANIFEST_NAME, TEMP_PREFIX } from "./names.js";
import { HCGEN_VERSION } from "./version.js";

export interface RenderedFile {
  /** Relative to the output directory, POSIX separators. */
  readonly path: string;
  readonly kind: OutputKind;
  /** Final content, header included. */
  readonly content: string;
  /** Spec files it was derived from (sorted, as shown in the header). */
  readonly sources: readonly string[];
  readonly inputHash: string;
}

export interface RenderInput {
  readonly model: Model;
  /** Spec bytes by the name the model uses for the file (Abi.file). */
  readonly specBytes: ReadonlyMap<string, Uint8Array>;
  readonly emitters: readonly Emitter[];
  readonly options: EmitOptions;
  /** Spec names outside the project are shown relative to this directory, never absolute. */
  readonly cwd: string;
  /** Called before each emitter runs (emitting is the slow part of a run). */
  readonly onEmitter?: (index: number, total: number, kind: string) => void;
}

/** Emitter paths must stay inside the output directory and clear of hcgen's own files. */
function checkPath(kind: string, path: string): void {
  const bad = path === "" || path.startsWith("/") || path.includes("\\") || /^[A-Za-z]:/.test(path)
    || path.split("/").some((seg) => seg === "" || seg === "." || seg === "..")
    || path === MANIFEST_NAME || path.split("/").some((seg) => seg.startsWith(TEMP_PREFIX));
  if (bad) throw new Error(`emitter '${kind}' produced an invalid output path '${path}'`);
}

export function render(input: RenderInput): RenderedFile[] {
  const out = new Map<string, RenderedFile>();
  // Files of one emitter from the same specs share their input hash: hash those bytes once.
  const hashes = new Map<string, string>();
  for (const [i, emitter] of input.emitters.entries()) {
    input.onEmitter?.(i + 1, input.emitters.length, emitter.kind);
    for (const f of emitter.emit(input.model, input.options)) {
      checkPath(emitter.kind, f.path);
      const prev = out.get(f.path);
      if (prev) throw new Error(`emitters '${prev.kind}' and '${emitter.kind}' both produce '${f.path}'`);
      const sources = [...new Set(f.sources)].sort();
      const bytes = sources.map((name) => {
        const b = input.specBytes.get(name);
        if (!b) throw new Error(`emitter '${emitter.kind}' names an unknown source '${name}' for '${f.path}'`);
        return { name, bytes: b };
      });
      const shown = sources.map((s) => (isAbsolute(s) ? relative(input.cwd, s).split(sep).join("/") : s));
      const hashKey = JSON.stringify([emitter.kind, sources, shown]);
      let hash = hashes.get(hashKey);
      if (hash === undefined) {
        hash = inputHash(bytes.map((b, i) => ({ name: shown[i]!, bytes: b.bytes })), HCGEN_VERSION, emitter.kind, input.options);
        hashes.set(hashKey, hash);
      }
      // LF only, whatever the emitter did, so output is identical on every platform.
      const lf = f.content.includes("\r") ? f.content.replace(/\r\n?/g, "\n") : f.content;
      const content = addHeader(f.path, lf, { sources: shown, inputHash: hash });
      out.set(f.path, { path: f.path, kind: emitter.kind, content, sources: shown, inputHash: hash });
    }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
