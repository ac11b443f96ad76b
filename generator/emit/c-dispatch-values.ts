// Value conversions of the C host dispatcher, written to match the TS runtime's codecs exactly
// (ts-values.ts fromRaw/toRaw, ts-codec.ts): a register (or register bits, or a 32-bit pair) is
// narrowed to the value's type and sign-extended for i*/long; a result is narrowed to its type and
// to the register (bits) that carries it. Every expression is uint64_t arithmetic on the host, so
// one dispatcher source is exact on any host for any guest arch.
import type { ArchAbi, Arg, ArgType, CallArch, Convention, ResultReg } from "../model.js";
import { u64Literal, maskLiteral } from "./c-text.js";
import { typeWidth } from "./ts-values.js";

const SIGNED = new Set<ArgType>(["i8", "i16", "i32", "i64", "long"]);
const FIXED: Readonly<Partial<Record<ArgType, string>>> = {
  u8: "uint8_t", u16: "uint16_t", u32: "uint32_t", u64: "uint64_t",
  i8: "int8_t", i16: "int16_t", i32: "int32_t", i64: "int64_t", bool: "_Bool",
};

/**
 * The host C type of a value in a call's args/results struct (shared by every arch of the call): the
 * guest stub's fixed-width type when it is the same on every arch; word-sized types (ulong, long,
 * gpa, gva, ptr, which are 32 or 64 bits by arch) and values whose type differs between arches take
 * the 64-bit type, signed only when every arch's type is.
 */
export function hostType(types: readonly ArgType[]): string {
  const first = types[0];
  if (first !== undefined && types.every((t) => t === first) && FIXED[first]) return FIXED[first]!;
  return types.every((t) => SIGNED.has(t)) ? "int64_t" : "uint64_t";
}

/** The register's value as uint64_t (32-bit arches keep uint32_t registers: no stray upper bits). */
export const regRead = (reg: string): string => `(uint64_t)r->${reg}`;

/** Bits hi:lo of a register (or the trap operand) as uint64_t. */
export function bitsRead(source: string, hi: number, lo: number): string {
  const v = source === "@operand" ? "r->trap_operand" : `(uint64_t)r->${source}`;
  return lo === 0 ? `(${v} & ${maskLiteral(hi + 1)})` : `((${v} >> ${lo}) & ${maskLiteral(hi - lo + 1)})`;
}

/** raw (uint64_t, `width` significant bits) -> the value of `type`, as fromRaw does. */
export function narrow(raw: string, width: number, type: ArgType, sext: string): string {
  const eff = Math.min(typeWidth(type, 64), width);
  if (type === "bool") return `(${raw} != 0)`;
  if (SIGNED.has(type)) return `${sext}(${raw}, ${eff})`;
  if (eff < width) return `(${raw} & ${maskLiteral(eff)})`;
  return raw;
}

/** A typed value -> uint64_t that fits `width` bits, as toRaw does (sign-extended to `width` for i*). */
export function widen(value: string, type: ArgType, width: number, sext: string): string {
  if (type === "bool") return `(uint64_t)(${value} ? 1 : 0)`;
  const eff = Math.min(typeWidth(type, 64), width);
  if (SIGNED.has(type)) {
    const inner = eff === 64 ? `(uint64_t)${value}` : `(uint64_t)${sext}((uint64_t)${value}, ${eff})`;
    return width === 64 ? inner : `(${inner} & ${maskLiteral(width)})`;
  }
  return eff === 64 ? `(uint64_t)${value}` : `((uint64_t)${value} & ${maskLiteral(eff)})`;
}

/** Where an argument carried in selector bits sits (Hyper-V rep_count). */
function argBits(conv: Convention, arg: string): { source: string; hi: number; lo: number } {
  for (const s of conv.select) for (const p of s.parts) if (p.kind === "arg" && p.arg === arg) return { source: s.source, hi: p.hi, lo: p.lo };
  throw new Error(`c dispatch: argument '${arg}' has no registers and no selector bits`);
}

/** The typed argument read from the register file (registers, a pair, or selector bits). */
export function readArg(arch: ArchAbi, conv: Convention, ca: CallArch, a: Arg, sext: string): string {
  const regs = ca.argRegs[a.name] ?? [];
  if (regs.length === 0) {
    const b = argBits(conv, a.name);
    return narrow(bitsRead(b.source, b.hi, b.lo), b.hi - b.lo + 1, a.type, sext);
  }
  if (regs.length === 1) return narrow(regRead(regs[0]!), arch.word, a.type, sext);
  if (regs.length !== 2 || arch.word !== 32) throw new Error(`c dispatch: ${a.name} on ${arch.arch} takes ${regs.length} registers of ${arch.word} bits`);
  const [hi, lo] = arch.pairOrder === "high-first" ? [regs[0]!, regs[1]!] : [regs[1]!, regs[0]!];
  return narrow(`((${regRead(hi)} << 32) | ${regRead(lo)})`, 64, a.type, sext);
}

interface RegWrite { readonly reg: string; readonly bits: ResultReg["bits"]; readonly expr: string; readonly isStatus: boolean }

/** Assignments composing the values that share a register; a full result overrides the status (as composeWrites). */
function compose(arch: ArchAbi, writes: readonly RegWrite[]): string[] {
  const byReg = new Map<string, RegWrite[]>();
  for (const w of writes) byReg.set(w.reg, [...(byReg.get(w.reg) ?? []), w]);
  const t = arch.word === 64 ? "uint64_t" : "uint32_t";
  const out: string[] = [];
  for (const [reg, ws] of byReg) {
    const full = ws.filter((w) => w.bits === null && !w.isStatus).at(-1);
    const parts = full ? [full] : ws;
    const exprs = parts.map((w) => (w.bits === null || w.bits.lo === 0 ? w.expr : `(${w.expr} << ${w.bits.lo})`));
    out.push(`r->${reg} = (${t})(${exprs.join(" | ")});`);
  }
  return out;
}

function statusWrite(arch: ArchAbi, target: ResultReg, s = "s"): RegWrite {
  const width = target.bits ? target.bits.hi - target.bits.lo + 1 : arch.word;
  return { reg: target.register, bits: target.bits, expr: width === 64 ? `(uint64_t)${s}` : `((uint64_t)${s} & ${maskLiteral(width)})`, isStatus: true };
}

/** The register a runtime error goes to: the status result, else the first result (SMCCC `value`). */
export function statusTarget(conv: Convention): ResultReg | null {
  return conv.results.find((r) => r.status) ?? conv.results[0] ?? null;
}

/** Statements writing the status in variable `s` (int64_t) where the convention reports it (writeStatus). */
export function statusStatements(arch: ArchAbi, conv: Convention, s = "s"): string[] {
  const t = statusTarget(conv);
  return t === null ? [] : compose(arch, [statusWrite(arch, t, s)]);
}

/** Statements writing the results `res` and status `s` back (encode). */
export function resultStatements(arch: ArchAbi, conv: Convention, ca: CallArch, sext: string): string[] {
  const writes: RegWrite[] = [];
  const st = conv.results.find((r) => r.status);
  if (st) writes.push(statusWrite(arch, st));
  for (const a of ca.resultValues) {
    const rr = ca.resultRegs[a.name];
    if (!rr) continue;
    const width = rr.bits ? rr.bits.hi - rr.bits.lo + 1 : arch.word;
    writes.push({ reg: rr.register, bits: rr.bits, expr: widen(`res.${a.name}`, a.type, width, sext), isStatus: false });
  }
  return compose(arch, writes);
}

/** Lookup masks of one selector source (the same as the TS tables' sourceMasks). */
export function masks(src: Convention["select"][number]): { field: bigint; constMask: bigint; constValue: bigint } {
  let field = 0n, constMask = 0n, constValue = 0n;
  for (const p of src.parts) {
    const m = ((1n << BigInt(p.hi - p.lo + 1)) - 1n) << BigInt(p.lo);
    if (p.kind === "field") field |= m;
    if (p.kind === "const") { constMask |= m; constValue |= (p.value << BigInt(p.lo)) & m; }
  }
  return { field, constMask, constValue };
}

export { u64Literal };
