// The fast path of `hcgen watch`. Emitting the whole catalog takes most of a second (the TypeScript
// emitter alone ~0.5 s), so after an edit watch first re-emits only the edited ABIs and writes their
// per-ABI files, then runs the full generation right after, which is authoritative: it writes the
// aggregate files (index.ts, model.json, the site index), removes stale files and updates the
// manifest. That full pass is incremental too (emission.ts keys): every part whose inputs did not
// change is taken from the previous cycle (or from this cycle's fast pass) instead of being run, and
// the writes still compare every file with the disk, so a deleted or edited output is put back.
// An emitter with parts (emit/types.ts) is fast-pathed through its per-ABI part, which by
// construction sees no other ABI. An emitter without parts runs on a model holding just the edited
// ABIs; its file is taken only when the last full run produced the same path from that spec alone,
// and if the full run then disagrees, it is no longer fast-pathed for the session. The fast files
// are written by write.ts applyPart: lock, journal and atomic switch as for generate.
import type { EmitOptions, Emitter } from "../emit/types.js";
import type { Model } from "../model.js";
import { partKeys } from "./emission.js";
import { render, type RenderedFile } from "./render.js";

/** Files by the key of the emitter part that made them. */
function byKey(files: readonly RenderedFile[]): Map<string, RenderedFile[]> {
  const out = new Map<string, RenderedFile[]>();
  for (const f of files) if (f.input !== undefined) out.set(f.input, [...(out.get(f.input) ?? []), f]);
  return out;
}

export class FastPath {
  private last = new Map<string, RenderedFile>();
  private parts = new Map<string, RenderedFile[]>();
  private fresh = new Map<string, RenderedFile[]>();
  private readonly disabled = new Set<string>();

  /** Remembers the output of a full run: the reference for which files are per-ABI, and the parts the next full run may reuse. */
  recordFull(files: readonly RenderedFile[]): void {
    this.last = new Map(files.map((f) => [f.path, f]));
    this.parts = byKey(files);
    this.fresh = new Map();
  }

  /** Whether a full run was recorded (the session's first cycle has none). */
  get started(): boolean { return this.last.size > 0; }

  /** render()'s `reuse` for the full pass: this cycle's fast parts, else the last full run's. */
  reuse(): (key: string) => readonly RenderedFile[] | null {
    return (key) => this.fresh.get(key) ?? this.parts.get(key) ?? null;
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
    const keys = partKeys(model, specBytes, options, cwd);
    const out: RenderedFile[] = [];
    // Emitters with parts: just the edited ABIs' parts, on the whole model (their keys are the full run's).
    const keyed = emitters.filter((e) => e.parts && keys.of(e));
    const wanted = new Set(keyed.flatMap((e) => abis.map((a) => keys.of(e)!.abi(a))));
    const fast = render({ model, specBytes, emitters: keyed, options, cwd, reuse: (k) => (wanted.has(k) ? null : []) });
    for (const f of fast) if (this.last.get(f.path)?.kind === f.kind) out.push(f);
    this.fresh = byKey(fast);
    const live = emitters.filter((e) => !keyed.includes(e) && !this.disabled.has(e.kind));
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
