// Runtime benchmark (run in its own process by bench/run.ts, or alone: node build/bench/runtime.js).
// Emits the generated TypeScript of riscv-sbi, kvm-x86, arm-smccc and papr (the real emitter, with the
// generated dispatchers), transpiles it, imports it, and measures per ABI, interleaving the variants in
// every sample so load drift hits all alike:
//   roundtrip      generated guest stub -> registers -> trap -> checks -> dispatch -> handler -> write-back -> typed result
//   dispatch       Machine.step on registers already set (the selector rewritten each iteration): the generated dispatcher
//   handwritten    bench/handwritten.ts, the equal-work one: the fast one below plus what the generated one does on every
//                  call (count it, refuse a Promise, a throwing handler answers failed): the headline baseline
//   handwrittenBare the fast one without those three: trap word + mode bit + switch on 32-bit halves + decode + handler + write-back
//   handwrittenBig the older hand-written one switching on BigInt registers (riscv-sbi, kvm-x86 only)
//   switchOnly     the fast hand-written switch alone (no trap or mode check)
//   direct         the typed handler called directly: the floor
//   traced         Machine.step with a no-op tracer installed
//   afterTrace     Machine.step on a machine whose tracer was set and removed again
//   general        Machine.step on a copy of the table: the runtime's general (interpreted) path
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { loadModel } from "../generator/api.js";
import { tsEmitter } from "../generator/emit/ts.js";
import { Machine, type AbiTable, type Vcpu } from "../runtime/index.js";
import * as hw from "./handwritten.js";
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

interface Variant { readonly name: string; readonly body: (iters: number) => void }
export interface RuntimeCase {
  readonly abi: string;
  readonly arch: string;
  readonly calls: readonly string[];
  readonly itersPerSample: number;
  readonly samples: number;
  /** calls per second, per variant */
  readonly rates: Record<string, Stat>;
  /**
   * Per-sample ratios of time per call (a / b) over samples, from the process's CPU time (user + sys):
   * on an idle machine the same as wall time, on a shared one without the time spent waiting for a core.
   */
  readonly ratios: Record<string, Stat>;
  /** The headline ratios from wall time, for comparison. */
  readonly wallRatios: Record<string, Stat>;
}

/** ns per call per variant and sample: wall time and the process's CPU time. */
function measure(variants: readonly Variant[], iters: number, samples: number, warm: number): { wall: Map<string, number[]>; cpu: Map<string, number[]> } {
  for (let w = 0; w < warm; w++) for (const v of variants) v.body(iters);
  const wall = new Map<string, number[]>(variants.map((v) => [v.name, []])), cpu = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let s = 0; s < samples; s++) {
    // rotate the order every sample
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(s + k) % variants.length]!;
      const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
      v.body(iters);
      const ns = Number(process.hrtime.bigint() - t0), c = process.cpuUsage(c0);
      wall.get(v.name)!.push(ns / iters);
      cpu.get(v.name)!.push(((c.user + c.system) * 1000) / iters);
    }
  }
  return { wall, cpu };
}

function summarize(abi: string, arch: string, calls: readonly string[], m: { wall: Map<string, number[]>; cpu: Map<string, number[]> }, iters: number, samples: number): RuntimeCase {
  const rates: Record<string, Stat> = {};
  for (const [k, xs] of m.wall) rates[k] = stat(xs.map((ns) => 1e9 / ns));
  const nsPerCall = m.cpu;
  const ratio = (a: string, b: string, t = nsPerCall): Stat => stat(t.get(a)!.map((x, i) => x / t.get(b)![i]!));
  const wallRatios: Record<string, Stat> = { "dispatch/handwritten": ratio("dispatch", "handwritten", m.wall), "dispatch/handwrittenBare": ratio("dispatch", "handwrittenBare", m.wall) };
  const ratios: Record<string, Stat> = { "dispatch/handwritten": ratio("dispatch", "handwritten"), "dispatch/handwrittenBare": ratio("dispatch", "handwrittenBare") };
  if (nsPerCall.has("handwrittenBig")) ratios["dispatch/handwrittenBig"] = ratio("dispatch", "handwrittenBig");
  Object.assign(ratios, {
    "handwrittenBare/switchOnly": ratio("handwrittenBare", "switchOnly"),
    "dispatch/switchOnly": ratio("dispatch", "switchOnly"),
    "roundtrip/direct": ratio("roundtrip", "direct"),
    "dispatch/direct": ratio("dispatch", "direct"),
    "traced/dispatch": ratio("traced", "dispatch"),
    "afterTrace/dispatch": ratio("afterTrace", "dispatch"),
    "general/dispatch": ratio("general", "dispatch"),
  });
  return { abi, arch, calls, itersPerSample: iters, samples, rates, ratios, wallRatios };
}

const TRAP_PC = 0x2000;

/** One benchmark case: an ABI on one arch with 4 calls, their handlers, register states and baselines. */
interface CaseSpec<HS> {
  readonly abi: string;
  readonly arch: string;
  readonly trap: readonly number[];
  readonly vendor?: "intel" | "amd";
  /** call name -> the handler key in HS */
  readonly calls: readonly (readonly [string, keyof HS & string])[];
  readonly handlers: HS;
  /** Sets the selector and argument registers of call i & 3. */
  readonly setRegs: (r: BigUint64Array, i: number) => void;
  /** Calls stub i & 3 through the generated stubs (the round trip); returns something to fold into the sink. */
  readonly stub: (stubs: Record<string, (v: Vcpu, a?: any) => any>, v: Vcpu, i: number) => bigint;
  readonly direct: (h: HS, v: Vcpu, i: number) => bigint;
  readonly step: (v: Vcpu, h: HS) => boolean;
  readonly stepBare: (v: Vcpu, h: HS) => boolean;
  readonly switchOnly: (v: Vcpu, h: HS) => void;
  readonly stepBig?: (v: Vcpu, h: HS) => boolean;
  /** Register slots compared between dispatchers. */
  readonly nregs: number;
  readonly status: number;
}

function runCase<HS>(g: Generated, c: CaseSpec<HS>, iters: number, samples: number, warm: number): RuntimeCase {
  const make = (table: AbiTable<any, any>): { m: Machine; v: Vcpu } => {
    const m = new Machine({ abis: [table] });
    for (const [name, k] of c.calls) m.registerHypercall(table, name, c.handlers[k] as any);
    const v = m.createVcpu(c.arch as any, c.vendor ? { vendor: c.vendor } : {});
    m.mem.write(TRAP_PC, c.trap);
    return { m, v };
  };
  const gen = make(g.table), traced = make(g.table), after = make(g.table), general = make({ ...g.table });
  traced.m.tracer = () => { events++; };
  after.m.tracer = () => { events++; };
  const stubs = g.stubs[c.arch]!;
  const stepLoop = (mv: { m: Machine; v: Vcpu }) => (n: number): void => {
    const { m, v } = mv, r = v.regs;
    for (let i = 0; i < n; i++) { c.setRegs(r, i); v.pc = TRAP_PC; m.step(v); }
    sink ^= r[c.status]!;
  };
  const handLoop = (f: (v: Vcpu, h: HS) => boolean) => (n: number): void => {
    const v = gen.v, r = v.regs, h = c.handlers;
    for (let i = 0; i < n; i++) { c.setRegs(r, i); v.pc = TRAP_PC; f(v, h); }
    sink ^= r[c.status]!;
  };
  const variants: Variant[] = [
    { name: "roundtrip", body: (n) => { const v = gen.v; let acc = 0n; for (let i = 0; i < n; i++) acc ^= c.stub(stubs, v, i); sink ^= acc; } },
    { name: "dispatch", body: stepLoop(gen) },
    { name: "handwritten", body: handLoop(c.step) },
    { name: "handwrittenBare", body: handLoop(c.stepBare) },
    ...(c.stepBig ? [{ name: "handwrittenBig", body: handLoop(c.stepBig) }] : []),
    { name: "switchOnly", body: (n) => { const v = gen.v, r = v.regs, h = c.handlers; for (let i = 0; i < n; i++) { c.setRegs(r, i); c.switchOnly(v, h); } sink ^= r[c.status]!; } },
    { name: "direct", body: (n) => { const v = gen.v, h = c.handlers; let acc = 0n; for (let i = 0; i < n; i++) acc ^= c.direct(h, v, i); sink ^= acc; } },
    { name: "traced", body: stepLoop(traced) },
    { name: "afterTrace", body: stepLoop(after) },
    { name: "general", body: stepLoop(general) },
  ];
  stepLoop(after)(1000); after.m.tracer = null;
  check(c, [gen, traced, after, general]);
  return summarize(c.abi, c.arch, c.calls.map(([n]) => n), measure(variants, iters, samples, warm), iters, samples);
}

/** Every dispatcher must leave identical registers and pc for each call (a fair comparison). */
function check<HS>(c: CaseSpec<HS>, machines: readonly { m: Machine; v: Vcpu }[]): void {
  const snap = (v: Vcpu): string => [...v.regs.slice(0, c.nregs)].join(",") + "@" + v.pc;
  for (let i = 0; i < 4; i++) {
    const seen: string[] = [];
    for (const mv of machines) {
      c.setRegs(mv.v.regs, i); mv.v.pc = TRAP_PC;
      const out = mv.m.step(mv.v);
      if (out.kind !== "returned" || out.by !== "handler") throw new Error(`${c.abi} call ${i} was not dispatched to its handler: ${JSON.stringify(out)}`);
      seen.push(snap(mv.v));
    }
    const v = machines[0]!.v;
    for (const f of [c.step, c.stepBare, ...(c.stepBig ? [c.stepBig] : [])]) {
      c.setRegs(v.regs, i); v.pc = TRAP_PC;
      if (!f(v, c.handlers)) throw new Error(`${c.abi}: hand-written dispatcher did not take call ${i}`);
      seen.push(snap(v));
    }
    if (new Set(seen).size !== 1) throw new Error(`${c.abi}: dispatchers disagree on call ${i}: ${seen.join(" | ")}`);
  }
}

const sbi: CaseSpec<hw.SbiHandlers> = {
  abi: "riscv-sbi", arch: "riscv64", trap: [0x73, 0, 0, 0], nregs: 18, status: 10,
  calls: [["sbi_probe_extension", "probeExtension"], ["sbi_get_mvendorid", "getMvendorid"], ["sbi_set_timer", "setTimer"], ["sbi_send_ipi", "sendIpi"]],
  handlers: {
    probeExtension: (a: { extension_id: bigint }) => ({ value: a.extension_id === 0x10n ? 1n : 0n }),
    getMvendorid: () => ({ value: 0x489n }),
    setTimer: (a: { stime_value: bigint }) => { sink ^= a.stime_value; return {}; },
    sendIpi: (a: { hart_mask: bigint }) => { sink ^= a.hart_mask; return {}; },
  },
  // [a7, a6, a0, a1]
  setRegs: (() => {
    const SEL = [[0x10n, 3n, 0x10n, 0n], [0x10n, 4n, 0n, 0n], [0x54494d45n, 0n, 0xffff_ffff_0000_1234n, 0n], [0x735049n, 0n, 0x8000_0000_0000_0001n, 0n]] as const;
    return (r: BigUint64Array, i: number): void => { const x = SEL[i & 3]!; r[17] = x[0]; r[16] = x[1]; r[10] = x[2]; r[11] = x[3]; };
  })(),
  stub: (() => {
    const pa = { extension_id: 0x10n }, ta = { stime_value: 0xffff_ffff_0000_1234n }, ia = { hart_mask: 0x8000_0000_0000_0001n, hart_mask_base: 0n };
    return (s, v, i) => {
      switch (i & 3) {
        case 0: return s.sbi_probe_extension!(v, pa).results.value;
        case 1: return s.sbi_get_mvendorid!(v).results.value;
        case 2: return s.sbi_set_timer!(v, ta).raw;
        default: return s.sbi_send_ipi!(v, ia).raw;
      }
    };
  })(),
  direct: (() => {
    const pa = { extension_id: 0x10n }, ta = { stime_value: 0xffff_ffff_0000_1234n }, ia = { hart_mask: 0x8000_0000_0000_0001n, hart_mask_base: 0n };
    return (h, v, i) => {
      switch (i & 3) {
        case 0: return h.probeExtension(pa, v).value;
        case 1: return h.getMvendorid({}, v).value;
        case 2: h.setTimer(ta, v); return 0n;
        default: h.sendIpi(ia, v); return 0n;
      }
    };
  })(),
  step: hw.sbiStepEqual, stepBare: hw.sbiStepFast, switchOnly: hw.sbiSwitchFast, stepBig: hw.sbiStep,
};

const kvm: CaseSpec<hw.KvmHandlers> = {
  abi: "kvm-x86", arch: "x86_64", trap: [0x0f, 0x01, 0xc1], nregs: 8, status: 0,
  calls: [["KVM_HC_KICK_CPU", "kickCpu"], ["KVM_HC_CLOCK_PAIRING", "clockPairing"], ["KVM_HC_SEND_IPI", "sendIpi"], ["KVM_HC_SCHED_YIELD", "schedYield"]],
  handlers: {
    kickCpu: (a: { apicid: number }) => { sink ^= BigInt(a.apicid); return {}; },
    clockPairing: (a: { clock_type: bigint }) => (a.clock_type === 0n ? {} : { status: "KVM_EOPNOTSUPP" }),
    sendIpi: (a: { bitmap_low: bigint; min: number }) => { sink ^= a.bitmap_low; return {}; },
    schedYield: (a: { dest_apicid: number }) => { sink ^= BigInt(a.dest_apicid); return {}; },
  },
  // [rax, rbx, rcx, rdx, rsi]
  setRegs: (() => {
    const SEL = [[5n, 0n, 3n, 0n, 0n], [9n, 0x1000n, 0n, 0n, 0n], [10n, 0xffn, 0n, 0n, 0x400n], [11n, 7n, 0n, 0n, 0n]] as const;
    return (r: BigUint64Array, i: number): void => { const x = SEL[i & 3]!; r[0] = x[0]; r[3] = x[1]; r[1] = x[2]; r[2] = x[3]; r[6] = x[4]; };
  })(),
  stub: (() => {
    const ka = { flags: 0n, apicid: 3 }, ca = { paddr: 0x1000n, clock_type: 0n }, ia = { bitmap_low: 0xffn, bitmap_high: 0n, min: 0, icr: 0x400n }, ya = { dest_apicid: 7 };
    return (s, v, i) => {
      switch (i & 3) {
        case 0: return s.KVM_HC_KICK_CPU!(v, ka).raw;
        case 1: return s.KVM_HC_CLOCK_PAIRING!(v, ca).raw;
        case 2: return s.KVM_HC_SEND_IPI!(v, ia).raw;
        default: return s.KVM_HC_SCHED_YIELD!(v, ya).raw;
      }
    };
  })(),
  direct: (() => {
    const ka = { flags: 0n, apicid: 3 }, ca = { paddr: 0x1000n, clock_type: 0n }, ia = { bitmap_low: 0xffn, bitmap_high: 0n, min: 0, icr: 0x400n }, ya = { dest_apicid: 7 };
    return (h, v, i) => {
      switch (i & 3) {
        case 0: h.kickCpu(ka, v); return 0n;
        case 1: return h.clockPairing(ca, v).status === undefined ? 1n : 0n;
        case 2: h.sendIpi(ia, v); return 0n;
        default: h.schedYield(ya, v); return 0n;
      }
    };
  })(),
  step: hw.kvmStepEqual, stepBare: hw.kvmStepFast, switchOnly: hw.kvmSwitchFast, stepBig: hw.kvmStep,
};

const smccc: CaseSpec<hw.SmcccHandlers> = {
  abi: "arm-smccc", arch: "aarch64", trap: [0x02, 0x00, 0x00, 0xd4], nregs: 8, status: 0,
  calls: [["PSCI_0_2_FN_PSCI_VERSION", "psciVersion"], ["PSCI_1_0_FN_PSCI_FEATURES", "psciFeatures"], ["PSCI_0_2_FN64_CPU_ON", "cpuOn64"], ["ARM_SMCCC_VERSION_FUNC_ID", "smcccVersion"]],
  handlers: {
    psciVersion: () => ({ version: 0x10001 }),
    psciFeatures: (a: { psci_func_id: number }) => ({ features: a.psci_func_id === 0x84000000 ? 0 : -1 }),
    cpuOn64: (a: { target_cpu: bigint; entry_point_address: bigint }) => { sink ^= a.entry_point_address; return {}; },
    smcccVersion: () => ({ version: 0x10002 }),
  },
  // [x0, x1, x2, x3]
  setRegs: (() => {
    const SEL = [[0x84000000n, 0n, 0n, 0n], [0x8400000an, 0x84000000n, 0n, 0n], [0xc4000003n, 1n, 0x8008_0000n, 7n], [0x80000000n, 0n, 0n, 0n]] as const;
    return (r: BigUint64Array, i: number): void => { const x = SEL[i & 3]!; r[0] = x[0]; r[1] = x[1]; r[2] = x[2]; r[3] = x[3]; };
  })(),
  stub: (() => {
    const fa = { psci_func_id: 0x84000000 }, ca = { target_cpu: 1n, entry_point_address: 0x8008_0000n, context_id: 7n };
    return (s, v, i) => {
      switch (i & 3) {
        case 0: return BigInt(s.PSCI_0_2_FN_PSCI_VERSION!(v).results.version);
        case 1: return BigInt(s.PSCI_1_0_FN_PSCI_FEATURES!(v, fa).results.features);
        case 2: return s.PSCI_0_2_FN64_CPU_ON!(v, ca).raw;
        default: return BigInt(s.ARM_SMCCC_VERSION_FUNC_ID!(v).results.version);
      }
    };
  })(),
  direct: (() => {
    const fa = { psci_func_id: 0x84000000 }, ca = { target_cpu: 1n, entry_point_address: 0x8008_0000n, context_id: 7n };
    return (h, v, i) => {
      switch (i & 3) {
        case 0: return BigInt(h.psciVersion({}, v).version);
        case 1: return BigInt(h.psciFeatures(fa, v).features);
        case 2: h.cpuOn64(ca, v); return 0n;
        default: return BigInt(h.smcccVersion({}, v).version);
      }
    };
  })(),
  step: hw.smcccStepEqual, stepBare: hw.smcccStepFast, switchOnly: hw.smcccSwitchFast,
};

const papr: CaseSpec<hw.PaprHandlers> = {
  abi: "papr", arch: "ppc64le", trap: [0x22, 0x00, 0x00, 0x44], nregs: 8, status: 3,
  calls: [["H_CEDE", "cede"], ["H_CONFER", "confer"], ["H_PROD", "prod"], ["H_GET_TERM_CHAR", "getTermChar"]],
  handlers: {
    cede: () => ({}),
    confer: (a: { target_cpu: bigint; yield_count: number }) => { sink ^= a.target_cpu; return {}; },
    prod: (a: { target_cpu: bigint }) => { sink ^= a.target_cpu; return {}; },
    getTermChar: () => ({ len: 2n, chars0_7: 0x6869_0000_0000_0000n, chars8_15: 0n }),
  },
  // [r3, r4, r5]
  setRegs: (() => {
    const SEL = [[0xe0n, 0n, 0n], [0xe4n, 0xffff_ffff_ffff_ffffn, 5n], [0xe8n, 3n, 0n], [0x54n, 0n, 0n]] as const;
    return (r: BigUint64Array, i: number): void => { const x = SEL[i & 3]!; r[3] = x[0]; r[4] = x[1]; r[5] = x[2]; };
  })(),
  stub: (() => {
    const ca = { target_cpu: -1n, yield_count: 5 }, pa = { target_cpu: 3n }, ta = { termno: 0n };
    return (s, v, i) => {
      switch (i & 3) {
        case 0: return s.H_CEDE!(v).raw;
        case 1: return s.H_CONFER!(v, ca).raw;
        case 2: return s.H_PROD!(v, pa).raw;
        default: return s.H_GET_TERM_CHAR!(v, ta).results.chars0_7;
      }
    };
  })(),
  direct: (() => {
    const ca = { target_cpu: -1n, yield_count: 5 }, pa = { target_cpu: 3n }, ta = { termno: 0n };
    return (h, v, i) => {
      switch (i & 3) {
        case 0: h.cede({}, v); return 0n;
        case 1: h.confer(ca, v); return 0n;
        case 2: h.prod(pa, v); return 0n;
        default: return h.getTermChar(ta, v).chars0_7;
      }
    };
  })(),
  step: hw.paprStepEqual, stepBare: hw.paprStepFast, switchOnly: hw.paprSwitchFast,
};

const CASES: Readonly<Record<string, CaseSpec<any>>> = { "riscv-sbi": sbi, "kvm-x86": kvm, "arm-smccc": smccc, papr };
export const RUNTIME_CASES = Object.keys(CASES);

/**
 * The cases named (default: all) in this process. bench/run.ts runs each case in a process of its own:
 * the loops here are shared code, and one case's type feedback would make the next case's call sites
 * polymorphic (the generated and hand-written dispatchers alike), which is not how an emulator runs.
 */
export async function runtimeBench(iters: number, samples: number, warm: number, only: readonly string[] = RUNTIME_CASES): Promise<{ cases: RuntimeCase[]; events: number }> {
  const g = await loadGenerated(only);
  const cases = only.map((id) => runCase(g.get(id)!, CASES[id]!, iters, samples, warm));
  return { cases, events };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const iters = Number(process.env.BENCH_ITERS ?? 200_000), samples = Number(process.env.BENCH_SAMPLES ?? 10), warm = Number(process.env.BENCH_WARM ?? 3);
  const at = process.argv.indexOf("--case");
  const only = at >= 0 ? [process.argv[at + 1]!] : RUNTIME_CASES;
  const r = await runtimeBench(iters, samples, warm, only);
  if (process.argv.includes("--json")) process.stdout.write(JSON.stringify({ ...r, sink: String(sink) }) + "\n");
  else for (const c of r.cases) {
    console.log(`${c.abi} (${c.arch}), ${c.samples} samples x ${c.itersPerSample} calls`);
    for (const [k, s] of Object.entries(c.rates)) console.log(`  ${k.padEnd(14)} ${(s.median / 1e6).toFixed(2)} M/s  [${(s.min / 1e6).toFixed(2)} .. ${(s.max / 1e6).toFixed(2)}]`);
    for (const [k, s] of Object.entries(c.ratios)) console.log(`  ${k.padEnd(24)} ${s.median.toFixed(3)}  [${s.min.toFixed(3)} .. ${s.max.toFixed(3)}]`);
    for (const [k, s] of Object.entries(c.wallRatios)) console.log(`  ${(k + " (wall)").padEnd(24)} ${s.median.toFixed(3)}  [${s.min.toFixed(3)} .. ${s.max.toFixed(3)}]`);
  }
}
