// Renders bench/results.json as bench/RESULTS.md (tables, targets met/missed) and appends the
// hand-written analysis in bench/ANALYSIS.md (profiles, what limits each missed target).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RuntimeCase } from "./runtime.js";
import type { MachineInfo, Stat } from "./stats.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const HERE = join(fileURLToPath(import.meta.url), "..", "..", "..", "bench");

const ms = (s: Stat | null | undefined, d = 0): string => (s ? `${s.median.toFixed(d)} (${s.min.toFixed(d)} – ${s.max.toFixed(d)})` : "n/a");
// A variant or ratio an ABI does not have (handwrittenBig exists for two ABIs only) shows as a dash.
const mps = (s: Stat | undefined): string => (s === undefined ? "–" : `${(s.median / 1e6).toFixed(2)} (${(s.min / 1e6).toFixed(2)} – ${(s.max / 1e6).toFixed(2)})`);
const x = (s: Stat | undefined): string => (s === undefined ? "–" : `${s.median.toFixed(2)}× (${s.min.toFixed(2)} – ${s.max.toFixed(2)})`);
const verdict = (ok: boolean): string => (ok ? "**met**" : "**missed**");
/** " (wall 1.25×, CPU 0.80×)": a variant against the row it belongs to, same run. */
const wallRatio = (a: { wallMs: Stat; cpuMs: Stat | null }, b: { wallMs: Stat; cpuMs: Stat | null }): string =>
  ` (wall ${(a.wallMs.median / b.wallMs.median).toFixed(2)}×${a.cpuMs && b.cpuMs ? `, CPU ${(a.cpuMs.median / b.cpuMs.median).toFixed(2)}×` : ""})`;

export function report(r: { machine: MachineInfo; loadAvgAtEnd?: number[]; generation?: any; runtime?: RuntimeCase[]; runtimeKeptFrom?: MachineInfo }): string {
  const m = r.machine;
  const L: string[] = [];
  L.push("# hcgen benchmark results", "");
  L.push("Written by `npm run bench` (bench/run.ts); raw numbers in `bench/results.json`. Cells read **median (min – max)**.", "");
  L.push("| machine | |", "| --- | --- |");
  L.push(`| CPU | ${m.cpu} |`, `| cores | ${m.cores} |`, `| memory | ${m.memoryGiB} GiB |`);
  L.push(`| load average at start (1/5/15 min) | ${m.loadAvgAtStart.join(" / ")} |`);
  if (r.loadAvgAtEnd) L.push(`| load average at end | ${r.loadAvgAtEnd.join(" / ")} |`);
  L.push(`| Node | ${m.node} (${m.platform}) |`, `| date | ${m.date} |`, "");
  if (m.loadAvgAtStart[0]! > m.cores * 0.75)
    L.push(`> The machine was loaded (load ${m.loadAvgAtStart[0]} on ${m.cores} cores): absolute wall times are inflated, roughly by the load / cores factor. CPU time (user+sys) and the in-run ratios are the more stable figures.`, "");

  const targets: string[] = [];
  const g = r.generation;
  if (g) {
    L.push("## Generation", "");
    if (g.keptFrom) L.push(`> Generation figures kept from the run of ${g.keptFrom.date} (load ${g.keptFrom.loadAvgAtStart.join(" / ")}); this run measured only the runtime.`, "");
    L.push(`Cold runs are fresh \`node bin/hcgen.js …\` processes (dist/ built first); wall time measured by the parent, CPU time (user+sys) and peak RSS from \`/usr/bin/time -v\`. ${g.cold.reps} runs each for the catalog, ${g.synth[0]?.cli.reps ?? 0} per synthetic size; warm: ${g.warm.reps} repetitions in one process after one untimed warm-up.`, "");
    L.push("| what | wall ms | CPU ms | peak RSS MiB |", "| --- | --- | --- | --- |");
    L.push(`| node startup alone (\`node -e 0\`) | ${ms(g.nodeStartup.wallMs)} | ${ms(g.nodeStartup.cpuMs)} | ${ms(g.nodeStartup.maxRssMiB)} |`);
    L.push(`| **catalog cold: \`hcgen generate --out <tmp>\`** (${g.warm.calls} calls, ${g.warm.files} files, all outputs${g.startup?.specStore ? "; an empty spec store, as on a machine's first run" : ""}) | ${ms(g.cold.wallMs)} | ${ms(g.cold.cpuMs)} | ${ms(g.cold.maxRssMiB)} |`);
    if (g.startup) {
      const ratio = (a: { cpuMs: Stat | null } | undefined, b: { cpuMs: Stat | null } | undefined) => (a?.cpuMs && b?.cpuMs ? ` (CPU ${(a.cpuMs.median / b.cpuMs.median).toFixed(2)}×)` : "");
      L.push(`| &nbsp;&nbsp;the same with V8's default tier-up budget (\`HCGEN_V8_DEFAULTS=1\`)${ratio(g.startup.v8Defaults, g.cold)} | ${ms(g.startup.v8Defaults.wallMs)} | ${ms(g.startup.v8Defaults.cpuMs)} | ${ms(g.startup.v8Defaults.maxRssMiB)} |`);
      L.push(`| &nbsp;&nbsp;the same from the module tree, not the bundle (\`HCGEN_NO_BUNDLE=1\`)${ratio(g.startup.moduleTree, g.cold)} | ${ms(g.startup.moduleTree.wallMs)} | ${ms(g.startup.moduleTree.cpuMs)} | ${ms(g.startup.moduleTree.maxRssMiB)} |`);
      if (g.startup.noCodeCache) L.push(`| &nbsp;&nbsp;the same without the bundle's code cache (\`HCGEN_NO_CODE_CACHE=1\`)${wallRatio(g.startup.noCodeCache, g.cold)} | ${ms(g.startup.noCodeCache.wallMs)} | ${ms(g.startup.noCodeCache.cpuMs)} | ${ms(g.startup.noCodeCache.maxRssMiB)} |`);
      if (g.startup.specStore) L.push(`| &nbsp;&nbsp;the same with a warm spec store (an earlier run's; output directory still empty)${wallRatio(g.startup.specStore, g.cold)} | ${ms(g.startup.specStore.wallMs)} | ${ms(g.startup.specStore.cpuMs)} | ${ms(g.startup.specStore.maxRssMiB)} |`);
      if (g.startup.oneThread) L.push(`| &nbsp;&nbsp;the same on one thread (\`--jobs 1\`, no render helper)${wallRatio(g.startup.oneThread, g.cold)} | ${ms(g.startup.oneThread.wallMs)} | ${ms(g.startup.oneThread.cpuMs)} | ${ms(g.startup.oneThread.maxRssMiB)} |`);
    }
    L.push(`| catalog \`hcgen check\` on an up-to-date tree (fresh process${g.check.emptyStore ? ", spec store warm" : ""}) | ${ms(g.check.wallMs)} | ${ms(g.check.cpuMs)} | ${ms(g.check.maxRssMiB)} |`);
    if (g.check.emptyStore) L.push(`| &nbsp;&nbsp;the same with an empty spec store${wallRatio(g.check.emptyStore, g.check)} | ${ms(g.check.emptyStore.wallMs)} | ${ms(g.check.emptyStore.cpuMs)} | ${ms(g.check.emptyStore.maxRssMiB)} |`);
    if (g.check.oneThread) L.push(`| &nbsp;&nbsp;the same on one thread (\`--jobs 1\`)${wallRatio(g.check.oneThread, g.check)} | ${ms(g.check.oneThread.wallMs)} | ${ms(g.check.oneThread.cpuMs)} | ${ms(g.check.oneThread.maxRssMiB)} |`);
    if (g.incremental) {
      const inc = g.incremental;
      L.push(`| catalog incremental generate, no change (fresh process, up-to-date tree, outputs settled and their stat recorded) | ${ms(inc.noChange.wallMs)} | ${ms(inc.noChange.cpuMs)} | ${ms(inc.noChange.maxRssMiB)} |`);
      if (inc.noChangeUnrecorded) L.push(`| &nbsp;&nbsp;the same without a record of the outputs' stat data (every output read and hashed)${wallRatio(inc.noChangeUnrecorded, inc.noChange)} | ${ms(inc.noChangeUnrecorded.wallMs)} | ${ms(inc.noChangeUnrecorded.cpuMs)} | ${ms(inc.noChangeUnrecorded.maxRssMiB)} |`);
      if (inc.noChangeValidated) L.push(`| &nbsp;&nbsp;the same without the manifest's up-to-date record (specs validated, every part reused) | ${ms(inc.noChangeValidated.wallMs)} | ${ms(inc.noChangeValidated.cpuMs)} | ${ms(inc.noChangeValidated.maxRssMiB)} |`);
      L.push(`| catalog incremental generate, one spec (xen.yaml) changed${inc.oneSpecEmptyStore ? " (spec store warm for the other specs)" : ""} | ${ms(inc.oneSpec.wallMs)} | ${ms(inc.oneSpec.cpuMs)} | ${ms(inc.oneSpec.maxRssMiB)} |`);
      if (inc.oneSpecEmptyStore) L.push(`| &nbsp;&nbsp;the same with an empty spec store${wallRatio(inc.oneSpecEmptyStore, inc.oneSpec)} | ${ms(inc.oneSpecEmptyStore.wallMs)} | ${ms(inc.oneSpecEmptyStore.cpuMs)} | ${ms(inc.oneSpecEmptyStore.maxRssMiB)} |`);
      L.push(`| &nbsp;&nbsp;the same with \`--no-incremental\` (every emitter in full) | ${ms(inc.oneSpecFull.wallMs)} | ${ms(inc.oneSpecFull.cpuMs)} | ${ms(inc.oneSpecFull.maxRssMiB)} |`);
    }
    L.push(`| catalog warm: all emitters on a loaded model (in process) | ${ms(g.warm.emitAllMs)} | | ${g.warm.maxRssMiB.toFixed(0)} (whole child) |`);
    for (const [k, s] of Object.entries(g.warm.perEmitterMs as Record<string, Stat>)) L.push(`| &nbsp;&nbsp;warm, \`${k}\` emitter alone | ${ms(s)} | | |`);
    L.push(`| catalog warm: load + validate only | ${ms(g.warm.loadOnlyMs)} | | |`);
    L.push(`| catalog warm: load + validate + emit all | ${ms(g.warm.loadEmitMs)} | | |`);
    L.push(`| first load / first emit in a fresh process (JIT cold) | ${g.warm.firstLoadMs.toFixed(0)} / ${g.warm.firstEmitMs.toFixed(0)} | | |`, "");

    L.push("### Synthetic specs (one ABI, N calls × 4 arches: riscv64, riscv32, x86_64, aarch64; cold CLI, all outputs)", "");
    L.push("| calls | spec KiB | wall ms | CPU ms | wall µs / call | CPU µs / call | per-call CPU vs 1k | peak RSS MiB |", "| --- | --- | --- | --- | --- | --- | --- | --- |");
    const base = g.synth[0];
    for (const s of g.synth) {
      const rel = base?.cpuMsPerCall && s.cpuMsPerCall ? `${(s.cpuMsPerCall.median / base.cpuMsPerCall.median).toFixed(2)}×` : "";
      L.push(`| ${s.calls} | ${(s.specBytes / 1024).toFixed(0)} | ${ms(s.cli.wallMs)} | ${ms(s.cli.cpuMs)} | ${(s.msPerCall.median * 1000).toFixed(0)} | ${s.cpuMsPerCall ? (s.cpuMsPerCall.median * 1000).toFixed(0) : "n/a"} | ${rel} | ${ms(s.cli.maxRssMiB)} |`);
      if (s.oneThread) L.push(`| &nbsp;&nbsp;${s.calls}, \`--jobs 1\`${wallRatio(s.oneThread, s.cli)} | | ${ms(s.oneThread.wallMs)} | ${ms(s.oneThread.cpuMs)} | | | | ${ms(s.oneThread.maxRssMiB)} |`);
    }
    L.push("");
    if (g.watch) {
      L.push(`### Watch (${g.watch.edits} saves of spec/xen.yaml in a copy of the catalog, in-process watch loop, default debounce)`, "");
      L.push("| what | median ms | min | max |", "| --- | --- | --- | --- |");
      L.push(`| save -> the ABI's own files on disk (fast pass; includes debounce and fs event latency) | ${ms(g.watch.saveToOwnFilesMs)} | ${g.watch.saveToOwnFilesMs.min.toFixed(0)} | ${g.watch.saveToOwnFilesMs.max.toFixed(0)} |`);
      L.push(`| save -> full pass done (aggregates, manifest; ${g.watch.written} files written per save) | ${ms(g.watch.saveToFullMs)} | ${g.watch.saveToFullMs.min.toFixed(0)} | ${g.watch.saveToFullMs.max.toFixed(0)} |`);
      L.push(`| fast pass alone / full pass alone | ${ms(g.watch.fastPassMs)} / ${ms(g.watch.fullPassMs)} | | |`, "");
    }
    const big = g.synth.find((s: any) => s.calls === 10000);
    targets.push(`| full catalog generation, cold CLI | ≤ 1 s | ${(g.cold.wallMs.median / 1000).toFixed(2)} s wall (CPU ${g.cold.cpuMs ? (g.cold.cpuMs.median / 1000).toFixed(2) : "?"} s) | ${verdict(g.cold.wallMs.median <= 1000)} |`);
    targets.push(`| catalog cold vs \`node -e 0\` (same run) | ≤ 400 ms and ≤ 4× | ${(g.cold.wallMs.median / g.nodeStartup.wallMs.median).toFixed(1)}× (${g.cold.wallMs.median.toFixed(0)} ms vs ${g.nodeStartup.wallMs.median.toFixed(0)} ms) | ${verdict(g.cold.wallMs.median <= 400 && g.cold.wallMs.median <= 4 * g.nodeStartup.wallMs.median)} |`);
    targets.push(`| check never slower than generate | check ≤ generate | check ${g.check.wallMs.median.toFixed(0)} ms vs generate ${g.cold.wallMs.median.toFixed(0)} ms | ${verdict(g.check.wallMs.median <= g.cold.wallMs.median)} |`);
    if (g.watch) targets.push(`| watch: save -> one ABI's files | ≤ 150 ms (median of ${g.watch.edits}) | ${g.watch.saveToOwnFilesMs.median.toFixed(0)} ms | ${verdict(g.watch.saveToOwnFilesMs.median <= 150)} |`);
    if (big && base) {
      const ratio = big.cpuMsPerCall && base.cpuMsPerCall ? big.cpuMsPerCall.median / base.cpuMsPerCall.median : big.msPerCall.median / base.msPerCall.median;
      targets.push(`| 10k calls | ≤ 3 s and linear | ${(big.cli.wallMs.median / 1000).toFixed(2)} s wall (CPU ${big.cli.cpuMs ? (big.cli.cpuMs.median / 1000).toFixed(2) : "?"} s); per-call CPU at 10k = ${ratio.toFixed(2)}× the 1k figure; peak RSS ${big.cli.maxRssMiB ? big.cli.maxRssMiB.median.toFixed(0) : "?"} MiB | ${verdict(big.cli.wallMs.median <= 3000)} (time); linear: ${ratio <= 1.2 ? "**yes**" : "**no**"}; ≤ 400 MiB: ${big.cli.maxRssMiB && big.cli.maxRssMiB.median <= 400 ? "**yes**" : "**no**"} |`);
    }
  }
  if (r.runtime) {
    L.push("## Runtime", "");
    if (r.runtimeKeptFrom) L.push(`> Runtime figures kept from the run of ${r.runtimeKeptFrom.date}.`, "");
    const c0 = r.runtime[0]!;
    L.push(`One process, one core. Each ABI cycles through 4 calls with handlers registered. Each sample runs ${c0.itersPerSample.toLocaleString("en")} calls of every variant, in rotating order (so load drift hits all variants alike); ${c0.samples} samples after warm-up. Ratios are computed per sample (time per call, a ÷ b), then median/min/max. Rates are **million calls per second**.`, "");
    L.push("| variant | what it does |", "| --- | --- |");
    L.push("| roundtrip | generated TS guest stub → registers → `vcpu.hypercall` → trap recognition → magic/privilege checks → dispatch → typed handler → write-back → typed `CallReturn` |");
    L.push("| dispatch | `Machine.step(vcpu)`: the generated dispatcher (generated/ts/<abi>.dispatch.ts) |");
    L.push("| handwritten | `bench/handwritten.ts`, written as a careful engineer would (trap word read once, mode bit, switch on the selector's 32-bit halves from the Uint32Array view, decode like the generated tables, same handler, write-back, pc advanced) and doing the same work per call as the generated one: the call counted, a Promise refused, a throwing handler answered with the failed status (the headline baseline) |");
    L.push("| handwrittenBare | the same without counting, the Promise test and the try/catch: less work than any dispatcher of this runtime does |");
    L.push("| handwrittenBig | the older hand-written baseline switching on BigInt registers (riscv-sbi, kvm-x86) |");
    L.push("| switchOnly | the bare hand-written switch alone (no trap/mode check) |");
    L.push("| direct | the typed handler called directly (the floor) |");
    L.push("| traced | dispatch with a no-op tracer installed |");
    L.push("| afterTrace | dispatch on a machine whose tracer was installed then removed |");
    L.push("| general | `Machine.step` on a copy of the table without its dispatcher: the runtime's general (interpreted) path |", "");
    const vs = Object.keys(c0.rates);
    L.push(`| variant | ${r.runtime.map((c) => `${c.abi} (${c.arch})`).join(" | ")} |`, `| --- | ${r.runtime.map(() => "---").join(" | ")} |`);
    for (const v of vs) L.push(`| ${v} | ${r.runtime.map((c) => mps(c.rates[v]!)).join(" | ")} |`);
    L.push("", "Ratios are per-sample ratios of CPU time (user + sys of the process) per call, the variants interleaved in every sample; the (wall) rows are the same from wall time.", "");
    L.push(`| ratio (time per call) | ${r.runtime.map((c) => c.abi).join(" | ")} |`, `| --- | ${r.runtime.map(() => "---").join(" | ")} |`);
    for (const k of Object.keys(c0.ratios)) L.push(`| ${k === "dispatch/handwritten" ? "**generated / hand-written (headline)**" : k} | ${r.runtime.map((c) => x(c.ratios[k]!)).join(" | ")} |`);
    for (const k of Object.keys(c0.wallRatios ?? {})) L.push(`| ${k} (wall) | ${r.runtime.map((c) => (c.wallRatios?.[k] ? x(c.wallRatios[k]) : "–")).join(" | ")} |`);
    L.push("");
    const rt = Math.min(...r.runtime.map((c) => c.rates.roundtrip!.median));
    const hw = Math.max(...r.runtime.map((c) => c.ratios["dispatch/handwritten"]!.median));
    const after = Math.max(...r.runtime.map((c) => c.ratios["afterTrace/dispatch"]!.median));
    targets.push(`| round trip, one core | ≥ 10 M calls/s | ${r.runtime.map((c) => `${c.abi} ${(c.rates.roundtrip!.median / 1e6).toFixed(2)}`).join(", ")} M/s | ${verdict(rt >= 10e6)} |`);
    targets.push(`| Machine.step, one core | ≥ 20 M calls/s | ${r.runtime.map((c) => `${c.abi} ${(c.rates.dispatch!.median / 1e6).toFixed(2)}`).join(", ")} M/s | ${verdict(Math.min(...r.runtime.map((c) => c.rates.dispatch!.median)) >= 20e6)} |`);
    targets.push(`| generated dispatch / hand-written switch | ≤ 1.10× | ${r.runtime.map((c) => `${c.abi} ${c.ratios["dispatch/handwritten"]!.median.toFixed(2)}×`).join(", ")} | ${verdict(hw <= 1.10)} |`);
    targets.push(`| tracing off costs (a tracer set, then removed) | ≤ 5 % | ${r.runtime.map((c) => `${c.abi} ${((c.ratios["afterTrace/dispatch"]!.median - 1) * 100).toFixed(1)} %`).join(", ")} | ${verdict(after <= 1.05)} |`);
  }
  L.push("## Targets", "", "| target | goal | measured (median) | |", "| --- | --- | --- | --- |", ...targets, "");
  const analysis = join(HERE, "ANALYSIS.md");
  if (existsSync(analysis)) L.push(readFileSync(analysis, "utf8").trim(), "");
  return L.join("\n");
}
