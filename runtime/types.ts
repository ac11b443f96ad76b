// The shapes of the generated tables. Generated modules (hcgen's TS emitter) build values of these
// types; the runtime reads only these. Every ABI fact lives in the generated data, none here.
import type { ReturnedResult, StepResult } from "./outcome.js";
import type { Vcpu } from "./vcpu.js";

export type ArchName =
  | "x86_64" | "i386" | "aarch64" | "arm" | "riscv64" | "riscv32" | "ppc64" | "ppc64le" | "ppc"
  | "s390x" | "mips64" | "mips64el" | "mips" | "mipsel" | "loongarch64";
export type Mode = "user" | "kernel" | "hypervisor" | "firmware";
export type Vendor = "intel" | "amd";

/** The register file: one 64-bit slot per GPR, indexed as in ArchTable.registers. */
export type Regs = BigUint64Array;

/** What the spec says happens instead of a call (privilege rule, other vendor's instruction). */
export type SpecOutcome =
  | { readonly kind: "error"; readonly error: string }
  | { readonly kind: "fault"; readonly fault: string }
  | { readonly kind: "reflect"; readonly to: Mode };

export interface Privilege {
  readonly allowed: readonly Mode[];
  readonly otherwise: SpecOutcome;
}

export interface ErrorCodeEntry<E extends string> {
  readonly name: E;
  /** The number as the source defines it. */
  readonly value: bigint;
  /** As it appears in the status register (64-bit two's complement; generated code narrows it). */
  readonly register: bigint;
  readonly doc: string;
}

export interface ErrorTableEntry<E extends string> {
  readonly sign: "negated" | "as-is";
  readonly success: E | null;
  readonly roles: {
    readonly notSupported: E | null;
    readonly failed: E | null;
    readonly invalidAddress: E | null;
    readonly denied: E | null;
  };
  readonly codes: readonly ErrorCodeEntry<E>[];
}

export interface MagicCheck {
  readonly name: string;
  readonly register: string;
  readonly slot: number;
  /** Already narrowed to the arch word. */
  readonly value: bigint;
}

export interface TrapEntry {
  readonly name: string;
  readonly mnemonic: string;
  /** The trapping instruction in memory order, operand bits zero. */
  readonly bytes: readonly number[];
  /** Per byte: the bits that must equal `bytes` (operand bits are 0 here). */
  readonly mask: readonly number[];
  /** Operand bits of the instruction word (read with the arch endianness) -> pseudo-register @operand. */
  readonly operand: { readonly hi: number; readonly lo: number } | null;
  readonly vendor: Vendor | null;
  readonly conduit: "hvc" | "smc" | null;
  readonly mode: Mode | null;
  readonly via: "insn" | "page";
  readonly stride: number | null;
  /** Magic values that must be in registers when this trap runs; without them it is not a hypercall. */
  readonly magic: readonly MagicCheck[];
  readonly sequence: readonly { readonly mnemonic: string; readonly bytes: readonly number[]; readonly trap: boolean }[];
}

export type SelectorPartEntry =
  | { readonly kind: "field"; readonly hi: number; readonly lo: number; readonly field: string }
  | { readonly kind: "const"; readonly hi: number; readonly lo: number; readonly value: bigint }
  | { readonly kind: "arg"; readonly hi: number; readonly lo: number; readonly arg: string };

export interface SelectorSourceEntry {
  /** Register name or "@operand". */
  readonly source: string;
  /** Register file slot; -1 for "@operand". */
  readonly slot: number;
  /** Bits that identify the call (field bits), within the arch word. */
  readonly fieldMask: bigint;
  readonly constMask: bigint;
  readonly constValue: bigint;
  readonly parts: readonly SelectorPartEntry[];
}

export interface ResultRegEntry {
  readonly name: string;
  readonly register: string;
  readonly slot: number;
  readonly status: boolean;
  readonly bits: { readonly hi: number; readonly lo: number } | null;
}

export interface ConventionEntry {
  readonly name: string;
  readonly select: readonly SelectorSourceEntry[];
  readonly args: readonly string[];
  readonly results: readonly ResultRegEntry[];
  /** Writes an error's register value where this convention reports status (or its first result). */
  readonly writeStatus: (r: Regs, status: bigint) => void;
}

export interface ArchTable {
  readonly arch: ArchName;
  readonly word: 32 | 64;
  readonly endian: "big" | "little";
  readonly registers: readonly string[];
  readonly traps: readonly TrapEntry[];
  readonly otherVendor: { readonly kind: "patch" } | { readonly kind: "fault"; readonly fault: string } | null;
  readonly pairOrder: "high-first" | "low-first";
  readonly privilege: Privilege;
  readonly conventions: readonly ConventionEntry[];
}

/** `ulong`/`long`, `gpa`/`gva`/`ptr` are word-sized. */
export type ValueType = "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "ulong" | "long" | "bool" | "gpa" | "gva" | "ptr";

export interface ValueDoc {
  readonly name: string;
  readonly type: ValueType;
  readonly dir: "in" | "out" | "inout" | null;
  readonly doc: string;
}

/** Where one argument or result lives on one arch (for tracing and introspection). */
export interface Placement {
  readonly name: string;
  readonly type: ValueType;
  /** Registers in pair order; empty when carried in selector bits (`bits` of `selectorSource`). */
  readonly registers: readonly string[];
  readonly bits: { readonly hi: number; readonly lo: number } | null;
}

export interface CallArchEntry<A, R> {
  readonly convention: string;
  /** Index into ArchTable.conventions. */
  readonly conventionIndex: number;
  /** The trap the stubs use. */
  readonly trap: string;
  readonly id: Readonly<Record<string, bigint>>;
  /** Exact selector source values (arg-filled bits 0). */
  readonly selector: Readonly<Record<string, bigint>>;
  /** Lookup key per selector source of the convention: selector value & fieldMask. */
  readonly keys: readonly bigint[];
  readonly args: readonly Placement[];
  readonly results: readonly Placement[];
  /** Registers -> typed, narrowed arguments. */
  readonly decode: (r: Regs) => A;
  /** Typed results + status register value -> registers, by the convention. */
  readonly encode: (r: Regs, results: R, status: bigint) => void;
}

export interface CallSignature {
  readonly args: object;
  readonly results: object;
}

export type CallMap = { readonly [name: string]: CallSignature };

export interface CallEntry<A, R, E extends string> {
  readonly name: string;
  readonly group: string | null;
  readonly doc: string;
  readonly since: string | null;
  readonly deprecated: string | null;
  readonly removed: string | null;
  readonly errors: readonly E[];
  readonly gates: readonly string[];
  readonly callers: readonly string[];
  readonly args: readonly ValueDoc[];
  readonly results: readonly ValueDoc[];
  readonly arches: Partial<Record<ArchName, CallArchEntry<A, R>>>;
}

export interface RangeEntry {
  readonly name: string;
  readonly field: string;
  readonly from: bigint;
  readonly to: bigint;
  readonly use: string;
}

export interface AbiTable<C extends CallMap = CallMap, E extends string = string> {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly fields: readonly { readonly name: string; readonly width: number }[];
  readonly errors: ErrorTableEntry<E>;
  readonly ranges: readonly RangeEntry[];
  readonly privilege: Privilege;
  readonly callers: readonly string[];
  readonly arches: Partial<Record<ArchName, ArchTable>>;
  readonly calls: { readonly [K in keyof C]: CallEntry<C[K]["args"], C[K]["results"], E> };
  /** The generated dispatcher (ts/<abi>.dispatch.ts); absent in tables from older generated trees. */
  readonly dispatch?: AbiDispatch;
}

/**
 * What a generated dispatcher gets from the runtime: one per machine, ABI and arch. Calls are numbered
 * as in AbiDispatch.calls; the handler slots change as handlers are registered and unregistered.
 */
export interface DispatchContext {
  readonly handlers: readonly (AnyHandler | null)[];
  /** Calls dispatched to a handler, by call number (Machine.counters adds them up). */
  readonly counts: number[];
  /** The preallocated result of each call. */
  readonly returned: readonly ReturnedResult[];
  /** The handler's result, unless it is a thenable: then throws AsyncHandlerError (handlers are synchronous; see handler-result.ts). */
  sync<T>(res: T, call: number): T;
  /** The handler threw: the ABI's failed (or invalid-address) answer. */
  threw(v: Vcpu, call: number, error: unknown, len: number, note: string | null): StepResult;
  /**
   * No call with a handler: later ABIs, the outer machine, then the not-supported answer (`known`: the
   * first call found without a handler, -1 for none; `reserved`: the selector is in a reserved range).
   * Returns undefined, which the dispatcher returns: the runtime finishes the step.
   */
  miss(known: number, reserved: boolean, len: number, note: string | null, operand: number): undefined;
  /** The runtime's general path decides (the privilege rule answers): returned like miss(). */
  general(): undefined;
}

/**
 * One arch's dispatcher: the StepResult of the hypercall at code[off] (avail bytes readable there),
 * null when it is no trap of this ABI, undefined after DispatchContext.miss/general.
 */
export type DispatchStep = (v: Vcpu, code: Uint8Array, off: number, avail: number, x: DispatchContext) => StepResult | null | undefined;

export interface AbiDispatch {
  /**
   * The contract between generated dispatchers and the runtime; a runtime ignores formats it does not
   * know (the table then runs the general path). 2: no tracing hook in the dispatcher (the runtime takes
   * the general path while a tracer is installed); 1 had one per call.
   */
  readonly format: 2;
  /** Call names by call number. */
  readonly calls: readonly string[];
  readonly arches: Partial<Record<ArchName, DispatchStep>>;
}

/** What a handler returns: its results (optionally with a status), or just an error status. */
export type HandlerResult<R, E extends string> = (R & { readonly status?: E }) | { readonly status: E };

export type Handler<A, R, E extends string> = (args: A, vcpu: Vcpu) => HandlerResult<R, E>;

export type HandlerFor<T extends AbiTable<any, any>, K extends CallNames<T>> =
  T extends AbiTable<infer C, infer E> ? Handler<C[K]["args"], C[K]["results"], E> : never;

export type CallNames<T extends AbiTable<any, any>> = T extends AbiTable<infer C, any> ? keyof C & string : never;

/** Any handler, for registration by number (the call's types are not known statically). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHandler = Handler<any, any, string>;
