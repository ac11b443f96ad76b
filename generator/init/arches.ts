// The register convention `hcgen init --arch` starts from, per arch. These are *starting points* for a
// new ABI (the trap each ISA uses for hypervisor calls and a plausible register choice), not facts
// about any real hypervisor: the user's spec owns the final choice. Every entry is validated by
// test/package/init.test.ts, so a scaffold always passes `hcgen validate` as written.

export interface InitArch {
  /** The YAML lines of the trap entry (inside `traps:`), without indentation. */
  readonly trap: string;
  readonly trapNote: string;
  readonly number: string;
  readonly args: readonly string[];
  readonly status: string;
  /** A second result register for the example call's value. */
  readonly value: string;
}

const riscv: InitArch = { trap: "{ name: ecall, mnemonic: ecall, insn: 0x00000073 }", trapNote: "fixed-width ISAs give the instruction word",
  number: "a7", args: ["a0", "a1", "a2", "a3"], status: "a0", value: "a1" };
const ppc: InitArch = { trap: "{ name: sc1, mnemonic: sc 1, insn: 0x44000022 }", trapNote: "`sc 1`: hcgen derives the memory bytes from the arch's endianness",
  number: "r3", args: ["r4", "r5", "r6", "r7"], status: "r3", value: "r4" };

export const INIT_ARCHES: Readonly<Record<string, InitArch>> = {
  x86_64: { trap: "{ name: vmcall, mnemonic: vmcall, bytes: \"0f 01 c1\" }", trapNote: "x86 gives the exact bytes in memory order",
    number: "rax", args: ["rbx", "rcx", "rdx", "rsi"], status: "rax", value: "rbx" },
  i386: { trap: "{ name: vmcall, mnemonic: vmcall, bytes: \"0f 01 c1\" }", trapNote: "x86 gives the exact bytes in memory order",
    number: "eax", args: ["ebx", "ecx", "edx", "esi"], status: "eax", value: "ebx" },
  aarch64: { trap: "{ name: hvc, mnemonic: \"hvc #0\", insn: 0xd4000002 }", trapNote: "fixed-width ISAs give the instruction word",
    number: "x0", args: ["x1", "x2", "x3", "x4"], status: "x0", value: "x1" },
  arm: { trap: "{ name: hvc, mnemonic: \"hvc #0\", insn: 0xe1400070 }", trapNote: "fixed-width ISAs give the instruction word (A32 encoding)",
    number: "r0", args: ["r1", "r2", "r3", "r4"], status: "r0", value: "r1" },
  riscv64: riscv,
  riscv32: riscv,
  ppc64: ppc,
  ppc64le: ppc,
  ppc: ppc,
};
