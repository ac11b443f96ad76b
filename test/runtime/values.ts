// Test values for round trips: each exercises the top bit of its width (and bits above 2^53 where the
// width allows), so truncation, sign and pair-order mistakes show. The oracle here is independent of
// the emitter: widths come from the spec's types, not from generated code.
import type { Placement, ValueType } from "../../runtime/index.js";

const SMALL = new Set<ValueType>(["u8", "u16", "u32", "i8", "i16", "i32"]);

export type Kind = "number" | "bigint" | "boolean";

/** The TS kind of a value name across every arch of a call (the generated API's rule). */
export function kindOf(types: readonly ValueType[]): Kind {
  if (types.every((t) => t === "bool")) return "boolean";
  return types.every((t) => SMALL.has(t)) ? "number" : "bigint";
}

export function typeBits(t: ValueType, word: number): number {
  const m = /^[ui](\d+)$/.exec(t);
  if (m) return Number(m[1]);
  return t === "bool" ? 1 : word;
}

const signed = (t: ValueType): boolean => t.startsWith("i") || t === "long";

/** Width the value survives: type width, limited by where it is carried (register, pair, bits). */
export function carriedBits(p: Placement, word: number): number {
  const where = p.bits ? p.bits.hi - p.bits.lo + 1 : p.registers.length === 2 ? 2 * word : word;
  return Math.min(typeBits(p.type, word), where);
}

/** A value with the top bit of `bits` set, varied by `salt`; negative for signed types. */
export function sample(p: Placement, word: number, kind: Kind, salt: number): bigint | number | boolean {
  if (kind === "boolean") return salt % 2 === 0;
  const bits = carriedBits(p, word);
  const m = (1n << BigInt(bits)) - 1n;
  const pattern = (0xfedcba9876543210n ^ (BigInt(salt + 1) * 0x1111111111111n)) & m;
  let v = pattern | (1n << BigInt(bits - 1));
  if (signed(p.type)) v = BigInt.asIntN(bits, v);
  if (p.type === "bool") v = BigInt(salt % 2);
  return kind === "number" ? Number(v) : v;
}

/** Names and types of a call's values across arches, keyed by name. */
export function typesByName(perArch: readonly (readonly Placement[])[]): Map<string, ValueType[]> {
  const out = new Map<string, ValueType[]>();
  for (const list of perArch) for (const p of list) out.set(p.name, [...(out.get(p.name) ?? []), p.type]);
  return out;
}
