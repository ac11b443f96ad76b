// The fast path of `hcgen watch`. Emitting the whole catalog takes most of a second (the TypeScript
// emitter alone ~0.5 s), so after an edit watch first re-emits only the edited ABIs (a model holding
// just them) and writes their per-ABI files, then runs the full generation right after, which is
// authoritative: it writes the aggregate files (index.ts, model.json, the site index), removes
// stale files and updates the manifest. A per-ABI file is taken from the fast pass only when the
// last full run produced the same path from that spec alone; if the full run then disagrees with
// what the fast pass wrote, that emitter's output depends on other ABIs and it is no longer
// fast-pathed for the session. Its files are written by write.ts applyPart: lock, journal and
// atomic switch as for generate.
import type { EmitOptions, Emitter } from "../emit/types.js";
import type { Model } from "../model.js";
import { render, type RenderedFile } from "./render.js";

export class FastPath {
  private last = new Map<string, RenderedFile>();
  private readonly disabled = new Set<string>();

  /** Remembers the output of a full run: the reference for which files are per-ABI. */
  recordFull(files: readonly RenderedFile[]): void {
    this.last = new Map(files.map((f) => [f.path, f]));
  }

  /**
   * The per-ABI files of the ABIs whose spec is in `changed`, or [] when there is nothing to
   * fast-path (no full run yet, a new or deleted spec, ...).
   */
  render(model: Model, changed: readonly string[], specBytes: ReadonlyMap<string, Uint8Array>,
    emitters: readonly Emitter[], options: EmitOptions, cwd: string): RenderedFile[] {
    if (this.last.size === 0) return [];
    const abis = model.abis.filter((a) => changed.includes(a.file));
    if (abis.length === 0 || abis.length !== changed.length) return [];
    const sub: Model = { hcgen: 1, abis };
    const live = emitters.filter((e) => !this.disabled.has(e.kind));
    const out: RenderedFile[] = [];
    for (const e of live) {
      let files: RenderedFile[];
      // An emitter that cannot handle a partial model just loses the fast path; the full run follows.
      try { files = render({ model: sub, specBytes, emitters: [e], options, cwd }); } catch { this.disabled.add(e.kind); continue; }
      for (const f of files) {
        const prev = this.last.get(f.path);
        if (f.sources.length === 1 && prev && prev.kind === f.kind && prev.sources.length === 1 && prev.sources[0] === f.sources[0]) out.push(f);
      }
    }
    return out;
  }

  /** Kinds whose fast output differed from the full run's (now disabled), for the log. */
  verify(fast: readonly RenderedFile[], full: readonly RenderedFile[]): string[] {
    const byPath = new Map(full.map((f) => [f.path, f.content]));
    const wrong = new Set(fast.filter((f) => byPath.get(f.path) !== f.content).map((f) => f.kind));
    for (const k of wrong) this.disabled.add(k);
    return [...wrong];
  }
}
