// `npm run bench`: the benchmark suite. Writes bench/results.json and bench/RESULTS.md.
// Not a test: nothing here asserts on time; targets are reported as met or missed.
// Environment knobs (defaults in brackets): BENCH_COLD_REPS [5], BENCH_WARM_REPS [5], BENCH_SYNTH_REPS [3],
// BENCH_SYNTH_SIZES [1000,5000,10000], BENCH_ITERS [200000], BENCH_SAMPLES [10], BENCH_SKIP_GEN, BENCH_SKIP_RUNTIME.
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIME_CASES, type RuntimeCase } from "./runtime.js";
import { machineInfo, stat, type Stat } from "./stats.js";
import { synthSpec } from "./synth.js";
import { SETTLED_NS } from "../generator/pipeline/output-stats.js";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
const OUT_DIR = join(ROOT, "bench");
const HCGEN = join(ROOT, "bin", "hcgen.js");
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const env = (k: string, d: number): number => (process.env[k] !== undefined ? Number(process.env[k]) : d);

interface ProcRun { wallMs: number; cpuMs: number | null; maxRssKiB: number | null; status: number | null }

let stores = 0;
/** hcgen's cache directory for one run: a new empty one (its spec store is empty: the first run on a machine), unless given. */
const freshStore = (): string => join(tmp, `store-${stores++}`);

/**
 * One fresh process, timed from the parent; CPU time and peak RSS from /usr/bin/time -v when present.
 * Each run gets an empty spec store (generator/spec-store.ts) unless `extraEnv` names one (HCGEN_CACHE_DIR).
 */
function runProc(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): ProcRun {
  const argv = TIME ? [TIME, "-v", process.execPath, ...args] : [process.execPath, ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, HCGEN_CACHE_DIR: freshStore(), ...extraEnv };
  delete env.HCGEN_NO_CACHE;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28, env });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let cpuMs: number | null = null, maxRssKiB: number | null = null;
  if (TIME) {
    const num = (re: RegExp): number | null => { const m = re.exec(r.stderr); return m ? Number(m[1]) : null; };
    const u = num(/User time \(seconds\): ([\d.]+)/), s = num(/System time \(seconds\): ([\d.]+)/);
    cpuMs = u !== null && s !== null ? (u + s) * 1000 : null;
    maxRssKiB = num(/Maximum resident set size \(kbytes\): (\d+)/);
  }
  if (r.status !== 0 && !(args.includes("check") && r.status === 1)) process.stderr.write(r.stdout + r.stderr);
  return { wallMs, cpuMs, maxRssKiB, status: r.status };
}

interface ProcStats { reps: number; wallMs: Stat; cpuMs: Stat | null; maxRssMiB: Stat | null; runs: ProcRun[] }
function procStats(runs: ProcRun[]): ProcStats {
  const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== null);
  const rss = runs.map((r) => r.maxRssKiB).filter((x): x is number => x !== null);
  return { reps: runs.length, wallMs: stat(runs.map((r) => r.wallMs)), cpuMs: cpu.length ? stat(cpu) : null, maxRssMiB: rss.length ? stat(rss.map((k) => k / 1024)) : null, runs };
}

function log(s: string): void { process.stderr.write(`bench: ${s}\n`); }

const info = machineInfo();
log(`${info.cpu}, ${info.cores} cores, load ${info.loadAvgAtStart.join(" ")}, node ${info.node}`);
if (!existsSync(join(ROOT, "dist", "generator", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm run bench does)");
const tmp = mkdtempSync(join(tmpdir(), "hcgen-bench-"));
const results: Record<string, unknown> = { machine: info };
// A skipped section keeps its figures from the previous bench/results.json (and says so).
const previous = existsSync(join(OUT_DIR, "results.json")) ? JSON.parse(readFileSync(join(OUT_DIR, "results.json"), "utf8")) : {};
if (process.env.BENCH_SKIP_GEN && previous.generation) results.generation = { ...previous.generation, keptFrom: previous.generation.keptFrom ?? previous.machine };
if (process.env.BENCH_SKIP_RUNTIME && previous.runtime) { results.runtime = previous.runtime; results.runtimeKeptFrom = previous.runtimeKeptFrom ?? previous.machine; }

try {
  if (!process.env.BENCH_SKIP_GEN) {
    const coldReps = env("BENCH_COLD_REPS", 5), warmReps = env("BENCH_WARM_REPS", 5), synthReps = env("BENCH_SYNTH_REPS", 3);
    // Node startup alone, for scale.
    const nodeStartup = procStats(Array.from({ length: coldReps }, () => runProc(["-e", "0"])));
    log(`node startup ${nodeStartup.wallMs.median.toFixed(0)} ms`);
    // Cold: a fresh `hcgen generate` process into an empty directory each time, all outputs. Interleaved
    // with the two start-up baselines (bin/hcgen.js): V8's default tier-up budget, and the module tree
    // instead of the bundle, so load drift hits all three alike.
    // And with one thread (--jobs 1: no render helper, pipeline/render-helper.ts), and without the
    // bundle's code cache (HCGEN_NO_CODE_CACHE=1, bin/bundle-loader.cjs).
    // And into an empty directory with a warm spec store (one an earlier run filled, as on a user's
    // machine): output cold, the specs' models read from the store.
    const coldRuns: ProcRun[] = [], v8DefaultRuns: ProcRun[] = [], moduleTreeRuns: ProcRun[] = [], oneThreadRuns: ProcRun[] = [], noCacheRuns: ProcRun[] = [], storedRuns: ProcRun[] = [];
    const warmStore = { HCGEN_CACHE_DIR: freshStore() };
    if (runProc([HCGEN, "validate"], warmStore).status !== 0) throw new Error("hcgen validate failed on the catalog");
    for (let i = 0; i < coldReps; i++) {
      storedRuns.push(runProc([HCGEN, "generate", "--out", join(tmp, `cold-stored-${i}`)], warmStore));
      noCacheRuns.push(runProc([HCGEN, "generate", "--out", join(tmp, `cold-nocache-${i}`)], { HCGEN_NO_CODE_CACHE: "1" }));
      coldRuns.push(runProc([HCGEN, "generate", "--out", join(tmp, `cold-${i}`)]));
      v8DefaultRuns.push(runProc([HCGEN, "generate", "--out", join(tmp, `cold-v8-${i}`)], { HCGEN_V8_DEFAULTS: "1" }));
      moduleTreeRuns.push(runProc([HCGEN, "generate", "--out", join(tmp, `cold-tree-${i}`)], { HCGEN_NO_BUNDLE: "1" }));
      oneThreadRuns.push(runProc([HCGEN, "generate", "--jobs", "1", "--out", join(tmp, `cold-one-${i}`)]));
    }
    const cold = procStats(coldRuns);
    const startup = { v8Defaults: procStats(v8DefaultRuns), moduleTree: procStats(moduleTreeRuns), oneThread: procStats(oneThreadRuns), noCodeCache: procStats(noCacheRuns), specStore: procStats(storedRuns) };
    log(`cold generate ${cold.wallMs.median.toFixed(0)} ms (V8 defaults ${startup.v8Defaults.wallMs.median.toFixed(0)} ms, module tree ${startup.moduleTree.wallMs.median.toFixed(0)} ms)`);
    // Check on an up-to-date tree (the tree the cold runs wrote), with the spec store a generate left
    // (the usual case), and with an empty one.
    const checkRuns: ProcRun[] = [], checkOneRuns: ProcRun[] = [], checkColdRuns: ProcRun[] = [];
    for (let i = 0; i < coldReps; i++) {
      checkRuns.push(runProc([HCGEN, "check", "--out", join(tmp, "cold-0")], warmStore));
      checkOneRuns.push(runProc([HCGEN, "check", "--jobs", "1", "--out", join(tmp, "cold-0")], warmStore));
      checkColdRuns.push(runProc([HCGEN, "check", "--out", join(tmp, "cold-0")]));
    }
    if ([...checkRuns, ...checkOneRuns, ...checkColdRuns].some((r) => r.status !== 0)) throw new Error("hcgen check did not find the freshly generated tree up to date");
    const check = { ...procStats(checkRuns), oneThread: procStats(checkOneRuns), emptyStore: procStats(checkColdRuns) };
    log(`check ${check.wallMs.median.toFixed(0)} ms`);
    // Incremental generate (issue 16): into an up-to-date tree with no change, and after one spec edit
    // (a comment appended to a copy of xen.yaml, so its bytes and all of its files' headers change),
    // incremental and --no-incremental alternately, each after its own edit; all with a spec store that
    // earlier runs filled (as on a user's machine), and the incremental one also with an empty store.
    const incSpec = join(tmp, "inc-spec"), incOut = join(tmp, "inc-out"), xen = join(incSpec, "xen.yaml");
    cpSync(join(ROOT, "spec"), incSpec, { recursive: true, filter: (p) => !p.endsWith(".md") });
    const incStore = { HCGEN_CACHE_DIR: freshStore() };
    if (runProc([HCGEN, "generate", "--out", incOut, incSpec], incStore).status !== 0) throw new Error("incremental: first generate failed");
    // As on a user's machine, the files have settled (pipeline/output-stats.ts SETTLED_NS) and one run
    // has recorded their stat: then a run stats them instead of hashing them; interleaved with runs that
    // have no record (an empty cache directory each), which read and hash all 15 MB.
    await new Promise((r) => setTimeout(r, Number(SETTLED_NS / 1_000_000n) + 200));
    if (runProc([HCGEN, "generate", "--out", incOut, incSpec], incStore).status !== 0) throw new Error("incremental: second generate failed");
    const noChangeRuns: ProcRun[] = [], noChangeUnrecordedRuns: ProcRun[] = [];
    for (let i = 0; i < coldReps; i++) {
      noChangeRuns.push(runProc([HCGEN, "generate", "--out", incOut, incSpec], incStore));
      noChangeUnrecordedRuns.push(runProc([HCGEN, "generate", "--out", incOut, incSpec], { HCGEN_CACHE_DIR: freshStore() }));
    }
    const noChange = procStats(noChangeRuns), noChangeUnrecorded = procStats(noChangeUnrecordedRuns);
    // The same with the manifest's up-to-date record dropped first (pipeline/up-to-date.ts): what a run
    // that cannot take the shortcut (a warning, an edit reverted, another layout) costs: validate, reuse every part.
    const incManifest = join(incOut, ".hcgen-manifest.json");
    const noChangeValidated = procStats(Array.from({ length: coldReps }, () => {
      const m = JSON.parse(readFileSync(incManifest, "utf8")) as Record<string, unknown>;
      delete m["validated"];
      writeFileSync(incManifest, JSON.stringify(m, null, 2) + "\n");
      return runProc([HCGEN, "generate", "--out", incOut, incSpec], incStore);
    }));
    const oneSpecRuns: ProcRun[] = [], oneSpecFullRuns: ProcRun[] = [], oneSpecEmptyRuns: ProcRun[] = [];
    for (let i = 0; i < coldReps; i++) {
      appendFileSync(xen, `\n# bench edit ${i}\n`);
      oneSpecRuns.push(runProc([HCGEN, "generate", "--out", incOut, incSpec], incStore));
      appendFileSync(xen, `\n# bench edit ${i} (full)\n`);
      oneSpecFullRuns.push(runProc([HCGEN, "generate", "--no-incremental", "--out", incOut, incSpec], incStore));
      appendFileSync(xen, `\n# bench edit ${i} (empty store)\n`);
      oneSpecEmptyRuns.push(runProc([HCGEN, "generate", "--out", incOut, incSpec]));
    }
    const incremental = { noChange, noChangeUnrecorded, noChangeValidated, oneSpec: procStats(oneSpecRuns), oneSpecFull: procStats(oneSpecFullRuns), oneSpecEmptyStore: procStats(oneSpecEmptyRuns) };
    log(`incremental generate: no change ${noChange.wallMs.median.toFixed(0)} ms (validated in full ${noChangeValidated.wallMs.median.toFixed(0)} ms), one spec ${incremental.oneSpec.wallMs.median.toFixed(0)} ms (--no-incremental ${incremental.oneSpecFull.wallMs.median.toFixed(0)} ms)`);
    // Warm: in one process.
    const w = spawnSync(process.execPath, [join(ROOT, "build", "bench", "gen-child.js"), "warm", String(warmReps)], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    if (w.status !== 0) throw new Error(`gen-child failed: ${w.stderr}`);
    const wr = JSON.parse(w.stdout);
    const warm = {
      reps: wr.reps, calls: wr.calls, files: wr.files, firstLoadMs: wr.firstLoadMs, firstEmitMs: wr.firstEmitMs,
      emitAllMs: stat(wr.emitAll), loadOnlyMs: stat(wr.loadOnly), loadEmitMs: stat(wr.loadEmit),
      perEmitterMs: Object.fromEntries(Object.entries(wr.perEmitter as Record<string, number[]>).map(([k, v]) => [k, stat(v)])),
      maxRssMiB: wr.maxRssKiB / 1024,
    };
    log(`warm emit ${warm.emitAllMs.median.toFixed(0)} ms, load+emit ${warm.loadEmitMs.median.toFixed(0)} ms`);
    // Synthetic specs: N calls x 4 arches, cold CLI generate.
    const sizes = (process.env.BENCH_SYNTH_SIZES ?? "1000,5000,10000").split(",").map(Number);
    const synth: { calls: number; specBytes: number; files: number; cli: ProcStats; oneThread: ProcStats; msPerCall: Stat; cpuMsPerCall: Stat | null }[] = [];
    for (const n of sizes) {
      const dir = join(tmp, `synth-${n}`);
      mkdirSync(dir, { recursive: true });
      const spec = synthSpec(n);
      writeFileSync(join(dir, "synth.yaml"), spec);
      const runs: ProcRun[] = [], oneRuns: ProcRun[] = [];
      for (let i = 0; i < synthReps; i++) {
        runs.push(runProc([HCGEN, "generate", "--out", join(dir, `out-${i}`), join(dir, "synth.yaml")]));
        oneRuns.push(runProc([HCGEN, "generate", "--jobs", "1", "--out", join(dir, `one-${i}`), join(dir, "synth.yaml")]));
        rmSync(join(dir, `one-${i}`), { recursive: true, force: true });
      }
      if ([...runs, ...oneRuns].some((r) => r.status !== 0)) throw new Error(`synthetic ${n}: generate failed`);
      const cli = procStats(runs), oneThread = procStats(oneRuns);
      const files = JSON.parse(readFileSync(join(dir, "out-0", ".hcgen-manifest.json"), "utf8"));
      synth.push({ calls: n, specBytes: spec.length, files: Array.isArray(files.files) ? files.files.length : Object.keys(files.files ?? files).length,
        cli, oneThread, msPerCall: stat(runs.map((r) => r.wallMs / n)), cpuMsPerCall: cli.cpuMs ? stat(runs.map((r) => r.cpuMs! / n)) : null });
      log(`synthetic ${n}: ${cli.wallMs.median.toFixed(0)} ms`);
      rmSync(dir, { recursive: true, force: true });
    }
    // Watch: save -> the edited ABI's own files on disk, and -> the end of the full pass (issue 16).
    const wc = spawnSync(process.execPath, [join(ROOT, "build", "bench", "watch-child.js"), String(env("BENCH_WATCH_EDITS", 10))], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    if (wc.status !== 0) throw new Error(`watch-child failed: ${wc.stderr}`);
    const wj = JSON.parse(wc.stdout);
    const watch = { edits: wj.edits, written: wj.written, saveToOwnFilesMs: stat(wj.toFast), saveToFullMs: stat(wj.toFull),
      fastPassMs: stat(wj.fastPass), fullPassMs: stat(wj.fullPass), maxRssMiB: wj.maxRssKiB / 1024 };
    log(`watch: save -> own files ${watch.saveToOwnFilesMs.median.toFixed(0)} ms, full pass ${watch.fullPassMs.median.toFixed(0)} ms`);
    results.generation = { nodeStartup, cold, startup, check, incremental, warm, synth, watch };
  }
  if (!process.env.BENCH_SKIP_RUNTIME) {
    // In a fresh process, so the generation runs above leave no JIT or GC state behind.
    const iters = env("BENCH_ITERS", 200_000), samples = env("BENCH_SAMPLES", 10);
    // One process per case (see runtimeBench): each case's call sites see only its own ABI.
    results.runtime = RUNTIME_CASES.flatMap((id) => {
      const r = spawnSync(process.execPath, [join(ROOT, "build", "bench", "runtime.js"), "--json", "--case", id], {
        cwd: ROOT, encoding: "utf8", env: { ...process.env, BENCH_ITERS: String(iters), BENCH_SAMPLES: String(samples) } });
      if (r.status !== 0) throw new Error(`runtime bench ${id} failed: ${r.stderr}`);
      log(`runtime ${id} done`);
      return (JSON.parse(r.stdout) as { cases: RuntimeCase[] }).cases;
    });
    log("runtime done");
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
results.loadAvgAtEnd = (await import("node:os")).loadavg().map((x) => Math.round(x * 100) / 100);
writeFileSync(join(OUT_DIR, "results.json"), JSON.stringify(results, null, 2) + "\n");
writeFileSync(join(OUT_DIR, "RESULTS.md"), (await import("./report.js")).report(results as never));
log("wrote bench/results.json and bench/RESULTS.md");
