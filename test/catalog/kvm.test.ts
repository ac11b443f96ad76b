// Pins the facts of spec/kvm-x86.yaml, spec/kvm-ppc.yaml, spec/mips-kvm.yaml and
// spec/loongarch-kvm.yaml that stubs and the runtime depend on. Each expected value is taken from
// Linux (include/uapi/linux/kvm_para.h, arch/*/include/asm/kvm_para.h, epapr_hcalls.h, the KVM
// handlers) and from assembling the trap instructions with llvm-mc, not from the YAML.
import { describe, expect, it } from "vitest";
import type { Abi, ArchName, Call, CallArch } from "../../generator/model.js";
import { loadAbi } from "../helpers/catalog.js";

const x86: Abi = loadAbi("kvm-x86");
const ppc: Abi = loadAbi("kvm-ppc");
const mips: Abi = loadAbi("mips-kvm");
const la: Abi = loadAbi("loongarch-kvm");

function call(abi: Abi, name: string): Call {
  const c = abi.calls.find((x) => x.name === name);
  if (!c) throw new Error(`no call ${name} in ${abi.id}`);
  return c;
}

function on(abi: Abi, name: string, arch: ArchName): CallArch {
  const a = call(abi, name).arches.find((x) => x.arch === arch);
  if (!a) throw new Error(`${name} has no ${arch} entry in ${abi.id}`);
  return a;
}

function arch(abi: Abi, name: ArchName) {
  const a = abi.arches.find((x) => x.arch === name);
  if (!a) throw new Error(`${abi.id} has no arch ${name}`);
  return a;
}

function error(abi: Abi, name: string) {
  const e = abi.errors.codes.find((x) => x.name === name);
  if (!e) throw new Error(`no error ${name} in ${abi.id}`);
  return e;
}

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");

describe("kvm-x86: traps and registers", () => {
  it("has x86_64 and i386 with vmcall (Intel, 0f 01 c1) and vmmcall (AMD, 0f 01 d9)", () => {
    expect(x86.arches.map((a) => a.arch).sort()).toEqual(["i386", "x86_64"]);
    for (const a of x86.arches) {
      const [vmcall, vmmcall] = a.traps;
      expect(vmcall!.mnemonic).toBe("vmcall");
      expect(vmcall!.vendor).toBe("intel");
      expect(hex(vmcall!.bytes)).toBe("0f 01 c1");
      expect(vmmcall!.mnemonic).toBe("vmmcall");
      expect(vmmcall!.vendor).toBe("amd");
      expect(hex(vmmcall!.bytes)).toBe("0f 01 d9");
      expect(a.otherVendor).toEqual({ kind: "patch" });
    }
  });

  it("takes the number in rax, arguments in rbx rcx rdx rsi and returns in rax (eax.. on i386)", () => {
    const d64 = arch(x86, "x86_64").conventions[0]!;
    expect(d64.args).toEqual(["rbx", "rcx", "rdx", "rsi"]);
    expect(d64.results).toEqual([{ name: "ret", register: "rax", status: true, bits: null }]);
    const d32 = arch(x86, "i386").conventions[0]!;
    expect(d32.args).toEqual(["ebx", "ecx", "edx", "esi"]);
    expect(d32.results[0]!.register).toBe("eax");
  });

  it("shares the kvm number space", () => {
    expect(x86.numberSpace).toBe("kvm");
    expect(mips.numberSpace).toBe("kvm");
  });
});

describe("kvm-x86: calls", () => {
  it("numbers KVM_HC_* as include/uapi/linux/kvm_para.h does", () => {
    const numbers: Record<string, bigint> = {
      KVM_HC_VAPIC_POLL_IRQ: 1n,
      KVM_HC_MMU_OP: 2n,
      KVM_HC_KICK_CPU: 5n,
      KVM_HC_CLOCK_PAIRING: 9n,
      KVM_HC_SEND_IPI: 10n,
      KVM_HC_SCHED_YIELD: 11n,
      KVM_HC_MAP_GPA_RANGE: 12n,
    };
    expect(x86.calls.map((c) => c.name).sort()).toEqual(Object.keys(numbers).sort());
    for (const [name, n] of Object.entries(numbers)) {
      expect(on(x86, name, "x86_64").selector).toEqual({ rax: n });
      expect(on(x86, name, "i386").selector).toEqual({ eax: n });
    }
  });

  it("selects KVM_HC_MAP_GPA_RANGE with rax = 0xc and passes gpa, npages, attrs in rbx, rcx, rdx", () => {
    const c = on(x86, "KVM_HC_MAP_GPA_RANGE", "x86_64");
    expect(c.selector).toEqual({ rax: 0xcn });
    expect(c.argRegs).toEqual({ gpa: ["rbx"], npages: ["rcx"], attrs: ["rdx"] });
    expect(call(x86, "KVM_HC_MAP_GPA_RANGE").gates).toContain("KVM_FEATURE_HC_MAP_GPA_RANGE");
  });

  it("passes KVM_HC_KICK_CPU's APIC ID as the second argument (rcx) and gates it on PV_UNHALT", () => {
    expect(on(x86, "KVM_HC_KICK_CPU", "x86_64").argRegs["apicid"]).toEqual(["rcx"]);
    expect(call(x86, "KVM_HC_KICK_CPU").gates).toEqual(["KVM_FEATURE_PV_UNHALT"]);
    expect(call(x86, "KVM_HC_SEND_IPI").gates).toEqual(["KVM_FEATURE_PV_SEND_IPI"]);
    expect(call(x86, "KVM_HC_SCHED_YIELD").gates).toEqual(["KVM_FEATURE_PV_SCHED_YIELD"]);
  });

  it("keeps word-sized arguments in one register on i386", () => {
    const ipi = on(x86, "KVM_HC_SEND_IPI", "i386");
    expect(ipi.argRegs).toEqual({ bitmap_low: ["ebx"], bitmap_high: ["ecx"], min: ["edx"], icr: ["esi"] });
    expect(ipi.args.map((a) => a.type)).toEqual(["ulong", "ulong", "u32", "ulong"]);
    expect(on(x86, "KVM_HC_MAP_GPA_RANGE", "i386").argRegs).toEqual({ gpa: ["ebx"], npages: ["ecx"], attrs: ["edx"] });
  });

  it("marks KVM_HC_MMU_OP removed", () => {
    expect(call(x86, "KVM_HC_MMU_OP").lifecycle.removed).not.toBeNull();
    expect(call(x86, "KVM_HC_VAPIC_POLL_IRQ").lifecycle.removed).toBeNull();
  });
});

describe("kvm-x86: errors, privilege, magic", () => {
  it("returns negated KVM_E* codes: KVM_ENOSYS = 1000 is -1000 in rax", () => {
    expect(x86.errors.sign).toBe("negated");
    expect(error(x86, "KVM_ENOSYS").value).toBe(1000n);
    expect(error(x86, "KVM_ENOSYS").register).toBe(BigInt.asUintN(64, -1000n));
    expect(error(x86, "KVM_EPERM").value).toBe(1n);
    expect(error(x86, "KVM_EFAULT").value).toBe(14n);
    expect(error(x86, "KVM_EINVAL").value).toBe(22n);
    expect(error(x86, "KVM_E2BIG").value).toBe(7n);
    expect(error(x86, "KVM_EOPNOTSUPP").value).toBe(95n);
    expect(x86.errors.roles.notSupported).toBe("KVM_ENOSYS");
    expect(x86.errors.roles.denied).toBe("KVM_EPERM");
  });

  it("allows only CPL 0 and answers KVM_EPERM otherwise", () => {
    expect(x86.privilege).toEqual({ allowed: ["kernel"], otherwise: { kind: "error", error: "KVM_EPERM" } });
  });

  it("names the CPUID leaves 0x40000000 and 0x40000001", () => {
    const sig = x86.magic.find((m) => m.name === "KVM_CPUID_SIGNATURE")!;
    expect(sig.value).toBe(0x40000000n);
    expect(x86.magic.find((m) => m.name === "KVM_CPUID_FEATURES")!.value).toBe(0x40000001n);
  });

  it("spells KVMKVMKVM\\0\\0\\0 little-endian across ebx, ecx, edx", () => {
    const le = (s: string): bigint => [...s].reduceRight((v, ch) => (v << 8n) | BigInt(ch.charCodeAt(0)), 0n);
    const reg = (n: string) => x86.magic.find((m) => m.name === n)!.value;
    expect(reg("KVM_CPUID_SIGNATURE_EBX")).toBe(le("KVMK"));
    expect(reg("KVM_CPUID_SIGNATURE_ECX")).toBe(le("VMKV"));
    expect(reg("KVM_CPUID_SIGNATURE_EDX")).toBe(le("M\0\0\0"));
    expect(reg("KVM_CPUID_SIGNATURE_EBX")).toBe(0x4b4d564bn);
  });
});

describe("kvm-ppc: traps and token", () => {
  it("uses sc 1 = 0x44000022, laid out per endianness", () => {
    for (const a of ppc.arches) {
      expect(a.traps[0]!.insn).toBe(0x44000022n);
    }
    expect(hex(arch(ppc, "ppc64").traps[0]!.bytes)).toBe("44 00 00 22");
    expect(hex(arch(ppc, "ppc").traps[0]!.bytes)).toBe("44 00 00 22");
    expect(hex(arch(ppc, "ppc64le").traps[0]!.bytes)).toBe("22 00 00 44");
  });

  it("has the PR magic sequence lis/ori/sc/nop with KVM_SC_MAGIC_R0 = 'KVM!' in r0", () => {
    const pr = arch(ppc, "ppc64").traps.find((t) => t.name === "kvm_pr")!;
    expect(pr.sequence.map((s) => s.insn)).toEqual([0x3c004b56n, 0x60004d21n, 0x44000002n, 0x60000000n]);
    expect(pr.sequence.map((s) => s.trap)).toEqual([false, false, true, false]);
    expect(pr.insn).toBe(0x44000002n);
    expect(pr.magic).toEqual(["KVM_SC_MAGIC_R0"]);
    const magic = ppc.magic.find((m) => m.name === "KVM_SC_MAGIC_R0")!;
    expect(magic.value).toBe(0x4b564d21n);
    expect(magic.register).toBe("r0");
  });

  it("builds the r11 token as vendor << 16 | number", () => {
    expect(on(ppc, "KVM_HC_FEATURES", "ppc64").selector).toEqual({ r11: (42n << 16n) | 3n });
    expect(on(ppc, "KVM_HC_PPC_MAP_MAGIC_PAGE", "ppc64").selector).toEqual({ r11: 0x2a0004n });
    expect(on(ppc, "EV_IDLE", "ppc").selector).toEqual({ r11: (1n << 16n) | 16n });
    expect(on(ppc, "EV_BYTE_CHANNEL_SEND", "ppc64le").selector).toEqual({ r11: 0x10001n });
  });

  it("passes arguments in r3.. and returns the status in r3, outputs from r4", () => {
    const d = arch(ppc, "ppc64").conventions[0]!;
    expect(d.args).toEqual(["r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"]);
    expect(d.results[0]).toEqual({ name: "status", register: "r3", status: true, bits: null });
    expect(d.results[1]!.register).toBe("r4");
    const send = on(ppc, "EV_BYTE_CHANNEL_SEND", "ppc64");
    expect(send.argRegs).toEqual({
      handle: ["r3"], count: ["r4"], data0: ["r5"], data1: ["r6"], data2: ["r7"], data3: ["r8"],
    });
    const cfg = on(ppc, "EV_INT_GET_CONFIG", "ppc");
    expect(cfg.resultValues.map((r) => r.name)).toEqual(["config", "priority", "destination"]);
  });

  it("lists the ePAPR numbers of epapr_hcalls.h", () => {
    const ev: Record<string, bigint> = {
      EV_BYTE_CHANNEL_SEND: 1n, EV_BYTE_CHANNEL_RECEIVE: 2n, EV_BYTE_CHANNEL_POLL: 3n,
      EV_INT_SET_CONFIG: 4n, EV_INT_GET_CONFIG: 5n, EV_INT_SET_MASK: 6n, EV_INT_GET_MASK: 7n,
      EV_INT_IACK: 9n, EV_INT_EOI: 10n, EV_INT_SEND_IPI: 11n, EV_INT_SET_TASK_PRIORITY: 12n,
      EV_INT_GET_TASK_PRIORITY: 13n, EV_DOORBELL_SEND: 14n, EV_MSGSND: 15n, EV_IDLE: 16n,
    };
    for (const [name, n] of Object.entries(ev)) {
      expect(on(ppc, name, "ppc64").id).toEqual({ vendor: 1n, number: n });
    }
  });

  it("returns the positive ePAPR status codes as they are", () => {
    expect(ppc.errors.sign).toBe("as-is");
    expect(ppc.errors.success).toBe("EV_SUCCESS");
    expect(error(ppc, "EV_EPERM").value).toBe(1n);
    expect(error(ppc, "EV_EINVAL").value).toBe(8n);
    expect(error(ppc, "EV_UNIMPLEMENTED").register).toBe(12n);
    expect(error(ppc, "EV_BUFFER_OVERFLOW").value).toBe(13n);
    expect(ppc.errors.roles.notSupported).toBe("EV_UNIMPLEMENTED");
  });
});

describe("mips-kvm", () => {
  it("traps with hypcall = 0x42000028, code in bits 20:11", () => {
    expect(mips.arches.map((a) => a.arch).sort()).toEqual(["mips", "mips64", "mips64el", "mipsel"]);
    for (const a of mips.arches) {
      expect(a.traps[0]!.insn).toBe(0x42000028n);
      expect(a.traps[0]!.operand).toEqual({ hi: 20, lo: 11 });
    }
    expect(hex(arch(mips, "mips64").traps[0]!.bytes)).toBe("42 00 00 28");
    expect(hex(arch(mips, "mips64el").traps[0]!.bytes)).toBe("28 00 00 42");
  });

  it("takes the number in v0 with code 0, arguments in a0-a3, result in v0", () => {
    expect(on(mips, "KVM_HC_MIPS_GET_CLOCK_FREQ", "mips64el").selector).toEqual({ "@operand": 0n, v0: 6n });
    expect(on(mips, "KVM_HC_MIPS_EXIT_VM", "mips").selector).toEqual({ "@operand": 0n, v0: 7n });
    const out = on(mips, "KVM_HC_MIPS_CONSOLE_OUTPUT", "mips64");
    expect(out.selector).toEqual({ "@operand": 0n, v0: 8n });
    expect(out.argRegs).toEqual({ port: ["a0"], buf: ["a1"], count: ["a2"] });
    const d = arch(mips, "mips64el").conventions[0]!;
    expect(d.args).toEqual(["a0", "a1", "a2", "a3"]);
    expect(d.results[0]!.register).toBe("v0");
  });

  it("answers -KVM_ENOSYS (register value -1000)", () => {
    expect(mips.errors.sign).toBe("negated");
    expect(error(mips, "KVM_ENOSYS").register).toBe(BigInt.asUintN(64, -1000n));
  });
});

describe("loongarch-kvm", () => {
  it("traps with hvcl = 0x002b8000 and a 15-bit code in bits 14:0", () => {
    const a = arch(la, "loongarch64");
    expect(a.traps[0]!.insn).toBe(0x002b8000n);
    expect(a.traps[0]!.operand).toEqual({ hi: 14, lo: 0 });
    expect(hex(a.traps[0]!.bytes)).toBe("00 80 2b 00");
  });

  it("selects KVM_HCALL_SERVICE (hvcl 0x100) functions with a0 and passes args in a1-a5", () => {
    expect(on(la, "KVM_HCALL_FUNC_IPI", "loongarch64").selector).toEqual({ "@operand": 0x100n, a0: 1n });
    expect(on(la, "KVM_HCALL_FUNC_NOTIFY", "loongarch64").selector).toEqual({ "@operand": 0x100n, a0: 2n });
    expect(on(la, "KVM_HCALL_FUNC_IPI", "loongarch64").argRegs).toEqual({
      bitmap_low: ["a1"], bitmap_high: ["a2"], min: ["a3"],
    });
    expect(arch(la, "loongarch64").conventions[0]!.args).toEqual(["a1", "a2", "a3", "a4", "a5"]);
  });

  it("encodes the other codes as vendor 1 << 8 | code", () => {
    expect(on(la, "KVM_HCALL_SWDBG", "loongarch64").selector).toEqual({ "@operand": 0x101n });
    expect(on(la, "KVM_HCALL_USER_SERVICE", "loongarch64").selector).toEqual({ "@operand": 0x102n });
  });

  it("returns 0, -1 and -2 in a0", () => {
    expect(la.errors.sign).toBe("as-is");
    expect(error(la, "KVM_HCALL_SUCCESS").value).toBe(0n);
    expect(error(la, "KVM_HCALL_INVALID_CODE").register).toBe(0xffffffffffffffffn);
    expect(error(la, "KVM_HCALL_INVALID_PARAMETER").register).toBe(0xfffffffffffffffen);
  });

  it("identifies KVM with cpucfg 0x40000000 reading 'KVM\\0' little-endian", () => {
    const sig = la.magic.find((m) => m.name === "KVM_SIGNATURE")!;
    expect(sig.value).toBe(0x004d564bn);
    expect(la.magic.find((m) => m.name === "CPUCFG_KVM_FEATURE")!.value).toBe(0x40000004n);
  });
});

// Re-pin: Documentation/virt/kvm/x86/hypercalls.rst read at torvalds/linux 65e575744264 ("Up to four
// arguments may be passed in rbx, rcx, rdx, and rsi"; per-call "a0: ..., a1: ..." lines), LoongArch
// exit.c at torvalds/linux 3dda6495 (kvm_send_pv_ipi reads A1, A1+1, A3; kvm_save_notify reads A1, A2).
describe("kvm: layouts pinned to the re-pinned sources", () => {
  const RST = "65e575744264b28811c1a82c2640b1257cabf22f";
  const src = (abi: Abi, key: string) => abi.sources.find((s) => s.key === key);

  it("cites hypercalls.rst at 65e57574 in kvm-x86, kvm-ppc and mips-kvm", () => {
    for (const abi of [x86, ppc, mips]) expect(src(abi, "hypercalls_rst")?.commit, abi.id).toBe(RST);
  });

  it("KVM_HC_SEND_IPI: a0 bitmap low, a1 bitmap high, a2 lowest APIC ID, a3 ICR = rbx, rcx, rdx, rsi", () => {
    expect(on(x86, "KVM_HC_SEND_IPI", "x86_64").argRegs).toEqual({ bitmap_low: ["rbx"], bitmap_high: ["rcx"], min: ["rdx"], icr: ["rsi"] });
    expect(on(x86, "KVM_HC_SEND_IPI", "x86_64").id).toEqual({ number: 10n });
  });

  it("KVM_HC_CLOCK_PAIRING: a0 = guest physical address written by the host, a1 = clock_type", () => {
    const c = call(x86, "KVM_HC_CLOCK_PAIRING");
    expect(c.args.map((a) => [a.name, a.type, a.dir])).toEqual([["paddr", "gpa", "out"], ["clock_type", "ulong", null]]);
    expect(on(x86, "KVM_HC_CLOCK_PAIRING", "x86_64").argRegs).toEqual({ paddr: ["rbx"], clock_type: ["rcx"] });
  });

  // Kingxukai/linux 0291023e include/uapi/linux/kvm_para.h: "#define KVM_HC_SCHED_YIELD 11",
  // "#define KVM_HC_MAP_GPA_RANGE 12" (the last one), "#define KVM_EOPNOTSUPP 95", "#define KVM_ENOSYS 1000".
  it("takes 11 and 12 from the newest kvm_para.h read, which ends at 12", () => {
    expect(src(x86, "kvm_para_12")).toMatchObject({ repo: "Kingxukai/linux", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f" });
    const nums = x86.calls.map((c) => on(x86, c.name, "x86_64").id.number!).sort((a, b) => Number(a - b));
    expect(nums[nums.length - 1]).toBe(12n);
    expect(call(x86, "KVM_HC_MAP_GPA_RANGE").cite).toContain("kvm_para_12");
    expect(x86.errors.codes.find((e) => e.name === "KVM_EOPNOTSUPP")?.value).toBe(95n);
  });

  it("KVM_HC_SCHED_YIELD (11): a0 = destination APIC ID in rbx", () => {
    expect(on(x86, "KVM_HC_SCHED_YIELD", "x86_64")).toMatchObject({ id: { number: 11n }, argRegs: { dest_apicid: ["rbx"] } });
  });

  it("LoongArch KVM_HCALL_FUNC_IPI: bitmap in a1/a2, min in a3; NOTIFY: feature a1, data a2", () => {
    expect(on(la, "KVM_HCALL_FUNC_IPI", "loongarch64").argRegs).toEqual({ bitmap_low: ["a1"], bitmap_high: ["a2"], min: ["a3"] });
    expect(on(la, "KVM_HCALL_FUNC_NOTIFY", "loongarch64").argRegs).toEqual({ feature: ["a1"], data: ["a2"] });
    expect(call(la, "KVM_HCALL_FUNC_NOTIFY").cite).toEqual(expect.arrayContaining(["exit_c_torvalds", "uapi_kvm_para_torvalds"]));
    expect(src(la, "exit_c_torvalds")?.commit).toBe("3dda64958d5824df3a33905f8d3a46f9e5e35e0f");
  });
});

// Kingxukai/linux 0291023e arch/loongarch/kvm/exit.c: kvm_save_notify "case BIT(KVM_FEATURE_STEAL_TIME):",
// default -> KVM_HCALL_INVALID_CODE; kvm_handle_hypercall "case KVM_HCALL_USER_SERVICE:" copies A0..A5
// into run->hypercall.args[0..5]; no KVM_HCALL_CRASH case.
describe("loongarch-kvm: the newest mainline-based exit.c read (exit_c_next)", () => {
  it("NOTIFY follows the BIT(feature) host; USER_SERVICE passes a0-a5; CRASH is not in that file", () => {
    expect(la.sources.find((s) => s.key === "exit_c_next")).toMatchObject({ repo: "Kingxukai/linux", path: "arch/loongarch/kvm/exit.c" });
    expect(call(la, "KVM_HCALL_FUNC_NOTIFY").args[0]!.doc).toContain("BIT(feature)");
    expect(call(la, "KVM_HCALL_FUNC_NOTIFY").cite).toContain("exit_c_next");
    const us = on(la, "KVM_HCALL_USER_SERVICE", "loongarch64");
    expect(us.argRegs).toEqual({ arg0: ["a0"], arg1: ["a1"], arg2: ["a2"], arg3: ["a3"], arg4: ["a4"], arg5: ["a5"] });
    expect(call(la, "KVM_HCALL_USER_SERVICE").cite).toContain("exit_c_next");
    expect(call(la, "KVM_HCALL_CRASH").cite).not.toContain("exit_c_next");
  });
});

// Kingxukai/linux 0291023e arch/x86/include/uapi/asm/kvm_para.h: "#define KVM_CPUID_FEATURES 0x40000001",
// "#define KVM_FEATURE_PV_UNHALT 7", "KVM_FEATURE_PV_SEND_IPI 11", "KVM_FEATURE_PV_SCHED_YIELD 13",
// "KVM_FEATURE_HC_MAP_GPA_RANGE 16", "KVM_MAP_GPA_RANGE_PAGE_SZ_2M (1 << 0)", "_1G (1 << 1)", "ENC_STAT(n) (n << 4)".
describe("kvm-x86: gates and CPUID leaves against the newest x86 kvm_para.h read", () => {
  it("pins x86_kvm_para to that tree and keeps each call's gate", () => {
    expect(x86.sources.find((s) => s.key === "x86_kvm_para")).toMatchObject({ repo: "Kingxukai/linux", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f" });
    expect(call(x86, "KVM_HC_KICK_CPU").gates).toEqual(["KVM_FEATURE_PV_UNHALT"]);
    expect(call(x86, "KVM_HC_SEND_IPI").gates).toEqual(["KVM_FEATURE_PV_SEND_IPI"]);
    expect(call(x86, "KVM_HC_SCHED_YIELD").gates).toEqual(["KVM_FEATURE_PV_SCHED_YIELD"]);
    expect(call(x86, "KVM_HC_MAP_GPA_RANGE").gates).toContain("KVM_FEATURE_HC_MAP_GPA_RANGE");
    expect(x86.magic.find((m) => m.name === "KVM_CPUID_FEATURES")?.value).toBe(0x40000001n);
    expect(call(x86, "KVM_HC_MAP_GPA_RANGE").args[2]!.doc).toMatch(/bits 3:0 page size \(0 4K, 1 2M, 2 1G\), bit 4 encrypted/);
  });
});

// Kingxukai/linux 0291023e arch/mips/kvm/hypcall.c: "num = vcpu->arch.gprs[2]; /* v0 */", "args[0] =
// vcpu->arch.gprs[4]; /* a0 */" .. gprs[7], "*hret = -KVM_ENOSYS;", code "(inst.co_format.code >> 5) & 0x3ff".
describe("mips-kvm against the newest hypcall.c read", () => {
  it("cites it; number in v0, four arguments a0-a3, every call answers -KVM_ENOSYS", () => {
    expect(mips.sources.find((s) => s.key === "hypcall_c")).toMatchObject({ repo: "Kingxukai/linux", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f" });
    for (const c of mips.calls) {
      expect(c.errors, c.name).toEqual(["KVM_ENOSYS"]);
      for (const a of c.arches) expect(Object.values(a.argRegs).flat().every((r) => ["a0", "a1", "a2", "a3"].includes(r)), c.name).toBe(true);
    }
  });
});

// Kingxukai/linux 0291023e arch/powerpc/include/uapi/asm/epapr_hcalls.h ("#define EV_IDLE 16",
// "#define EV_KVM_VENDOR_ID 42", "#define EV_BUFFER_OVERFLOW 13") and arch/powerpc/kvm/powerpc.c
// kvmppc_kvm_pv ("int nr = kvmppc_get_gpr(vcpu, 11)", "kvmppc_set_gpr(vcpu, 4, r2)").
describe("kvm-ppc against the newest epapr_hcalls.h and powerpc.c read", () => {
  it("cites them; tokens, return codes and the magic-page layout are unchanged", () => {
    for (const k of ["epapr_uapi", "powerpc_c"]) expect(ppc.sources.find((s) => s.key === k), k).toMatchObject({ repo: "Kingxukai/linux", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f" });
    expect(on(ppc, "EV_IDLE", "ppc64").selector).toEqual({ r11: (1n << 16n) | 16n });
    expect(on(ppc, "KVM_HC_PPC_MAP_MAGIC_PAGE", "ppc64").selector).toEqual({ r11: (42n << 16n) | 4n });
    expect(on(ppc, "KVM_HC_PPC_MAP_MAGIC_PAGE", "ppc64").argRegs).toEqual({ real_addr: ["r3"], eaddr_flags: ["r4"] });
    expect(on(ppc, "KVM_HC_PPC_MAP_MAGIC_PAGE", "ppc64").resultRegs["magic_features"]?.register).toBe("r4");
    expect(ppc.errors.codes.find((e) => e.name === "EV_BUFFER_OVERFLOW")?.value).toBe(13n);
  });
});
