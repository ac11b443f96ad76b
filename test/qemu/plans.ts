// What each conformance guest calls and checks. Adding a call to the QEMU suite = adding a step here;
// generator/emit/conformance.ts turns a plan into C that uses only the generated header.
//
// QEMU 7.2 (Debian 12) is narrower than the specs (OpenSBI 1.1 = SBI v1.0, PSCI 1.1 without
// SMCCC_VERSION), so version checks are >= and newer features are "reached the implementation and
// answered as documented" (expectAny), never "equals what this QEMU happens to say".
import type { ConformancePlan, PlanCheck, PlanValue } from "../../generator/emit/conformance.js";

const eq = (field: string, value: PlanValue, low32?: true): PlanCheck => ({ field, op: "eq", value, ...(low32 ? { low32 } : {}) });
const ge = (field: string, value: PlanValue, low32?: true): PlanCheck => ({ field, op: "ge", value, ...(low32 ? { low32 } : {}) });
const ne = (field: string, value: PlanValue): PlanCheck => ({ field, op: "ne", value });

const SBI_OK = eq("error", { error: "SBI_SUCCESS" });

export const RISCV_SBI: ConformancePlan = {
  abi: "riscv-sbi",
  arch: "riscv64",
  title: "SBI via ecall on OpenSBI (virt)",
  steps: [
    { call: "sbi_legacy_console_putchar", args: [0x0an], check: "legacy-putchar-returns-0", expect: [eq("value", 0n)] },
    // SRST (used to power off) needs SBI >= 0.3: major in bits 30:24, minor in 23:0.
    { call: "sbi_get_spec_version", check: "spec-version>=0.3", expect: [SBI_OK, ge("value", 0x3n)] },
    { call: "sbi_get_impl_id", check: "impl-id-opensbi", expect: [SBI_OK, eq("value", { magic: "SBI_IMPL_ID_OPENSBI" })] },
    { call: "sbi_get_impl_version", expect: [SBI_OK] },
    { call: "sbi_get_mvendorid", expect: [SBI_OK] },
    { call: "sbi_get_marchid", expect: [SBI_OK] },
    { call: "sbi_get_mimpid", expect: [SBI_OK] },
    // The argument register a0: probe extensions by the EIDs the spec gives them.
    { call: "sbi_probe_extension", args: [{ id: "sbi_get_spec_version" }], check: "probe-base", expect: [SBI_OK, ne("value", 0n)] },
    { call: "sbi_probe_extension", args: [{ id: "sbi_system_reset" }], check: "probe-srst", expect: [SBI_OK, ne("value", 0n)] },
    { call: "sbi_probe_extension", args: [{ id: "sbi_hart_get_status" }], check: "probe-hsm", expect: [SBI_OK, ne("value", 0n)] },
    { call: "sbi_probe_extension", args: [0x12345678n], check: "probe-absent-is-0", expect: [SBI_OK, eq("value", 0n)] },
    { call: "sbi_probe_extension", args: [{ id: "sbi_debug_console_write" }], check: "probe-dbcn-answers", expect: [SBI_OK] },
    // HSM with an argument from the boot state: the boot hart is STARTED (0).
    { call: "sbi_hart_get_status", args: [{ c: "boot_arg" }], check: "boot-hart-started", expect: [SBI_OK, eq("value", 0n)] },
    { call: "sbi_get_spec_version", probe: { name: "unknown_eid", id: { eid: 0x0badca11n, fid: 0n } }, check: "unknown-eid-not-supported", expect: [eq("error", { error: "SBI_ERR_NOT_SUPPORTED" })] },
    { call: "sbi_get_spec_version", probe: { name: "base_unknown_fid", id: { fid: 0x7fffn } }, check: "unknown-fid-not-supported", expect: [eq("error", { error: "SBI_ERR_NOT_SUPPORTED" })] },
    { call: "sbi_system_reset", args: [0n, 0n], final: true },   // shutdown, no reason
  ],
};

const PSCI_OK = (f: string): PlanCheck => eq(f, { error: "PSCI_RET_SUCCESS" }, true);

/** One plan for both conduits: the build picks hvc or smc with hc_arm_smccc_CONDUIT_*. */
export const ARM_PSCI: ConformancePlan = {
  abi: "arm-smccc",
  arch: "aarch64",
  title: "PSCI over the SMCCC conduit (virt, QEMU's built-in PSCI)",
  steps: [
    { call: "PSCI_0_2_FN_PSCI_VERSION", check: "psci-version>=0.2", expect: [ge("version", 0x2n, true)] },
    // QEMU 7.2 has no SMCCC_VERSION: NOT_SUPPORTED is the documented answer for SMCCC 1.0.
    { call: "ARM_SMCCC_VERSION_FUNC_ID", check: "smccc-version-answers", expectAny: [ge("version", 0x10000n, true), eq("version", { error: "SMCCC_RET_NOT_SUPPORTED" }, true)] },
    { call: "PSCI_1_0_FN_PSCI_FEATURES", args: [{ id: "PSCI_0_2_FN_SYSTEM_OFF" }], check: "features-system-off", expect: [PSCI_OK("value")] },
    { call: "PSCI_1_0_FN_PSCI_FEATURES", args: [{ id: "PSCI_0_2_FN64_AFFINITY_INFO" }], check: "features-affinity-info64", expect: [PSCI_OK("value")] },
    { call: "PSCI_0_2_FN_MIGRATE_INFO_TYPE", check: "migrate-info-type-answers", expectAny: [ge("type", 0n, true), eq("type", { error: "PSCI_RET_NOT_SUPPORTED" }, true)] },
    // Two arguments (x1, x2): CPU 0 is ON (0); MPIDR 0xff00 does not exist -> INVALID_PARAMS.
    { call: "PSCI_0_2_FN64_AFFINITY_INFO", args: [0n, 0n], check: "affinity-info-cpu0-on", expect: [eq("state", 0n, true)] },
    { call: "PSCI_0_2_FN64_AFFINITY_INFO", args: [0xff00n, 0n], check: "affinity-info-absent-invalid", expect: [eq("state", { error: "PSCI_RET_INVALID_PARAMS" }, true)] },
    { call: "PSCI_0_2_FN_PSCI_VERSION", probe: { name: "unknown_psci_fn", id: { function: 0xabcdn } }, check: "unknown-fid-not-supported", expect: [eq("value", { error: "PSCI_RET_NOT_SUPPORTED" }, true)] },
    { call: "PSCI_0_2_FN_SYSTEM_OFF", final: true },
  ],
};

const H_OK = eq("status", { error: "H_SUCCESS" });

export function papr(arch: "ppc64" | "ppc64le"): ConformancePlan {
  return {
    abi: "papr",
    arch,
    title: "PAPR hcalls via sc 1 (pseries, x-vof=on)",
    steps: [
      // Memory operands are big-endian: an LE guest sees the loaded value byte-swapped.
      { call: "H_LOGICAL_CI_LOAD", args: [8n, { c: "&platform_probe_word" }], check: "ci-load-8", expect: [H_OK, eq("value", { c: "PLATFORM_BE64(0x1122334455667788ull)" })] },
      { call: "H_LOGICAL_CI_STORE", args: [8n, { c: "&platform_store_word" }, 0xcafef00d12345678n], check: "ci-store-8", expect: [H_OK] },
      { call: "H_LOGICAL_CI_LOAD", args: [8n, { c: "&platform_store_word" }], check: "ci-load-after-store", expect: [H_OK, eq("value", 0xcafef00d12345678n)] },
      // r5 is the LENGTH: bytes where the length belongs must be rejected.
      { call: "H_PUT_TERM_CHAR", args: [0n, 0x4142434445464748n, 0x0a00000000000000n, 0n], check: "put-term-char-r5-is-length", expect: [eq("status", { error: "H_PARAMETER" })] },
      { call: "H_GET_TERM_CHAR", args: [0n], check: "get-term-char-empty", expect: [H_OK, eq("len", 0n)] },
      { call: "H_SET_SPRG0", args: [0x5a5an], expect: [H_OK] },
      // 0x1C8 (the peers study used 0x1AC, which is H_REGISTER_RPAGES, and saw H_FUNCTION).
      { call: "H_GET_CPU_CHARACTERISTICS", check: "cpu-characteristics", expect: [H_OK] },
      { call: "H_GET_TERM_CHAR", args: [0n], probe: { name: "unknown_opcode", id: { opcode: 0x7fcn } }, check: "unknown-opcode-h-function", expect: [eq("status", { error: "H_FUNCTION" })] },
      { call: "H_RTAS", args: [{ c: "platform_rtas_power_off_args()" }], final: true },
    ],
  };
}
