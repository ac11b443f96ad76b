// The QEMU machines `hcgen conform` runs guests on: target flags (from the peers feasibility study,
// as test/qemu uses them), the shipped start code, linker script and platform glue
// (conform/<machine>/ in the package), the hermetic command line, and which Debian package has
// each tool. Only riscv64 `virt` so far: its console (ns16550a) and power-off (sifive_test) are
// plain MMIO devices, so the guest needs nothing from the ABI under test or from the firmware.
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-root.js";
import type { ArchName } from "../model.js";

/**
 * Hermetic: -nodefaults drops QEMU's default NIC, VGA, monitor and serial (their option ROMs come
 * from packages .ci/ does not install), then the one device every guest needs, a serial console on
 * stdio, is added back. Every QEMU command line starts with this.
 */
export const HERMETIC: readonly string[] = ["-nodefaults", "-display", "none", "-serial", "stdio"];

/** Debian packages of the tools (named in the missing-tool message). */
export const DEBIAN_PACKAGE: Readonly<Record<string, string>> = {
  clang: "clang", "ld.lld": "lld",
  "qemu-system-riscv64": "qemu-system-misc", "qemu-system-aarch64": "qemu-system-arm", "qemu-system-ppc64": "qemu-system-ppc",
};

export interface Firmware {
  /** Replaces the machine's firmware (riscv64: M-mode, instead of OpenSBI). */
  readonly bios?: string;
  /** Runs in the guest's place (riscv64: S-mode at 0x80200000); the guest is then loaded at GUEST_BASE. */
  readonly kernel?: string;
}

export interface Machine {
  readonly name: string;
  readonly arch: ArchName;
  readonly qemu: string;
  readonly cflags: readonly string[];
  /** start.S, link.ld, platform.h. */
  readonly dir: string;
  /** Where the guest is linked when --kernel takes its usual place. */
  readonly guestBaseWithKernel: bigint;
  command(guestElf: string, fw: Firmware): string[];
}

/** QEMU -device option values split at commas; a comma in a file name is written twice. */
const optionValue = (s: string): string => s.replace(/,/g, ",,");

export const MACHINES: Readonly<Record<string, Machine>> = {
  "riscv64-virt": {
    name: "riscv64-virt",
    arch: "riscv64",
    qemu: "qemu-system-riscv64",
    // medany: the image sits at 0x80200000 (above 2 GiB); lld 14 cannot relax RISC-V.
    cflags: ["--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-mno-relax"],
    dir: join(PACKAGE_ROOT, "conform", "riscv64-virt"),
    guestBaseWithKernel: 0x84000000n,
    command(guestElf, fw) {
      const base = ["qemu-system-riscv64", "-M", "virt", ...HERMETIC, "-bios", fw.bios ?? "default"];
      return fw.kernel
        ? [...base, "-kernel", fw.kernel, "-device", `loader,file=${optionValue(guestElf)}`]
        : [...base, "-kernel", guestElf];
    },
  },
};

/** The tools a run needs (clang and ld.lld to build; the emulator unless only building). */
export function toolsFor(m: Machine, buildOnly: boolean): string[] {
  return buildOnly ? ["clang", "ld.lld"] : ["clang", "ld.lld", m.qemu];
}
