// Pins facts of spec/xen.yaml and spec/hyperv.yaml against their primary sources
// (xen/include/public/*.h, xen/include/hypercall-defs.c, Linux include/hyperv/hvgdk_mini.h, the TLFS).
import { describe, expect, it } from "vitest";
import { tsEmitter } from "../../generator/emit/ts.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { statusName } from "../../generator/observe/decode.js";
import { call, hex, loadAbi, on, trap } from "../helpers/catalog.js";

describe("xen", () => {
  const xen = loadAbi("xen");

  it("__HYPERVISOR_sched_op is 29: rax on x86_64, x16 on aarch64, r12 on arm", () => {
    const c = call(xen, "sched_op");
    expect(on(c, "x86_64").selector).toEqual({ rax: 29n });
    expect(on(c, "aarch64").selector).toEqual({ x16: 29n });
    expect(on(c, "arm").selector).toEqual({ r12: 29n });
    expect(on(c, "i386").selector).toEqual({ eax: 29n });
  });

  it("numbers from xen.h and the xen-devel hunks (dm_op 41, hypfs_op 42, arch_0 mca 48)", () => {
    const n = (name: string) => on(call(xen, name), "x86_64").selector.rax;
    expect(n("set_trap_table")).toBe(0n);
    expect(n("platform_op")).toBe(7n);
    expect(n("memory_op")).toBe(12n);
    expect(n("event_channel_op")).toBe(32n);
    expect(n("argo_op")).toBe(39n);
    expect(n("dm_op")).toBe(41n);
    expect(n("hypfs_op")).toBe(42n);
    expect(n("mca")).toBe(48n);
    expect(n("paging_domctl_cont")).toBe(49n);
    expect(xen.calls.some((c) => c.arches.some((a) => a.selector.rax === 11n))).toBe(false);
    expect(xen.ranges).toContainEqual(expect.objectContaining({ field: "number", from: 48n, to: 55n, use: "arch" }));
  });

  it("arguments go in rdi rsi rdx r10 r8 (x86_64), ebx.. (i386), x0.. (aarch64)", () => {
    const c = call(xen, "hypfs_op");
    const x = on(c, "x86_64").argRegs;
    expect([x.cmd, x.arg1, x.arg2, x.arg3, x.arg4]).toEqual([["rdi"], ["rsi"], ["rdx"], ["r10"], ["r8"]]);
    const i = on(c, "i386").argRegs;
    expect([i.cmd, i.arg1, i.arg2, i.arg3, i.arg4]).toEqual([["ebx"], ["ecx"], ["edx"], ["esi"], ["edi"]]);
    const a = on(c, "aarch64").argRegs;
    expect([a.cmd, a.arg1, a.arg2, a.arg3, a.arg4]).toEqual([["x0"], ["x1"], ["x2"], ["x3"], ["x4"]]);
    expect(on(c, "x86_64").results).toContainEqual(expect.objectContaining({ register: "rax", status: true }));
  });

  it("32-bit guests split 64-bit arguments low half first (compat set_timer_op(lo, hi))", () => {
    expect(on(call(xen, "set_timer_op"), "i386").argRegs.timeout).toEqual(["ebx", "ecx"]);
    expect(on(call(xen, "set_timer_op"), "x86_64").argRegs.timeout).toEqual(["rdi"]);
  });

  it("x86 traps: vmcall/vmmcall in a hypercall page with 32-byte stubs", () => {
    const vmcall = trap(xen, "x86_64", "vmcall");
    const vmmcall = trap(xen, "x86_64", "vmmcall");
    expect(hex(vmcall.bytes)).toBe("0f 01 c1");
    expect(hex(vmmcall.bytes)).toBe("0f 01 d9");
    expect([vmcall.vendor, vmmcall.vendor]).toEqual(["intel", "amd"]);
    expect([vmcall.via, vmcall.stride]).toEqual(["page", 32]);
    expect([vmmcall.via, vmmcall.stride]).toEqual(["page", 32]);
  });

  it("Arm trap: hvc #0xEA1 = 0xd401d422 (AArch64) and 0xe140ea71 (A32), little-endian", () => {
    const a64 = trap(xen, "aarch64", "hvc");
    expect(a64.insn).toBe(0xd401d422n);
    expect(hex(a64.bytes)).toBe("22 d4 01 d4");
    expect(a64.conduit).toBe("hvc");
    const a32 = trap(xen, "arm", "hvc");
    expect(a32.insn).toBe(0xe140ea71n);
    expect(hex(a32.bytes)).toBe("71 ea 40 e1");
    // the 16-bit immediate of both encodings is XEN_HYPERCALL_TAG
    expect((a64.insn! >> 5n) & 0xffffn).toBe(0xea1n);
    expect((((a32.insn! >> 8n) & 0xfffn) << 4n) | (a32.insn! & 0xfn)).toBe(0xea1n);
    expect(xen.magic.find((m) => m.name === "XEN_HYPERCALL_TAG")?.value).toBe(0xea1n);
  });

  it("errors are negated XEN_E* values; ENOSYS reads -38 in the register", () => {
    expect(xen.errors.sign).toBe("negated");
    const enosys = xen.errors.codes.find((e) => e.name === "XEN_ENOSYS")!;
    expect(enosys.value).toBe(38n);
    expect(BigInt.asIntN(64, enosys.register)).toBe(-38n);
    expect(xen.errors.codes.find((e) => e.name === "XEN_EPERM")?.value).toBe(1n);
    expect(xen.errors.codes.find((e) => e.name === "XEN_EFAULT")?.value).toBe(14n);
    // errno.h (c447b73) lists EINTR 4 and ERESTART 85 under #ifdef __XEN__ ("internal only").
    expect(xen.errors.codes.find((e) => e.name === "XEN_EINTR")?.value).toBe(4n);
    expect(xen.errors.codes.find((e) => e.name === "XEN_ERESTART")?.value).toBe(85n);
    expect(xen.errors.roles).toEqual({
      notSupported: "XEN_ENOSYS", failed: "XEN_EIO", invalidAddress: "XEN_EFAULT", denied: "XEN_EPERM",
    });
  });

  it("lists exactly errno.h's codes, with EWOULDBLOCK and EDEADLOCK as declared aliases", () => {
    const v = (n: string) => xen.errors.codes.find((e) => e.name === n);
    // xen/include/public/errno.h: XEN_ERRNO(ENOTDIR, 20) ... XEN_ERRNO(ECONNREFUSED, 111)
    for (const [n, x] of [["XEN_ENOTDIR", 20n], ["XEN_EISDIR", 21n], ["XEN_EROFS", 30n], ["XEN_ENOTEMPTY", 39n], ["XEN_EMSGSIZE", 90n], ["XEN_ECONNREFUSED", 111n]] as const) {
      expect(v(n)?.value).toBe(x);
    }
    // "XEN_ERRNO(EWOULDBLOCK, 11) /* Operation would block.  Aliases EAGAIN */"
    expect(v("XEN_EWOULDBLOCK")).toMatchObject({ value: 11n, aliasOf: "XEN_EAGAIN" });
    expect(v("XEN_EDEADLOCK")).toMatchObject({ value: 35n, aliasOf: "XEN_EDEADLK" });
    expect(v("XEN_EAGAIN")?.aliasOf).toBeNull();
    for (const gone of ["XEN_EBADRQC", "XEN_EBADSLT", "XEN_EUSERS", "XEN_ESHUTDOWN", "XEN_ETOOMANYREFS"]) expect(v(gone)).toBeUndefined();
    expect(xen.errors.codes.length).toBe(51);
  });

  it("decodes a raw status to the alias target, never to the alias", () => {
    const st = { name: "ret", register: "rax", status: true, bits: null };
    expect(statusName(xen, st, BigInt.asUintN(64, -11n), 64)).toBe("XEN_EAGAIN");
    expect(statusName(xen, st, BigInt.asUintN(64, -35n), 64)).toBe("XEN_EDEADLK");
    const stubs = tsEmitter.emit({ hcgen: 1, abis: [xen] }, DEFAULT_EMIT_OPTIONS).find((f) => f.path === "ts/xen.stubs.ts")!.content;
    const map = stubs.slice(stubs.indexOf("const STATUS_64"), stubs.indexOf("]);", stubs.indexOf("const STATUS_64")));
    expect(map).toContain('"XEN_EAGAIN"');
    expect(map).not.toContain("XEN_EWOULDBLOCK");
    expect(map).not.toContain("XEN_EDEADLOCK");
  });

  it("xenoprof_op (31) was dropped in Xen 4.22 and stays reserved", () => {
    const c = call(xen, "xenoprof_op");
    expect(c.lifecycle.removed?.since).toBe("4.22");
    expect(on(c, "x86_64").selector).toEqual({ rax: 31n });
  });

  it("callers follow hypercall-defs.c", () => {
    expect(xen.callers).toEqual(["pv32", "pv64", "hvm32", "hvm64", "arm"]);
    expect(call(xen, "mmu_update").callers).toEqual(["pv32", "pv64"]);
    expect(call(xen, "set_timer_op").callers).toEqual(["pv32", "pv64", "hvm32", "hvm64"]);
    expect(call(xen, "sched_op").callers).toEqual(["pv32", "pv64", "hvm32", "hvm64", "arm"]);
    expect(call(xen, "tmem_op").callers).toEqual([]);
    expect(call(xen, "tmem_op").lifecycle.removed).not.toBeNull();
    expect(call(xen, "sched_op_compat").lifecycle.deprecated?.replacement).toBe("sched_op");
    expect(call(xen, "mmu_update").arches.map((a) => a.arch).sort()).toEqual(["i386", "x86_64"]);
  });

  it("HVM user mode gets -EPERM; CPUID signature XenVMMXenVMM", () => {
    const x = xen.arches.find((a) => a.arch === "x86_64")!;
    expect(x.privilege).toEqual({ allowed: ["kernel"], otherwise: { kind: "error", error: "XEN_EPERM" } });
    const sig = ["XEN_CPUID_SIGNATURE_EBX", "XEN_CPUID_SIGNATURE_ECX", "XEN_CPUID_SIGNATURE_EDX"]
      .map((n) => xen.magic.find((m) => m.name === n)!.value);
    const text = sig.map((v) => Buffer.from([0, 8, 16, 24].map((s) => Number((v >> BigInt(s)) & 0xffn))).toString("latin1")).join("");
    expect(text).toBe("XenVMMXenVMM");
  });
});

describe("hyperv", () => {
  const hv = loadAbi("hyperv");

  it("HVCALL_POST_MESSAGE = 0x5c in rcx bits 15:0, fast bit clear", () => {
    const a = on(call(hv, "HVCALL_POST_MESSAGE"), "x86_64");
    expect(a.id).toEqual({ code: 0x5cn });
    expect(a.selector.rcx! & 0xffffn).toBe(0x5cn);
    expect(a.selector.rcx! & (1n << 16n)).toBe(0n);
    expect(a.argRegs).toEqual({ input: ["rdx"], output: ["r8"] });
  });

  it("the control word layout matches HV_HYPERCALL_* in hvgdk_mini.h", () => {
    const conv = hv.arches.find((a) => a.arch === "x86_64")!.conventions;
    const def = conv.find((c) => c.name === "default")!;
    const parts = def.select.find((s) => s.source === "rcx")!.parts;
    const at = (lo: number) => parts.find((p) => p.lo === lo)!;
    expect(at(0)).toMatchObject({ kind: "field", hi: 15, field: "code" });
    expect(at(16)).toMatchObject({ kind: "const", hi: 16, value: 0n });
    expect(at(17)).toMatchObject({ kind: "arg", hi: 26, arg: "var_header_size" });
    expect(at(31)).toMatchObject({ kind: "const", hi: 31, value: 0n });
    expect(at(32)).toMatchObject({ kind: "arg", hi: 43, arg: "rep_count" });
    expect(at(48)).toMatchObject({ kind: "arg", hi: 59, arg: "rep_start" });
    const fast = conv.find((c) => c.name === "fast")!;
    expect(fast.select.find((s) => s.source === "rcx")!.parts.find((p) => p.lo === 16)).toMatchObject({ kind: "const", value: 1n });
  });

  it("fast calls set bit 16; rep calls place rep_count in the selector", () => {
    const sig = on(call(hv, "HVCALL_SIGNAL_EVENT"), "x86_64");
    expect(sig.convention).toBe("fast");
    expect(sig.selector.rcx).toBe(0x5dn | (1n << 16n));
    expect(sig.argRegs.input1).toEqual(["rdx"]);
    const map = on(call(hv, "HVCALL_MAP_GPA_PAGES"), "x86_64");
    expect(map.argRegs.rep_count).toEqual([]);
    expect(map.selector.rcx).toBe(0x4bn);
  });

  it("status in rax bits 15:0, reps completed in 43:32", () => {
    const r = on(call(hv, "HVCALL_POST_MESSAGE"), "x86_64").results;
    expect(r).toContainEqual({ name: "status", register: "rax", status: true, bits: { hi: 15, lo: 0 } });
    expect(r).toContainEqual({ name: "reps_completed", register: "rax", status: false, bits: { hi: 43, lo: 32 } });
  });

  it("HV_STATUS codes are as-is; roles per the TLFS common status table", () => {
    expect(hv.errors.sign).toBe("as-is");
    const v = (n: string) => hv.errors.codes.find((e) => e.name === n)?.value;
    expect(v("HV_STATUS_SUCCESS")).toBe(0n);
    expect(v("HV_STATUS_INVALID_HYPERCALL_CODE")).toBe(2n);
    expect(v("HV_STATUS_INVALID_HYPERCALL_INPUT")).toBe(3n);
    expect(v("HV_STATUS_INVALID_ALIGNMENT")).toBe(4n);
    expect(v("HV_STATUS_ACCESS_DENIED")).toBe(6n);
    expect(v("HV_STATUS_VTL_ALREADY_ENABLED")).toBe(0x86n);
    expect(hv.errors.codes.find((e) => e.name === "HV_STATUS_INVALID_HYPERCALL_CODE")?.register).toBe(2n);
    expect(hv.errors.roles.notSupported).toBe("HV_STATUS_INVALID_HYPERCALL_CODE");
    expect(hv.errors.roles.denied).toBe("HV_STATUS_ACCESS_DENIED");
  });

  it("traps via the hypercall page; CPL > 0 raises #UD; MSRs and Hv#1", () => {
    expect(hex(trap(hv, "x86_64", "vmcall").bytes)).toBe("0f 01 c1");
    expect(trap(hv, "x86_64", "vmcall").via).toBe("page");
    expect(hex(trap(hv, "x86_64", "vmmcall").bytes)).toBe("0f 01 d9");
    expect(hv.privilege).toEqual({ allowed: ["kernel"], otherwise: { kind: "fault", fault: "#UD" } });
    const m = (n: string) => hv.magic.find((x) => x.name === n);
    expect(m("HV_X64_MSR_GUEST_OS_ID")).toMatchObject({ value: 0x40000000n, location: "MSR" });
    expect(m("HV_X64_MSR_HYPERCALL")).toMatchObject({ value: 0x40000001n, location: "MSR" });
    expect(m("HYPERV_CPUID_INTERFACE_HV1")?.value).toBe(0x31237648n);
    expect(Buffer.from([0x48, 0x76, 0x23, 0x31]).toString("latin1")).toBe("Hv#1"); // little-endian of 0x31237648
  });

  it("lists every HVCALL_* code of hvgdk_mini.h (63) and the seven linux-next adds (70) plus the two extended calls", () => {
    expect(hv.calls.filter((c) => c.name.startsWith("HVCALL_"))).toHaveLength(70);
    expect(on(call(hv, "HV_EXT_CALL_MEMORY_HEAT_HINT"), "x86_64").selector.rcx).toBe(0x8003n);
  });
});
