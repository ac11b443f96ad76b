// The normalized hcgen model: what every generator, the runtime tables and `hcgen model --json` read.
// Built once from validated specs by build-model.ts; never re-reads YAML. Everything is sorted
// (ABIs by id, calls by identity then name, arches by name) and deeply frozen.
//
// 64-bit exactness: every register-sized value is a `bigint` here. The JSON export (export.ts) turns
// them into "0x..." hex strings; nothing is ever converted to a JavaScript number.

export type ArchName =
  | "x86_64" | "i386" | "aarch64" | "arm" | "riscv64" | "riscv32" | "ppc64" | "ppc64le" | "ppc"
  | "s390x" | "mips64" | "mips64el" | "mips" | "mipsel" | "loongarch64";

export type Mode = "user" | "kernel" | "hypervisor" | "firmware";
export type Endian = "big" | "little";

export interface Model {
  readonly hcgen: 1;
  readonly abis: readonly Abi[];
}

export interface Source {
  readonly key: string;
  readonly repo?: string;
  readonly path?: string;
  readonly commit?: string;
  readonly document?: string;
  readonly version?: string;
  readonly section?: string;
  readonly url?: string;
}

export interface Abi {
  readonly id: string;
  readonly file: string;           // spec path relative to the project root, POSIX separators
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly numberSpace?: string;
  readonly sources: readonly Source[];
  readonly notes: readonly string[];
  readonly fields: readonly IdentityField[]; // identity fields in selector order (first register first, high bits first)
  readonly arches: readonly ArchAbi[];
  readonly errors: ErrorTable;
  readonly magic: readonly Magic[];
  readonly ranges: readonly Range[];
  readonly privilege: Privilege;
  readonly callers: readonly string[];
  readonly groups: readonly Group[];
  readonly calls: readonly Call[];
}

export interface IdentityField {
  readonly name: string;
  readonly width: number;          // bits
}

export interface Trap {
  readonly name: string;
  readonly mnemonic: string;
  /** The trapping instruction as stored in memory (for a sequence: the `trap: true` element). */
  readonly bytes: Uint8Array;
  /** Instruction word for fixed-width ISAs (null for byte-defined x86 traps). */
  readonly insn: bigint | null;
  /** Variable operand bits (s390 displacement, MIPS hypcall code, LoongArch hvcl code). */
  readonly operand: { readonly hi: number; readonly lo: number } | null;
  readonly sequence: readonly SequenceInsn[];   // empty unless a multi-instruction sequence
  readonly vendor: "intel" | "amd" | null;
  readonly conduit: "hvc" | "smc" | null;
  readonly mode: Mode | null;
  readonly via: "insn" | "page";
  readonly stride: number | null;
  readonly magic: readonly string[];              // names of Magic values required at the trap
}

export interface SequenceInsn {
  readonly mnemonic: string;
  readonly insn: bigint;
  readonly bytes: Uint8Array;
  readonly trap: boolean;
}

/** One piece of a selector source: a bit range filled from a field, a constant, or an argument. */
export type SelectorPart =
  | { readonly kind: "field"; readonly hi: number; readonly lo: number; readonly field: string }
  | { readonly kind: "const"; readonly hi: number; readonly lo: number; readonly value: bigint }
  | { readonly kind: "arg"; readonly hi: number; readonly lo: number; readonly arg: string };

export interface SelectorSource {
  /** A register name of the arch, or "@operand" (the trap's operand bits). */
  readonly source: string;
  readonly parts: readonly SelectorPart[];   // sorted by lo bit, high parts first in docs
}

export interface ResultReg {
  readonly name: string;
  readonly register: string;
  readonly status: boolean;
  readonly bits: { readonly hi: number; readonly lo: number } | null;
}

export interface Convention {
  readonly name: string;              // "default" for the arch's own keys
  readonly select: readonly SelectorSource[];
  readonly args: readonly string[];   // argument registers in order
  readonly results: readonly ResultReg[];
  readonly clobbers: readonly string[];
  readonly preserves: "all" | readonly string[];
}

export interface ArchAbi {
  readonly arch: ArchName;
  readonly word: 32 | 64;
  readonly endian: Endian;
  readonly registers: readonly string[];     // GPR names of the arch (canonical, index = register file slot)
  readonly traps: readonly Trap[];
  readonly otherVendor: { readonly kind: "patch" } | { readonly kind: "fault"; readonly fault: string } | null;
  readonly pairOrder: "high-first" | "low-first";
  readonly conventions: readonly Convention[];  // "default" first, then by name
  readonly privilege: Privilege;
  readonly magic: readonly string[];           // names of magic values that apply on this arch
  readonly cite: readonly string[];
}

export interface ErrorCode {
  readonly name: string;
  readonly value: bigint;           // as the source defines it
  readonly register: bigint;        // as it appears in the status register/bits (two's complement, 64-bit)
  /** Set when this name is a declared alias of another code (one value, two names: EWOULDBLOCK = EAGAIN). */
  readonly aliasOf: string | null;
  readonly doc: string;
}

export interface ErrorTable {
  readonly sign: "negated" | "as-is";
  readonly success: string | null;
  readonly roles: {
    readonly notSupported: string | null;
    readonly failed: string | null;
    readonly invalidAddress: string | null;
    readonly denied: string | null;
  };
  readonly codes: readonly ErrorCode[];   // sorted by value, then name
  readonly cite: readonly string[];
}

export interface Magic {
  readonly name: string;
  readonly value: bigint;
  readonly ascii: string | null;     // when written as {ascii: ...}
  readonly register: string | null;
  readonly location: string | null;
  readonly arches: readonly ArchName[];
  readonly doc: string;
}

export interface Range {
  readonly name: string;
  readonly field: string;
  readonly from: bigint;
  readonly to: bigint;
  readonly use: "reserved" | "vendor" | "experimental" | "platform" | "firmware" | "arch" | "legacy";
  readonly doc: string;
}

export type Outcome =
  | { readonly kind: "error"; readonly error: string }
  | { readonly kind: "fault"; readonly fault: string }
  | { readonly kind: "reflect"; readonly to: Mode };

export interface Privilege {
  readonly allowed: readonly Mode[];
  readonly otherwise: Outcome;
}

export interface Group {
  readonly name: string;
  /** The number space this group's calls share with other files (overrides Abi.numberSpace). */
  readonly numberSpace?: string;
  readonly title: string;
  readonly doc: string;
  readonly id: Readonly<Record<string, bigint>>;
}

export type ArgType =
  | "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "ulong" | "long" | "bool" | "gpa" | "gva" | "ptr";

export interface Arg {
  readonly name: string;
  readonly type: ArgType;
  readonly dir: "in" | "out" | "inout" | null;   // for addresses: what the memory is used for
  /** An explicitly named register (overrides the convention's order); null when assigned in order. */
  readonly register: string | null;
  readonly doc: string;
}

export interface CallArch {
  readonly arch: ArchName;
  readonly convention: string;
  readonly trap: string;                      // trap name
  /** Identity field values on this arch (after overrides). */
  readonly id: Readonly<Record<string, bigint>>;
  /** Exact selector source values: register (or "@operand") -> value. Arg-filled bits are 0 here. */
  readonly selector: Readonly<Record<string, bigint>>;
  /** Argument name -> registers (two for a register pair, in pair order). Args placed in selector bits map to []. */
  readonly argRegs: Readonly<Record<string, readonly string[]>>;
  /** The convention's return registers (status and values), in order. */
  readonly results: readonly ResultReg[];
  /** The call's result value name -> the register (and bits) it is read from. */
  readonly resultRegs: Readonly<Record<string, ResultReg>>;
  readonly args: readonly Arg[];
  readonly resultValues: readonly Arg[];      // the call's documented result values (non-status)
}

export interface Lifecycle {
  readonly since: string | null;
  readonly deprecated: { readonly since: string | null; readonly reason: string; readonly replacement: string | null } | null;
  readonly removed: { readonly since: string | null; readonly reason: string } | null;
}

/**
 * Whether a source shows the call's register use. "unknown": no source does; `args`/`results` then
 * hold one raw word per argument / non-status result register of the convention (named after the
 * register, type ulong), so stubs and handlers can still make and answer the call.
 */
export type Layout = "known" | "unknown";

export interface Call {
  readonly name: string;
  readonly group: string | null;
  readonly doc: string;
  readonly layout: Layout;
  readonly args: readonly Arg[];
  readonly results: readonly Arg[];
  readonly errors: readonly string[];
  readonly gates: readonly string[];
  readonly callers: readonly string[];
  readonly lifecycle: Lifecycle;
  readonly cite: readonly string[];
  readonly arches: readonly CallArch[];     // sorted by arch name
  /** Source position of the call's `name`, for diagnostics in later passes (diff, lock). */
  readonly at: { readonly line: number; readonly col: number };
}
