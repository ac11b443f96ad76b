// Hot-path cost: stub -> trap -> dispatch -> handler -> registers -> stub result, and raw step()
// dispatch, with tracing off and on. Thresholds are loose (CI machines vary); the numbers are printed.
import { beforeAll, describe, expect, it } from "vitest";
import { Machine, type Vcpu } from "../../runtime/index.js";
import { demoModel } from "../emit-ts/emit-helpers.js";
import { generate, type GeneratedAbi } from "./generated.js";

let demo: GeneratedAbi;
beforeAll(async () => { demo = (await generate("perf", demoModel())).get("demo")!; });

/** Calls per second of this process's CPU time (wall time is meaningless on a loaded CI box). */
function rate(n: number, body: () => void): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) body();
  const d = process.cpuUsage(t0);
  return n / ((d.user + d.system) / 1e6);
}

function best(runs: number, n: number, body: () => void): number {
  let r = 0;
  for (let i = 0; i < runs; i++) r = Math.max(r, rate(n, body));
  return r;
}

describe("hot path", () => {
  it("dispatches millions of calls per second; tracing off costs nothing measurable", () => {
    const m = new Machine({ abis: [demo.table] });
    const v: Vcpu = m.createVcpu("riscv64");
    m.registerHypercall(demo.table, "demo_echo", (a: { value: bigint }) => ({ value: a.value }));
    const echo = demo.stubs.riscv64!.demo_echo!;
    const args = { value: 0x8000_0000_0000_0001n };
    // Raw dispatch: registers set once, the trap re-executed (pc reset) each time.
    m.mem.write(0x2000, [0x73, 0, 0, 0]);
    v.setReg("a7", 0x10n); v.setReg("a6", 1n);
    const step = (): void => { v.pc = 0x2000; m.step(v); };
    best(2, 200_000, step); best(2, 200_000, () => echo(v, args));   // warm up
    const stepRate = best(5, 1_000_000, step);
    const stubRate = best(5, 1_000_000, () => echo(v, args));
    m.tracer = () => {};
    const tracedRate = best(3, 300_000, step);
    m.tracer = null;
    const offAgain = best(5, 1_000_000, step);
    console.log(`step: ${(stepRate / 1e6).toFixed(2)}M/s, stub round trip: ${(stubRate / 1e6).toFixed(2)}M/s, traced step: ${(tracedRate / 1e6).toFixed(2)}M/s, step after tracing off: ${(offAgain / 1e6).toFixed(2)}M/s`);
    expect(stepRate).toBeGreaterThan(1e6);
    expect(stubRate).toBeGreaterThan(5e5);
  });
});
