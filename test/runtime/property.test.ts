// Property tests over random register files, random instruction bytes, modes, vendors and handler
// behaviour: no exception escapes the runtime, and every outcome is one the spec allows.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Machine, type AbiTable, type ArchName, type StepResult } from "../../runtime/index.js";
import { catalogModel, demoModel } from "../emit-ts/emit-helpers.js";
import { generate, type GeneratedAbi } from "./generated.js";

const models = [demoModel(), catalogModel()];
const gens = new Map<string, GeneratedAbi>();
beforeAll(async () => {
  for (const [i, m] of models.entries()) for (const [k, v] of await generate(`property-${i}`, m)) gens.set(k, v);
});

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const behaviours = ["ok", "throw", "bad-status", "error-status", "bad-number", "bad-address"] as const;

/** Checks one outcome against what the ABI's tables allow. */
function allowed(t: AbiTable<any, any>, arch: ArchName, out: StepResult, trapLen: number, pcBefore: number, pcAfter: number): void {
  const a = t.arches[arch]!;
  const names = new Set(t.errors.codes.map((c) => c.name));
  const faults = new Set(["unsupported hypercall"]);
  if (a.privilege.otherwise.kind === "fault") faults.add(a.privilege.otherwise.fault);
  if (a.otherVendor?.kind === "fault") faults.add(a.otherVendor.fault);
  switch (out.kind) {
    case "not-hypercall": expect(pcAfter).toBe(pcBefore); break;
    case "fault": expect(faults).toContain(out.fault); expect(pcAfter).toBe(pcBefore); break;
    case "reflected":
      expect(a.privilege.otherwise.kind === "reflect" ? [a.privilege.otherwise.to, "kernel"] : ["kernel"]).toContain(out.to);
      expect(pcAfter).toBe(pcBefore);
      break;
    case "returned":
      expect(pcAfter).toBe(pcBefore + trapLen);
      if (out.by === "handler") expect(Object.keys(t.calls)).toContain(out.call);
      else {
        expect(names).toContain(out.error);
        if (out.reason === "denied") expect(a.privilege.otherwise).toEqual({ kind: "error", error: out.error });
      }
  }
}

for (const model of models) {
  for (const abi of model.abis) {
    describe(`${abi.id}: random machine states`, () => {
      for (const arch of abi.arches.map((a) => a.arch)) {
        it(`never throws and answers only as the spec allows on ${arch}`, () => {
          const g = gens.get(abi.id)!;
          const t = g.table, at = t.arches[arch]!;
          const calls = Object.entries(t.calls).filter(([, c]) => c.arches[arch]).map(([n]) => n);
          const insn = fc.oneof(
            fc.uint8Array({ minLength: 4, maxLength: 4 }),
            fc.tuple(fc.constantFrom(...at.traps), fc.integer({ min: 0, max: 0x7fffffff })).map(([tr, op]) =>
              Uint8Array.from(tr.bytes.map((b, i) => b | (op >> (i * 8) & 0xff & ~tr.mask[i]!)))),
          );
          const state = fc.record({
            regs: fc.array(u64, { minLength: at.registers.length, maxLength: at.registers.length }),
            call: fc.option(fc.constantFrom(...(calls.length ? calls : ["-"])), { nil: null }),
            insn, mode: fc.constantFrom("user", "kernel", "hypervisor", "firmware" as const),
            vendor: fc.constantFrom("intel", "amd" as const), behaviour: fc.constantFrom(...behaviours),
            registered: fc.boolean(), pc: fc.constantFrom(0x1000, 0x1ffe, 0xfff),
          });
          fc.assert(fc.property(state, (s) => {
            const m = new Machine({ abis: [t], memorySize: 1 << 16, log: () => {} });
            const v = m.createVcpu(arch, { mode: s.mode, vendor: s.vendor });
            s.regs.forEach((x, i) => { v.regs[i] = x; });
            if (s.call !== null && s.call !== "-") {
              const ca = t.calls[s.call]!.arches[arch]!;
              const conv = at.conventions[ca.conventionIndex]!;
              conv.select.forEach((src) => { if (src.slot >= 0) v.regs[src.slot] = ca.selector[src.source] ?? 0n; });
              if (s.registered) m.registerHypercall(t, s.call, (_args: unknown, cpu) => {
                switch (s.behaviour) {
                  case "throw": throw new Error("handler failure");
                  case "bad-status": return { status: "NOT_AN_ERROR" } as never;
                  case "error-status": return { status: t.errors.codes[0]!.name };
                  case "bad-number": return Object.fromEntries(ca.results.map((p) => [p.name, 1.5])) as never;
                  case "bad-address": cpu.load(0xffff_ffff_ffffn, 8); return {};
                  default: return Object.fromEntries(ca.results.map((p) => [p.name, /^[ui](8|16|32)$/.test(p.type) ? 0x7fff_ffff : p.type === "bool" ? true : (1n << 64n) - 1n]));
                }
              });
            }
            m.mem.write(s.pc, s.insn);
            v.pc = s.pc;
            const matched = at.traps.find((tr) => tr.bytes.every((b, i) => (s.insn[i]! & tr.mask[i]!) === b));
            const out = v.step();
            allowed(t, arch, out, matched?.bytes.length ?? 0, s.pc, v.pc);
          }), { numRuns: 150 });
        });
      }
    });
  }
}
