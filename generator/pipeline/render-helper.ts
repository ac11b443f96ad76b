// Parallel rendering (issue 16): `hcgen generate` and `hcgen check` hand a share of the emitters to
// worker threads ("helpers", render-worker.ts), so a full render uses more than one core. A cold run
// is mostly JavaScript running before the JIT has warmed up, one pass over every output byte; it
// does not get much faster on one core, but it splits: each helper loads the specs itself while the
// main thread loads and validates them, then renders and stages (or, for check, hashes) its share.
//
// Safety does not depend on the helpers: they write only temp files, after the main thread holds the
// output lock and has completed any interrupted switch; the main thread checks ownership, fsyncs,
// journals and renames those temp files as its own (journal.ts StagedTemp), and removes any it does
// not take. Output does not depend on them either: the same code renders the same bytes in any
// thread; a helper whose specs read differently (a file saved meanwhile), or which fails for any
// reason, is dropped and its share rendered on the main thread, which then reports what went wrong
// exactly as a run without helpers would. Files reach the writer in emitter order, as without helpers.
import { availableParallelism } from "node:os";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { AUTO_MIN_SPEC_BYTES, LATE_HELPER_MIN_CALL_ARCHES } from "./jobs.js";
import { generatorId } from "./generator-id.js";
import { reusableBy } from "./emission.js";
import { readManifest } from "./manifest.js";
import { DEFAULT_EMIT_OPTIONS, type Emitter, type OutputKind } from "../emit/types.js";
import { EMITTERS } from "../emit/index.js";
import { findSpecFiles } from "../spec-files.js";
import { StagedTemp } from "./journal.js";
import type { Model } from "../model.js";
import type { RenderedFile } from "./render.js";
import type { HelperFile, HelperMessage, HelperMode, HelperRequest } from "./render-worker.js";
import { streamLoaded, type Loaded, type PrepareOptions } from "./run.js";

/**
 * What one emitter of each kind costs, roughly (ms of a cold catalog generate with --only, less the
 * run's fixed part; the two C emitters, headers and host dispatchers, share the c figure): to split evenly.
 */
const WEIGHT: Readonly<Record<OutputKind, number>> = { ts: 19, c: 7, docs: 17, json: 11 };

/** The emitters split into contiguous groups (first for the main thread), as even by weight as can be. */
export function splitEmitters(emitters: readonly Emitter[], threads: number): Emitter[][] {
  const n = Math.max(1, Math.min(threads, emitters.length));
  const groups: Emitter[][] = [];
  let rest = emitters.reduce((s, e) => s + WEIGHT[e.kind], 0);
  let i = 0;
  for (let g = n; g > 0; g--) {
    const target = rest / g;
    const group: Emitter[] = [];
    let sum = 0;
    // Take emitters while that brings the group nearer its share; leave one at least for each later group.
    while (i < emitters.length - (g - 1) && (group.length === 0 || Math.abs(sum + WEIGHT[emitters[i]!.kind] - target) <= Math.abs(sum - target))) {
      sum += WEIGHT[emitters[i]!.kind];
      group.push(emitters[i++]!);
    }
    if (g === 1) while (i < emitters.length) group.push(emitters[i++]!);
    rest -= sum;
    groups.push(group);
  }
  return groups;
}

// bin/hcgen.js runs the CLI from dist/generator/cli.bundle.cjs when it is current; its banner defines
// these. A helper then loads the bundle too (the module tree costs ~50 ms more to start), through the
// same loader when there was one (bin/bundle-loader.cjs: with V8's code cache).
declare const __hcgenBundleUrl: string | undefined;
declare const __hcgenBundleLoader: string | null | undefined;

/** Where a helper finds renderWorkerMain: the CLI's own build, bundle or module tree; null from TypeScript sources (tests pass their own). */
function defaultEntry(): string | null {
  if (typeof __hcgenBundleUrl === "string") {
    const bundle = JSON.stringify(fileURLToPath(__hcgenBundleUrl));
    return typeof __hcgenBundleLoader === "string" ? `require(${JSON.stringify(__hcgenBundleLoader)}).loadBundle(${bundle}).exports` : `require(${bundle})`;
  }
  if (!import.meta.url.endsWith(".js")) return null;
  return `import(${JSON.stringify(new URL("../cli.js", import.meta.url).href)})`;
}

/** The helper thread's program: load `entry` and run it; a failure to even start is reported like any other. */
function workerProgram(entry: string): string {
  return `"use strict";
const { workerData: w } = require("node:worker_threads");
const fail = (e) => { w.port.postMessage({ type: "failed", message: String((e && e.stack) || e) }); Atomics.add(w.signal, 0, 1); Atomics.notify(w.signal, 0); };
// Ending is a failure too, unless "done" was sent first (then the main thread no longer listens).
try { Promise.resolve(${entry}).then((m) => m.renderWorkerMain()).then(() => fail("the helper ended before it was done"), fail); } catch (e) { fail(e); }
`;
}

/** How long the main thread waits for a helper's next message before it gives up on it and renders the share itself. */
const HELPER_PATIENCE_MS = 120_000;

class Helper {
  readonly emitters: readonly Emitter[];
  readonly #mode: HelperMode;
  #worker: Worker;
  #port: MessagePort;
  #signal: Int32Array;
  #seen = 0;
  #state: "starting" | "going" | "done" | "failed" = "starting";
  #parts: RenderedFile[][] = [];
  /** Temp files it staged that no writer has taken yet. */
  #staged: StagedTemp[] = [];

  constructor(program: string, emitters: readonly Emitter[], req: Omit<HelperRequest, "port" | "signal" | "emitters">) {
    this.emitters = emitters;
    this.#mode = req.mode;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#signal = new Int32Array(new SharedArrayBuffer(4));
    const request: HelperRequest = { ...req, emitters: emitters.map((e) => EMITTERS.indexOf(e)), port: port2, signal: this.#signal };
    this.#worker = new Worker(program, { eval: true, workerData: request, transferList: [port2], stdout: true, stderr: true });
    this.#worker.unref();
    this.#port.unref();
  }

  /** Blocks until the next message (or null: the helper went quiet for too long). */
  #receive(): HelperMessage | null {
    const deadline = Date.now() + HELPER_PATIENCE_MS;
    for (;;) {
      const got = receiveMessageOnPort(this.#port);
      if (got) return got.message as HelperMessage;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      // A message is posted before the signal is bumped: wait only while it is still the value last seen.
      const now = Atomics.load(this.#signal, 0);
      if (now === this.#seen) Atomics.wait(this.#signal, 0, now, Math.min(left, 1000));
      this.#seen = Atomics.load(this.#signal, 0);
    }
  }

  /** Gives up on it: it sent something unexpected, reported a failure, or went quiet. */
  #fail(): void {
    this.#state = "failed";
    void this.#worker.terminate();
    for (const s of this.#staged) s.release();
    this.#staged = [];
  }

  /** Lets it write (the caller holds the output lock); it starts once it has loaded the specs. */
  go(): void {
    if (this.#state !== "starting") return;
    this.#port.postMessage({ type: "go" });
    this.#state = "going";
  }

  #take(files: readonly HelperFile[]): void {
    const rendered = files.map((f) => toRendered(f, this.#mode));
    for (const f of rendered) if (f.staged) this.#staged.push(f.staged);
    this.#parts.push(rendered);
  }

  /**
   * Its parts, once it has finished them all; null when it failed, or loaded specs other than
   * `specs` (other names or bytes: a file saved meanwhile), and then nothing of it is left on disk.
   */
  results(specs: Readonly<Record<string, string>>): RenderedFile[][] | null {
    while (this.#state === "going") {
      const m = this.#receive();
      if (m?.type === "loaded") {
        if (!m.ok || !sameSpecs(m.specs, specs)) { this.release(); return null; }
      } else if (m?.type === "part") this.#take(m.files);
      else if (m?.type === "done") this.#state = "done";
      else this.#fail();
    }
    return this.#state === "done" ? this.#parts : null;
  }

  /**
   * Stops it and removes every temp file of its that no writer took. A helper still rendering is
   * asked to stop (it looks between files) and waited for, so nothing it stages is left behind.
   */
  release(): void {
    if (this.#state === "going") {
      this.#port.postMessage({ type: "stop" });
      while (this.#state === "going") {
        const m = this.#receive();
        if (m?.type === "part") this.#take(m.files);
        else if (m?.type !== "loaded") this.#state = m?.type === "done" ? "done" : "failed";
      }
    }
    if (this.#state !== "done") { this.#state = "failed"; void this.#worker.terminate(); }
    for (const s of this.#staged) s.release();
    this.#staged = [];
  }
}

function sameSpecs(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function toRendered(f: HelperFile, mode: HelperMode): RenderedFile {
  const base = { path: f.path, kind: f.kind, sources: f.sources, inputHash: f.inputHash, ...(f.input !== undefined ? { input: f.input } : {}) };
  if (mode === "stage") {
    const staged = new StagedTemp(f.temp!, f.sha256, f.madeDir);
    return { ...base, staged, get content() { return readFileSync(staged.temp, "utf8"); } };
  }
  // check reads the content of a stale file only, and splitParts renders a share with one on the main thread.
  return { ...base, digest: { sha256: f.sha256, disk: f.disk ?? "none" }, get content(): string { throw new Error(`internal: ${f.path} was only hashed by a helper`); } };
}

/**
 * Whether a generate renders everything: not incremental, or no manifest parts it could reuse (no
 * manifest, an unsound one, or one another build of hcgen wrote). Helpers are used only then: an
 * incremental run reuses most parts and has little left to split.
 */
export function fullRender(outDir: string, incremental: boolean): boolean {
  if (!incremental) return true;
  try {
    const m = readManifest(outDir);
    return !reusableBy(m, generatorId()) || m.files.length === 0;
  } catch { return true; }
}

export interface RenderSplit {
  /** The main thread's emitters. */
  readonly own: readonly Emitter[];
  readonly helpers: readonly Helper[];
  readonly mode: HelperMode;
}

export interface SplitRequest {
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly opts: PrepareOptions;
  readonly outDir: string;
  readonly mode: HelperMode;
  /** --jobs; undefined: automatic. */
  readonly jobs: number | undefined;
  /** A JavaScript expression for the module (or a promise of it) whose renderWorkerMain a helper runs; default: this build's CLI. For tests. */
  readonly entry?: string;
}

/**
 * Starts the helpers for a full render of `opts.emitters` (call it before loadSpecs, so they load
 * meanwhile), or returns null when one thread will do: --jobs 1, one core, one emitter, small specs
 * (automatic only), or no built program to run (TypeScript sources).
 */
export function startHelpers(r: SplitRequest): RenderSplit | null {
  const threads = r.jobs ?? autoJobs(r.inputs);
  // A helper runs hcgen's own emitters (it names them by index): a library caller's own stay on one thread.
  if (threads < 2 || r.opts.emitters.length < 2 || r.opts.emitters.some((e) => !EMITTERS.includes(e))) return null;
  const entry = r.entry ?? defaultEntry();
  if (entry === null) return null;
  const program = workerProgram(entry);
  const [own, ...shares] = splitEmitters(r.opts.emitters, threads);
  const req = { inputs: r.inputs, cwd: r.cwd, mode: r.mode, outDir: r.outDir, options: r.opts.options ?? DEFAULT_EMIT_OPTIONS, storeDir: r.opts.storeDir ?? null };
  const helpers: Helper[] = [];
  try {
    for (const share of shares) helpers.push(new Helper(program, share, req));
  } catch {
    // No thread to be had (ERR_WORKER_INIT_FAILED: out of memory or threads): one thread does it all.
    for (const h of helpers) h.release();
    return null;
  }
  return { own: own!, mode: r.mode, helpers };
}

/**
 * --jobs auto: a helper on any machine with a second core, as build tools do (the scheduler shares a
 * busy machine; `--jobs 1` saves the helper's own spec load there), once the specs are large enough
 * to repay starting it. Not the load average: a run right after another, or a bench, would see its
 * own predecessor and choose differently from run to run.
 */
function autoJobs(inputs: readonly string[]): number {
  return availableParallelism() >= 2 && specBytes(inputs) >= AUTO_MIN_SPEC_BYTES ? 2 : 1;
}

/** --jobs auto for specs the store served (run.ts storeServesAll): whether a helper started now still pays. */
export function lateHelperPays(model: Model): boolean {
  let pairs = 0;
  for (const abi of model.abis) for (const call of abi.calls) pairs += call.arches.length;
  return pairs >= LATE_HELPER_MIN_CALL_ARCHES;
}

function specBytes(inputs: readonly string[]): number {
  let n = 0;
  try { for (const f of findSpecFiles(inputs)) n += statSync(f).size; } catch { return 0; }
  return n;
}

/**
 * run.ts streamLoaded with the work split: the main thread's parts (rendered here), then each
 * helper's (rendered there meanwhile), in emitter order. Iterate it only where the helpers may
 * write: the first step tells them to go. A path two emitters produce is refused as render.ts does.
 */
export function* splitParts(split: RenderSplit, l: Loaded, opts: PrepareOptions): Generator<RenderedFile[], void, void> {
  for (const h of split.helpers) h.go();
  const owner = new Map<string, OutputKind>();
  const claimAll = (files: readonly RenderedFile[]) => {
    for (const f of files) {
      const prev = owner.get(f.path);
      if (prev) throw new Error(`emitters '${prev}' and '${f.kind}' both produce '${f.path}'`);
      owner.set(f.path, f.kind);
    }
  };
  try {
    for (const part of streamLoaded(l, { ...opts, emitters: split.own })) { claimAll(part); yield part; }
    for (const h of split.helpers) {
      const parts = h.results(l.specs);
      // A failed helper, or (check) a stale file, whose report needs its content: this share is rendered here.
      if (parts === null || (split.mode === "digest" && parts.some((p) => p.some((f) => f.digest!.disk === "differs")))) {
        for (const part of streamLoaded(l, { ...opts, emitters: h.emitters })) { claimAll(part); yield part; }
        continue;
      }
      for (const part of parts) {
        claimAll(part);
        if (part.length > 0) opts.onPart?.(false);
        yield part;
      }
    }
  } finally {
    for (const h of split.helpers) h.release();
  }
}

/** Stops every helper and removes what they staged and no writer took (after a run, or instead of one). */
export function releaseHelpers(split: RenderSplit | null): void {
  for (const h of split?.helpers ?? []) h.release();
}
