// C-specific facts per architecture: how the preprocessor recognizes it, how GCC and clang spell its
// registers in `register ... __asm__("...")` and in clobber lists, and how a trap is written as data
// directives. Traps are emitted as raw encodings (`.inst`/`.4byte`/`.byte`) rather than mnemonics, so
// the stub is byte-exact to the model and needs no assembler extension flags (MIPS VZ `hypcall`,
// Armv7 virtualization `hvc`, LoongArch `hvcl` on older assemblers); the mnemonic goes in a comment,
// and test/catalog/encodings.test.ts proves mnemonic and bytes agree.
import { ARCHES } from "../arches.js";
import type { ArchName, Trap } from "../model.js";

/** Preprocessor condition that is true exactly when compiling for `arch` (GCC and clang). */
export const ARCH_CONDITION: Readonly<Record<ArchName, string>> = {
  x86_64: "defined(__x86_64__)",
  i386: "defined(__i386__)",
  aarch64: "defined(__aarch64__)",
  arm: "defined(__arm__)",
  riscv64: "defined(__riscv) && __riscv_xlen == 64",
  riscv32: "defined(__riscv) && __riscv_xlen == 32",
  ppc64: "defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__",
  ppc64le: "defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__",
  ppc: "defined(__powerpc__) && !defined(__powerpc64__)",
  s390x: "defined(__s390x__)",
  mips64: "defined(__mips__) && _MIPS_SIM == _ABI64 && defined(__MIPSEB__)",
  mips64el: "defined(__mips__) && _MIPS_SIM == _ABI64 && defined(__MIPSEL__)",
  mips: "defined(__mips__) && _MIPS_SIM == _ABIO32 && defined(__MIPSEB__)",
  mipsel: "defined(__mips__) && _MIPS_SIM == _ABIO32 && defined(__MIPSEL__)",
  loongarch64: "defined(__loongarch__) && __loongarch_grlen == 64",
};

/**
 * A GPR as GCC and clang both accept it in a local register variable and in a clobber list.
 * MIPS and s390 use register numbers (the spelling Linux uses: asm("$2"), asm("2")).
 */
export function asmRegister(arch: ArchName, reg: string): string {
  const info = ARCHES.get(arch)!;
  const index = info.registers.indexOf(reg);
  if (arch.startsWith("mips") && index >= 0) return `$${index}`;
  if (arch === "s390x" && index >= 0) return `${index}`;
  return reg;
}

/** Non-GPR clobbers as the compilers spell them ("cr" means every CR field; x86 flags are "cc"). */
export function specialClobbers(arch: ArchName, name: string): string[] {
  if (name === "rflags") return ["cc"];
  if (name === "cr" && arch.startsWith("ppc")) return ["cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7"];
  return [name];
}

/** Local variable name for a register (a leading underscore + lower case is free at block scope). */
export function regVar(reg: string): string {
  return `_hc_${reg.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** Bytes/word of one instruction as an assembler directive. `word` already includes operand bits. */
function directive(arch: ArchName, word: bigint | null, bytes: Uint8Array): string {
  if (word === null || bytes.length !== 4) {
    return `.byte ${Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, "0")}`).join(", ")}`;
  }
  const hex = `0x${word.toString(16).padStart(8, "0")}`;
  // .inst keeps Arm mapping symbols right (code, not data), so disassemblers and debuggers decode it.
  return arch === "aarch64" || arch === "arm" ? `.inst ${hex}` : `.4byte ${hex}`;
}

/** The trap (every instruction of a sequence) as lines of asm, with `operand` placed in its bits. */
export function trapAsm(arch: ArchName, trap: Trap, operand: bigint): string[] {
  if (trap.sequence.length > 0) return trap.sequence.map((s) => directive(arch, s.insn, s.bytes));
  let word = trap.insn;
  if (trap.operand && word !== null) {
    const width = BigInt(trap.operand.hi - trap.operand.lo + 1);
    word |= (operand & ((1n << width) - 1n)) << BigInt(trap.operand.lo);
  } else if (trap.operand && operand !== 0n) {
    throw new Error(`c emitter: trap '${trap.name}' on ${arch} has operand bits but no instruction word`);
  }
  return [directive(arch, word, trap.bytes)];
}

/** The trap's mnemonic(s) for the comment beside the directive. */
export function trapMnemonic(trap: Trap, operand: bigint): string {
  if (trap.sequence.length > 0) return trap.sequence.map((s) => s.mnemonic).join("; ");
  return trap.operand ? `${trap.mnemonic} (operand 0x${operand.toString(16)})` : trap.mnemonic;
}
