// Turns generated tables into per-machine, per-arch lookup structures, once: trap byte patterns and
// nested lookup nodes keyed by selector values. This is the general (interpreted, closure-based) path:
// it serves ABIs whose table comes without a generated dispatcher (older generated trees) and the rare
// outcomes a generated dispatcher hands back (dispatch.ts). Lookups read selector registers as two
// 32-bit halves (a Uint32Array view of the register file) and look them up as Numbers: a dense array
// when a node's keys are small, otherwise an open-addressed hash table comparing both halves exactly
// (any 64-bit key); no BigInt is allocated or hashed. No code is generated at run time.
import { syncResult } from "./handler-result.js";
import type { ReturnedResult } from "./outcome.js";
import type { AbiTable, AnyHandler, ArchName, ArchTable, CallArchEntry, ConventionEntry, Mode, Regs, SelectorSourceEntry, TrapEntry } from "./types.js";
import type { Vcpu } from "./vcpu.js";

export interface CompiledCall {
  readonly abi: CompiledAbi;
  readonly name: string;
  /** Position in the table's calls (the generated dispatcher's call number when it has one). */
  index: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly entry: CallArchEntry<any, any>;
  readonly conv: ConventionEntry;
  handler: AnyHandler | null;
  count: number;
  /** The result a dispatched call returns: preallocated, so dispatch allocates nothing. */
  readonly returned: ReturnedResult;
  /**
   * decode -> handler -> encode for this call (see makeRun): RUN_OK, or the handler's status when it
   * is not the ABI's success (the caller writes it). Throws what the handler throws.
   */
  readonly run: (regs: Regs, v: Vcpu) => unknown;
}

/** What CompiledCall.run returns when the handler succeeded and its results are written back. */
export const RUN_OK: unique symbol = Symbol("hcgen.run.ok");

/** A selector source with the work it needs precomputed, as 32-bit halves (numbers) for the fast path. */
export interface CompiledSource {
  readonly slot: number;
  /** Indexes of the low and high halves of the slot in the Uint32Array view of the register file. */
  readonly lo: number;
  readonly hi: number;
  readonly fieldMask: bigint;
  readonly fmLo: number;
  readonly fmHi: number;
  readonly hasConst: boolean;
  readonly cmLo: number;
  readonly cmHi: number;
  readonly cvLo: number;
  readonly cvHi: number;
}

type Child = LookupNode | CompiledCall;

/**
 * One level of the selector lookup, keyed by (source value & fieldMask); children are nodes or calls.
 * Small keys index `dense`; otherwise an open-addressed hash table keyed by the exact (low, high) 32-bit
 * halves of the 64-bit key (no BigInt, no rounding). `big` is the exact Map used to build both.
 */
export class LookupNode {
  /** Child by key when every key is small (missing keys hold undefined); null: use the hash table. */
  dense: (Child | undefined)[] | null = null;
  /** 32 - log2(table size): the multiplicative hash keeps the top bits. */
  shift = 31;
  mask = 1;
  keyLo = new Uint32Array(2);
  keyHi = new Uint32Array(2);
  /** undefined marks an empty slot. */
  vals: (Child | undefined)[] = [undefined, undefined];
  readonly big = new Map<bigint, Child>();
}

export interface CompiledConvention {
  readonly conv: ConventionEntry;
  readonly sources: readonly CompiledSource[];
  /** Nested nodes, one level per selector source; leaves are calls. */
  readonly root: LookupNode;
  /** lookup() for this convention. */
  find: (r32: Uint32Array, operand: bigint) => CompiledCall | undefined;
}

export interface CompiledTrap {
  readonly trap: TrapEntry;
  readonly bytes: Uint8Array;
  readonly mask: Uint8Array;
  /** Traps of at most 4 bytes compare as one 32-bit word (bytes in memory order, little-endian packed). */
  readonly short: boolean;
  readonly word: number;
  readonly wordMask: number;
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
  /** Modes allowed to call, as a bit set of modeBit() (the vCPU keeps its mode's bit: one AND per call). */
  readonly allowed: number;
  readonly wordMask: bigint;
}

export function compileAbi(table: AbiTable, archName: ArchName, handlers: ReadonlyMap<string, AnyHandler>): CompiledAbi | null {
  const arch = table.arches[archName];
  if (arch === undefined) return null;
  const errorRegs = new Map(table.errors.codes.map((c) => [c.name as string, c.register]));
  const success = table.errors.success;
  const conventions: CompiledConvention[] = arch.conventions.map((conv) => ({ conv, sources: conv.select.map(compileSource), root: new LookupNode(), find: () => undefined }));
  const calls = new Map<string, CompiledCall>();
  let index = 0;
  const abi: CompiledAbi = {
    id: table.id, table, arch, conventions, calls, errorRegs, success,
    traps: arch.traps.map(compileTrap),
    successReg: success === null ? 0n : (errorRegs.get(success) ?? 0n),
    allowed: arch.privilege.allowed.reduce((m, x) => m | modeBit(x), 0),
    wordMask: (1n << BigInt(arch.word)) - 1n,
  };
  for (const [name, call] of Object.entries(table.calls)) {
    const entry = call.arches[archName];
    index++;
    if (entry === undefined) continue;
    const cc = conventions[entry.conventionIndex];
    if (cc === undefined) throw new Error(`${table.id}.${name}: convention index ${entry.conventionIndex} is not in the ${archName} table`);
    const compiled: CompiledCall = {
      abi, name, index: index - 1, entry, conv: cc.conv, handler: handlers.get(name) ?? null, count: 0,
      returned: Object.freeze({ kind: "returned", by: "handler", abi: table.id, call: name, error: null, reason: null, note: null }),
      run: RUN_UNSET,
    };
    (compiled as { run: CompiledCall["run"] }).run = makeRun(compiled);
    calls.set(name, compiled);
    insert(cc.root, entry.keys, compiled, `${table.id}.${name} on ${archName}`);
  }
  for (const cc of conventions) { finish(cc.root); cc.find = (r32, operand) => lookup(cc, r32, operand); }
  return abi;
}

const MODE_BITS: Readonly<Record<Mode, number>> = { user: 1, kernel: 2, hypervisor: 4, firmware: 8 };

/** A privilege mode as one bit (0 for a string that is not a mode: never allowed). */
export function modeBit(mode: string): number {
  return Object.hasOwn(MODE_BITS, mode) ? MODE_BITS[mode as Mode] : 0;
}

/** Whether the host stores the low 32 bits of a 64-bit element first (the Uint32Array view depends on it). */
export const LITTLE = new Uint32Array(new BigUint64Array([1n]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1, HI = LITTLE ? 1 : 0;
const lo32 = (x: bigint): number => Number(x & 0xffff_ffffn);
const hi32 = (x: bigint): number => Number((x >> 32n) & 0xffff_ffffn);

/** A 32-bit view of a register file (same memory): selector reads without BigInt allocation. */
export function regs32Of(regs: Regs): Uint32Array {
  return new Uint32Array(regs.buffer, regs.byteOffset, regs.length * 2);
}

function compileSource(s: SelectorSourceEntry): CompiledSource {
  return {
    slot: s.slot, lo: 2 * s.slot + LO, hi: 2 * s.slot + HI,
    fieldMask: s.fieldMask, fmLo: lo32(s.fieldMask), fmHi: hi32(s.fieldMask),
    hasConst: s.constMask !== 0n, cmLo: lo32(s.constMask), cmHi: hi32(s.constMask), cvLo: lo32(s.constValue), cvHi: hi32(s.constValue),
  };
}

function insert(root: LookupNode, keys: readonly bigint[], call: CompiledCall, what: string): void {
  let node = root;
  for (let i = 0; i < keys.length - 1; i++) {
    let next = node.big.get(keys[i]!) as LookupNode | undefined;
    if (next === undefined) node.big.set(keys[i]!, (next = new LookupNode()));
    node = next;
  }
  const last = keys[keys.length - 1];
  if (last === undefined) throw new Error(`${what}: a convention without selector sources cannot be dispatched`);
  const prev = node.big.get(last) as CompiledCall | undefined;
  if (prev !== undefined) throw new Error(`${what}: selector collides with ${prev.name}`);
  node.big.set(last, call);
}

/** Largest key a node indexes densely (an array of at most this + 1 slots). */
const DENSE_MAX = 1023;

/** Hash slot of a (lo, hi) key: multiplicative (Fibonacci) hashing, top bits. */
function slotOf(lo: number, hi: number, shift: number): number {
  return Math.imul(lo ^ Math.imul(hi, 0x85eb_ca6b), 0x9e37_79b1) >>> shift;
}

/** Builds each node's fast form once every call is inserted: a dense array or the (lo, hi) hash table. */
function finish(node: LookupNode): void {
  let max = -1n;
  for (const [k, child] of node.big) {
    if (k > max) max = k;
    if (child instanceof LookupNode) finish(child);
  }
  if (max <= BigInt(DENSE_MAX) && max < BigInt(4 * node.big.size + 16)) {
    const dense = new Array<Child | undefined>(Number(max) + 1).fill(undefined);
    for (const [k, child] of node.big) dense[Number(k)] = child;
    node.dense = dense;
    return;
  }
  let bits = 1;
  while (1 << bits < 4 * node.big.size) bits++;
  const size = 1 << bits, mask = size - 1, shift = 32 - bits;
  const keyLo = new Uint32Array(size), keyHi = new Uint32Array(size), vals = new Array<Child | undefined>(size).fill(undefined);
  for (const [k, child] of node.big) {
    const lo = lo32(k), hi = hi32(k);
    let i = slotOf(lo, hi, shift);
    while (vals[i] !== undefined) i = (i + 1) & mask;
    keyLo[i] = lo; keyHi[i] = hi; vals[i] = child;
  }
  node.shift = shift; node.mask = mask; node.keyLo = keyLo; node.keyHi = keyHi; node.vals = vals;
}

/** The child of `node` for the masked key halves (lo, hi), or undefined. */
function child(node: LookupNode, lo: number, hi: number): Child | undefined {
  const dense = node.dense;
  if (dense !== null) return hi === 0 && lo < dense.length ? dense[lo] : undefined;
  const vals = node.vals, keyLo = node.keyLo, keyHi = node.keyHi, mask = node.mask;
  let j = slotOf(lo, hi, node.shift), next: Child | undefined;
  while ((next = vals[j]) !== undefined && (keyLo[j] !== lo || keyHi[j] !== hi)) j = (j + 1) & mask;
  return next;
}

/**
 * The call whose selector the registers (and trap operand) carry, or undefined (the general form;
 * dispatch calls the convention's `find`). `r32` is the Uint32Array view of the register file
 * (regs32Of); keys compare exactly on both 32-bit halves.
 */
export function lookup(c: CompiledConvention, r32: Uint32Array, operand: bigint): CompiledCall | undefined {
  let node = c.root;
  const sources = c.sources;
  const last = sources.length - 1;
  if (last < 0) return undefined;
  for (let i = 0; ; i++) {
    const s = sources[i]!;
    let lo: number, hi: number;
    if (s.slot >= 0) { lo = r32[s.lo]!; hi = r32[s.hi]!; }
    else { lo = lo32(operand); hi = hi32(operand); }
    if (s.hasConst && (((lo & s.cmLo) >>> 0) !== s.cvLo || ((hi & s.cmHi) >>> 0) !== s.cvHi)) return undefined;
    const next = child(node, (lo & s.fmLo) >>> 0, (hi & s.fmHi) >>> 0);
    if (next === undefined) return undefined;
    if (i === last) return next as CompiledCall;
    node = next as LookupNode;
  }
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

const RUN_UNSET = (): unknown => RUN_OK;

/** decode -> handler -> encode of one call as a closure: RUN_OK, or the handler's non-success status. */
function makeRun(c: CompiledCall): CompiledCall["run"] {
  const entry = c.entry, success = c.abi.success, successReg = c.abi.successReg, name = `${c.abi.id}.${c.name}`;
  return (regs, v) => {
    const res = syncResult(c.handler!(entry.decode(regs), v), name) as { readonly status?: unknown };
    const st = res.status;
    if (st === undefined || st === success) { entry.encode(regs, res, successReg); return RUN_OK; }
    return st;
  };
}

function compileTrap(trap: TrapEntry): CompiledTrap {
  const bytes = Uint8Array.from(trap.bytes), mask = Uint8Array.from(trap.mask);
  let word = 0, wordMask = 0;
  // (a byte with bits outside its mask never matches: such a trap keeps the byte loop)
  const short = bytes.length >= 1 && bytes.length <= 4 && bytes.every((b, j) => (b & ~mask[j]!) === 0);
  if (short) for (let j = 0; j < bytes.length; j++) { word |= (bytes[j]! & mask[j]!) << (8 * j); wordMask |= mask[j]! << (8 * j); }
  return { trap, bytes, mask, short, word: word >>> 0, wordMask: wordMask >>> 0 };
}

/** The trap whose bytes are at `code[off..]` (code = the fetched bytes), or null. */
export function matchTrap(traps: readonly CompiledTrap[], code: Uint8Array, off: number, avail: number): CompiledTrap | null {
  // With 4 bytes available, short traps compare as one word (bytes past a shorter trap are masked out).
  const w = avail >= 4 ? (code[off]! | (code[off + 1]! << 8) | (code[off + 2]! << 16) | (code[off + 3]! << 24)) >>> 0 : 0;
  outer: for (let i = 0; i < traps.length; i++) {
    const t = traps[i]!;
    if (avail >= 4 && t.short) {
      if (((w & t.wordMask) >>> 0) === t.word) return t;
      continue;
    }
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
