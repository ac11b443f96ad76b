// The worker-thread half of parallel rendering (render-helper.ts has the main thread's half and the
// reasons). A helper loads the same specs itself (in parallel with the main thread, which also
// validates and reports them), waits for the main thread's "go" (sent under the writer's lock, after
// an interrupted switch is completed), then renders its share of the emitters part by part:
//  - stage: each file is encoded, hashed and written to a temp file beside its target, not fsynced;
//    the main thread takes it (journal.ts StagedTemp) into its own ownership checks, fsync batch,
//    journal and clean-up, exactly as a file it staged itself;
//  - digest (`hcgen check`): each file is hashed, and so is what is on disk at its path.
// Anything unexpected is reported as "failed" (temp files of the unfinished part removed first),
// and the main thread then renders this share itself: the helper only ever saves time.
import { createHash } from "node:crypto";
import { closeSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { EMITTERS } from "../emit/index.js";
import type { EmitOptions, OutputKind } from "../emit/types.js";
import { compareOutput } from "./check.js";
import { encodeBlocks } from "./chunks.js";
import { safeTarget, tempNameFor, writeBlocksUnsynced, type DiskMatch } from "./fsops.js";
import { StagedTemp } from "./journal.js";
import type { RenderedFile } from "./render.js";
import { loadSpecs, streamLoaded, type PrepareOptions } from "./run.js";

export type HelperMode = "stage" | "digest";

/** What the main thread hands a helper (workerData). */
export interface HelperRequest {
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly options: EmitOptions;
  /** Its share: indices into EMITTERS. */
  readonly emitters: readonly number[];
  readonly mode: HelperMode;
  readonly outDir: string;
  /** The spec store the main thread uses (run.ts PrepareOptions.storeDir); a helper only reads it. */
  readonly storeDir: string | null;
  /** The helper's end of its channel: messages to the main thread, and "go" / "stop" from it. */
  readonly port: MessagePort;
  /** Bumped and notified after each message, so the main thread can block on it (Atomics.wait). */
  readonly signal: Int32Array;
}

/** One file a helper made: what the manifest and the report need, plus where its bytes are. */
export interface HelperFile {
  readonly path: string;
  readonly kind: OutputKind;
  readonly sources: readonly string[];
  readonly inputHash: string;
  readonly input?: string;
  /** sha256 of the file's bytes, header included. */
  readonly sha256: string;
  /** stage: the temp file (absolute, written and closed) and the directory mkdir made for it, if any. */
  readonly temp?: string;
  readonly madeDir?: { readonly leaf: string; readonly top: string };
  /** digest: how the file now at its path compares with these bytes. */
  readonly disk?: DiskMatch;
}

export type HelperMessage =
  | { readonly type: "loaded"; readonly ok: boolean; readonly specs: Readonly<Record<string, string>> }
  | { readonly type: "part"; readonly files: readonly HelperFile[] }
  | { readonly type: "done" }
  | { readonly type: "failed"; readonly message: string };

export async function runRenderWorker(req: HelperRequest = workerData as HelperRequest): Promise<void> {
  const send = (m: HelperMessage) => {
    req.port.postMessage(m);
    Atomics.add(req.signal, 0, 1);
    Atomics.notify(req.signal, 0);
  };
  // Temp files of the part being rendered: not yet the main thread's, so removed here on a failure.
  let pending: HelperFile[] = [];
  try {
    const emitters = req.emitters.map((i) => EMITTERS[i]!);
    // The main thread validates these specs (and compares their bytes with the ones loaded here).
    const opts: PrepareOptions = { inputs: req.inputs, cwd: req.cwd, emitters, options: req.options, validatedElsewhere: true, storeDir: req.storeDir };
    const loaded = loadSpecs(opts);
    send({ type: "loaded", ok: loaded.ok, specs: loaded.specs });
    if (!loaded.ok || (await nextMessage(req.port)) !== "go") return;
    // Asked to stop (the main thread gave up on the run): seen between files, as that is when it is safe.
    const stopped = () => receiveMessageOnPort(req.port)?.message?.type === "stop";
    for (const part of streamLoaded(loaded, opts)) {
      for (const f of part) {
        if (stopped()) throw new Error("stopped by the main thread");
        pending.push(req.mode === "stage" ? stage(req.outDir, f) : digest(req.outDir, f));
      }
      send({ type: "part", files: pending });
      pending = [];
    }
    send({ type: "done" });
  } catch (e) {
    for (const f of pending) discard(f);
    send({ type: "failed", message: e instanceof Error ? e.stack ?? e.message : String(e) });
  } finally {
    req.port.close();
  }
}

function nextMessage(port: MessagePort): Promise<unknown> {
  return new Promise((resolve) => port.once("message", (m: { type?: unknown }) => resolve(m?.type)));
}

function meta(f: RenderedFile) {
  return { path: f.path, kind: f.kind, sources: f.sources, inputHash: f.inputHash, ...(f.input !== undefined ? { input: f.input } : {}) };
}

/** As journal.ts stageAll stages one file (same temp name, same directory, same bytes), minus the fsync. */
function stage(outDir: string, f: RenderedFile): HelperFile {
  const temp = tempNameFor(safeTarget(outDir, f.path));
  const top = mkdirSync(dirname(temp), { recursive: true });
  const made = { ...meta(f), sha256: "", temp, ...(top !== undefined ? { madeDir: { leaf: dirname(temp), top } } : {}) };
  const h = createHash("sha256");
  try {
    closeSync(writeBlocksUnsynced(temp, encodeBlocks(f.chunks ? f.chunks() : [f.content]), h));
  } catch (e) {
    discard(made);
    throw e;
  }
  return { ...made, sha256: h.digest("hex") };
}

/** check.ts's comparison for one file: its hash, and how the file on disk compares with it. */
function digest(outDir: string, f: RenderedFile): HelperFile {
  const h = createHash("sha256");
  // An unreadable file throws: the main thread reports it (as it would alone) when it renders this share itself.
  const disk = compareOutput(outDir, f.path, encodeBlocks(f.chunks ? f.chunks() : [f.content]), h);
  return { ...meta(f), sha256: h.digest("hex"), disk };
}

/** Removes a temp file this helper staged (and the directories made for it, when empty again). */
function discard(f: HelperFile): void {
  if (f.temp !== undefined) new StagedTemp(f.temp, f.sha256, f.madeDir).release();
}
