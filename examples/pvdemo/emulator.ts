// A tiny emulator for the fictional pvdemo ABI: it serves the three calls with handlers, runs a
// guest program (the generated guest stubs) on x86_64 and riscv64, and prints every call traced.
// Run it from the repository root: npm run build && npx tsc -p examples/pvdemo && node examples/pvdemo/build/emulator.js
import { fileURLToPath } from "node:url";
import { Machine, formatTrace, type Vcpu } from "hcgen/runtime";
import { pvdemoAbi, pvdemoStubs } from "./generated/ts/index.js";

const FEATURE_CRASH = 1n << 0n, FEATURE_CONSOLE = 1n << 1n;

export interface DemoRun {
  /** One line per traced hypercall, as strace would print it. */
  readonly trace: string[];
  /** What the guests wrote to the console. */
  readonly console: string;
  readonly crashes: { arch: string; reason: number; pc: bigint }[];
}

/** The host side: one machine, the pvdemo handlers, a tracer. */
function host(run: DemoRun & { console: string }): Machine {
  const m = new Machine({ abis: [pvdemoAbi] });
  m.tracer = (e) => run.trace.push(formatTrace(e).replace(/ <[\d.]+ms>$/, "")); // timing varies; drop it
  m.registerHypercall(pvdemoAbi, "pvdemo_get_features", () => ({ features: FEATURE_CRASH | FEATURE_CONSOLE }));
  m.registerHypercall(pvdemoAbi, "pvdemo_console_write", ({ addr, len }, vcpu) => {
    if (len > 4096n) return { status: "PVDEMO_EINVAL" };
    run.console += new TextDecoder().decode(vcpu.mem.read(addr, Number(len))); // a bad address answers PVDEMO_EFAULT
    return { written: len };
  });
  m.registerHypercall(pvdemoAbi, "pvdemo_report_crash", ({ reason, pc }, vcpu) => {
    if (reason !== 1 && reason !== 2) return { status: "PVDEMO_EINVAL" };
    run.crashes.push({ arch: vcpu.arch, reason, pc });
    return {};
  });
  return m;
}

/** The guest: what a kernel using pvdemo would do, through the generated stubs of its arch. */
function guest(vcpu: Vcpu & { arch: "x86_64" | "riscv64" }): void {
  const hc = pvdemoStubs[vcpu.arch];
  const features = hc.pvdemo_get_features(vcpu).results.features;
  if (features & FEATURE_CONSOLE) {
    const msg = new TextEncoder().encode(`hello from ${vcpu.arch}\n`);
    vcpu.mem.write(0x8000, msg);
    hc.pvdemo_console_write(vcpu, { addr: 0x8000n, len: BigInt(msg.length) });
    hc.pvdemo_console_write(vcpu, { addr: 0x8000n, len: 5000n });        // too long: PVDEMO_EINVAL
  }
  vcpu.mode = "user";
  hc.pvdemo_get_features(vcpu);                                          // user mode: PVDEMO_EPERM
  vcpu.mode = "kernel";
  if (features & FEATURE_CRASH) hc.pvdemo_report_crash(vcpu, { reason: 1, pc: 0xffffffff80001234n });
}

export function runDemo(): DemoRun {
  const run = { trace: [] as string[], console: "", crashes: [] as DemoRun["crashes"] };
  const m = host(run);
  for (const arch of ["x86_64", "riscv64"] as const) guest(m.createVcpu(arch) as Vcpu & { arch: typeof arch });
  return run;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = runDemo();
  for (const line of r.trace) console.log(line);
  process.stdout.write(`\nconsole:\n${r.console}`);
  console.log(`crash reports: ${r.crashes.map((c) => `${c.arch} reason ${c.reason} at 0x${c.pc.toString(16)}`).join("; ")}`);
}
