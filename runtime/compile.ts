// Turns generated tables into per-machine, per-arch lookup structures, once: trap byte patterns and
// nested Maps keyed by selector values, so dispatch is a few Map lookups with no interpretation.
import type { ReturnedResult } from "./outcome.js";
import type { AbiTable, AnyHandler, ArchName, ArchTable, CallArchEntry, ConventionEntry, Mode, Regs, SelectorSourceEntry, TrapEntry } from "./types.js";

export interface CompiledCall {
  readonly abi: CompiledAbi;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly entry: CallArchEntry<any, any>;
  readonly conv: ConventionEntry;
  handler: AnyHandler | null;
  count: number;
  /** The result a dispatched call returns: preallocated, so dispatch allocates nothing. */
  readonly returned: ReturnedResult;
}

/** A selector source with the work it needs precomputed (skip const checks and masks that cannot matter). */
export interface CompiledSource {
  readonly slot: number;
  readonly fieldMask: bigint;
  readonly constMask: bigint;
  readonly constValue: bigint;
  readonly hasConst: boolean;
  /** fieldMask covers all 64 bits, so the register value is its own key. */
  readonly whole: boolean;
}

export interface CompiledConvention {
  readonly conv: ConventionEntry;
  readonly sources: readonly CompiledSource[];
  /** Nested Maps, one level per selector source, keyed by (value & fieldMask); leaves are calls. */
  readonly root: Map<bigint, unknown>;
}

export interface CompiledTrap {
  readonly trap: TrapEntry;
  readonly bytes: Uint8Array;
  readonly mask: Uint8Array;
}

/** One ABI on one arch, compiled for one machine. */
export interface CompiledAbi {
  readonly id: string;
  readonly table: AbiTable;
  readonly arch: ArchTable;
  readonly traps: readonly CompiledTrap[];
  readonly conventions: readonly CompiledConvention[];
  readonly calls: ReadonlyMap<string, CompiledCall>;
  /** Error name -> status register value (64-bit two's complement; conventions narrow it). */
  readonly errorRegs: ReadonlyMap<string, bigint>;
  readonly success: string | null;
  readonly successReg: bigint;
  readonly allowed: ReadonlySet<Mode>;
  readonly wordMask: bigint;
}

export function compileAbi(table: AbiTable, archName: ArchName, handlers: ReadonlyMap<string, AnyHandler>): CompiledAbi | null {
  const arch = table.arches[archName];
  if (arch === undefined) return null;
  const errorRegs = new Map(table.errors.codes.map((c) => [c.name as string, c.register]));
  const success = table.errors.success;
  const conventions: CompiledConvention[] = arch.conventions.map((conv) => ({ conv, sources: conv.select.map(compileSource), root: new Map() }));
  const calls = new Map<string, CompiledCall>();
  const abi: CompiledAbi = {
    id: table.id, table, arch, conventions, calls, errorRegs, success,
    traps: arch.traps.map((trap) => ({ trap, bytes: Uint8Array.from(trap.bytes), mask: Uint8Array.from(trap.mask) })),
    successReg: success === null ? 0n : (errorRegs.get(success) ?? 0n),
    allowed: new Set(arch.privilege.allowed),
    wordMask: (1n << BigInt(arch.word)) - 1n,
  };
  for (const [name, call] of Object.entries(table.calls)) {
    const entry = call.arches[archName];
    if (entry === undefined) continue;
    const cc = conventions[entry.conventionIndex];
    if (cc === undefined) throw new Error(`${table.id}.${name}: convention index ${entry.conventionIndex} is not in the ${archName} table`);
    const compiled: CompiledCall = {
      abi, name, entry, conv: cc.conv, handler: handlers.get(name) ?? null, count: 0,
      returned: Object.freeze({ kind: "returned", by: "handler", abi: table.id, call: name, error: null, reason: null, note: null }),
    };
    calls.set(name, compiled);
    insert(cc.root, entry.keys, compiled, `${table.id}.${name} on ${archName}`);
  }
  return abi;
}

function compileSource(s: SelectorSourceEntry): CompiledSource {
  return { slot: s.slot, fieldMask: s.fieldMask, constMask: s.constMask, constValue: s.constValue, hasConst: s.constMask !== 0n, whole: s.fieldMask === 0xffff_ffff_ffff_ffffn };
}

function insert(root: Map<bigint, unknown>, keys: readonly bigint[], call: CompiledCall, what: string): void {
  let node = root;
  for (let i = 0; i < keys.length - 1; i++) {
    let next = node.get(keys[i]!) as Map<bigint, unknown> | undefined;
    if (next === undefined) node.set(keys[i]!, (next = new Map()));
    node = next;
  }
  const last = keys[keys.length - 1];
  if (last === undefined) throw new Error(`${what}: a convention without selector sources cannot be dispatched`);
  const prev = node.get(last) as CompiledCall | undefined;
  if (prev !== undefined) throw new Error(`${what}: selector collides with ${prev.name}`);
  node.set(last, call);
}

/** The call whose selector the registers (and trap operand) carry, or undefined. */
export function lookup(c: CompiledConvention, regs: Regs, operand: bigint): CompiledCall | undefined {
  let node: unknown = c.root;
  const sources = c.sources;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    const v = s.slot < 0 ? operand : regs[s.slot]!;
    if (s.hasConst && (v & s.constMask) !== s.constValue) return undefined;
    node = (node as Map<bigint, unknown>).get(s.whole ? v : v & s.fieldMask);
    if (node === undefined) return undefined;
  }
  return node as CompiledCall;
}

/** Identity field values of the selector registers under a convention (cold path: traces, ranges). */
export function fieldValues(conv: ConventionEntry, regs: Regs, operand: bigint, wordMask: bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const s of conv.select) {
    const v = (s.slot < 0 ? operand : regs[s.slot]!) & wordMask;
    for (const p of s.parts) {
      if (p.kind !== "field") continue;
      const width = BigInt(p.hi - p.lo + 1);
      const bits = (v >> BigInt(p.lo)) & ((1n << width) - 1n);
      out.set(p.field, ((out.get(p.field) ?? 0n) << width) | bits);
    }
  }
  return out;
}

/** The trap whose bytes are at `code[off..]` (code = the fetched bytes), or null. */
export function matchTrap(traps: readonly CompiledTrap[], code: Uint8Array, off: number, avail: number): CompiledTrap | null {
  outer: for (let i = 0; i < traps.length; i++) {
    const t = traps[i]!;
    const b = t.bytes, m = t.mask;
    if (b.length > avail) continue;
    for (let j = 0; j < b.length; j++) if ((code[off + j]! & m[j]!) !== b[j]) continue outer;
    return t;
  }
  return null;
}

/** The @operand value: the trap's operand bits of the instruction word read in the arch byte order. */
export function operandOf(t: CompiledTrap, code: Uint8Array, off: number, endian: "big" | "little"): bigint {
  const op = t.trap.operand;
  if (op === null) return 0n;
  let w = 0n;
  const n = t.bytes.length;
  for (let j = 0; j < n; j++) w = (w << 8n) | BigInt(code[off + (endian === "big" ? j : n - 1 - j)]!);
  return (w >> BigInt(op.lo)) & ((1n << BigInt(op.hi - op.lo + 1)) - 1n);
}
