import type { AbiTable, Handler } from "../../../runtime/index.js";
import { demoDispatch } from "./demo.dispatch.js";
/** Error names of Demo paravirtual interface (test fixture) (demo 1.0). */
export type DemoErrorName = "DEMO_OK" | "DEMO_EPERM" | "DEMO_EIO" | "DEMO_EFAULT" | "DEMO_ENOSYS";
/** Error codes as the source defines them (the register holds the negation). */
export const DEMO_ERRORS = { DEMO_OK: 0n, DEMO_EPERM: 1n, DEMO_EIO: 5n, DEMO_EFAULT: 14n, DEMO_ENOSYS: 1000n } as const satisfies Readonly<Record<DemoErrorName, bigint>>;

/** Magic values of the spec. */
export const DEMO_MAGIC = { DEMO_MAGIC_R0: 0x4b564d21n, DEMO_SIGNATURE: 0x44454d4f44454d4fn } as const;

/** Identity field values of every call (per arch where overrides differ). */
export const DEMO_CALL_IDS = {
  demo_version: { service: 0x10n, function: 0x0n },
  demo_echo: { service: 0x10n, function: 0x1n },
  demo_console_write: { service: 0x20n, function: 0x0n },
  demo_set_timer: { service: 0x54494d45n, function: 0x0n },
  demo_old_timer: { service: 0x54494d45n, function: 0x1n },
  demo_big_constant: { service: 0xfffffffen, function: 0xffffn },
} as const;

/** Arguments of demo_version. Returns the interface version. */
export interface DemoVersionArgs {
}

/** Results of demo_version (besides the status). */
export interface DemoVersionResults {
  /** u32 */
  readonly version: number;
}

/** Arguments of demo_echo. Returns its argument; the argument is a register pair on riscv32. */
export interface DemoEchoArgs {
  /** u64 */
  readonly value: bigint;
}

/** Results of demo_echo (besides the status). */
export interface DemoEchoResults {
  /** u64 | u32: the low half (results are one register) */
  readonly value: bigint;
}

/** Arguments of demo_console_write. */
export interface DemoConsoleWriteArgs {
  /** gpa: Bytes to write. */
  readonly addr: bigint;
  /** u64 */
  readonly len: bigint;
}

/** Results of demo_console_write (besides the status). */
export interface DemoConsoleWriteResults {
  /** u64 */
  readonly written: bigint;
}

/** Arguments of demo_set_timer. */
export interface DemoSetTimerArgs {
  /** u64 */
  readonly deadline: bigint;
}

/** Results of demo_set_timer (besides the status). */
export interface DemoSetTimerResults {
}

/** Arguments of demo_old_timer. */
export interface DemoOldTimerArgs {
}

/** Results of demo_old_timer (besides the status). */
export interface DemoOldTimerResults {
}

/** Arguments of demo_big_constant. Its rax selector is 0xfffffffe8000ffff, above 2^53. */
export interface DemoBigConstantArgs {
}

/** Results of demo_big_constant (besides the status). */
export interface DemoBigConstantResults {
}

/** Every call's argument and result types, by call name. */
export type DemoCalls = {
  readonly demo_version: { readonly args: DemoVersionArgs; readonly results: DemoVersionResults };
  readonly demo_echo: { readonly args: DemoEchoArgs; readonly results: DemoEchoResults };
  readonly demo_console_write: { readonly args: DemoConsoleWriteArgs; readonly results: DemoConsoleWriteResults };
  readonly demo_set_timer: { readonly args: DemoSetTimerArgs; readonly results: DemoSetTimerResults };
  readonly demo_old_timer: { readonly args: DemoOldTimerArgs; readonly results: DemoOldTimerResults };
  readonly demo_big_constant: { readonly args: DemoBigConstantArgs; readonly results: DemoBigConstantResults };
};

/** The handler type of every call. */
export type DemoHandlers = { readonly [K in keyof DemoCalls]: Handler<DemoCalls[K]["args"], DemoCalls[K]["results"], DemoErrorName> };
/**
 * Demo paravirtual interface (test fixture): the dispatch table (test/fixtures/valid/demo.yaml).
 *
 * A fixture that uses bit-field selectors, an ASCII group id, a register pair on a 32-bit arch,
 * a magic sequence, a trap operand and 64-bit values above 2^53.
 */
export const demoAbi: AbiTable<DemoCalls, DemoErrorName> = {
  id: "demo",
  title: "Demo paravirtual interface (test fixture)",
  version: "1.0",
  fields: [{ name: "service", width: 64 }, { name: "function", width: 64 }],
  errors: {
    sign: "negated",
    success: "DEMO_OK",
    roles: {
      notSupported: "DEMO_ENOSYS",
      failed: "DEMO_EIO",
      invalidAddress: "DEMO_EFAULT",
      denied: "DEMO_EPERM",
    },
    codes: [
      { name: "DEMO_OK", value: 0n, register: 0x0n, doc: "" },
      { name: "DEMO_EPERM", value: 1n, register: 0xffffffffffffffffn, doc: "Not allowed from this mode." },
      { name: "DEMO_EIO", value: 5n, register: 0xfffffffffffffffbn, doc: "" },
      { name: "DEMO_EFAULT", value: 14n, register: 0xfffffffffffffff2n, doc: "" },
      { name: "DEMO_ENOSYS", value: 1000n, register: 0xfffffffffffffc18n, doc: "" },
    ],
  },
  ranges: [
    { name: "vendor", field: "service", from: 0x900n, to: 0x9ffn, use: "vendor" },
    { name: "reserved", field: "service", from: 0xa00n, to: 0xaffn, use: "reserved" },
  ],
  privilege: { allowed: ["kernel"], otherwise: { kind: "error", error: "DEMO_EPERM" } },
  callers: [],
  arches: {
    ppc64: {
      arch: "ppc64",
      word: 64,
      endian: "big",
      registers: ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23", "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31"],
      traps: [
        {
          name: "sc1",
          mnemonic: "sc 1",
          bytes: [0x44, 0x00, 0x00, 0x22],
          mask: [0xff, 0xff, 0xff, 0xff],
          operand: null,
          vendor: null,
          conduit: null,
          mode: null,
          via: "insn",
          stride: null,
          magic: [],
          sequence: [],
        },
        {
          name: "magic_sc",
          mnemonic: "sc (magic sequence)",
          bytes: [0x44, 0x00, 0x00, 0x02],
          mask: [0xff, 0xff, 0xff, 0xff],
          operand: null,
          vendor: null,
          conduit: null,
          mode: null,
          via: "insn",
          stride: null,
          magic: [{ name: "DEMO_MAGIC_R0", register: "r0", slot: 0, value: 0x4b564d21n }],
          sequence: [
            { mnemonic: "lis r0,0x4b56", bytes: [0x3c, 0x00, 0x4b, 0x56], trap: false },
            { mnemonic: "ori r0,r0,0x4d21", bytes: [0x60, 0x00, 0x4d, 0x21], trap: false },
            { mnemonic: "sc", bytes: [0x44, 0x00, 0x00, 0x02], trap: true },
          ],
        },
      ],
      otherVendor: null,
      pairOrder: "high-first",
      privilege: { allowed: ["kernel"], otherwise: { kind: "error", error: "DEMO_EPERM" } },
      conventions: [
        {
          name: "default",
          select: [
            {
              source: "r11",
              slot: 11,
              fieldMask: 0xffffffffn,
              constMask: 0x0n,
              constValue: 0x0n,
              parts: [
                { kind: "field", hi: 31, lo: 16, field: "service" },
                { kind: "field", hi: 15, lo: 0, field: "function" },
              ],
            },
          ],
          args: ["r3", "r4", "r5", "r6"],
          results: [
            { name: "status", register: "r3", slot: 3, status: true, bits: null },
            { name: "value", register: "r4", slot: 4, status: false, bits: null },
          ],
          writeStatus: (r, s) => { r[3] = s; },
        },
      ],
    },
    riscv32: {
      arch: "riscv32",
      word: 32,
      endian: "little",
      registers: ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"],
      traps: [
        {
          name: "ecall",
          mnemonic: "ecall",
          bytes: [0x73, 0x00, 0x00, 0x00],
          mask: [0xff, 0xff, 0xff, 0xff],
          operand: null,
          vendor: null,
          conduit: null,
          mode: null,
          via: "insn",
          stride: null,
          magic: [],
          sequence: [],
        },
      ],
      otherVendor: null,
      pairOrder: "low-first",
      privilege: { allowed: ["kernel"], otherwise: { kind: "error", error: "DEMO_EPERM" } },
      conventions: [
        {
          name: "default",
          select: [
            {
              source: "a7",
              slot: 17,
              fieldMask: 0xffffffffn,
              constMask: 0x0n,
              constValue: 0x0n,
              parts: [{ kind: "field", hi: 31, lo: 0, field: "service" }],
            },
            {
              source: "a6",
              slot: 16,
              fieldMask: 0xffffffffn,
              constMask: 0x0n,
              constValue: 0x0n,
              parts: [{ kind: "field", hi: 31, lo: 0, field: "function" }],
            },
          ],
          args: ["a0", "a1", "a2", "a3", "a4", "a5"],
          results: [
            { name: "status", register: "a0", slot: 10, status: true, bits: null },
            { name: "value", register: "a1", slot: 11, status: false, bits: null },
          ],
          writeStatus: (r, s) => { r[10] = (s & 0xffffffffn); },
        },
      ],
    },
    riscv64: {
      arch: "riscv64",
      word: 64,
      endian: "little",
      registers: ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"],
      traps: [
        {
          name: "ecall",
          mnemonic: "ecall",
          bytes: [0x73, 0x00, 0x00, 0x00],
          mask: [0xff, 0xff, 0xff, 0xff],
          operand: null,
          vendor: null,
          conduit: null,
          mode: null,
          via: "insn",
          stride: null,
          magic: [],
          sequence: [],
        },
      ],
      otherVendor: null,
      pairOrder: "high-first",
      privilege: { allowed: ["kernel"], otherwise: { kind: "error", error: "DEMO_EPERM" } },
      conventions: [
        {
          name: "default",
          select: [
            {
              source: "a7",
              slot: 17,
              fieldMask: 0xffffffffffffffffn,
              constMask: 0x0n,
              constValue: 0x0n,
              parts: [{ kind: "field", hi: 63, lo: 0, field: "service" }],
            },
            {
              source: "a6",
              slot: 16,
              fieldMask: 0xffffffffffffffffn,
              constMask: 0x0n,
              constValue: 0x0n,
              parts: [{ kind: "field", hi: 63, lo: 0, field: "function" }],
            },
          ],
          args: ["a0", "a1", "a2", "a3", "a4", "a5"],
          results: [
            { name: "status", register: "a0", slot: 10, status: true, bits: null },
            { name: "value", register: "a1", slot: 11, status: false, bits: null },
          ],
          writeStatus: (r, s) => { r[10] = s; },
        },
      ],
    },
    x86_64: {
      arch: "x86_64",
      word: 64,
      endian: "little",
      registers: ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"],
      traps: [
        {
          name: "vmcall",
          mnemonic: "vmcall",
          bytes: [0x0f, 0x01, 0xc1],
          mask: [0xff, 0xff, 0xff],
          operand: null,
          vendor: "intel",
          conduit: null,
          mode: null,
          via: "insn",
          stride: null,
          magic: [],
          sequence: [],
        },
        {
          name: "vmmcall",
          mnemonic: "vmmcall",
          bytes: [0x0f, 0x01, 0xd9],
          mask: [0xff, 0xff, 0xff],
          operand: null,
          vendor: "amd",
          conduit: null,
          mode: null,
          via: "insn",
          stride: null,
          magic: [],
          sequence: [],
        },
      ],
      otherVendor: { kind: "patch" },
      pairOrder: "high-first",
      privilege: { allowed: ["kernel"], otherwise: { kind: "error", error: "DEMO_EPERM" } },
      conventions: [
        {
          name: "default",
          select: [
            {
              source: "rax",
              slot: 0,
              fieldMask: 0xffffffff0000ffffn,
              constMask: 0x80000000n,
              constValue: 0x80000000n,
              parts: [
                { kind: "field", hi: 63, lo: 32, field: "service" },
                { kind: "const", hi: 31, lo: 31, value: 0x1n },
                { kind: "field", hi: 15, lo: 0, field: "function" },
              ],
            },
          ],
          args: ["rbx", "rcx", "rdx", "rsi"],
          results: [
            { name: "status", register: "rax", slot: 0, status: true, bits: null },
            { name: "value", register: "rbx", slot: 3, status: false, bits: null },
          ],
          writeStatus: (r, s) => { r[0] = s; },
        },
      ],
    },
  },
  calls: {
    demo_version: {
      name: "demo_version",
      group: "base",
      doc: "Returns the interface version.",
      since: "1.0",
      deprecated: null,
      removed: null,
      errors: [],
      gates: [],
      callers: [],
      args: [],
      results: [{ name: "version", type: "u32", dir: null, doc: "" }],
      arches: {
        ppc64: {
          convention: "default",
          conventionIndex: 0,
          trap: "sc1",
          id: { service: 0x10n, function: 0x0n },
          selector: { r11: 0x100000n },
          keys: [0x100000n],
          args: [],
          results: [{ name: "version", type: "u32", registers: ["r4"], bits: null }],
          decode: () => ({}),
          encode: (r, res, s) => { r[3] = s; r[4] = BigInt.asUintN(32, BigInt(res.version)); },
        },
        riscv32: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x10n, function: 0x0n },
          selector: { a7: 0x10n, a6: 0x0n },
          keys: [0x10n, 0x0n],
          args: [],
          results: [{ name: "version", type: "u32", registers: ["a1"], bits: null }],
          decode: () => ({}),
          encode: (r, res, s) => { r[10] = (s & 0xffffffffn); r[11] = BigInt.asUintN(32, BigInt(res.version)); },
        },
        riscv64: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x10n, function: 0x0n },
          selector: { a7: 0x10n, a6: 0x0n },
          keys: [0x10n, 0x0n],
          args: [],
          results: [{ name: "version", type: "u32", registers: ["a1"], bits: null }],
          decode: () => ({}),
          encode: (r, res, s) => { r[10] = s; r[11] = BigInt.asUintN(32, BigInt(res.version)); },
        },
        x86_64: {
          convention: "default",
          conventionIndex: 0,
          trap: "vmcall",
          id: { service: 0x10n, function: 0x0n },
          selector: { rax: 0x1080000000n },
          keys: [0x1000000000n],
          args: [],
          results: [{ name: "version", type: "u32", registers: ["rbx"], bits: null }],
          decode: () => ({}),
          encode: (r, res, s) => { r[0] = s; r[3] = BigInt.asUintN(32, BigInt(res.version)); },
        },
      },
    },
    demo_echo: {
      name: "demo_echo",
      group: "base",
      doc: "Returns its argument; the argument is a register pair on riscv32.",
      since: "1.0",
      deprecated: null,
      removed: null,
      errors: [],
      gates: [],
      callers: [],
      args: [{ name: "value", type: "u64", dir: null, doc: "" }],
      results: [{ name: "value", type: "u64", dir: null, doc: "" }],
      arches: {
        ppc64: {
          convention: "default",
          conventionIndex: 0,
          trap: "sc1",
          id: { service: 0x10n, function: 0x1n },
          selector: { r11: 0x100001n },
          keys: [0x100001n],
          args: [{ name: "value", type: "u64", registers: ["r3"], bits: null }],
          results: [{ name: "value", type: "u64", registers: ["r4"], bits: null }],
          decode: (r) => ({ value: r[3]! }),
          encode: (r, res, s) => { r[3] = s; r[4] = res.value; },
        },
        riscv32: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x10n, function: 0x1n },
          selector: { a7: 0x10n, a6: 0x1n },
          keys: [0x10n, 0x1n],
          args: [{ name: "value", type: "u64", registers: ["a0", "a1"], bits: null }],
          results: [{ name: "value", type: "u32", registers: ["a1"], bits: null }],
          decode: (r) => ({ value: (((r[11]! & 0xffffffffn) << 32n) | (r[10]! & 0xffffffffn)) }),
          encode: (r, res, s) => { r[10] = (s & 0xffffffffn); r[11] = BigInt.asUintN(32, res.value); },
        },
        riscv64: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x10n, function: 0x1n },
          selector: { a7: 0x10n, a6: 0x1n },
          keys: [0x10n, 0x1n],
          args: [{ name: "value", type: "u64", registers: ["a0"], bits: null }],
          results: [{ name: "value", type: "u64", registers: ["a1"], bits: null }],
          decode: (r) => ({ value: r[10]! }),
          encode: (r, res, s) => { r[10] = s; r[11] = res.value; },
        },
        x86_64: {
          convention: "default",
          conventionIndex: 0,
          trap: "vmcall",
          id: { service: 0x10n, function: 0x1n },
          selector: { rax: 0x1080000001n },
          keys: [0x1000000001n],
          args: [{ name: "value", type: "u64", registers: ["rbx"], bits: null }],
          results: [{ name: "value", type: "u64", registers: ["rbx"], bits: null }],
          decode: (r) => ({ value: r[3]! }),
          encode: (r, res, s) => { r[0] = s; r[3] = res.value; },
        },
      },
    },
    demo_console_write: {
      name: "demo_console_write",
      group: null,
      doc: "",
      since: null,
      deprecated: "since 1.1: use a console device",
      removed: null,
      errors: ["DEMO_EFAULT"],
      gates: [],
      callers: [],
      args: [
        { name: "addr", type: "gpa", dir: "in", doc: "Bytes to write." },
        { name: "len", type: "u64", dir: null, doc: "" },
      ],
      results: [{ name: "written", type: "u64", dir: null, doc: "" }],
      arches: {
        ppc64: {
          convention: "default",
          conventionIndex: 0,
          trap: "sc1",
          id: { service: 0x20n, function: 0x0n },
          selector: { r11: 0x200000n },
          keys: [0x200000n],
          args: [
            { name: "addr", type: "gpa", registers: ["r3"], bits: null },
            { name: "len", type: "u64", registers: ["r4"], bits: null },
          ],
          results: [{ name: "written", type: "u64", registers: ["r4"], bits: null }],
          decode: (r) => ({ addr: r[3]!, len: r[4]! }),
          encode: (r, res, s) => { r[3] = s; r[4] = res.written; },
        },
        x86_64: {
          convention: "default",
          conventionIndex: 0,
          trap: "vmcall",
          id: { service: 0x20n, function: 0x0n },
          selector: { rax: 0x2080000000n },
          keys: [0x2000000000n],
          args: [
            { name: "addr", type: "gpa", registers: ["rbx"], bits: null },
            { name: "len", type: "u64", registers: ["rcx"], bits: null },
          ],
          results: [{ name: "written", type: "u64", registers: ["rbx"], bits: null }],
          decode: (r) => ({ addr: r[3]!, len: r[1]! }),
          encode: (r, res, s) => { r[0] = s; r[3] = res.written; },
        },
      },
    },
    demo_set_timer: {
      name: "demo_set_timer",
      group: "time",
      doc: "",
      since: null,
      deprecated: null,
      removed: null,
      errors: [],
      gates: [],
      callers: [],
      args: [{ name: "deadline", type: "u64", dir: null, doc: "" }],
      results: [],
      arches: {
        riscv32: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x54494d45n, function: 0x0n },
          selector: { a7: 0x54494d45n, a6: 0x0n },
          keys: [0x54494d45n, 0x0n],
          args: [{ name: "deadline", type: "u64", registers: ["a0", "a1"], bits: null }],
          results: [],
          decode: (r) => ({ deadline: (((r[11]! & 0xffffffffn) << 32n) | (r[10]! & 0xffffffffn)) }),
          encode: (r, _res, s) => { r[10] = (s & 0xffffffffn); },
        },
        riscv64: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x54494d45n, function: 0x0n },
          selector: { a7: 0x54494d45n, a6: 0x0n },
          keys: [0x54494d45n, 0x0n],
          args: [{ name: "deadline", type: "u64", registers: ["a0"], bits: null }],
          results: [],
          decode: (r) => ({ deadline: r[10]! }),
          encode: (r, _res, s) => { r[10] = s; },
        },
      },
    },
    demo_old_timer: {
      name: "demo_old_timer",
      group: "time",
      doc: "",
      since: null,
      deprecated: null,
      removed: "since 0.9: replaced by demo_set_timer",
      errors: [],
      gates: [],
      callers: [],
      args: [],
      results: [],
      arches: {
        riscv32: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x54494d45n, function: 0x1n },
          selector: { a7: 0x54494d45n, a6: 0x1n },
          keys: [0x54494d45n, 0x1n],
          args: [],
          results: [],
          decode: () => ({}),
          encode: (r, _res, s) => { r[10] = (s & 0xffffffffn); },
        },
        riscv64: {
          convention: "default",
          conventionIndex: 0,
          trap: "ecall",
          id: { service: 0x54494d45n, function: 0x1n },
          selector: { a7: 0x54494d45n, a6: 0x1n },
          keys: [0x54494d45n, 0x1n],
          args: [],
          results: [],
          decode: () => ({}),
          encode: (r, _res, s) => { r[10] = s; },
        },
      },
    },
    demo_big_constant: {
      name: "demo_big_constant",
      group: null,
      doc: "Its rax selector is 0xfffffffe8000ffff, above 2^53.",
      since: null,
      deprecated: null,
      removed: null,
      errors: [],
      gates: [],
      callers: [],
      args: [],
      results: [],
      arches: {
        x86_64: {
          convention: "default",
          conventionIndex: 0,
          trap: "vmcall",
          id: { service: 0xfffffffen, function: 0xffffn },
          selector: { rax: 0xfffffffe8000ffffn },
          keys: [0xfffffffe0000ffffn],
          args: [],
          results: [],
          decode: () => ({}),
          encode: (r, _res, s) => { r[0] = s; },
        },
      },
    },
  },
};

/** The generated dispatcher belongs to this object only (copies of the table use the runtime's general path). */
Object.defineProperty(demoAbi, "dispatch", { value: demoDispatch, enumerable: false });

