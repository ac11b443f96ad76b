// Pins facts of spec/arm-smccc.yaml against their primary sources: Linux include/uapi/linux/psci.h,
// include/linux/arm-smccc.h, Documentation/virt/kvm/arm/{hypercalls,pvtime,ptp_kvm}.rst, KVM
// arch/arm64/kvm/{psci,hypercalls,trng}.c, TF-A arm_arch_svc.h / smccc.h, and llvm-mc encodings.
import { describe, expect, it } from "vitest";
import { call, hex, loadAbi, on, trap } from "../helpers/catalog.js";

describe("arm-smccc", () => {
  const abi = loadAbi("arm-smccc");
  const x0 = (name: string): bigint | undefined => on(call(abi, name), "aarch64").selector.x0;

  it("PSCI SYSTEM_OFF is x0 = 0x84000008 on aarch64 and r0 = 0x84000008 on arm", () => {
    expect(on(call(abi, "PSCI_0_2_FN_SYSTEM_OFF"), "aarch64").selector).toEqual({ x0: 0x84000008n });
    expect(on(call(abi, "PSCI_0_2_FN_SYSTEM_OFF"), "arm").selector).toEqual({ r0: 0x84000008n });
  });

  it("PSCI function IDs from psci.h (32- and 64-bit)", () => {
    expect(x0("PSCI_0_2_FN_PSCI_VERSION")).toBe(0x84000000n);
    expect(x0("PSCI_0_2_FN_CPU_SUSPEND")).toBe(0x84000001n);
    expect(x0("PSCI_0_2_FN64_CPU_SUSPEND")).toBe(0xc4000001n);
    expect(x0("PSCI_0_2_FN_CPU_ON")).toBe(0x84000003n);
    expect(x0("PSCI_0_2_FN64_CPU_ON")).toBe(0xc4000003n);
    expect(x0("PSCI_0_2_FN_SYSTEM_RESET")).toBe(0x84000009n);
    expect(x0("PSCI_1_0_FN_PSCI_FEATURES")).toBe(0x8400000an);
    expect(x0("PSCI_1_0_FN64_SYSTEM_SUSPEND")).toBe(0xc400000en);
    expect(x0("PSCI_1_1_FN64_SYSTEM_RESET2")).toBe(0xc4000012n);
    expect(x0("PSCI_1_1_FN_MEM_PROTECT")).toBe(0x84000013n);
    expect(x0("PSCI_1_3_FN_SYSTEM_OFF2")).toBe(0x84000015n);
    expect(x0("PSCI_1_3_FN64_SYSTEM_OFF2")).toBe(0xc4000015n);
  });

  it("every PSCI 0.2+ ID in psci.h is present", () => {
    const psci = abi.calls.filter((c) => c.group === "psci");
    const ids = new Set(psci.map((c) => on(c, "aarch64").selector.x0));
    // PSCI_0_2_FN(0..21) and the PSCI_*_FN64 variants defined in include/uapi/linux/psci.h
    for (let n = 0n; n <= 21n; n++) expect(ids.has(0x84000000n + n)).toBe(true);
    for (const n of [1n, 3n, 4n, 5n, 7n, 12n, 13n, 14n, 16n, 17n, 18n, 20n, 21n]) expect(ids.has(0xc4000000n + n)).toBe(true);
    expect(psci).toHaveLength(22 + 13);
  });

  it("SMC64 calls are aarch64-only", () => {
    for (const c of abi.calls) {
      const a64 = on(c, "aarch64");
      if (a64.id.smc64 === 1n) expect(c.arches.map((a) => a.arch)).toEqual(["aarch64"]);
    }
  });

  it("SMCCC arch calls from arm-smccc.h / TF-A arm_arch_svc.h", () => {
    expect(x0("ARM_SMCCC_VERSION_FUNC_ID")).toBe(0x80000000n);
    expect(x0("ARM_SMCCC_ARCH_FEATURES_FUNC_ID")).toBe(0x80000001n);
    expect(x0("ARM_SMCCC_ARCH_SOC_ID")).toBe(0x80000002n);
    expect(x0("ARM_SMCCC_ARCH_WORKAROUND_1")).toBe(0x80008000n);
    expect(x0("ARM_SMCCC_ARCH_WORKAROUND_2")).toBe(0x80007fffn);
    expect(x0("ARM_SMCCC_ARCH_WORKAROUND_3")).toBe(0x80003fffn);
  });

  it("KVM vendor hypervisor and PV time IDs (hypercalls.rst, ptp_kvm.rst, pvtime.rst)", () => {
    expect(x0("ARM_SMCCC_VENDOR_HYP_CALL_UID_FUNC_ID")).toBe(0x8600ff01n);
    expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_FEATURES_FUNC_ID")).toBe(0x86000000n);
    expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_PTP_FUNC_ID")).toBe(0x86000001n);
    expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_HYP_MEMINFO_FUNC_ID")).toBe(0xc6000002n);
    expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_MMIO_GUARD_FUNC_ID")).toBe(0xc6000007n);
    expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_DISCOVER_IMPL_VER_FUNC_ID")).toBe(0xc6000040n);
    expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_DISCOVER_IMPL_CPUS_FUNC_ID")).toBe(0xc6000041n);
    expect(x0("ARM_SMCCC_HV_PV_TIME_FEATURES")).toBe(0xc5000020n);
    expect(x0("ARM_SMCCC_HV_PV_TIME_ST")).toBe(0xc5000021n);
  });

  it("CPU_ON passes target, entry point and context id in x1-x3; PSCI_VERSION returns in x0", () => {
    expect(on(call(abi, "PSCI_0_2_FN64_CPU_ON"), "aarch64").argRegs).toEqual({
      target_cpu: ["x1"], entry_point_address: ["x2"], context_id: ["x3"],
    });
    const ver = on(call(abi, "PSCI_0_2_FN_PSCI_VERSION"), "aarch64");
    expect(ver.results.find((r) => r.register === "x0")?.name).toBe("value");
    expect(ver.resultValues.map((r) => r.name)).toEqual(["version"]);
  });

  it("hvc #0 and smc #0 encodings and conduits (llvm-mc)", () => {
    const hvc = trap(abi, "aarch64", "hvc");
    expect(hvc.insn).toBe(0xd4000002n);
    expect(hex(hvc.bytes)).toBe("02 00 00 d4");
    expect(hvc.conduit).toBe("hvc");
    expect(hvc.mode).toBe("kernel");
    const smc = trap(abi, "aarch64", "smc");
    expect(hex(smc.bytes)).toBe("03 00 00 d4");
    expect(smc.conduit).toBe("smc");
    expect(smc.mode).toBe("hypervisor");
    expect(hex(trap(abi, "arm", "hvc").bytes)).toBe("70 00 40 e1");
    expect(hex(trap(abi, "arm", "smc").bytes)).toBe("70 00 60 e1");
  });

  it("x0 layout: bits 23:17 and the SVE hint bit 16 are zero in every selector", () => {
    for (const c of abi.calls) {
      const v = on(c, "aarch64").selector.x0!;
      expect(v & 0x00ff0000n).toBe(0n);
      expect(v >> 31n).toBe(1n); // fast calls only
    }
  });

  it("error codes keep their own family names and values", () => {
    const code = (n: string) => abi.errors.codes.find((c) => c.name === n);
    expect(code("PSCI_RET_INVALID_ADDRESS")?.value).toBe(-9n);
    expect(code("PSCI_RET_INVALID_ADDRESS")?.register).toBe(0xfffffffffffffff7n);
    expect(code("PSCI_RET_INVALID_PARAMS")?.value).toBe(-2n);
    expect(code("SMCCC_RET_NOT_REQUIRED")?.value).toBe(-2n);
    expect(code("SMCCC_RET_INVALID_PARAMETER")?.value).toBe(-3n);
    expect(abi.errors.sign).toBe("as-is");
    expect(abi.errors.roles).toEqual({
      notSupported: "SMCCC_RET_NOT_SUPPORTED", failed: "PSCI_RET_INTERNAL_FAILURE",
      invalidAddress: "PSCI_RET_INVALID_ADDRESS", denied: "PSCI_RET_DENIED",
    });
  });

  it("KVM vendor UID words (ARM_SMCCC_VENDOR_HYP_UID_KVM_REG_0..3)", () => {
    const m = (n: string) => abi.magic.find((x) => x.name === n)?.value;
    expect(m("ARM_SMCCC_VENDOR_HYP_UID_KVM_REG_0")).toBe(0xb66fb428n);
    expect(m("ARM_SMCCC_VENDOR_HYP_UID_KVM_REG_1")).toBe(0xe911c52en);
    expect(m("ARM_SMCCC_VENDOR_HYP_UID_KVM_REG_2")).toBe(0x564bcaa9n);
    expect(m("ARM_SMCCC_VENDOR_HYP_UID_KVM_REG_3")).toBe(0x743a004dn);
  });

  it("EL0 may not call: HVC/SMC are UNDEFINED there", () => {
    expect(abi.privilege.allowed).toEqual(["kernel", "hypervisor"]);
    expect(abi.privilege.otherwise.kind).toBe("fault");
  });

  // TF-A ARM-software/arm-trusted-firmware 6a164dd: include/services/{arm_arch_svc,std_svc,ven_el3_svc}.h,
  // services/arm_arch_svc/arm_arch_svc_setup.c, services/std_svc/std_svc_setup.c, services/el3/ven_el3_svc.c,
  // include/lib/smccc.h (OEN_VEN_EL3_START/END 7).
  describe("newest TF-A: feature availability, per-owner queries, vendor EL3 range", () => {
    const reg = (name: string, result: string) => on(call(abi, name), "aarch64").resultRegs[result]?.register;

    it("SMCCC_ARCH_FEATURE_AVAILABILITY is SMC64 0xC0000003 (0x80000003 | SMC_64): sysreg opcode in x1, bitmask in x1", () => {
      const a = on(call(abi, "SMCCC_ARCH_FEATURE_AVAILABILITY"), "aarch64");
      expect(a.selector.x0).toBe(0xc0000003n);
      expect(a.trap).toBe("smc");
      expect(a.argRegs).toEqual({ sysreg: ["x1"] });
      expect(a.convention).toBe("default"); // SMC_RET2(handle, SMC_ARCH_CALL_SUCCESS, bitmask)
      expect(reg("SMCCC_ARCH_FEATURE_AVAILABILITY", "bitmask")).toBe("x1");
      expect(call(abi, "SMCCC_ARCH_FEATURE_AVAILABILITY").arches.map((x) => x.arch)).toEqual(["aarch64"]);
    });

    it("standard service queries 0x8400FF00/01/03: count in x0, UID in x0-x3, version major/minor in x0/x1", () => {
      expect(x0("ARM_STD_SVC_CALL_COUNT")).toBe(0x8400ff00n);
      expect(x0("ARM_STD_SVC_UID")).toBe(0x8400ff01n);
      expect(x0("ARM_STD_SVC_VERSION")).toBe(0x8400ff03n);
      expect(reg("ARM_STD_SVC_CALL_COUNT", "count")).toBe("x0");
      expect(["uid0", "uid1", "uid2", "uid3"].map((r) => reg("ARM_STD_SVC_UID", r))).toEqual(["x0", "x1", "x2", "x3"]);
      expect([reg("ARM_STD_SVC_VERSION", "major"), reg("ARM_STD_SVC_VERSION", "minor")]).toEqual(["x0", "x1"]);
      expect(on(call(abi, "ARM_STD_SVC_VERSION"), "arm").resultRegs.minor?.register).toBe("r1");
      expect(on(call(abi, "ARM_STD_SVC_UID"), "aarch64").trap).toBe("smc");
    });

    it("vendor specific EL3 monitor: owner 7 range, UID 0x8700FF01 and version 0x8700FF03 (no call count)", () => {
      expect(abi.ranges).toContainEqual(expect.objectContaining({ name: "owner_vendor_el3", field: "owner", from: 7n, to: 7n, use: "firmware" }));
      expect(x0("VEN_EL3_SVC_UID")).toBe(0x8700ff01n);
      expect(x0("VEN_EL3_SVC_VERSION")).toBe(0x8700ff03n);
      expect(["uid0", "uid1", "uid2", "uid3"].map((r) => reg("VEN_EL3_SVC_UID", r))).toEqual(["x0", "x1", "x2", "x3"]);
      expect([reg("VEN_EL3_SVC_VERSION", "major"), reg("VEN_EL3_SVC_VERSION", "minor")]).toEqual(["x0", "x1"]);
      expect(abi.calls.filter((c) => on(c, "aarch64").id.owner === 7n).map((c) => c.name).sort()).toEqual(["VEN_EL3_SVC_UID", "VEN_EL3_SVC_VERSION"]);
    });

    it("TF-A citations are pinned to the newest mirror read", () => {
      for (const key of ["tfa-smccc-h", "tfa-arch-svc-h", "tfa-arch-svc-c", "tfa-std-svc-h", "tfa-std-svc-c", "tfa-ven-el3-h", "tfa-ven-el3-c"]) {
        expect(abi.sources.find((x) => x.key === key), key).toMatchObject({ repo: "ARM-software/arm-trusted-firmware", commit: "6a164dda7208d3f2c0a5c4a1681db5ec37532bf5" });
      }
    });

    it("KVM FEATURES_2 (function 127) stays out: no source gives its call ID", () => {
      expect(abi.calls.some((c) => c.arches.some((a) => a.id.owner === 6n && a.id.function === 127n))).toBe(false);
      expect(abi.notes.join(" ")).toContain("ARM_SMCCC_KVM_FUNC_FEATURES_2 (function 127");
    });

    // Kingxukai/linux 0291023e arch/arm64/kvm/hypercalls.c kvm_smccc_call_handler:
    //   case ARM_SMCCC_VENDOR_HYP_KVM_FEATURES_FUNC_ID: val[0] = vendor_hyp_bmap; val[2] = vendor_hyp_bmap_2;
    //   ... smccc_set_retval(vcpu, val[0], val[1], val[2], val[3]);   (no case for FEATURES_2)
    // hypercalls.rst (same tree): HVC32 0x86000000, R0..R3 = bitmaps of function numbers 0-31 .. 96-127.
    it("KVM_FEATURES returns four 32-bit bitmaps in x0-x3; x2 carries functions 64-95 (DISCOVER_IMPL_*)", () => {
      const a = on(call(abi, "ARM_SMCCC_VENDOR_HYP_KVM_FEATURES_FUNC_ID"), "aarch64");
      expect(a.selector.x0).toBe(0x86000000n);
      expect(["bitmap_0_31", "bitmap_32_63", "bitmap_64_95", "bitmap_96_127"].map((r) => a.resultRegs[r]?.register)).toEqual(["x0", "x1", "x2", "x3"]);
      expect(a.resultValues.map((r) => r.type)).toEqual(["u32", "u32", "u32", "u32"]);
      expect(a.resultValues[2]!.doc).toContain("DISCOVER_IMPL_VER");
      expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_DISCOVER_IMPL_VER_FUNC_ID")).toBe(0xc6000040n);
      expect(x0("ARM_SMCCC_VENDOR_HYP_KVM_DISCOVER_IMPL_CPUS_FUNC_ID")).toBe(0xc6000041n);
      expect(abi.sources.find((s) => s.key === "linux-kvm-hypercalls-c-new")).toMatchObject({ repo: "Kingxukai/linux", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f" });
    });
  });
});
