// The `hcgen watch` loop: regenerate whenever a spec changes, report problems and keep going.
// Exported as a function of an AbortSignal so tests drive it in-process and the command only has to
// turn SIGINT into an abort.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { displayPath, type SpecCache } from "../api.js";
import type { Diagnostic } from "../diagnostics.js";
import { DEFAULT_EMIT_OPTIONS, type EmitOptions, type Emitter } from "../emit/types.js";
import { FastPath } from "./incremental.js";
import { render } from "./render.js";
import { loadSpecs, printDiagnostics, renderLoaded, startRecord } from "./run.js";
import { OutputError } from "./fsops.js";
import { apply, applyPart } from "./write.js";
import { watchDir, type DirWatch } from "./watch-dir.js";

export interface WatchOptions {
  /** Spec files or directories, as for generate. */
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly outDir: string;
  readonly emitters: readonly Emitter[];
  readonly options?: EmitOptions;
  readonly force?: boolean;
  /** The per-user store of loaded specs (run.ts PrepareOptions.storeDir); absent: none. */
  readonly storeDir?: string | null;
  readonly signal: AbortSignal;
  /** Informational lines (stdout) and problems (stderr); each call is one or more whole lines. */
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** Quiet time after the last file event before regenerating (editors write in several steps). */
  readonly debounceMs?: number;
  /** Prints a cycle's diagnostics (the CLI passes its excerpt-and-colour printer); default: plain lines on err. */
  readonly report?: (diags: readonly Diagnostic[]) => void;
  /** Called after every regeneration, for tests and tools. */
  readonly onCycle?: (c: Cycle) => void;
}

export interface Cycle {
  readonly ok: boolean;
  readonly changed: readonly string[];
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly ms: number;
  /** Time until the edited ABIs' own files were written (the fast pass), null when not used. */
  readonly fastMs: number | null;
}

/** Specs, and the lockfile next to them (it takes part in validation). */
const WATCHED = /\.ya?ml$|^hcgen\.lock$/;

/** Runs until `signal` aborts; resolves then. Never rejects for spec or write problems. */
export async function watchLoop(o: WatchOptions): Promise<void> {
  if (o.signal.aborted) return;
  // Watch directories, not files: editors save by writing a new file and renaming it over the old
  // one, which ends a watch on the file itself.
  const wanted = new Map<string, Set<string> | null>(); // dir -> file names (null: every spec in it)
  for (const input of o.inputs) {
    const abs = resolve(o.cwd, input);
    if (existsSync(abs) && statSync(abs).isDirectory()) wanted.set(abs, null);
    else {
      const names = wanted.get(dirname(abs)) ?? new Set<string>();
      if (names !== null) { names.add(basename(abs)); wanted.set(dirname(abs), names); }
    }
  }

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const fast = new FastPath();
  // Unchanged specs are not parsed and validated again (api.ts SpecCache: keyed by name and bytes).
  const cache: SpecCache = new Map();
  const opts = { inputs: o.inputs, cwd: o.cwd, emitters: o.emitters, cache, storeDir: o.storeDir ?? null, ...(o.options ? { options: o.options } : {}) };
  const emitOptions = o.options ?? DEFAULT_EMIT_OPTIONS;
  const ms = (t0: number) => Math.round(performance.now() - t0);
  const cycle = (label: string) => {
    const changed = [...pending].sort();
    pending.clear();
    const t0 = performance.now();
    const what = changed.length > 0 ? changed.join(", ") : label;
    const record = startRecord(o.inputs, o.cwd);
    const loaded = loadSpecs(opts);
    if (o.report) o.report(loaded.diagnostics);
    else printDiagnostics(loaded.diagnostics, o.err);
    if (!loaded.ok) {
      o.err(`hcgen watch: ${what}: not regenerated (invalid spec); waiting for changes\n`);
      o.onCycle?.({ ok: false, changed, written: [], removed: [], ms: performance.now() - t0, fastMs: null });
      return;
    }
    // Fast pass: the edited ABIs' own files, so the result of an edit shows up at once.
    const fastFiles = fast.render(loaded.model, changed, loaded.specBytes, o.emitters, emitOptions, o.cwd);
    let fastWritten: string[] = [];
    try { fastWritten = applyPart(o.outDir, fastFiles); } catch (e) {
      // Locked by a generate, unwritable, ...: the full pass below reports it.
      if (!(e instanceof OutputError)) throw e;
    }
    const fastMs = fastFiles.length > 0 ? performance.now() - t0 : null;
    if (fastMs !== null) o.out(`hcgen watch: ${what}: ${fastWritten.length} written in ${ms(t0)} ms (own files); updating the rest\n`);
    // Full pass: authoritative (aggregates, stale removal, manifest, conflicts).
    // Incremental: parts whose inputs did not change come from the last cycle, or (the first cycle, unless
    // --force) from the output directory as generate would take them.
    const files = fast.started ? render({ model: loaded.model, specBytes: loaded.specBytes, emitters: o.emitters, options: emitOptions, cwd: o.cwd, reuse: fast.reuse() })
      : renderLoaded(loaded, { ...opts, ...(o.force ? {} : { reuseFrom: o.outDir }) });
    for (const k of fast.verify(fastFiles, files)) o.err(`hcgen watch: note: ${k} output depends on other specs; regenerating it in full from now on\n`);
    fast.recordFull(files);
    try {
      const r = apply({ outDir: o.outDir, files, kinds: loaded.kinds, specs: loaded.specs, force: o.force ?? false,
        validatedInputs: record(loaded, o.emitters, emitOptions) });
      const written = [...new Set([...fastWritten, ...r.written])].sort();
      const list = written.length > 0 && written.length <= 6 ? `: ${written.join(", ")}` : "";
      o.out(`hcgen watch: ${what}: ${written.length} written, ${r.total - written.length} unchanged, ${r.removed.length} removed in ${ms(t0)} ms${list}\n`);
      o.onCycle?.({ ok: true, changed, written, removed: r.removed, ms: performance.now() - t0, fastMs });
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      o.err(`hcgen watch: ${e.message}\n`);
      o.onCycle?.({ ok: false, changed, written: fastWritten, removed: [], ms: performance.now() - t0, fastMs });
    }
  };
  const safeCycle = (label: string) => {
    try { cycle(label); } catch (e) {
      // A bug in an emitter must not end the session: report it and wait for the next edit.
      o.err(`hcgen watch: internal error (please report it): ${(e as Error).stack ?? String(e)}\n`);
      o.onCycle?.({ ok: false, changed: [], written: [], removed: [], ms: 0, fastMs: null });
    }
  };

  const watchers: DirWatch[] = [];
  for (const [dir, names] of wanted) {
    const schedule = () => { clearTimeout(timer); timer = setTimeout(() => safeCycle("change"), o.debounceMs ?? 40); };
    // watchDir follows the directory through deletion and re-creation (issue 19).
    watchers.push(watchDir(dir, (file) => {
      if (file === null || !WATCHED.test(file) || (names !== null && !names.has(file) && file !== "hcgen.lock")) return;
      pending.add(displayPath(resolve(dir, file), o.cwd));
      schedule();
    }, () => {
      o.out(`hcgen watch: ${displayPath(dir, o.cwd) || "."} was created again; watching it\n`);
      schedule();
    }, (e) => o.err(`hcgen watch: cannot watch ${displayPath(dir, o.cwd)}: ${e.message}\n`)));
  }

  safeCycle("initial build");
  o.out(`hcgen watch: watching ${[...wanted.keys()].map((d) => displayPath(d, o.cwd) || ".").join(", ")} (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      done();
    };
    if (o.signal.aborted) stop(); else o.signal.addEventListener("abort", stop, { once: true });
  });
}
