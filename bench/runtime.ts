// Runtime benchmark (run in its own process by bench/run.ts, or alone: node build/bench/runtime.js).
// Emits the generated TypeScript of riscv-sbi and kvm-x86 (the real emitter), transpiles it, imports
// it, and measures per ABI, interleaving the variants in every sample so load drift hits all alike:
//   roundtrip    generated guest stub -> registers -> trap -> checks -> dispatch -> handler -> write-back -> typed result
//   dispatch     Machine.step on registers already set (the selector rewritten each iteration)
//   handwritten  bench/handwritten.ts: trap check + mode check + switch + decode + handler + write-back, same registers
//   switchOnly   the hand-written switch alone (no trap or mode check)
//   direct       the typed handler called directly: the floor
//   traced       Machine.step with a no-op tracer installed
//   afterTrace   Machine.step on a machine whose tracer was set and removed again
//   noHook       Machine.step on a subclass whose invoke() is the runtime's minus the tracer check
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { loadModel } from "../generator/api.js";
import { tsEmitter } from "../generator/emit/ts.js";
import { RUN_OK } from "../runtime/compile.js";
import { Machine, type AbiTable, type Vcpu } from "../runtime/index.js";
import { kvmStep, kvmSwitch, sbiStep, sbiSwitch, type KvmHandlers, type SbiHandlers } from "./handwritten.js";
import { stat, type Stat } from "./stats.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const HERE = dirname(fileURLToPath(import.meta.url));          // build/bench
const ROOT = join(HERE, "..", "..");
const GEN = join(HERE, "gen");

interface Generated { table: AbiTable<any, any>; stubs: Record<string, Record<string, (v: Vcpu, a?: any) => any>> }

async function loadGenerated(ids: readonly string[]): Promise<Map<string, Generated>> {
  const r = loadModel(ids.map((id) => join(ROOT, "spec", `${id}.yaml`)), { cwd: ROOT });
  if (!r.ok) throw new Error(`specs do not validate: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  const tsDir = join(GEN, "ts");
  const runtimeImport = relative(tsDir, join(HERE, "..", "runtime", "index.js")).split("\\").join("/");
  const files = tsEmitter.emit(r.model, { runtimeImport });
  for (const f of files) {
    const out = join(GEN, f.path.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    const js = ts.transpileModule(f.content, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } }).outputText;
    writeFileSync(out, js);
  }
  const res = new Map<string, Generated>();
  for (const id of ids) {
    const mod = await import(pathToFileURL(join(tsDir, `${id}.js`)).href);
    const stubs = await import(pathToFileURL(join(tsDir, `${id}.stubs.js`)).href);
    const table = Object.values(mod).find((v: any) => v && typeof v === "object" && v.id === id && "calls" in v) as AbiTable<any, any>;
    res.set(id, { table, stubs: Object.values(stubs)[0] as Generated["stubs"] });
  }
  return res;
}

let sink = 0n;
let events = 0;

/** A Machine whose invoke() is the runtime's with the tracer check removed (to price that check). */
function noHookMachine(base: typeof Machine): typeof Machine {
  class NoHook extends base {}
  // Mirrors runtime/machine.ts invoke() exactly, minus the `this.tracer !== null` test: the ratio
  // dispatch/noHook prices that one test. Keep it in step with invoke() when the runtime changes.
  (NoHook.prototype as any).invoke = function (this: any, v: Vcpu, c: any, len: number, note: string | null) {
    c.count++;
    const regs = v.regs;
    try {
      const st = c.run(regs, v);
      if (st !== RUN_OK) c.conv.writeStatus(regs, this.statusReg(c, st));
    } catch (e) {
      return this.handlerThrew(v, c, e, len, note);
    }
    v.pc += len;
    return note === null ? c.returned : { ...c.returned, note };
  };
  return NoHook;
}

interface Variant { readonly name: string; readonly body: (iters: number) => void }
export interface RuntimeCase {
  readonly abi: string;
  readonly arch: string;
  readonly calls: readonly string[];
  readonly itersPerSample: number;
  readonly samples: number;
  /** calls per second, per variant */
  readonly rates: Record<string, Stat>;
  /** per-sample ratios of time per call (a / b), medians over samples */
  readonly ratios: Record<string, Stat>;
}

function measure(variants: readonly Variant[], iters: number, samples: number, warm: number): Map<string, number[]> {
  for (let w = 0; w < warm; w++) for (const v of variants) v.body(iters);
  const out = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let s = 0; s < samples; s++) {
    // rotate the order every sample
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(s + k) % variants.length]!;
      const t0 = process.hrtime.bigint();
      v.body(iters);
      const ns = Number(process.hrtime.bigint() - t0);
      out.get(v.name)!.push(ns / iters);   // ns per call
    }
  }
  return out;
}

function summarize(abi: string, arch: string, calls: readonly string[], nsPerCall: Map<string, number[]>, iters: number, samples: number): RuntimeCase {
  const rates: Record<string, Stat> = {};
  for (const [k, xs] of nsPerCall) rates[k] = stat(xs.map((ns) => 1e9 / ns));
  const ratio = (a: string, b: string): Stat => stat(nsPerCall.get(a)!.map((x, i) => x / nsPerCall.get(b)![i]!));
  return {
    abi, arch, calls, itersPerSample: iters, samples, rates,
    ratios: {
      "dispatch/handwritten": ratio("dispatch", "handwritten"),
      "dispatch/switchOnly": ratio("dispatch", "switchOnly"),
      "roundtrip/direct": ratio("roundtrip", "direct"),
      "dispatch/direct": ratio("dispatch", "direct"),
      "traced/dispatch": ratio("traced", "dispatch"),
      "dispatch/noHook": ratio("dispatch", "noHook"),
      "afterTrace/dispatch": ratio("afterTrace", "dispatch"),
    },
  };
}

const TRAP_PC = 0x2000;

function sbiCase(g: Generated, iters: number, samples: number, warm: number): RuntimeCase {
  const h: SbiHandlers = {
    probeExtension: (a: { extension_id: bigint }) => ({ value: a.extension_id === 0x10n ? 1n : 0n }),
    getMvendorid: () => ({ value: 0x489n }),
    setTimer: (a: { stime_value: bigint }) => { sink ^= a.stime_value; return {}; },
    sendIpi: (a: { hart_mask: bigint }) => { sink ^= a.hart_mask; return {}; },
  };
  const make = (M: typeof Machine): { m: Machine; v: Vcpu } => {
    const m = new M({ abis: [g.table] });
    m.registerHypercall(g.table, "sbi_probe_extension", h.probeExtension);
    m.registerHypercall(g.table, "sbi_get_mvendorid", h.getMvendorid);
    m.registerHypercall(g.table, "sbi_set_timer", h.setTimer);
    m.registerHypercall(g.table, "sbi_send_ipi", h.sendIpi);
    const v = m.createVcpu("riscv64");
    m.mem.write(TRAP_PC, [0x73, 0, 0, 0]);
    return { m, v };
  };
  const gen = make(Machine), traced = make(Machine), after = make(Machine), nohook = make(noHookMachine(Machine));
  traced.m.tracer = () => { events++; };
  after.m.tracer = () => { events++; };
  // (the tracer of `after` is removed after one traced call, below)
  const s = g.stubs.riscv64!;
  const probe = s.sbi_probe_extension!, vendor = s.sbi_get_mvendorid!, timer = s.sbi_set_timer!, ipi = s.sbi_send_ipi!;
  const pa = { extension_id: 0x10n }, ta = { stime_value: 0xffff_ffff_0000_1234n }, ia = { hart_mask: 0x8000_0000_0000_0001n, hart_mask_base: 0n };
  // selector/argument register states for the 4 calls: [a7, a6, a0, a1]
  const SEL: readonly (readonly [bigint, bigint, bigint, bigint])[] = [
    [0x10n, 3n, 0x10n, 0n], [0x10n, 4n, 0n, 0n], [0x54494d45n, 0n, 0xffff_ffff_0000_1234n, 0n], [0x735049n, 0n, 0x8000_0000_0000_0001n, 0n],
  ];
  const setRegs = (r: BigUint64Array, i: number): void => { const x = SEL[i & 3]!; r[17] = x[0]; r[16] = x[1]; r[10] = x[2]; r[11] = x[3]; };
  const stepLoop = (mv: { m: Machine; v: Vcpu }) => (n: number): void => {
    const { m, v } = mv, r = v.regs;
    for (let i = 0; i < n; i++) { setRegs(r, i); v.pc = TRAP_PC; m.step(v); }
    sink ^= r[10]!;
  };
  const variants: Variant[] = [
    { name: "roundtrip", body: (n) => {
      const v = gen.v; let acc = 0n;
      for (let i = 0; i < n; i++) {
        switch (i & 3) {
          case 0: acc ^= probe(v, pa).results.value; break;
          case 1: acc ^= vendor(v).results.value; break;
          case 2: acc ^= timer(v, ta).raw; break;
          default: acc ^= ipi(v, ia).raw;
        }
      }
      sink ^= acc;
    } },
    { name: "dispatch", body: stepLoop(gen) },
    { name: "handwritten", body: (n) => {
      const v = gen.v, r = v.regs;
      for (let i = 0; i < n; i++) { setRegs(r, i); v.pc = TRAP_PC; sbiStep(v, h); }
      sink ^= r[10]!;
    } },
    { name: "switchOnly", body: (n) => {
      const v = gen.v, r = v.regs;
      for (let i = 0; i < n; i++) { setRegs(r, i); sbiSwitch(r, h, v); }
      sink ^= r[10]!;
    } },
    { name: "direct", body: (n) => {
      const v = gen.v; let acc = 0n;
      for (let i = 0; i < n; i++) {
        switch (i & 3) {
          case 0: acc ^= h.probeExtension(pa, v).value; break;
          case 1: acc ^= h.getMvendorid({}, v).value; break;
          case 2: h.setTimer(ta, v); break;
          default: h.sendIpi(ia, v);
        }
      }
      sink ^= acc;
    } },
    { name: "traced", body: stepLoop(traced) },
    { name: "afterTrace", body: stepLoop(after) },
    { name: "noHook", body: stepLoop(nohook) },
  ];
  stepLoop(after)(1000); after.m.tracer = null;
  check(gen, traced, after, nohook, setRegs, (v) => sbiStep(v, h), 10);
  return summarize("riscv-sbi", "riscv64", ["sbi_probe_extension", "sbi_get_mvendorid", "sbi_set_timer", "sbi_send_ipi"], measure(variants, iters, samples, warm), iters, samples);
}

function kvmCase(g: Generated, iters: number, samples: number, warm: number): RuntimeCase {
  const h: KvmHandlers = {
    kickCpu: (a: { apicid: number }) => { sink ^= BigInt(a.apicid); return {}; },
    clockPairing: (a: { clock_type: bigint }) => (a.clock_type === 0n ? {} : { status: "KVM_EOPNOTSUPP" }),
    sendIpi: (a: { bitmap_low: bigint; min: number }) => { sink ^= a.bitmap_low; return {}; },
    schedYield: (a: { dest_apicid: number }) => { sink ^= BigInt(a.dest_apicid); return {}; },
  };
  const make = (M: typeof Machine): { m: Machine; v: Vcpu } => {
    const m = new M({ abis: [g.table] });
    m.registerHypercall(g.table, "KVM_HC_KICK_CPU", h.kickCpu);
    m.registerHypercall(g.table, "KVM_HC_CLOCK_PAIRING", h.clockPairing);
    m.registerHypercall(g.table, "KVM_HC_SEND_IPI", h.sendIpi);
    m.registerHypercall(g.table, "KVM_HC_SCHED_YIELD", h.schedYield);
    const v = m.createVcpu("x86_64");
    m.mem.write(TRAP_PC, [0x0f, 0x01, 0xc1]);
    return { m, v };
  };
  const gen = make(Machine), traced = make(Machine), after = make(Machine), nohook = make(noHookMachine(Machine));
  traced.m.tracer = () => { events++; };
  after.m.tracer = () => { events++; };
  const s = g.stubs.x86_64!;
  const kick = s.KVM_HC_KICK_CPU!, clock = s.KVM_HC_CLOCK_PAIRING!, ipi = s.KVM_HC_SEND_IPI!, yld = s.KVM_HC_SCHED_YIELD!;
  const ka = { flags: 0n, apicid: 3 }, ca = { paddr: 0x1000n, clock_type: 0n }, ia = { bitmap_low: 0xffn, bitmap_high: 0n, min: 0, icr: 0x400n }, ya = { dest_apicid: 7 };
  // [rax, rbx, rcx, rdx, rsi]
  const SEL: readonly (readonly [bigint, bigint, bigint, bigint, bigint])[] = [
    [5n, 0n, 3n, 0n, 0n], [9n, 0x1000n, 0n, 0n, 0n], [10n, 0xffn, 0n, 0n, 0x400n], [11n, 7n, 0n, 0n, 0n],
  ];
  const setRegs = (r: BigUint64Array, i: number): void => { const x = SEL[i & 3]!; r[0] = x[0]; r[3] = x[1]; r[1] = x[2]; r[2] = x[3]; r[6] = x[4]; };
  const stepLoop = (mv: { m: Machine; v: Vcpu }) => (n: number): void => {
    const { m, v } = mv, r = v.regs;
    for (let i = 0; i < n; i++) { setRegs(r, i); v.pc = TRAP_PC; m.step(v); }
    sink ^= r[0]!;
  };
  const variants: Variant[] = [
    { name: "roundtrip", body: (n) => {
      const v = gen.v; let acc = 0n;
      for (let i = 0; i < n; i++) {
        switch (i & 3) {
          case 0: acc ^= kick(v, ka).raw; break;
          case 1: acc ^= clock(v, ca).raw; break;
          case 2: acc ^= ipi(v, ia).raw; break;
          default: acc ^= yld(v, ya).raw;
        }
      }
      sink ^= acc;
    } },
    { name: "dispatch", body: stepLoop(gen) },
    { name: "handwritten", body: (n) => {
      const v = gen.v, r = v.regs;
      for (let i = 0; i < n; i++) { setRegs(r, i); v.pc = TRAP_PC; kvmStep(v, h); }
      sink ^= r[0]!;
    } },
    { name: "switchOnly", body: (n) => {
      const v = gen.v, r = v.regs;
      for (let i = 0; i < n; i++) { setRegs(r, i); kvmSwitch(r, h, v); }
      sink ^= r[0]!;
    } },
    { name: "direct", body: (n) => {
      const v = gen.v; let acc = 0;
      for (let i = 0; i < n; i++) {
        switch (i & 3) {
          case 0: h.kickCpu(ka, v); break;
          case 1: acc += h.clockPairing(ca, v).status === undefined ? 1 : 0; break;
          case 2: h.sendIpi(ia, v); break;
          default: h.schedYield(ya, v);
        }
      }
      sink ^= BigInt(acc);
    } },
    { name: "traced", body: stepLoop(traced) },
    { name: "afterTrace", body: stepLoop(after) },
    { name: "noHook", body: stepLoop(nohook) },
  ];
  stepLoop(after)(1000); after.m.tracer = null;
  check(gen, traced, after, nohook, setRegs, (v) => kvmStep(v, h), 8);
  return summarize("kvm-x86", "x86_64", ["KVM_HC_KICK_CPU", "KVM_HC_CLOCK_PAIRING", "KVM_HC_SEND_IPI", "KVM_HC_SCHED_YIELD"], measure(variants, iters, samples, warm), iters, samples);
}

/** The generated and hand-written dispatchers must leave identical registers and pc (fair comparison). */
function check(gen: { m: Machine; v: Vcpu }, traced: { m: Machine; v: Vcpu }, after: { m: Machine; v: Vcpu }, nohook: { m: Machine; v: Vcpu },
  setRegs: (r: BigUint64Array, i: number) => void, hand: (v: Vcpu) => boolean, nregs: number): void {
  for (let i = 0; i < 4; i++) {
    const snap: string[] = [];
    for (const mv of [gen, traced, after, nohook]) {
      setRegs(mv.v.regs, i); mv.v.pc = TRAP_PC;
      const out = mv.m.step(mv.v);
      if (out.kind !== "returned" || out.by !== "handler") throw new Error(`call ${i} was not dispatched to its handler: ${JSON.stringify(out, (_k, x) => typeof x === "bigint" ? x.toString() : x)}`);
      snap.push([...mv.v.regs.slice(0, nregs)].join(",") + "@" + mv.v.pc);
    }
    setRegs(gen.v.regs, i); gen.v.pc = TRAP_PC;
    if (!hand(gen.v)) throw new Error(`hand-written dispatcher did not take call ${i}`);
    snap.push([...gen.v.regs.slice(0, nregs)].join(",") + "@" + gen.v.pc);
    if (new Set(snap).size !== 1) throw new Error(`dispatchers disagree on call ${i}: ${snap.join(" | ")}`);
  }
}

export async function runtimeBench(iters: number, samples: number, warm: number): Promise<{ cases: RuntimeCase[]; events: number }> {
  const g = await loadGenerated(["riscv-sbi", "kvm-x86"]);
  const cases = [sbiCase(g.get("riscv-sbi")!, iters, samples, warm), kvmCase(g.get("kvm-x86")!, iters, samples, warm)];
  return { cases, events };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const iters = Number(process.env.BENCH_ITERS ?? 200_000), samples = Number(process.env.BENCH_SAMPLES ?? 10), warm = Number(process.env.BENCH_WARM ?? 3);
  const r = await runtimeBench(iters, samples, warm);
  if (process.argv.includes("--json")) process.stdout.write(JSON.stringify({ ...r, sink: String(sink) }) + "\n");
  else for (const c of r.cases) {
    console.log(`${c.abi} (${c.arch}), ${c.samples} samples x ${c.itersPerSample} calls`);
    for (const [k, s] of Object.entries(c.rates)) console.log(`  ${k.padEnd(12)} ${(s.median / 1e6).toFixed(2)} M/s  [${(s.min / 1e6).toFixed(2)} .. ${(s.max / 1e6).toFixed(2)}]`);
    for (const [k, s] of Object.entries(c.ratios)) console.log(`  ${k.padEnd(22)} ${s.median.toFixed(3)}  [${s.min.toFixed(3)} .. ${s.max.toFixed(3)}]`);
  }
}
