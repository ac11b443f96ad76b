// Register codecs of one call on one arch, as TypeScript source: decode (registers -> typed args, for
// dispatch), encode (typed results + status -> registers), and the guest stub's register placement
// and result reading. Derived from the model's CallArch; each line is a typed assignment, so the
// generated table fails to compile when a codec disagrees with the call's interfaces.
import type { ArchAbi, Arg, CallArch, Convention, ResultReg } from "../model.js";
import { big, fromRaw, mask, prop, toRaw, zeroOf, litKey, type MergedValue } from "./ts-values.js";

export function slotOf(arch: ArchAbi, register: string): number {
  const i = arch.registers.indexOf(register);
  if (i < 0) throw new Error(`register '${register}' is not a GPR of ${arch.arch}`);
  return i;
}

const reg = (slot: number): string => `r[${slot}]!`;
/** The register's value within the arch word (32-bit arches ignore stray upper bits). */
const wordRead = (arch: ArchAbi, slot: number): string => (arch.word === 64 ? reg(slot) : `(${reg(slot)} & ${big(mask(32))})`);
const bitsRead = (slot: number, hi: number, lo: number): string =>
  lo === 0 ? `(${reg(slot)} & ${big(mask(hi + 1))})` : `((${reg(slot)} >> ${lo}n) & ${big(mask(hi - lo + 1))})`;

/** Where an argument carried in selector bits sits (Hyper-V rep_count). */
function argBits(conv: Convention, arg: string): { source: string; hi: number; lo: number } {
  for (const s of conv.select) for (const p of s.parts) if (p.kind === "arg" && p.arg === arg) return { source: s.source, hi: p.hi, lo: p.lo };
  throw new Error(`argument '${arg}' has no registers and no selector bits`);
}

/**
 * A small (≤ 32-bit) number argument read from the low half of its register through the Uint32Array
 * view `r32` (generated dispatchers, little-endian hosts only): no BigInt is made. Null otherwise.
 */
function smallFromHalf(arch: ArchAbi, a: Arg, regs: readonly string[], m: MergedValue): string | null {
  if (regs.length !== 1 || m.kind !== "number") return null;
  const lo = `r32[${2 * slotOf(arch, regs[0]!)}]!`;
  switch (a.type) {
    case "u32": return lo;
    case "u16": return `(${lo} & 0xffff)`;
    case "u8": return `(${lo} & 0xff)`;
    case "i32": return `(${lo} | 0)`;
    case "i16": return `((${lo} << 16) >> 16)`;
    case "i8": return `((${lo} << 24) >> 24)`;
    default: return null;
  }
}

/** Expression: the typed argument `a` read from the registers. */
function readArg(arch: ArchAbi, conv: Convention, a: Arg, regs: readonly string[], m: MergedValue, halves = false): string {
  const small = halves ? smallFromHalf(arch, a, regs, m) : null;
  if (small !== null) return small;
  if (regs.length === 0) {
    const b = argBits(conv, a.name);
    return fromRaw(bitsRead(slotOf(arch, b.source), b.hi, b.lo), b.hi - b.lo + 1, a.type, m.kind);
  }
  if (regs.length === 1) return fromRaw(wordRead(arch, slotOf(arch, regs[0]!)), arch.word, a.type, m.kind);
  const [hi, lo] = arch.pairOrder === "high-first" ? [regs[0]!, regs[1]!] : [regs[1]!, regs[0]!];
  const raw = `((${wordRead(arch, slotOf(arch, hi))} << ${arch.word}n) | ${wordRead(arch, slotOf(arch, lo))})`;
  return fromRaw(raw, arch.word * 2, a.type, m.kind);
}

function readResult(arch: ArchAbi, rr: ResultReg, a: Arg, m: MergedValue): string {
  const slot = slotOf(arch, rr.register);
  if (rr.bits) return fromRaw(bitsRead(slot, rr.bits.hi, rr.bits.lo), rr.bits.hi - rr.bits.lo + 1, a.type, m.kind);
  return fromRaw(wordRead(arch, slot), arch.word, a.type, m.kind);
}

const valueOf = (obj: string, m: MergedValue): string => (m.optional ? `(${prop(obj, m.name)} ?? ${zeroOf(m.kind)})` : prop(obj, m.name));

/**
 * `{ name: expr, ... }` (register file `r`; with `halves`, small number arguments come from its
 * Uint32Array view `r32`), or null when the call takes no arguments.
 */
export function argsObject(arch: ArchAbi, conv: Convention, ca: CallArch, merged: readonly MergedValue[], halves = false): string | null {
  const fields = ca.args.map((a) => {
    const m = merged.find((x) => x.name === a.name)!;
    return `${litKey(a.name)}: ${readArg(arch, conv, a, ca.argRegs[a.name] ?? [], m, halves)}`;
  });
  return fields.length === 0 ? null : `{ ${fields.join(", ")} }`;
}

/** `(r) => ({ name: expr, ... })`: registers -> typed args. */
export function decodeArgs(arch: ArchAbi, conv: Convention, ca: CallArch, merged: readonly MergedValue[]): string {
  const obj = argsObject(arch, conv, ca, merged);
  return obj === null ? "() => ({})" : `(r) => (${obj})`;
}

interface RegWrite { readonly slot: number; readonly bits: { hi: number; lo: number } | null; readonly expr: string; readonly isStatus: boolean }

/** Statements writing several values into registers, composing values that share a register. */
function composeWrites(arch: ArchAbi, writes: readonly RegWrite[]): string[] {
  const bySlot = new Map<number, RegWrite[]>();
  for (const w of writes) bySlot.set(w.slot, [...(bySlot.get(w.slot) ?? []), w]);
  const out: string[] = [];
  for (const [slot, ws] of bySlot) {
    const full = ws.filter((w) => w.bits === null && !w.isStatus).at(-1);   // a full result overrides the status
    const parts = full ? [full] : ws;
    const exprs = parts.map((w) => (w.bits === null ? w.expr : w.bits.lo === 0 ? w.expr : `(${w.expr} << ${w.bits.lo}n)`));
    out.push(`r[${slot}] = ${exprs.join(" | ")};`);
  }
  return out;
}

/**
 * Status register value s (64-bit two's complement) narrowed to where the convention keeps it; a
 * known value (the success code inlined by the dispatcher) is narrowed here instead of at run time.
 */
function statusWrite(arch: ArchAbi, target: ResultReg, known: bigint | null = null): RegWrite {
  const slot = slotOf(arch, target.register);
  const width = target.bits ? target.bits.hi - target.bits.lo + 1 : arch.word;
  if (known !== null) return { slot, bits: target.bits, expr: big(known & mask(width)), isStatus: true };
  if (target.bits) return { slot, bits: target.bits, expr: `(s & ${big(mask(width))})`, isStatus: true };
  return { slot, bits: null, expr: arch.word === 64 ? "s" : `(s & ${big(mask(32))})`, isStatus: true };
}

/** The register a runtime error goes to: the status result, else the first result (SMCCC `value`). */
export function statusTarget(conv: Convention): ResultReg | null {
  return conv.results.find((r) => r.status) ?? conv.results[0] ?? null;
}

/** Statements writing the status value `s` as ConventionEntry.writeStatus does (empty: nowhere to write). */
export function writeStatusStatements(arch: ArchAbi, conv: Convention): string[] {
  const t = statusTarget(conv);
  return t === null ? [] : composeWrites(arch, [statusWrite(arch, t)]);
}

/** `(r, s) => { ... }` for ConventionEntry.writeStatus. */
export function writeStatusFn(arch: ArchAbi, conv: Convention): string {
  const body = writeStatusStatements(arch, conv);
  return body.length === 0 ? "() => {}" : `(r, s) => { ${body.join(" ")} }`;
}

/** The register writes of an encode: the status (a literal when `success` is given), then each result. */
function resultWrites(arch: ArchAbi, conv: Convention, ca: CallArch, merged: readonly MergedValue[], success: bigint | null): RegWrite[] {
  const writes: RegWrite[] = [];
  const st = conv.results.find((r) => r.status);
  if (st) writes.push(statusWrite(arch, st, success));
  for (const a of ca.resultValues) {
    const rr = ca.resultRegs[a.name];
    if (!rr) continue;
    const m = merged.find((x) => x.name === a.name)!;
    const width = rr.bits ? rr.bits.hi - rr.bits.lo + 1 : arch.word;
    writes.push({ slot: slotOf(arch, rr.register), bits: rr.bits, expr: toRaw(valueOf("res", m), a.type, m.kind, width, width === 64 && !rr.bits), isStatus: false });
  }
  return writes;
}

/** Whether the encode writes a result (not only the status): encodeStatements' usesRes, without building the writes. */
export function writesResults(ca: CallArch): boolean {
  return ca.resultValues.some((a) => ca.resultRegs[a.name]);
}

/**
 * Statements of CallArchEntry.encode (results `res`, status `s`; with `success` given, that status
 * value is written as a literal and `s` is not used), and whether they read `res` and `s`.
 */
export function encodeStatements(arch: ArchAbi, conv: Convention, ca: CallArch, merged: readonly MergedValue[], success: bigint | null = null): { lines: string[]; usesRes: boolean; usesS: boolean } {
  const writes = resultWrites(arch, conv, ca, merged, success);
  return { lines: composeWrites(arch, writes), usesRes: writes.some((w) => !w.isStatus), usesS: success === null && writes.some((w) => w.isStatus) };
}

/** `(r, res, s) => { ... }` for CallArchEntry.encode. */
export function encodeResults(arch: ArchAbi, conv: Convention, ca: CallArch, merged: readonly MergedValue[]): string {
  const writes = resultWrites(arch, conv, ca, merged, null);
  if (writes.length === 0) return "() => {}";
  const usesRes = writes.some((w) => !w.isStatus), usesS = writes.some((w) => w.isStatus);
  return `(r, ${usesRes ? "res" : "_res"}, ${usesS ? "s" : "_s"}) => { ${composeWrites(arch, writes).join(" ")} }`;
}

/** Stub statements: selector sources and arguments into registers (arg-filled selector bits too). */
export function placeArgs(arch: ArchAbi, conv: Convention, ca: CallArch, merged: readonly MergedValue[]): string[] {
  const lines: string[] = [];
  const mOf = (n: string): MergedValue => merged.find((x) => x.name === n)!;
  for (const s of conv.select) {
    if (s.source === "@operand") continue;   // encoded in the trap instruction itself
    const terms = [big(ca.selector[s.source] ?? 0n)];
    for (const p of s.parts) {
      if (p.kind !== "arg") continue;
      const a = ca.args.find((x) => x.name === p.arg);
      if (!a) continue;   // "0 if absent"
      const raw = toRaw(valueOf("args", mOf(a.name)), a.type, mOf(a.name).kind, p.hi - p.lo + 1, false);
      terms.push(p.lo === 0 ? raw : `(${raw} << ${p.lo}n)`);
    }
    lines.push(`r[${slotOf(arch, s.source)}] = ${terms.join(" | ")};`);
  }
  ca.args.forEach((a, i) => {
    const regs = ca.argRegs[a.name] ?? [];
    const m = mOf(a.name);
    if (regs.length === 1) lines.push(`r[${slotOf(arch, regs[0]!)}] = ${toRaw(valueOf("args", m), a.type, m.kind, arch.word, arch.word === 64)};`);
    if (regs.length === 2) {
      const [hi, lo] = arch.pairOrder === "high-first" ? [regs[0]!, regs[1]!] : [regs[1]!, regs[0]!];
      lines.push(`const p${i} = ${toRaw(valueOf("args", m), a.type, m.kind, arch.word * 2, false)};`);
      lines.push(`r[${slotOf(arch, hi)}] = p${i} >> ${arch.word}n;`, `r[${slotOf(arch, lo)}] = p${i} & ${big(mask(arch.word))};`);
    }
  });
  return lines;
}

/** Stub expressions: the status register value (or null) and the typed results object. */
/** The width of the status readBack reads (null: the convention has no status result, `raw` is null). */
export function statusReadWidth(arch: ArchAbi, conv: Convention): number | null {
  const st = conv.results.find((r) => r.status);
  return st === undefined ? null : st.bits ? st.bits.hi - st.bits.lo + 1 : arch.word;
}

export function readBack(arch: ArchAbi, conv: Convention, ca: CallArch, merged: readonly MergedValue[]): { raw: string | null; width: number; results: string } {
  const st = conv.results.find((r) => r.status) ?? null;
  let raw: string | null = null;
  const width = statusReadWidth(arch, conv) ?? arch.word;
  if (st) {
    const slot = slotOf(arch, st.register);
    raw = st.bits ? bitsRead(slot, st.bits.hi, st.bits.lo) : wordRead(arch, slot);
  }
  const fields = ca.resultValues.filter((a) => ca.resultRegs[a.name]).map((a) => {
    const m = merged.find((x) => x.name === a.name)!;
    return `${litKey(a.name)}: ${readResult(arch, ca.resultRegs[a.name]!, a, m)}`;
  });
  return { raw, width, results: fields.length ? `{ ${fields.join(", ")} }` : "{}" };
}
