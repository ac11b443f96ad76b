// The generated dispatchers (generated/ts/<abi>.dispatch.ts) against the runtime's general path: the
// same random machine states (registers, instruction bytes, mode, vendor, handler behaviour, tracing)
// must give the same outcome, registers, pc, counters and trace events. A copy of a table ({...t}) does
// not carry its dispatcher, so it runs the general path. Also: runtime/ generates no code at run time.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_ABIS } from "../../generated/ts/index.js";
import { compileAbi } from "../../runtime/compile.js";
import { loadDispatcher } from "../../runtime/dispatch.js";
import { Machine, type AbiTable, type ArchName, type TraceEvent } from "../../runtime/index.js";
import { ROOT } from "../helpers/catalog.js";

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const behaviours = ["ok", "throw", "bad-status", "error-status", "bad-number", "bad-address"] as const;
const json = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));

describe("runtime/ generates no code at run time", () => {
  it("no new Function, Function(...) or eval in runtime/*.ts", () => {
    const dir = join(ROOT, "runtime");
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text, f).not.toMatch(/\bnew\s+Function\b|\bFunction\s*\(|\beval\s*\(/);
    }
  });
});

describe("every catalog ABI loads its generated dispatcher", () => {
  const dummy = { tracer: null, invokeTraced: () => { throw new Error("unused"); }, handlerThrew: () => { throw new Error("unused"); } };
  it.each(ALL_ABIS.map((t) => [t.id, t] as const))("%s", (_id, t) => {
    const table = t as AbiTable<any, any>;
    expect(table.dispatch?.format).toBe(2);
    for (const arch of Object.keys(table.arches) as ArchName[])
      expect(loadDispatcher(dummy, compileAbi(table, arch, new Map())!, arch), arch).not.toBeNull();
    // a copy does not carry it: the general path
    expect(({ ...table } as AbiTable<any, any>).dispatch).toBeUndefined();
  });

  it("a dispatcher of another format (format 1 had a tracing hook per call) is not loaded: the general path runs", () => {
    const sbi = ALL_ABIS.find((a) => a.id === "riscv-sbi")! as AbiTable<any, any>;
    const old = { ...sbi, dispatch: { ...sbi.dispatch!, format: 1 } } as unknown as AbiTable<any, any>;
    expect(loadDispatcher(dummy, compileAbi(old, "riscv64", new Map())!, "riscv64")).toBeNull();
    expect(loadDispatcher(dummy, compileAbi(sbi, "riscv64", new Map())!, "riscv64")).not.toBeNull();
    const m = new Machine({ abis: [old] });
    m.registerHypercall(old, "sbi_get_mvendorid", () => ({ value: 7n }));
    const v = m.createVcpu("riscv64");
    m.mem.write(0x2000, [0x73, 0, 0, 0]); v.pc = 0x2000; v.setReg("a7", 0x10n); v.setReg("a6", 4n);
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler", call: "sbi_get_mvendorid" });
    expect(v.reg("a1")).toBe(7n);
  });
});

/** Runs one random state on a machine of `abis` and returns everything observable. */
function run(abis: readonly AbiTable<any, any>[], arch: ArchName, s: State, on = 0): string {
  const logs: string[] = [];
  const m = new Machine({ abis, memorySize: 1 << 16, log: (msg) => { logs.push(msg); } });
  const v = m.createVcpu(arch, { mode: s.mode, vendor: s.vendor });
  const events: TraceEvent[] = [];
  if (s.traced) m.tracer = (e) => { events.push({ ...e, durationMs: 0 }); };
  s.regs.forEach((x, i) => { if (i < v.regs.length) v.regs[i] = x; });
  const t = abis[on]!, at = t.arches[arch]!;
  if (s.call !== null && t.calls[s.call]?.arches[arch]) {
    const ca = t.calls[s.call]!.arches[arch]!;
    const conv = at.conventions[ca.conventionIndex]!;
    conv.select.forEach((src) => { if (src.slot >= 0) v.regs[src.slot] = ca.selector[src.source] ?? 0n; });
    if (s.registered) m.registerHypercall(t, s.call, (_args: unknown, cpu) => {
      switch (s.behaviour) {
        case "throw": throw new Error("handler failure");
        case "bad-status": return { status: "NOT_AN_ERROR" } as never;
        case "error-status": return { status: t.errors.codes[s.salt % t.errors.codes.length]!.name };
        case "bad-number": return Object.fromEntries(ca.results.map((p) => [p.name, 1.5])) as never;
        case "bad-address": cpu.load(0xffff_ffff_ffffn, 8); return {};
        default: return Object.fromEntries(ca.results.map((p) => [p.name, /^[ui](8|16|32)$/.test(p.type) ? 0x7fff_ffff : p.type === "bool" ? true : (1n << 64n) - 1n]));
      }
    });
    if (s.unregister) m.unregisterHypercall(t, s.call);
  }
  m.mem.write(s.pc, s.insn.slice(0, (1 << 16) - s.pc));   // at 0xfffd: the last 3 bytes of memory
  const outs = [];
  for (let i = 0; i < 2; i++) { v.pc = s.pc; outs.push(v.step()); }   // twice: the preallocated results stay right
  return json({ outs, regs: [...v.regs], pc: v.pc, counters: [...m.counters()], events, logs });
}

interface State {
  regs: bigint[]; call: string | null; insn: Uint8Array; mode: "user" | "kernel" | "hypervisor" | "firmware"; vendor: "intel" | "amd";
  behaviour: (typeof behaviours)[number]; registered: boolean; unregister: boolean; traced: boolean; pc: number; salt: number;
}

function states(t: AbiTable<any, any>, arch: ArchName): fc.Arbitrary<State> {
  const at = t.arches[arch]!;
  const calls = Object.entries(t.calls).filter(([, c]) => c.arches[arch]).map(([n]) => n);
  const insn = fc.oneof(
    fc.uint8Array({ minLength: 4, maxLength: 4 }),
    fc.tuple(fc.constantFrom(...at.traps), fc.integer({ min: 0, max: 0x7fffffff })).map(([tr, op]) =>
      Uint8Array.from(tr.bytes.map((b, i) => b | (op >> (i * 8) & 0xff & ~tr.mask[i]!)))),
  );
  return fc.record({
    regs: fc.array(u64, { minLength: 40, maxLength: 40 }),
    call: fc.option(fc.constantFrom(...(calls.length ? calls : ["-"])), { nil: null }),
    insn, mode: fc.constantFrom("user", "kernel", "hypervisor", "firmware" as const),
    vendor: fc.constantFrom("intel", "amd" as const), behaviour: fc.constantFrom(...behaviours),
    registered: fc.boolean(), unregister: fc.nat(3).map((n) => n === 0), traced: fc.boolean(),
    pc: fc.constantFrom(0x1000, 0x1ffe, 0xfff, 0xfffd), salt: fc.nat(100),
  });
}

const copy = (t: AbiTable<any, any>): AbiTable<any, any> => ({ ...t });

describe("generated dispatcher = general path on random machine states", () => {
  for (const t of ALL_ABIS as readonly AbiTable<any, any>[])
    for (const arch of Object.keys(t.arches) as ArchName[])
      it(`${t.id} on ${arch}`, () => {
        fc.assert(fc.property(states(t, arch), (s) => {
          expect(run([t], arch, s)).toBe(run([copy(t)], arch, s));
        }), { numRuns: 120 });
      });

  // Two ABIs on one trap (vmcall): calls the first one does not answer go on to the second.
  it("kvm-x86 then xen on x86_64 (later ABIs, no-handler answers)", () => {
    const kvm = ALL_ABIS.find((a) => a.id === "kvm-x86")! as AbiTable<any, any>, xen = ALL_ABIS.find((a) => a.id === "xen")! as AbiTable<any, any>;
    fc.assert(fc.property(fc.oneof(states(xen, "x86_64"), states(kvm, "x86_64")), fc.nat(1), (s, on) => {
      expect(run([kvm, xen], "x86_64", s, on)).toBe(run([copy(kvm), copy(xen)], "x86_64", s, on));
    }), { numRuns: 200 });
  });
});
