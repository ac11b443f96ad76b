// Runtime behaviour on the demo fixture: privilege, magic, unknown and reserved numbers, registry,
// throwing handlers, bad guest addresses, vendor instructions, several ABIs, nesting, tracing.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Machine, lineTracer, type AbiTable, type Vcpu } from "../../runtime/index.js";
import { demoModel } from "../emit-ts/emit-helpers.js";
import { generate, type GeneratedAbi } from "./generated.js";

let demo: GeneratedAbi;
beforeAll(async () => { demo = (await generate("behaviour", demoModel())).get("demo")!; });

const ENOSYS = BigInt.asUintN(64, -1000n), EPERM = BigInt.asUintN(64, -1n), EIO = BigInt.asUintN(64, -5n), EFAULT = BigInt.asUintN(64, -14n);
const T = (): AbiTable<any, any> => demo.table;
const ECALL = [0x73, 0, 0, 0];

function riscv(opts: { log?: (m: string, e: unknown) => void; outer?: Machine } = {}): { m: Machine; v: Vcpu } {
  const m = new Machine({ abis: [T()], ...opts });
  const v = m.createVcpu("riscv64");
  v.pc = 0x2000;
  m.mem.write(0x2000, ECALL);
  return { m, v };
}

describe("dispatch from raw instructions", () => {
  it("advances pc past the trap and writes status + results by the convention", () => {
    const { m, v } = riscv();
    m.registerHypercall(T(), "demo_echo", (a: { value: bigint }) => ({ value: a.value + 1n }));
    v.setReg("a7", 0x10n); v.setReg("a6", 1n); v.setReg("a0", 0xffff_ffff_ffff_fffen);
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler", call: "demo_echo" });
    expect(v.pc).toBe(0x2004);
    expect(v.reg("a0")).toBe(0n);
    expect(v.reg("a1")).toBe(0xffff_ffff_ffff_ffffn);
  });

  it("answers unknown numbers with not_supported, and says when the number is reserved", () => {
    const { v } = riscv();
    v.setReg("a7", 0x999n);
    expect(v.step()).toMatchObject({ kind: "returned", by: "runtime", error: "DEMO_ENOSYS", reason: "unknown-call" });
    expect(v.reg("a0")).toBe(ENOSYS);
    v.pc = 0x2000; v.setReg("a7", 0xa42n);
    expect(v.step()).toMatchObject({ reason: "reserved", error: "DEMO_ENOSYS" });
  });

  it("answers a known call without handler with not_supported", () => {
    const { v } = riscv();
    v.setReg("a7", 0x10n); v.setReg("a6", 0n);
    expect(v.step()).toMatchObject({ kind: "returned", by: "runtime", call: "demo_version", reason: "no-handler" });
    expect(v.reg("a0")).toBe(ENOSYS);
  });

  it("does not treat other bytes as a hypercall and leaves pc alone", () => {
    const { m, v } = riscv();
    m.mem.write(0x2000, [0x13, 0, 0, 0]); // nop
    expect(v.step()).toMatchObject({ kind: "not-hypercall" });
    expect(v.pc).toBe(0x2000);
  });

  it("ignores stray upper bits of 32-bit registers (riscv32 truncates)", () => {
    const m = new Machine({ abis: [T()] });
    const v = m.createVcpu("riscv32");
    const seen: bigint[] = [];
    m.registerHypercall(T(), "demo_echo", (a: { value: bigint }) => { seen.push(a.value); return { value: 0x1_2345_6789n }; });
    m.mem.write(0, ECALL);
    v.regs[17] = 0xdead_0000_0000_0010n; v.regs[16] = 1n; v.regs[10] = 0xffff_ffff_8000_0001n; v.regs[11] = 0x7n;
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler" });
    expect(seen).toEqual([0x7_8000_0001n]);                   // low-first pair a0 (low), a1 (high)
    expect(v.regs[11]).toBe(0x2345_6789n);                     // u64 result in a 32-bit register
  });
});

describe("privilege", () => {
  it("answers user mode with the spec's error and does not call the handler", () => {
    const { m, v } = riscv();
    const h = vi.fn(() => ({ version: 1 }));
    m.registerHypercall(T(), "demo_version", h);
    v.mode = "user";
    const out = demo.stubs.riscv64!.demo_version!(v);
    expect(out.outcome).toMatchObject({ kind: "returned", by: "runtime", error: "DEMO_EPERM", reason: "denied" });
    expect(out.status).toBe("DEMO_EPERM");
    expect(h).not.toHaveBeenCalled();
    expect(v.reg("a0")).toBe(EPERM);
  });
});

describe("magic sequence (ppc64)", () => {
  function ppc(): { m: Machine; v: Vcpu; h: ReturnType<typeof vi.fn> } {
    const m = new Machine({ abis: [T()] });
    const v = m.createVcpu("ppc64");
    const h = vi.fn(() => ({ version: 7 }));
    m.registerHypercall(T(), "demo_version", h);
    m.mem.write(0x100, [0x3c, 0x00, 0x4b, 0x56, 0x60, 0x00, 0x4d, 0x21, 0x44, 0x00, 0x00, 0x02]);
    v.pc = 0x108; v.setReg("r11", 0x100000n);
    return { m, v, h };
  }
  it("dispatches `sc` with r0 = KVM!", () => {
    const { v, h } = ppc();
    v.setReg("r0", 0x4b564d21n);
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler" });
    expect(h).toHaveBeenCalledOnce();
    expect(v.pc).toBe(0x10c);
    expect(v.reg("r4")).toBe(7n);
  });
  it("reflects `sc` without the magic to the guest kernel as a system call", () => {
    const { v, h } = ppc();
    v.setReg("r0", 0x4b564d20n);
    expect(v.step()).toMatchObject({ kind: "reflected", to: "kernel" });
    expect(h).not.toHaveBeenCalled();
    expect(v.pc).toBe(0x108);
  });
});

describe("registry", () => {
  it("rejects double registration, unregisters, re-registers", () => {
    const { m, v } = riscv();
    m.registerHypercall(T(), "demo_version", () => ({ version: 1 }));
    expect(() => m.registerHypercall(T(), "demo_version", () => ({ version: 2 }))).toThrow(/already has a handler/);
    expect(() => m.registerHypercall(T(), { service: 0x10n, function: 0n }, () => ({ version: 2 }))).toThrow(/already has a handler/);
    expect(m.unregisterHypercall(T(), "demo_version")).toBe(true);
    expect(m.unregisterHypercall(T(), "demo_version")).toBe(false);
    expect(demo.stubs.riscv64!.demo_version!(v).status).toBe("DEMO_ENOSYS");
    m.registerHypercall(T(), { service: 0x10n, function: 0n }, () => ({ version: 3 }));
    expect(demo.stubs.riscv64!.demo_version!(v).results).toEqual({ version: 3 });
  });
  it("keeps registries per machine and refuses unknown calls and foreign ABIs", () => {
    const a = riscv(), b = riscv();
    a.m.registerHypercall(T(), "demo_version", () => ({ version: 1 }));
    expect(demo.stubs.riscv64!.demo_version!(b.v).status).toBe("DEMO_ENOSYS");
    expect(() => a.m.registerHypercall(T(), "nope" as never, () => ({}))).toThrow(/no call 'nope'/);
    expect(() => a.m.registerHypercall(T(), { service: 0x77n, function: 0n }, () => ({}))).toThrow(/no call with/);
    const other = { ...T(), id: "other" };
    expect(() => a.m.registerHypercall(other, "demo_version", () => ({}))).toThrow(/not one of this machine's ABIs/);
  });
});

describe("handler failures", () => {
  it("turns a throwing handler into the failed status, logs it, and keeps running", () => {
    const log = vi.fn();
    const { m, v } = riscv({ log });
    m.registerHypercall(T(), "demo_version", () => { throw new Error("boom"); });
    const out = demo.stubs.riscv64!.demo_version!(v);
    expect(out.outcome).toMatchObject({ kind: "returned", by: "runtime", reason: "failed", error: "DEMO_EIO" });
    expect(out.raw).toBe(EIO);
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]![1])).toMatch(/boom/);
  });
  it("answers bad guest addresses (out of range, misaligned) with invalid_address", () => {
    const m = new Machine({ abis: [T()], memorySize: 1 << 20, log: () => {} });
    const v = m.createVcpu("x86_64");
    m.registerHypercall(T(), "demo_console_write", (a: { addr: bigint; len: bigint }, cpu: Vcpu) => {
      if (a.len === 8n) return { written: cpu.load(a.addr, 8) };
      return { written: BigInt(cpu.mem.read(a.addr, Number(a.len)).length) };
    });
    const w = demo.stubs.x86_64!.demo_console_write!;
    m.mem.write(0x500, [1, 2, 3]);
    expect(w(v, { addr: 0x500n, len: 3n }).results).toEqual({ written: 3n });
    expect(w(v, { addr: 0xffff_ffff_ffff_fff0n, len: 3n }).raw).toBe(EFAULT);
    expect(w(v, { addr: (1n << 20n) - 2n, len: 3n }).status).toBe("DEMO_EFAULT");
    expect(w(v, { addr: 0x501n, len: 8n }).status).toBe("DEMO_EFAULT");
  });
  it("treats an unknown status name from a handler as a failure", () => {
    const { m, v } = riscv({ log: () => {} });
    m.registerHypercall(T(), "demo_version", () => ({ status: "NOPE" }) as never);
    expect(demo.stubs.riscv64!.demo_version!(v).status).toBe("DEMO_EIO");
  });
  it("writes an error status a handler returns", () => {
    const { m, v } = riscv();
    m.registerHypercall(T(), "demo_version", () => ({ status: "DEMO_EPERM" }));
    expect(demo.stubs.riscv64!.demo_version!(v)).toMatchObject({ status: "DEMO_EPERM", raw: EPERM });
  });
});

describe("x86 vendor instructions", () => {
  it("accepts the other vendor's instruction when the spec says patch, with a note", () => {
    const m = new Machine({ abis: [T()] });
    const v = m.createVcpu("x86_64", { vendor: "intel" });
    m.registerHypercall(T(), "demo_version", () => ({ version: 9 }));
    m.mem.write(0x3000, [0x0f, 0x01, 0xd9]);  // vmmcall on an Intel vCPU
    v.pc = 0x3000; v.setReg("rax", 0x10_8000_0000n);
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler", note: expect.stringMatching(/patched/) });
    expect(v.pc).toBe(0x3003);
    expect(demo.stubs.x86_64!.demo_version!(m.createVcpu("x86_64", { vendor: "amd" })).results).toEqual({ version: 9 });
  });
  it("faults when the spec says the other vendor's instruction faults", () => {
    const t = T();
    const faulting = { ...t, arches: { ...t.arches, x86_64: { ...t.arches.x86_64!, otherVendor: { kind: "fault", fault: "#UD" } } } } as AbiTable<any, any>;
    const m = new Machine({ abis: [faulting] });
    const v = m.createVcpu("x86_64", { vendor: "amd" });
    m.mem.write(0, [0x0f, 0x01, 0xc1]);
    v.setReg("rax", 0x10_8000_0000n);
    expect(v.step()).toMatchObject({ kind: "fault", fault: "#UD" });
    expect(v.pc).toBe(0);
  });
  it("dispatches the 64-bit selector 0xfffffffe8000ffff", () => {
    const m = new Machine({ abis: [T()] });
    const h = vi.fn(() => ({}));
    m.registerHypercall(T(), "demo_big_constant", h);
    const out = demo.stubs.x86_64!.demo_big_constant!(m.createVcpu("x86_64"));
    expect(out.outcome).toMatchObject({ call: "demo_big_constant" });
    expect(h).toHaveBeenCalledOnce();
  });
});

describe("nesting and tracing", () => {
  it("forwards calls without a handler to the outer machine", () => {
    const outer = new Machine({ abis: [T()] });
    outer.registerHypercall(T(), "demo_echo", (a: { value: bigint }) => ({ value: a.value ^ 0xffn }));
    const { m, v } = riscv({ outer });
    m.registerHypercall(T(), "demo_version", () => ({ version: 1 }));
    expect(demo.stubs.riscv64!.demo_echo!(v, { value: 0x8000_0000_0000_0001n }).results).toEqual({ value: 0x8000_0000_0000_00fen });
    expect(demo.stubs.riscv64!.demo_version!(v).results).toEqual({ version: 1 });
    v.setReg("a7", 0x10n); v.setReg("a6", 1n);
    v.step();
    expect(v.pc).toBe(0x2004);  // advanced once, by the outer machine
    expect(outer.counters().get("demo.demo_echo")).toBe(2);
  });
  it("answers itself when the outer machine has no ABI for the instruction", () => {
    // The outer machine serves only x86_64; a riscv64 call it cannot even decode stays with the inner one.
    const x86Only = { ...T(), id: "x86-only", arches: { x86_64: T().arches.x86_64 } } as AbiTable<any, any>;
    const inner = new Machine({ abis: [T()], outer: new Machine({ abis: [x86Only] }) });
    const v = inner.createVcpu("riscv64");
    v.pc = 0x2000; inner.mem.write(0x2000, ECALL);
    v.setReg("a7", 0x10n); v.setReg("a6", 1n);
    expect(v.step()).toMatchObject({ kind: "returned", by: "runtime", abi: "demo", reason: "no-handler" });
    expect(v.pc).toBe(0x2004);
  });
  it("traces every decoded call strace-style and counts calls", () => {
    const { m, v } = riscv();
    const lines: string[] = [];
    m.tracer = lineTracer(lines);
    m.registerHypercall(T(), "demo_echo", (a: { value: bigint }) => ({ value: a.value }));
    demo.stubs.riscv64!.demo_echo!(v, { value: 0x1234n });
    v.setReg("a7", 0x999n); v.pc = 0x2000; v.step();
    expect(lines[0]).toMatch(/^\[riscv64\] demo\.demo_echo\(value=0x1234\) = DEMO_OK \{value=0x1234\} <\d+\.\d{3}ms>$/);
    expect(lines[1]).toMatch(/demo\.\?\(\) = DEMO_ENOSYS \(unknown-call\)/);
    m.tracer = null;
    demo.stubs.riscv64!.demo_echo!(v, { value: 1n });
    expect(lines).toHaveLength(2);
    expect(m.counters().get("demo.demo_echo")).toBe(2);
  });
});
