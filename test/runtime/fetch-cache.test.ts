// Machine.step keeps the guest page of the last trap per vCPU (a one-entry fetch cache) and, with a
// tracer installed, leaves the generated dispatcher out (format 2 has no per-call tracer test). What a
// guest or a tracer can observe must be as without either: these are the cases where it could differ.
import { describe, expect, it } from "vitest";
import { ALL_ABIS } from "../../generated/ts/index.js";
import { Machine, type AbiTable, type TraceEvent } from "../../runtime/index.js";

const sbi = ALL_ABIS.find((a) => a.id === "riscv-sbi")! as AbiTable<any, any>;
const ECALL = [0x73, 0, 0, 0];

function machine(): { m: Machine; v: ReturnType<Machine["createVcpu"]> } {
  const m = new Machine({ abis: [sbi] });
  m.registerHypercall(sbi, "sbi_get_mvendorid", () => ({ value: 0x489n }));
  const v = m.createVcpu("riscv64");
  v.setReg("a7", 0x10n); v.setReg("a6", 4n);
  return { m, v };
}

describe("the per-vCPU code-page cache", () => {
  it("sees code written to the cached page after it was cached", () => {
    const { m, v } = machine();
    m.mem.write(0x2000, ECALL);
    v.pc = 0x2000;
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler", call: "sbi_get_mvendorid" });
    m.mem.write(0x2000, [0x13, 0, 0, 0]);   // nop: no longer a trap
    v.pc = 0x2000;
    expect(v.step()).toMatchObject({ kind: "not-hypercall" });
    m.mem.write(0x2010, ECALL);
    v.pc = 0x2010;
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler" });
    expect(v.pc).toBe(0x2014);
  });

  it("does not keep an unallocated page: a trap written there later is found", () => {
    const { m, v } = machine();
    v.pc = 0x5000;
    expect(v.step()).toMatchObject({ kind: "not-hypercall" });   // reads as zeros
    m.mem.write(0x5000, ECALL);
    v.pc = 0x5000;
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler" });
  });

  it("a pc that is not an integer, or a trap that crosses a page, is not served from the cache", () => {
    const { m, v } = machine();
    m.mem.write(0x2000, ECALL);
    v.pc = 0x2000;
    expect(v.step()).toMatchObject({ kind: "returned" });
    v.pc = 0x2000 + 0.5;
    expect(v.step()).toMatchObject({ kind: "not-hypercall" });
    m.mem.write(0x2ffe, ECALL);   // crosses into the next page
    v.pc = 0x2ffe;
    expect(v.step()).toMatchObject({ kind: "returned", by: "handler" });
    expect(v.pc).toBe(0x3002);
  });

  it("a vCPU of another machine's memory is fetched from its own memory", () => {
    const a = machine(), b = machine();
    a.m.mem.write(0x2000, ECALL);   // b's memory has no trap there
    a.v.pc = 0x2000;
    expect(a.v.step()).toMatchObject({ kind: "returned" });
    b.v.pc = 0x2000;
    expect(b.m.step(b.v)).toMatchObject({ kind: "not-hypercall" });
  });
});

describe("tracing takes the general path", () => {
  it("a tracer set between steps sees the next call, and removing it restores the untraced answer and counts", () => {
    const { m, v } = machine();
    m.mem.write(0x2000, ECALL);
    const run = (): unknown => { v.pc = 0x2000; const out = v.step(); return { out, a0: v.reg("a0"), a1: v.reg("a1"), pc: v.pc }; };
    const untraced = run();
    const events: TraceEvent[] = [];
    m.tracer = (e) => { events.push(e); };
    const traced = run();
    m.tracer = null;
    expect(run()).toEqual(untraced);
    expect(traced).toEqual(untraced);
    expect(events.map((e) => [e.call, e.status, e.results])).toEqual([["sbi_get_mvendorid", "SBI_SUCCESS", { value: 0x489n }]]);
    expect(m.counters().get("riscv-sbi.sbi_get_mvendorid")).toBe(3);
  });
});
