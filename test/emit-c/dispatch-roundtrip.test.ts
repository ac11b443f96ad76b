// Host-side round trip (gcc on the build machine): every call of every catalog ABI on every arch,
// twice (values above 2^53 with the top bit set; small negatives for sign extension), from the C
// guest stub's own register encoding through the generated C dispatcher and back through the stub's
// result reads. The TS runtime is the oracle: the same call through the generated TS stub, table and
// Machine must see the same registers, decode the same typed arguments and leave the same registers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as generated from "../../generated/ts/index.js";
import { cEmitter } from "../../generator/emit/c.js";
import { cDispatchEmitter } from "../../generator/emit/c-dispatch.js";
import { hostType } from "../../generator/emit/c-dispatch-values.js";
import { mergeValues, type Kind } from "../../generator/emit/ts-values.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import type { Abi, ArchAbi, Call } from "../../generator/model.js";
import { camel } from "../../generator/names.js";
import { Machine, type AbiTable } from "../../runtime/index.js";
import { guestValue, memberValue, roundTripProgram, testValue, VECTORS } from "./dispatch-roundtrip.js";
import { loadAll } from "./model.js";
import { REQUIRE, tools } from "./toolchain.js";

const model = loadAll();
const tables = generated as unknown as Record<string, unknown>;
const catalog = model.abis.filter((a) => tables[`${camel(a.id)}Abi`] !== undefined);

interface Run { inRegs: bigint[]; outRegs: bigint[]; outcome: number; hit: number; args: Map<string, bigint>; reads: Map<string, bigint> }

/** Compiles and runs the ABI's round-trip program; its output by "<arch> <call> <vector>". */
function runProgram(abi: Abi, mutate: (path: string, text: string) => string = (_, t) => t): Map<string, Run> {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-dispatch-"));
  for (const f of [...cEmitter.emit(model, DEFAULT_EMIT_OPTIONS), ...cDispatchEmitter.emit(model, DEFAULT_EMIT_OPTIONS)]) writeFileSync(join(dir, f.path.replace(/^c\//, "")), mutate(f.path, f.content));
  writeFileSync(join(dir, "t.c"), roundTripProgram(abi));
  const cc = spawnSync(tools.gcc!, ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O0", "-I", dir, join(dir, "t.c"), "-o", join(dir, "t")], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(`gcc failed for ${abi.id}:\n${cc.stderr.slice(0, 3000)}`);
  const run = spawnSync(join(dir, "t"), [], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${abi.id} round-trip program exited ${run.status}: ${run.stderr}`);
  const out = new Map<string, Run>();
  const get = (k: string): Run => { let r = out.get(k); if (!r) out.set(k, (r = { inRegs: [], outRegs: [], outcome: -1, hit: -2, args: new Map(), reads: new Map() })); return r; };
  for (const line of run.stdout.split("\n")) {
    const w = line.split(" ");
    if (w.length < 4) continue;
    const key = `${w[1]} ${w[2]} ${w[3]}`;
    if (w[0] === "IN") get(key).inRegs = w.slice(4).map((x) => BigInt(`0x${x}`));
    else if (w[0] === "OUT") get(key).outRegs = w.slice(4).map((x) => BigInt(`0x${x}`));
    else if (w[0] === "T") { get(key).outcome = Number(w[4]); get(key).hit = Number(w[5]); }
    else if (w[0] === "ARG") get(key).args.set(w[4]!, BigInt(`0x${w[5]}`));
    else if (w[0] === "READ") get(key).reads.set(w[4]!, BigInt(`0x${w[5]}`));
  }
  return out;
}

const asKind = (v: bigint, kind: Kind): number | bigint | boolean => (kind === "number" ? Number(v) : kind === "boolean" ? v !== 0n : v);
const u64 = (v: unknown): bigint => BigInt.asUintN(64, typeof v === "boolean" ? (v ? 1n : 0n) : BigInt(v as number | bigint));

/** The same call through the TS runtime: registers at the trap, decoded args, registers after, stub results. */
function tsRun(abi: Abi, arch: ArchAbi, call: Call, v: number) {
  const table = tables[`${camel(abi.id)}Abi`] as AbiTable;
  const stubs = (tables[`${camel(abi.id)}Stubs`] as Record<string, Record<string, (vcpu: unknown, args?: unknown) => { raw: bigint | null; results: Record<string, unknown> }>>)[arch.arch]!;
  const ca = call.arches.find((a) => a.arch === arch.arch)!;
  const kinds = new Map(mergeValues(call, (a) => a.args).map((m) => [m.name, m.kind]));
  const args = Object.fromEntries(ca.args.map((a, k) => [a.name, asKind(guestValue(testValue(v, k), a.type, arch.word), kinds.get(a.name)!)]));
  const results = Object.fromEntries(mergeValues(call, (a) => a.resultValues).map((m, k) => [m.name, asKind(memberValue(testValue(v, k + 8), hostType(m.types)), m.kind)]));
  const machine = new Machine({ abis: [table] });
  const cpu = machine.createVcpu(arch.arch);
  let seenRegs: bigint[] = [], seenArgs: Record<string, unknown> = {};
  machine.registerHypercall(table, call.name, (a: object, vcpu) => {
    seenRegs = [...vcpu.regs]; seenArgs = a as Record<string, unknown>;
    return results;
  });
  const ret = stubs[call.name]!(cpu, args);
  return { inRegs: seenRegs, args: seenArgs, outRegs: [...cpu.regs], ret };
}

/** Every disagreement between the C program's runs and the TS runtime, and how many calls were compared. */
function compare(abi: Abi, runs: Map<string, Run>): { problems: string[]; checked: number } {
  let checked = 0;
  const problems: string[] = [];
  for (const arch of abi.arches) {
    const word = (1n << BigInt(arch.word)) - 1n;
    for (const call of abi.calls) {
      const ca = call.arches.find((a) => a.arch === arch.arch);
      if (!ca) continue;
      const conv = arch.conventions.find((c) => c.name === ca.convention)!;
      for (let v = 0; v < VECTORS; v++) {
        const key = `${arch.arch} ${call.name} ${v}`;
        const c = runs.get(key);
        if (!c) { problems.push(`${key}: no output from the C program`); continue; }
        const t = tsRun(abi, arch, call, v);
        const bad = (what: string, cv: unknown, tv: unknown): void => { problems.push(`${key}: ${what}: C ${String(cv)} vs TS ${String(tv)}`); };
        if (c.outcome !== 0 || c.hit !== abi.calls.indexOf(call)) bad("outcome/handler", `${c.outcome}/${c.hit}`, `0/${abi.calls.indexOf(call)}`);
        arch.registers.forEach((reg, i) => {
          if (c.inRegs[i] !== ((t.inRegs[i] ?? 0n) & word)) bad(`register ${reg} at the trap`, c.inRegs[i]?.toString(16), t.inRegs[i]?.toString(16));
          if (c.outRegs[i] !== ((t.outRegs[i] ?? 0n) & word)) bad(`register ${reg} after dispatch`, c.outRegs[i]?.toString(16), t.outRegs[i]?.toString(16));
        });
        for (const a of ca.args) if (c.args.get(a.name) !== u64(t.args[a.name])) bad(`argument ${a.name}`, c.args.get(a.name)?.toString(16), u64(t.args[a.name]).toString(16));
        for (const r of conv.results) {
          const named = Object.entries(ca.resultRegs).find(([, rr]) => rr.name === r.name)?.[0];
          const width = r.bits ? BigInt(r.bits.hi - r.bits.lo + 1) : BigInt(arch.word);
          const ts = r.status ? t.ret.raw : named !== undefined ? BigInt.asUintN(Number(width), u64(t.ret.results[named])) : null;
          if (ts !== null && c.reads.get(r.name) !== ts) bad(`guest reads ${r.name}`, c.reads.get(r.name)?.toString(16), ts?.toString(16));
        }
        checked++;
      }
    }
  }
  return { problems, checked };
}

describe.skipIf(!tools.gcc && !REQUIRE)("C guest encoding -> C host dispatcher -> C guest read-back agree with the TS runtime (gcc)", () => {
  it("has gcc", () => expect(tools.gcc).not.toBeNull());
  it("covers the catalog", () => expect(catalog.length).toBeGreaterThanOrEqual(10));
  for (const abi of catalog) {
    it(`${abi.id}: every call on every arch`, () => {
      const { problems, checked } = compare(abi, runProgram(abi));
      expect(problems.slice(0, 20)).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    }, 120_000);
  }

  // The comparison must be able to fail: dispatchers broken on purpose are caught, by name.
  const sbi = catalog.find((a) => a.id === "riscv-sbi")!;
  it.each([
    ["no sign extension", (t: string) => t.replace("return (int64_t)((v ^ m) - m);", "(void)m; return (int64_t)v;"), /riscv32 sbi_probe_extension 0: argument extension_id: C b4a59687 vs TS ffffffffb4a59687/],
    ["value and error registers swapped", (t: string) => t.replace(/r->a0 = /g, "r->@@ = ").replace(/r->a1 = /g, "r->a0 = ").replace(/r->@@ = /g, "r->a1 = "), /register a0 after dispatch/],
  ])("a dispatcher with %s is caught", (_, broken, where) => {
    let applied = false;
    const runs = runProgram(sbi, (path, text) => { if (!path.endsWith("_dispatch.h")) return text; const b = broken(text); applied ||= b !== text; return b; });
    expect(applied, "the mutation must apply to the current header text").toBe(true);
    const { problems } = compare(sbi, runs);
    expect(problems.join("\n")).toMatch(where);
  }, 120_000);
});
