// The per-arch data of a generated table: traps (byte patterns with operand masks), conventions
// (selector sources with lookup masks, result registers, status writer) and the privilege rule.
import type { Abi, ArchAbi, Convention, Trap } from "../model.js";
import { slotOf, writeStatusFn } from "./ts-codec.js";
import { code, type Lit } from "./ts-literal.js";
import { mask } from "./ts-values.js";

const hexBytes = (bytes: Iterable<number>): Lit => code(`[${[...bytes].map((b) => `0x${b.toString(16).padStart(2, "0")}`).join(", ")}]`);

/** Word -> bytes in memory order. */
export function wordBytes(word: bigint, len: number, endian: "big" | "little"): number[] {
  const out: number[] = [];
  for (let i = 0; i < len; i++) out.push(Number((word >> BigInt(8 * i)) & 0xffn));
  return endian === "big" ? out.reverse() : out;
}

export function trapMask(arch: ArchAbi, t: Trap): number[] {
  if (!t.operand) return [...t.bytes].map(() => 0xff);
  const all = mask(8 * t.bytes.length);
  const operandBits = mask(t.operand.hi - t.operand.lo + 1) << BigInt(t.operand.lo);
  return wordBytes(all & ~operandBits, t.bytes.length, arch.endian);
}

function trapLit(abi: Abi, arch: ArchAbi, t: Trap): Lit {
  const magic = t.magic.flatMap((name) => {
    const m = abi.magic.find((x) => x.name === name);
    if (!m || m.register === null) return [];   // a magic without a register cannot be checked at the trap
    return [{ name, register: m.register, slot: slotOf(arch, m.register), value: m.value & mask(arch.word) }];
  });
  return {
    name: t.name, mnemonic: t.mnemonic, bytes: hexBytes(t.bytes), mask: hexBytes(trapMask(arch, t)),
    operand: t.operand ? { hi: t.operand.hi, lo: t.operand.lo } : null,
    vendor: t.vendor, conduit: t.conduit, mode: t.mode, via: t.via, stride: t.stride, magic,
    sequence: t.sequence.map((s) => ({ mnemonic: s.mnemonic, bytes: hexBytes(s.bytes), trap: s.trap })),
  };
}

/** Lookup masks of one selector source: field bits identify the call, const bits must match. */
export function sourceMasks(src: Convention["select"][number]): { fieldMask: bigint; constMask: bigint; constValue: bigint } {
  let fieldMask = 0n, constMask = 0n, constValue = 0n;
  for (const p of src.parts) {
    const m = mask(p.hi - p.lo + 1) << BigInt(p.lo);
    if (p.kind === "field") fieldMask |= m;
    if (p.kind === "const") { constMask |= m; constValue |= (p.value << BigInt(p.lo)) & m; }
  }
  return { fieldMask, constMask, constValue };
}

function conventionLit(arch: ArchAbi, conv: Convention): Lit {
  return {
    name: conv.name,
    select: conv.select.map((s) => ({
      source: s.source, slot: s.source === "@operand" ? -1 : slotOf(arch, s.source), ...sourceMasks(s),
      parts: s.parts.map((p): Lit => (p.kind === "field" ? { kind: p.kind, hi: p.hi, lo: p.lo, field: p.field }
        : p.kind === "const" ? { kind: p.kind, hi: p.hi, lo: p.lo, value: p.value } : { kind: p.kind, hi: p.hi, lo: p.lo, arg: p.arg })),
    })),
    args: [...conv.args],
    results: conv.results.map((r) => ({ name: r.name, register: r.register, slot: slotOf(arch, r.register), status: r.status, bits: r.bits ? { hi: r.bits.hi, lo: r.bits.lo } : null })),
    writeStatus: code(writeStatusFn(arch, conv)),
  };
}

const outcomeLit = (o: Abi["privilege"]["otherwise"]): Lit =>
  o.kind === "error" ? { kind: "error", error: o.error } : o.kind === "fault" ? { kind: "fault", fault: o.fault } : { kind: "reflect", to: o.to };

export function archLit(abi: Abi, arch: ArchAbi): Lit {
  return {
    arch: arch.arch, word: arch.word, endian: arch.endian, registers: [...arch.registers],
    traps: arch.traps.map((t) => trapLit(abi, arch, t)),
    otherVendor: arch.otherVendor === null ? null : arch.otherVendor.kind === "patch" ? { kind: "patch" } : { kind: "fault", fault: arch.otherVendor.fault },
    pairOrder: arch.pairOrder,
    privilege: { allowed: [...arch.privilege.allowed], otherwise: outcomeLit(arch.privilege.otherwise) },
    conventions: arch.conventions.map((c) => conventionLit(arch, c)),
  };
}

export { outcomeLit };
