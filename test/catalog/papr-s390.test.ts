// Pins well-known facts of the PAPR (sPAPR hcall) and s390 DIAGNOSE catalog entries.
import { describe, expect, it } from "vitest";
import { Machine } from "../../runtime/index.js";
import { generate } from "../runtime/generated.js";
import { call, hex, loadAbi, on } from "../helpers/catalog.js";

describe("papr", () => {
  const abi = loadAbi("papr");

  it("uses sc 1 = 0x44000022 on ppc64 (BE) and ppc64le", () => {
    const be = abi.arches.find((a) => a.arch === "ppc64")!;
    const le = abi.arches.find((a) => a.arch === "ppc64le")!;
    expect(be.traps[0]!.insn).toBe(0x44000022n);
    expect(hex(be.traps[0]!.bytes)).toBe("44 00 00 22");
    expect(hex(le.traps[0]!.bytes)).toBe("22 00 00 44");
    expect(be.endian).toBe("big");
    expect(le.endian).toBe("little");
  });

  it("passes the opcode in r3, args in r4..r12, status in r3, outputs from r4", () => {
    for (const arch of ["ppc64", "ppc64le"] as const) {
      const a = abi.arches.find((x) => x.arch === arch)!;
      const conv = a.conventions.find((c) => c.name === "default")!;
      expect(conv.args).toEqual(["r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"]);
      expect(conv.results.find((r) => r.status)?.register).toBe("r3");
      expect(conv.results.filter((r) => !r.status).map((r) => r.register)).toEqual(
        ["r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"]);
      // Linux plpar_hcall volatile set (besides r3-r12): r0, ctr, xer, cr0, cr1, cr5-cr7
      for (const r of ["r0", "ctr", "xer", "cr0", "cr1", "cr5", "cr6", "cr7"]) expect(conv.clobbers).toContain(r);
      for (const r of ["r1", "r2", "r13", "cr2", "cr3", "cr4"]) expect(conv.clobbers).not.toContain(r);
    }
  });

  it("has H_PUT_TERM_CHAR = 0x58 with r4 termno, r5 len, r6/r7 bytes", () => {
    const c = call(abi, "H_PUT_TERM_CHAR");
    for (const arch of ["ppc64", "ppc64le"] as const) {
      const a = on(c, arch);
      expect(a.selector).toEqual({ r3: 0x58n });
      expect(a.args.map((x) => x.name)).toEqual(["termno", "len", "chars0_7", "chars8_15"]);
      expect(a.argRegs).toEqual({ termno: ["r4"], len: ["r5"], chars0_7: ["r6"], chars8_15: ["r7"] });
    }
  });

  it("has H_GET_TERM_CHAR = 0x54 returning len, bytes 0-7, bytes 8-15 in r4..r6", () => {
    const a = on(call(abi, "H_GET_TERM_CHAR"), "ppc64");
    expect(a.selector).toEqual({ r3: 0x54n });
    expect(a.argRegs).toEqual({ termno: ["r4"] });
    expect(a.resultValues.map((r) => r.name)).toEqual(["len", "chars0_7", "chars8_15"]);
  });

  it.each([
    ["H_REMOVE", 0x04n], ["H_ENTER", 0x08n], ["H_LOGICAL_CI_LOAD", 0x3cn], ["H_LOGICAL_CI_STORE", 0x40n],
    ["H_REGISTER_VPA", 0xdcn], ["H_CEDE", 0xe0n], ["H_CONFER", 0xe4n], ["H_PROD", 0xe8n],
    ["H_REGISTER_RPAGES", 0x1acn], ["H_GET_CPU_CHARACTERISTICS", 0x1c8n], ["H_RANDOM", 0x300n],
    ["H_SET_MODE", 0x31cn], ["H_RPT_INVALIDATE", 0x448n], ["H_GUEST_DELETE", 0x488n],
    ["H_RTAS", 0xf000n], ["H_LOGICAL_MEMOP", 0xf001n], ["H_CAS", 0xf002n], ["H_UPDATE_DT", 0xf003n],
    ["KVMPPC_H_VOF_CLIENT", 0xf005n], ["H_GET_24X7_CATALOG_PAGE", 0xf078n], ["H_ENTER_NESTED", 0xf804n],
    ["SVM_H_TPM_COMM", 0xef10n],
  ])("%s has opcode %s", (name, op) => {
    expect(on(call(abi, name), "ppc64").selector).toEqual({ r3: op });
  });

  it("lists every opcode once (one number, one name)", () => {
    const ops = abi.calls.map((c) => on(c, "ppc64").selector.r3);
    expect(new Set(ops).size).toBe(ops.length);
    expect(abi.calls.length).toBeGreaterThanOrEqual(190);
  });

  it("gives the layouts a console guest needs", () => {
    expect(on(call(abi, "H_LOGICAL_CI_LOAD"), "ppc64").argRegs).toEqual({ size: ["r4"], addr: ["r5"] });
    expect(on(call(abi, "H_LOGICAL_CI_STORE"), "ppc64").argRegs).toEqual({ size: ["r4"], addr: ["r5"], value: ["r6"] });
    expect(on(call(abi, "H_RTAS"), "ppc64").argRegs).toEqual({ rtas_args: ["r4"] });
    expect(on(call(abi, "H_SET_MODE"), "ppc64").args.map((a) => a.name)).toEqual(["mflags", "resource", "value1", "value2"]);
    expect(on(call(abi, "H_CEDE"), "ppc64").args).toEqual([]);
    expect(on(call(abi, "H_RANDOM"), "ppc64").resultValues.map((r) => r.name)).toEqual(["value"]);
    expect(on(call(abi, "H_ENTER"), "ppc64").argRegs).toEqual({ flags: ["r4"], ptex: ["r5"], pteh: ["r6"], ptel: ["r7"] });
  });

  it("keeps status codes as-is with their real signs", () => {
    const e = abi.errors;
    expect(e.sign).toBe("as-is");
    const v = (n: string): bigint => e.codes.find((c) => c.name === n)!.value;
    const reg = (n: string): bigint => e.codes.find((c) => c.name === n)!.register;
    expect(v("H_SUCCESS")).toBe(0n);
    expect(v("H_BUSY")).toBe(1n);
    expect(v("H_CLOSED")).toBe(2n);
    expect(v("H_NOT_AVAILABLE")).toBe(3n);
    expect(v("H_LONG_BUSY_ORDER_1_MSEC")).toBe(9900n);
    expect(v("H_LONG_BUSY_ORDER_100_SEC")).toBe(9905n);
    expect(v("H_HARDWARE")).toBe(-1n);
    expect(v("H_FUNCTION")).toBe(-2n);
    expect(v("H_PRIVILEGE")).toBe(-3n);
    expect(v("H_PARAMETER")).toBe(-4n);
    expect(v("H_P2")).toBe(-55n);
    expect(v("H_MULTI_THREADS_ACTIVE")).toBe(-9005n);
    expect(reg("H_FUNCTION")).toBe(0xfffffffffffffffen);
    expect(e.success).toBe("H_SUCCESS");
    expect(e.roles).toEqual({ notSupported: "H_FUNCTION", failed: "H_HARDWARE", invalidAddress: "H_PARAMETER", denied: "H_PRIVILEGE" });
  });

  it("reserves 0xF000..0xFFFC for platform-specific hcalls", () => {
    const r = abi.ranges.find((x) => x.use === "platform")!;
    expect(r.field).toBe("opcode");
    expect([r.from, r.to]).toEqual([0xf000n, 0xfffcn]);
  });

  it("lets only the kernel call, answering H_PRIVILEGE otherwise", () => {
    expect(abi.privilege.allowed).toEqual(["kernel"]);
    expect(abi.privilege.otherwise).toEqual({ kind: "error", error: "H_PRIVILEGE" });
  });
});

describe("s390-diag", () => {
  const abi = loadAbi("s390-diag");
  const s390 = abi.arches.find((a) => a.arch === "s390x")!;

  it("traps with DIAG (opcode 0x83, RS-a) with the function code in the displacement", () => {
    const t = s390.traps[0]!;
    expect(t.insn).toBe(0x83240000n);
    expect(hex(t.bytes)).toBe("83 24 00 00");   // llvm-mc: diag %r2,%r4,0
    expect(t.operand).toEqual({ hi: 11, lo: 0 });
    // diag %r2,%r4,0x500 assembles to 83 24 05 00
    expect(t.insn! | 0x500n).toBe(0x83240500n);
  });

  it("selects DIAG 0x500 functions by @operand and r1, args r2..r7, result r2", () => {
    const conv = s390.conventions.find((c) => c.name === "default")!;
    expect(conv.args).toEqual(["r2", "r3", "r4", "r5", "r6", "r7"]);
    expect(conv.results).toEqual([{ name: "rc", register: "r2", status: true, bits: null }]);
  });

  it("has virtio-ccw notify = DIAG 0x500 subcode 3 with schid, queue, cookie in r2, r3, r4", () => {
    const a = on(call(abi, "KVM_S390_VIRTIO_CCW_NOTIFY"), "s390x");
    expect(a.selector).toEqual({ "@operand": 0x500n, r1: 3n });
    expect(a.argRegs).toEqual({ schid: ["r2"], queue_index: ["r3"], cookie: ["r4"] });
  });

  it("lists every function s390-diag.rst documents", () => {
    const sel = (n: string) => on(call(abi, n), "s390x").selector;
    expect(sel("DIAG500_VIRTIO_NOTIFY")).toEqual({ "@operand": 0x500n, r1: 0n });
    expect(sel("DIAG500_VIRTIO_RESET")).toEqual({ "@operand": 0x500n, r1: 1n });
    expect(sel("DIAG500_VIRTIO_SET_STATUS")).toEqual({ "@operand": 0x500n, r1: 2n });
    expect(sel("DIAG500_STORAGE_LIMIT")).toEqual({ "@operand": 0x500n, r1: 4n });
    expect(sel("DIAG501_KVM_BREAKPOINT")).toEqual({ "@operand": 0x501n });
    expect(sel("DIAG9C_TIME_SLICE_YIELD")).toEqual({ "@operand": 0x9cn });
    expect(abi.calls).toHaveLength(7);
    expect(call(abi, "DIAG500_VIRTIO_RESET").lifecycle.removed).not.toBeNull();
    expect(call(abi, "DIAG500_VIRTIO_SET_STATUS").lifecycle.removed).not.toBeNull();
    expect(call(abi, "DIAG500_VIRTIO_NOTIFY").lifecycle.deprecated).not.toBeNull();
  });

  // QEMU hw/s390x/s390-hypercall.c@aa3a285b: case DIAG500_STORAGE_LIMIT: env->regs[2] =
  // handle_storage_limit() (s390_get_memory_limit() - 1); s390-hypercall.h@f7c16865: DIAG500_STORAGE_LIMIT 4.
  // Linux arch/s390/boot/physmem_info.c@f39b6c46: lghi %r1,4; lghi %r2,0; diag %r2,%r4,0x500; r2 = limit.
  it("returns the storage limit in r2 (QEMU mainline handler, Linux boot caller)", () => {
    const c = call(abi, "DIAG500_STORAGE_LIMIT");
    expect(c.layout).toBe("known");
    expect(c.args).toEqual([]);
    const a = on(c, "s390x");
    expect(a.resultRegs["storage_limit"]?.register).toBe("r2");
    expect(c.results.map((r) => [r.name, r.type])).toEqual([["storage_limit", "u64"]]);
    const src = (k: string) => abi.sources.find((s) => s.key === k);
    expect(src("qemu-storage-limit-patch")).toBeUndefined();   // no longer a patch mail
    expect(src("qemu-hypercall-c")?.commit).toBe("aa3a285b5bc56a4208b3b57d4a55291e9c260107");
  });

  it("raises a privileged-operation exception (code 0x0002) in problem state", () => {
    expect(abi.privilege.allowed).toEqual(["kernel"]);
    expect(abi.privilege.otherwise.kind).toBe("fault");
    if (abi.privilege.otherwise.kind === "fault") expect(abi.privilege.otherwise.fault).toContain("0x0002");
  });

  it("reports errors as negative errno in r2", () => {
    expect(abi.errors.sign).toBe("negated");
    const einval = abi.errors.codes.find((c) => c.name === "EINVAL")!;
    expect(einval.value).toBe(22n);
    expect(einval.register).toBe(-22n & 0xffffffffffffffffn);
  });
});

// DIAG500_STORAGE_LIMIT through the generated stub and the runtime: r1 = 4 selects it, and the handler's
// storage_limit lands in r2 (QEMU: env->regs[2] = s390_get_memory_limit() - 1) and comes back to the guest.
describe("s390-diag DIAG500_STORAGE_LIMIT round trip", async () => {
  const s390 = loadAbi("s390-diag");
  const gen = (await generate("s390-storage-limit", { hcgen: 1, abis: [s390] })).get("s390-diag")!;

  it("the guest reads the 64-bit limit the handler returns in r2", () => {
    const machine = new Machine({ abis: [gen.table] });
    const vcpu = machine.createVcpu("s390x", { mode: "kernel" });
    let r1 = -1n;
    machine.registerHypercall(gen.table, "DIAG500_STORAGE_LIMIT", () => { r1 = vcpu.reg("r1"); return { storage_limit: 0x3_ffff_ffffn }; });
    const got = gen.stubs.s390x!["DIAG500_STORAGE_LIMIT"]!(vcpu, {}) as { results: { storage_limit: bigint } };
    expect(r1).toBe(4n);
    expect(vcpu.reg("r2")).toBe(0x3_ffff_ffffn);
    expect(got.results.storage_limit).toBe(0x3_ffff_ffffn);
  });
});

// Kingxukai/linux 0291023e arch/s390/kvm/diag.c: "int code = kvm_s390_get_base_disp_rs(vcpu, NULL) & 0xffff;",
// "if (... gpsw.mask & PSW_MASK_PSTATE) return kvm_s390_inject_program_int(vcpu, PGM_PRIVILEGED_OP);",
// __diag_virtio_hypercall: gprs[1] != KVM_S390_VIRTIO_CCW_NOTIFY -> -EOPNOTSUPP; gprs[2]/[3]/[4]; gprs[2] = ret.
describe("s390-diag against the newest KVM diag.c read", () => {
  const s390 = loadAbi("s390-diag");
  it("cites it, and CCW_NOTIFY keeps schid/queue/cookie in r2/r3/r4", () => {
    expect(s390.sources.find((s) => s.key === "linux-kvm-diag")).toMatchObject({ repo: "Kingxukai/linux", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f" });
    expect(on(call(s390, "KVM_S390_VIRTIO_CCW_NOTIFY"), "s390x").argRegs).toEqual({ schid: ["r2"], queue_index: ["r3"], cookie: ["r4"] });
    expect(s390.privilege.otherwise).toMatchObject({ kind: "fault" });
  });
});
