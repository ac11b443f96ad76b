// Instruction-set facts hcgen knows about each architecture: word size, byte order, general-purpose
// register names, valid instruction lengths and the clang target used by compile tests.
// These are ISA facts, not ABI facts: which registers a hypercall uses is always in the spec.
import type { ArchName, Endian } from "./model.js";

export interface ArchInfo {
  readonly name: ArchName;
  readonly word: 32 | 64;
  readonly endian: Endian;
  /** General-purpose registers; the index is the register-file slot used by the runtime. */
  readonly registers: readonly string[];
  /** Alternative spellings accepted in specs, mapped to the canonical name. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Non-GPR registers that may appear in `clobbers` (flags, condition registers, counters). */
  readonly special: readonly string[];
  /**
   * Registers inline asm must never list as clobbered (stack, frame, thread and TOC pointers, the zero
   * register, assembler temporaries). A `preserves:` list clobbers every other register it omits.
   */
  readonly asmReserved: readonly string[];
  /** Valid instruction lengths in bytes. */
  readonly insnLengths: readonly number[];
  /** Instruction-word width for `insn:` (0 for byte-defined ISAs such as x86). */
  readonly insnBits: number;
  readonly clangTarget: string;
  /** How the ISA names privilege modes, for documentation. */
  readonly modeNames: Readonly<Record<"user" | "kernel" | "hypervisor" | "firmware", string>>;
}

const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

const X86_64_REGS = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", ...range("r", 8, 15)];
const I386_REGS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];
const RISCV_REGS = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", ...range("a", 0, 7),
  ...range("s", 2, 11), "t3", "t4", "t5", "t6",
];
// MIPS n64 names; o32 spells $8-$11 as t0-t3 (accepted as aliases only on 32-bit MIPS).
const MIPS64_REGS = [
  "zero", "at", "v0", "v1", ...range("a", 0, 7), "t0", "t1", "t2", "t3",
  ...range("s", 0, 7), "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
];
const MIPS32_REGS = [
  "zero", "at", "v0", "v1", ...range("a", 0, 3), ...range("t", 0, 7),
  ...range("s", 0, 7), "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
];
const LOONGARCH_REGS = [
  "zero", "ra", "tp", "sp", ...range("a", 0, 7), ...range("t", 0, 8), "r21", "fp", ...range("s", 0, 8),
];
const numbered = (names: readonly string[], prefix: string): Record<string, string> =>
  Object.fromEntries(names.map((n, i) => [`${prefix}${i}`, n]).filter(([a, n]) => a !== n));

const x86Modes = { user: "CPL 3", kernel: "CPL 0", hypervisor: "VMX root / host", firmware: "SMM" } as const;
const armModes = { user: "EL0", kernel: "EL1", hypervisor: "EL2", firmware: "EL3" } as const;
const riscvModes = { user: "U-mode", kernel: "S-mode (VS-mode in a guest)", hypervisor: "HS-mode", firmware: "M-mode" } as const;
const ppcModes = { user: "problem state (MSR[PR]=1)", kernel: "supervisor", hypervisor: "hypervisor (MSR[HV]=1)", firmware: "ultravisor" } as const;
const s390Modes = { user: "problem state", kernel: "supervisor state", hypervisor: "host (SIE)", firmware: "firmware" } as const;
const mipsModes = { user: "user mode", kernel: "kernel mode (guest)", hypervisor: "root mode", firmware: "firmware" } as const;
const laModes = { user: "PLV3", kernel: "PLV0 (guest)", hypervisor: "host (root) mode", firmware: "firmware" } as const;

const x86Special = ["rflags", "cc", "memory"];
const ppcSpecial = ["cr", ...range("cr", 0, 7), "ctr", "xer", "lr", "memory"];
const genericSpecial = ["cc", "memory"];

const ASM_RESERVED: Readonly<Record<ArchName, readonly string[]>> = {
  x86_64: ["rsp", "rbp"], i386: ["esp", "ebp", "ebx"], aarch64: ["x18", "x29"], arm: ["r7", "r9", "r11", "sp", "pc"],
  riscv64: ["zero", "sp", "gp", "tp", "s0"], riscv32: ["zero", "sp", "gp", "tp", "s0"],
  ppc64: ["r1", "r2", "r13"], ppc64le: ["r1", "r2", "r13"], ppc: ["r1", "r2", "r13"], s390x: ["r11", "r15"],
  mips64: ["zero", "at", "k0", "k1", "gp", "sp", "s8"], mips64el: ["zero", "at", "k0", "k1", "gp", "sp", "s8"],
  mips: ["zero", "at", "k0", "k1", "gp", "sp", "s8"], mipsel: ["zero", "at", "k0", "k1", "gp", "sp", "s8"],
  loongarch64: ["zero", "tp", "sp", "r21", "fp"],
};

function arch(a: Omit<ArchInfo, "aliases" | "asmReserved"> & { aliases?: Record<string, string> }): ArchInfo {
  return { ...a, aliases: a.aliases ?? {}, asmReserved: ASM_RESERVED[a.name] };
}

const ARCH_LIST: readonly ArchInfo[] = [
  arch({ name: "x86_64", word: 64, endian: "little", registers: X86_64_REGS, special: x86Special,
    insnLengths: range("", 1, 15).map(Number), insnBits: 0, clangTarget: "x86_64-unknown-none-elf", modeNames: x86Modes }),
  arch({ name: "i386", word: 32, endian: "little", registers: I386_REGS, special: x86Special,
    insnLengths: range("", 1, 15).map(Number), insnBits: 0, clangTarget: "i386-unknown-none-elf", modeNames: x86Modes }),
  arch({ name: "aarch64", word: 64, endian: "little", registers: [...range("x", 0, 30)], special: ["sp", "cc", "memory"],
    aliases: Object.fromEntries(range("w", 0, 30).map((w, i) => [w, `x${i}`])),
    insnLengths: [4], insnBits: 32, clangTarget: "aarch64-unknown-none-elf", modeNames: armModes }),
  arch({ name: "arm", word: 32, endian: "little", registers: [...range("r", 0, 12), "sp", "lr", "pc"], special: ["cc", "memory"],
    aliases: { r13: "sp", r14: "lr", r15: "pc", ip: "r12", fp: "r11" },
    insnLengths: [4], insnBits: 32, clangTarget: "armv7a-unknown-none-eabi", modeNames: armModes }),
  arch({ name: "riscv64", word: 64, endian: "little", registers: RISCV_REGS, special: genericSpecial,
    aliases: { ...numbered(RISCV_REGS, "x"), fp: "s0" },
    insnLengths: [2, 4], insnBits: 32, clangTarget: "riscv64-unknown-elf", modeNames: riscvModes }),
  arch({ name: "riscv32", word: 32, endian: "little", registers: RISCV_REGS, special: genericSpecial,
    aliases: { ...numbered(RISCV_REGS, "x"), fp: "s0" },
    insnLengths: [2, 4], insnBits: 32, clangTarget: "riscv32-unknown-elf", modeNames: riscvModes }),
  arch({ name: "ppc64", word: 64, endian: "big", registers: range("r", 0, 31), special: ppcSpecial,
    insnLengths: [4], insnBits: 32, clangTarget: "powerpc64-unknown-linux-gnu", modeNames: ppcModes }),
  arch({ name: "ppc64le", word: 64, endian: "little", registers: range("r", 0, 31), special: ppcSpecial,
    insnLengths: [4], insnBits: 32, clangTarget: "powerpc64le-unknown-linux-gnu", modeNames: ppcModes }),
  arch({ name: "ppc", word: 32, endian: "big", registers: range("r", 0, 31), special: ppcSpecial,
    insnLengths: [4], insnBits: 32, clangTarget: "powerpc-unknown-linux-gnu", modeNames: ppcModes }),
  arch({ name: "s390x", word: 64, endian: "big", registers: range("r", 0, 15), special: genericSpecial,
    insnLengths: [2, 4, 6], insnBits: 32, clangTarget: "s390x-unknown-linux-gnu", modeNames: s390Modes }),
  arch({ name: "mips64", word: 64, endian: "big", registers: MIPS64_REGS, special: ["hi", "lo", "memory"],
    aliases: numbered(MIPS64_REGS, "$"), insnLengths: [4], insnBits: 32, clangTarget: "mips64-unknown-linux-gnuabi64", modeNames: mipsModes }),
  arch({ name: "mips64el", word: 64, endian: "little", registers: MIPS64_REGS, special: ["hi", "lo", "memory"],
    aliases: numbered(MIPS64_REGS, "$"), insnLengths: [4], insnBits: 32, clangTarget: "mips64el-unknown-linux-gnuabi64", modeNames: mipsModes }),
  arch({ name: "mips", word: 32, endian: "big", registers: MIPS32_REGS, special: ["hi", "lo", "memory"],
    aliases: numbered(MIPS32_REGS, "$"), insnLengths: [4], insnBits: 32, clangTarget: "mips-unknown-linux-gnu", modeNames: mipsModes }),
  arch({ name: "mipsel", word: 32, endian: "little", registers: MIPS32_REGS, special: ["hi", "lo", "memory"],
    aliases: numbered(MIPS32_REGS, "$"), insnLengths: [4], insnBits: 32, clangTarget: "mipsel-unknown-linux-gnu", modeNames: mipsModes }),
  arch({ name: "loongarch64", word: 64, endian: "little", registers: LOONGARCH_REGS, special: genericSpecial,
    aliases: { ...numbered(LOONGARCH_REGS, "r"), s9: "fp" }, insnLengths: [4], insnBits: 32,
    clangTarget: "loongarch64-unknown-linux-gnu", modeNames: laModes }),
];

export const ARCHES: ReadonlyMap<string, ArchInfo> = new Map(ARCH_LIST.map((a) => [a.name, a]));
export const ARCH_NAMES: readonly ArchName[] = ARCH_LIST.map((a) => a.name);

/** Canonical register name, or null when the arch has no such general-purpose register. */
export function canonicalRegister(info: ArchInfo, name: string): string | null {
  if (info.registers.includes(name)) return name;
  const alias = info.aliases[name];
  return alias !== undefined && info.registers.includes(alias) ? alias : null;
}

/** Memory bytes of an instruction word on this arch (fixed-width ISAs). */
export function insnBytes(info: ArchInfo, insn: bigint, lengthBytes = 4): Uint8Array {
  const out = new Uint8Array(lengthBytes);
  for (let i = 0; i < lengthBytes; i++) {
    const shift = BigInt(8 * (lengthBytes - 1 - i)); // big-endian position
    out[i] = Number((insn >> shift) & 0xffn);
  }
  return info.endian === "little" ? out.reverse() : out;
}
