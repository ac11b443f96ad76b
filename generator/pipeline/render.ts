// Runs the emitters and turns their files into exactly the bytes hcgen writes: header added, paths
// checked, sorted by path. Pure apart from its arguments, so `generate`, `check` and `watch` agree
// byte for byte. An emitter with parts (emit/types.ts EmitterParts) runs part by part, each part's
// files tagged with the key of its inputs (emission.ts), and a part whose key `reuse` recognises
// is not run at all: that is incremental generation.
import { shownName } from "../spec-files.js";
import type { Model } from "../model.js";
import type { EmitOptions, Emitter, GeneratedFile, OutputKind } from "../emit/types.js";
import type { DiskMatch } from "./fsops.js";
import type { StagedTemp } from "./journal.js";
import { partKeys } from "./emission.js";
import { joinChunks } from "../emit/chunked.js";
import { withHeader } from "./chunks.js";
import { addHeader, inputHash } from "./header.js";
import { MANIFEST_NAME, TEMP_PREFIX } from "./names.js";
import { HCGEN_VERSION } from "./version.js";

export interface RenderedFile {
  /** Relative to the output directory, POSIX separators. */
  readonly path: string;
  readonly kind: OutputKind;
  /** Final content, header included (for a file with `chunks`, a getter that joins them: use those where it matters). */
  readonly content: string;
  /** Set when the emitter made the file piece by piece (emit/chunked.ts): the final content as pieces, header included. */
  readonly chunks?: () => Iterable<string>;
  /** Spec files it was derived from (sorted, as shown in the header). */
  readonly sources: readonly string[];
  readonly inputHash: string;
  /** Key of the inputs of the emitter part that made it (emission.ts); absent when not known. */
  readonly input?: string;
  /** Made by a render helper (render-helper.ts) for generate: already staged as this temp file; `content` reads it back. */
  readonly staged?: StagedTemp;
  /** Made by a render helper for check: the sha256 of its bytes, and how the file on disk compares with them. */
  readonly digest?: { readonly sha256: string; readonly disk: DiskMatch };
  /**
   * Reused from disk (emission.ts diskReuse): the file at its path held exactly these bytes, of
   * this sha256, when the part was looked up. A streaming writer that looks parts up under its
   * lock counts the file unchanged without reading it again (write.ts lookedUpUnderLock).
   */
  readonly onDisk?: string;
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
  /** The files a part with this key made before, when still valid, to use instead of running it. */
  readonly reuse?: (key: string) => readonly RenderedFile[] | null;
  /** Counts, per emitter part that makes files, whether it ran or was reused. */
  readonly onPart?: (reused: boolean) => void;
}

/** Emitter paths must stay inside the output directory and clear of hcgen's own files. */
function checkPath(kind: string, path: string): void {
  const bad = path === "" || path.startsWith("/") || path.includes("\\") || /^[A-Za-z]:/.test(path)
    || path.split("/").some((seg) => seg === "" || seg === "." || seg === "..")
    || path === MANIFEST_NAME || path.split("/").some((seg) => seg.startsWith(TEMP_PREFIX));
  if (bad) throw new Error(`emitter '${kind}' produced an invalid output path '${path}'`);
}

const byPath = (a: RenderedFile, b: RenderedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Every emitter's files, sorted by path, each content a string: a caller that holds every file
 * gains nothing from pieces, and watch keeps these files from cycle to cycle (a streamed file's
 * `content` would join, or build, its pieces again on every read).
 */
export function render(input: RenderInput): RenderedFile[] {
  const out: RenderedFile[] = [];
  for (const part of renderParts(input)) for (const f of part) out.push(f.chunks ? whole(f) : f);
  return out.sort(byPath);
}

function whole(f: RenderedFile): RenderedFile {
  return { path: f.path, kind: f.kind, content: f.content, sources: f.sources, inputHash: f.inputHash, ...(f.input !== undefined ? { input: f.input } : {}) };
}

/**
 * render(), one emitter part at a time (each part's files sorted by path): a caller that writes or
 * compares a part and lets go of it before asking for the next holds one part's content, not every
 * file's (at 10k calls the outputs are 360 MB). Only the paths seen so far are kept, to refuse a
 * path two emitters produce.
 */
export function* renderParts(input: RenderInput): Generator<RenderedFile[], void, void> {
  const owner = new Map<string, OutputKind>();
  // Files of one emitter from the same specs share their input hash: hash those bytes once.
  const hashes = new Map<string, string>();
  const keys = partKeys(input.model, input.specBytes, input.options, input.cwd);
  const claim = (kind: OutputKind, path: string) => {
    const prev = owner.get(path);
    if (prev) throw new Error(`emitters '${prev}' and '${kind}' both produce '${path}'`);
    owner.set(path, kind);
  };
  const made = (emitter: Emitter, f: GeneratedFile, key: string | undefined): RenderedFile => {
    checkPath(emitter.kind, f.path);
    claim(emitter.kind, f.path);
    const sources = [...new Set(f.sources)].sort();
    const bytes = sources.map((name) => {
      const b = input.specBytes.get(name);
      if (!b) throw new Error(`emitter '${emitter.kind}' names an unknown source '${name}' for '${f.path}'`);
      return { name, bytes: b };
    });
    const shown = sources.map((s) => shownName(s, input.cwd));
    const hashKey = JSON.stringify([emitter.kind, sources, shown]);
    let hash = hashes.get(hashKey);
    if (hash === undefined) {
      hash = inputHash(bytes.map((b, i) => ({ name: shown[i]!, bytes: b.bytes })), HCGEN_VERSION, emitter.kind, input.options);
      hashes.set(hashKey, hash);
    }
    const extra = key !== undefined ? { input: key } : {};
    const pieces = f.chunks;
    if (pieces !== undefined) {
      // Never joined here: the writer and check stream the pieces (chunks.ts), header and LF included.
      const info = { sources: shown, inputHash: hash };
      const chunks = () => withHeader(f.path, pieces(), info);
      return { path: f.path, kind: emitter.kind, get content() { return joinChunks(chunks()); }, chunks, sources: shown, inputHash: hash, ...extra };
    }
    // LF only, whatever the emitter did, so output is identical on every platform.
    const lf = f.content.includes("\r") ? f.content.replace(/\r\n?/g, "\n") : f.content;
    const content = addHeader(f.path, lf, { sources: shown, inputHash: hash });
    return { path: f.path, kind: emitter.kind, content, sources: shown, inputHash: hash, ...extra };
  };
  // The emitter's own list is emptied as its files are rendered, so its header-less copies go as soon as possible.
  const renderAll = (emitter: Emitter, files: GeneratedFile[], key: string | undefined): RenderedFile[] => {
    const out: RenderedFile[] = [];
    for (let i = 0; i < files.length; i++) { out.push(made(emitter, files[i]!, key)); (files as (GeneratedFile | undefined)[])[i] = undefined; }
    return out.sort(byPath);
  };
  for (const [i, emitter] of input.emitters.entries()) {
    input.onEmitter?.(i + 1, input.emitters.length, emitter.kind);
    const parts = emitter.parts;
    const ids = parts ? keys.of(emitter) : null;
    if (!parts || !ids) {
      yield renderAll(emitter, emitter.emit(input.model, input.options), undefined);
      continue;
    }
    const run = (key: string, emit: () => GeneratedFile[]): RenderedFile[] => {
      const again = input.reuse?.(key) ?? null;
      if (again !== null) {
        input.onPart?.(true);
        for (const f of again) claim(emitter.kind, f.path);
        return [...again].sort(byPath);
      }
      const files = emit();
      // A part that makes no file (the C emitters' shared part) is not worth counting.
      if (files.length > 0) input.onPart?.(false);
      return renderAll(emitter, files, key);
    };
    for (const abi of input.model.abis) yield run(ids.abi(abi), () => parts.abi(abi, input.options));
    yield run(ids.shared, () => parts.shared(input.model, input.options));
  }
}
