// In-process generation timing, run in a fresh child process by bench/run.ts:
//   node build/bench/gen-child.js warm REPS [spec paths...]
// Loads the model once and times, REPS times each (after one untimed warm-up): every emitter on the
// already-loaded model (renderLoaded, as `generate` does minus the writes), each emitter alone, and
// load + emit from the spec files (prepare). Prints one JSON line, including process maxRSS.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMITTERS } from "../generator/emit/index.js";
import { loadSpecs, prepare, renderLoaded, type PrepareOptions } from "../generator/pipeline/run.js";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");

function time(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const [mode, repsArg, ...inputs] = process.argv.slice(2);
if (mode !== "warm") throw new Error("usage: gen-child.js warm REPS [inputs...]");
const reps = Number(repsArg ?? 5);
const opts: PrepareOptions = { inputs: inputs.length > 0 ? inputs : [join(ROOT, "spec")], cwd: ROOT, emitters: EMITTERS };

const firstLoadMs = time(() => loadSpecs(opts));
const loaded = loadSpecs(opts);
if (!loaded.ok) throw new Error("the specs do not validate");
const firstEmitMs = time(() => renderLoaded(loaded, opts));
const calls = loaded.model.abis.reduce((n, a) => n + a.calls.length, 0);

const emitAll: number[] = [], loadOnly: number[] = [], loadEmit: number[] = [];
const perEmitter: Record<string, number[]> = Object.fromEntries(EMITTERS.map((e) => [e.kind, []]));
let files = 0;
for (let i = 0; i < reps; i++) {
  emitAll.push(time(() => { files = renderLoaded(loaded, opts).length; }));
  for (const e of EMITTERS) perEmitter[e.kind]!.push(time(() => renderLoaded(loaded, { ...opts, emitters: [e] })));
  loadOnly.push(time(() => loadSpecs(opts)));
  loadEmit.push(time(() => { const p = prepare(opts); if (!p.ok) throw new Error("invalid"); }));
}
const ru = process.resourceUsage();
process.stdout.write(JSON.stringify({ reps, calls, files, firstLoadMs, firstEmitMs, emitAll, perEmitter, loadOnly, loadEmit, maxRssKiB: ru.maxRSS }) + "\n");
