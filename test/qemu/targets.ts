// The machines the conformance guests run on: how each guest is built (clang + ld.lld flags, from
// the peers feasibility study) and how QEMU runs it. A guest passes when it powers QEMU off through
// its final generated call, except a "hang" target, which must NOT get through (negative control).
import type { ConformancePlan } from "../../generator/emit/conformance.js";
import { ARM_PSCI, RISCV_SBI, papr } from "./plans.js";
import { HERMETIC } from "../../generator/conform/machines.js";

export interface Target {
  readonly name: string;
  readonly dir: "riscv64" | "aarch64" | "ppc64";   // test/qemu/<dir>: start.S, link.ld, platform.h
  /** start.S and link.ld from this directory (repository-relative) instead: the ones hcgen conform ships. */
  readonly boot?: string;
  readonly plan: ConformancePlan;
  readonly cflags: readonly string[];
  readonly qemu: readonly string[];                  // command without -kernel
  /** Run the ELF built for another target (the negative control reuses the hvc guest). */
  readonly elfOf?: string;
  readonly expect: "poweroff" | "hang";
  readonly timeoutMs: number;
  /** Checks the platform code prints (platform.h), besides the plan's. */
  readonly platformChecks: readonly string[];
}

// Hermetic command lines (-nodefaults, then the serial console added back): shared with hcgen conform.
export { HERMETIC };
const A64 = ["--target=aarch64-none-elf", "-mgeneral-regs-only", "-mstrict-align"];
const PPC = ["-mabi=elfv2", "-mcpu=power8", "-mno-altivec", "-mno-vsx", "-msoft-float"];
// cap-* only silence TCG warnings about speculation capabilities.
const PSERIES = ["qemu-system-ppc64", "-M", "pseries,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off", ...HERMETIC];
const VIRT_A64 = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a57", ...HERMETIC];
const VIRT_A64_EL2 = ["qemu-system-aarch64", "-M", "virt,virtualization=on", "-cpu", "cortex-a57", ...HERMETIC];
const RUN_MS = 30_000;   // generous for slow CI machines; a passing guest takes ~0.1 s

export const TARGETS: readonly Target[] = [
  {
    name: "riscv64-sbi", dir: "riscv64", boot: "conform/riscv64-virt", plan: RISCV_SBI, expect: "poweroff", timeoutMs: RUN_MS, platformChecks: [],
    // medany: the image sits at 0x80200000 (above 2 GiB); lld 14 cannot relax RISC-V.
    cflags: ["--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-mno-relax"],
    qemu: ["qemu-system-riscv64", "-M", "virt", ...HERMETIC, "-bios", "default"],
  },
  {
    name: "aarch64-psci-hvc", dir: "aarch64", plan: ARM_PSCI, expect: "poweroff", timeoutMs: RUN_MS,
    platformChecks: ["current-el-matches-conduit"],
    cflags: [...A64, "-Dhc_arm_smccc_CONDUIT_HVC"], qemu: VIRT_A64,
  },
  {
    name: "aarch64-psci-smc", dir: "aarch64", plan: ARM_PSCI, expect: "poweroff", timeoutMs: RUN_MS,
    platformChecks: ["current-el-matches-conduit"],
    cflags: [...A64, "-Dhc_arm_smccc_CONDUIT_SMC"], qemu: VIRT_A64_EL2,
  },
  {
    // The hvc guest at EL2 traps to its own (missing) vectors: it must hang at the first PSCI call.
    // If it got through, a stub with the wrong conduit could pass the suite unnoticed.
    name: "aarch64-wrong-conduit", dir: "aarch64", plan: ARM_PSCI, expect: "hang", timeoutMs: 5_000,
    platformChecks: ["current-el-matches-conduit"], elfOf: "aarch64-psci-hvc",
    cflags: [], qemu: VIRT_A64_EL2,
  },
  {
    name: "ppc64be-papr", dir: "ppc64", plan: papr("ppc64"), expect: "poweroff", timeoutMs: RUN_MS,
    platformChecks: ["msr-sf-64bit", "rtas-power-off-token"],
    cflags: ["--target=powerpc64-unknown-linux-gnu", ...PPC], qemu: PSERIES,
  },
  {
    name: "ppc64le-papr", dir: "ppc64", plan: papr("ppc64le"), expect: "poweroff", timeoutMs: RUN_MS,
    platformChecks: ["msr-sf-64bit", "rtas-power-off-token"],
    cflags: ["--target=powerpc64le-unknown-linux-gnu", ...PPC], qemu: PSERIES,
  },
];

/** Tools each target needs (the build tools for all, plus its emulator). */
export function toolsOf(t: Target): string[] {
  return ["clang", "ld.lld", t.qemu[0]!];
}
