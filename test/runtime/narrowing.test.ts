// Guests may leave any bits in argument registers: for every call and arch, a handler sees each
// argument narrowed to its type (sign-extended for signed types) from whatever the registers hold.
import { describe, expect, it } from "vitest";
import { Machine, type ArchName } from "../../runtime/index.js";
import { catalogModel, demoModel } from "../emit-ts/emit-helpers.js";
import { generate } from "./generated.js";
import { kindOf, typeBits, typesByName } from "./values.js";

const GARBAGE = [0xdead_beef_8765_4321n, 0xffff_ffff_ffff_ffffn, 0x8000_0000_0000_0080n];

for (const [name, model] of [["demo", demoModel()], ["catalog", catalogModel()]] as const) {
  describe(`narrowing: ${name}`, async () => {
    const gen = await generate(`narrowing-${name}`, model);
    for (const abi of model.abis) {
      // Traps with operand bits carry the selector in the instruction: the round trips cover those.
      const operandTrap = (arch: string, trap: string): boolean => abi.arches.find((a) => a.arch === arch)!.traps.find((t) => t.name === trap)!.operand !== null;
      const cases = abi.calls.flatMap((c) => c.arches.filter((a) => a.args.length > 0 && !operandTrap(a.arch, a.trap)).map((a) => [c.name, a.arch] as const));
      if (cases.length === 0) continue;
      it.each(cases)(`${abi.id}: %s on %s`, (call, arch) => {
        const g = gen.get(abi.id)!;
        const t = g.table, at = t.arches[arch as ArchName]!;
        const entry = t.calls[call]!, ca = entry.arches[arch as ArchName]!;
        const conv = at.conventions[ca.conventionIndex]!;
        const trap = at.traps.find((x) => x.name === ca.trap)!;
        const kinds = typesByName(Object.values(entry.arches).filter((x) => x !== undefined).map((x) => x.args));
        for (const [i, junk] of GARBAGE.entries()) {
          const m = new Machine({ abis: [t] });
          const v = m.createVcpu(arch as ArchName, { mode: trap.mode ?? at.privilege.allowed[0]!, vendor: trap.vendor ?? "intel" });
          v.regs.fill(junk ^ BigInt(i));
          for (const src of conv.select) if (src.slot >= 0) v.regs[src.slot] = (ca.selector[src.source] ?? 0n) | (junk & ~src.fieldMask & ~src.constMask);
          for (const mg of trap.magic) v.regs[mg.slot] = mg.value;
          const code = trap.sequence.length ? trap.sequence.flatMap((s) => [...s.bytes]) : [...trap.bytes];
          const at0 = trap.sequence.length ? trap.sequence.findIndex((s) => s.trap) * 4 : 0;
          m.mem.write(0x100, code);
          v.pc = 0x100 + at0;
          let seen: Record<string, unknown> | null = null;
          // Answer with an error status so no results need to be made up.
          const err = t.errors.codes.find((c) => c.name !== t.errors.success)!.name;
          m.registerHypercall(t, call, (a: Record<string, unknown>) => { seen = a; return { status: err }; });
          const regsBefore = [...v.regs];
          const out = v.step();
          expect(out).toMatchObject({ kind: "returned", by: "handler", call });
          const wordMask = (1n << BigInt(at.word)) - 1n;
          const expected: Record<string, unknown> = {};
          for (const p of ca.args) {
            const kind = kindOf(kinds.get(p.name)!);
            let raw: bigint;
            if (p.bits) {
              const src = conv.select.find((s) => s.parts.some((x) => x.kind === "arg" && x.arg === p.name))!;
              raw = (regsBefore[src.slot]! >> BigInt(p.bits.lo)) & ((1n << BigInt(p.bits.hi - p.bits.lo + 1)) - 1n);
            } else {
              const slots = p.registers.map((r) => at.registers.indexOf(r));
              if (slots.length === 1) raw = regsBefore[slots[0]!]! & wordMask;
              else {
                const [hi, lo] = at.pairOrder === "high-first" ? [slots[0]!, slots[1]!] : [slots[1]!, slots[0]!];
                raw = ((regsBefore[hi]! & wordMask) << BigInt(at.word)) | (regsBefore[lo]! & wordMask);
              }
            }
            const bits = Math.min(typeBits(p.type, at.word), p.bits ? p.bits.hi - p.bits.lo + 1 : p.registers.length * at.word);
            const signed = p.type.startsWith("i") || p.type === "long";
            const n = p.type === "bool" ? raw : signed ? BigInt.asIntN(bits, raw) : BigInt.asUintN(bits, raw);
            expected[p.name] = p.type === "bool" ? (kind === "boolean" ? n !== 0n : kind === "number" ? (n !== 0n ? 1 : 0) : n !== 0n ? 1n : 0n) : kind === "number" ? Number(n) : n;
          }
          expect(seen).toEqual(expected);
        }
      });
    }
  });
}
