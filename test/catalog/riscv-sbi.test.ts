// Pins the facts of spec/riscv-sbi.yaml that stubs and the runtime depend on. Each expected value
// is taken from the SBI specification (riscv-non-isa/riscv-sbi-doc), cross-checked against Linux's
// arch/riscv/include/asm/sbi.h and OpenSBI's sbi_ecall_interface.h, not from the YAML.
import { describe, expect, it } from "vitest";
import type { Abi, ArchName, Call, CallArch } from "../../generator/model.js";
import { loadAbi } from "../helpers/catalog.js";

const abi: Abi = loadAbi("riscv-sbi");

function call(name: string): Call {
  const c = abi.calls.find((x) => x.name === name);
  if (!c) throw new Error(`no call ${name} in riscv-sbi`);
  return c;
}

function on(name: string, arch: ArchName): CallArch {
  const a = call(name).arches.find((x) => x.arch === arch);
  if (!a) throw new Error(`${name} has no ${arch} entry`);
  return a;
}

/** Big-endian packing of ASCII, as the SBI names its extension IDs ("TIME" = 0x54494D45). */
function ascii(s: string): bigint {
  let v = 0n;
  for (const ch of s) v = (v << 8n) | BigInt(ch.charCodeAt(0));
  return v;
}

describe("riscv-sbi: arches and trap", () => {
  it("has riscv64 and riscv32, both trapping with ecall = 73 00 00 00", () => {
    expect(abi.arches.map((a) => a.arch).sort()).toEqual(["riscv32", "riscv64"]);
    for (const a of abi.arches) {
      const trap = a.traps[0]!;
      expect(trap.mnemonic).toBe("ecall");
      expect(trap.insn).toBe(0x00000073n);
      expect([...trap.bytes]).toEqual([0x73, 0x00, 0x00, 0x00]);
    }
  });

  it("passes 64-bit values on riscv32 as a low-first register pair", () => {
    const rv32 = abi.arches.find((a) => a.arch === "riscv32")!;
    expect(rv32.word).toBe(32);
    expect(rv32.pairOrder).toBe("low-first");
    expect(on("sbi_set_timer", "riscv32").argRegs["stime_value"]).toEqual(["a0", "a1"]);
    expect(on("sbi_set_timer", "riscv64").argRegs["stime_value"]).toEqual(["a0"]);
    expect(on("sbi_pmu_counter_config_matching", "riscv32").argRegs["event_data"]).toEqual(["a4", "a5"]);
  });

  it("keeps XLEN-wide arguments in one register on riscv32", () => {
    const send = on("sbi_send_ipi", "riscv32");
    expect(send.argRegs).toEqual({ hart_mask: ["a0"], hart_mask_base: ["a1"] });
    expect(send.args.map((a) => a.type)).toEqual(["ulong", "ulong"]);
    expect(on("sbi_send_ipi", "riscv64").argRegs).toEqual({ hart_mask: ["a0"], hart_mask_base: ["a1"] });
    // A uint64_t argument is still a pair on riscv32 (low half first), one register on riscv64.
    expect(on("sbi_set_timer", "riscv32").argRegs).toEqual({ stime_value: ["a0", "a1"] });
    expect(on("sbi_set_timer", "riscv64").argRegs).toEqual({ stime_value: ["a0"] });
  });
});

describe("riscv-sbi: calling conventions", () => {
  it("selects sbi_get_spec_version with a7 = 0x10, a6 = 0 and returns error in a0, value in a1", () => {
    const c = on("sbi_get_spec_version", "riscv64");
    expect(c.selector).toEqual({ a7: 0x10n, a6: 0n });
    expect(c.results.map((r) => [r.name, r.register, r.status])).toEqual([
      ["error", "a0", true],
      ["value", "a1", false],
    ]);
  });

  it("selects legacy console_putchar by a7 = 1 alone, with a single result in a0", () => {
    for (const arch of ["riscv64", "riscv32"] as const) {
      const c = on("sbi_legacy_console_putchar", arch);
      expect(c.convention).toBe("legacy");
      expect(c.selector).toEqual({ a7: 1n });
      expect(c.results.map((r) => r.register)).toEqual(["a0"]);
      expect(c.argRegs["ch"]).toEqual(["a0"]);
    }
  });

  it("has the nine deprecated legacy extensions at EIDs 0x00-0x08", () => {
    const legacy = abi.calls.filter((c) => c.group === "legacy");
    const byEid = legacy.map((c) => [on(c.name, "riscv64").selector["a7"], c.name]).sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(byEid).toEqual([
      [0x00n, "sbi_legacy_set_timer"],
      [0x01n, "sbi_legacy_console_putchar"],
      [0x02n, "sbi_legacy_console_getchar"],
      [0x03n, "sbi_legacy_clear_ipi"],
      [0x04n, "sbi_legacy_send_ipi"],
      [0x05n, "sbi_legacy_remote_fence_i"],
      [0x06n, "sbi_legacy_remote_sfence_vma"],
      [0x07n, "sbi_legacy_remote_sfence_vma_asid"],
      [0x08n, "sbi_legacy_shutdown"],
    ]);
    for (const c of legacy) {
      expect(c.lifecycle.deprecated, c.name).not.toBeNull();
      expect(c.lifecycle.since).toBe("0.1");
    }
    expect(call("sbi_legacy_set_timer").lifecycle.deprecated!.replacement).toBe("sbi_set_timer");
  });
});

describe("riscv-sbi: extension and function IDs", () => {
  // EID of each ratified extension (SBI v3.0 chapter titles) and its number of functions.
  const extensions: [group: string, eid: bigint, name: string | null, functions: number][] = [
    ["base", 0x10n, null, 7],
    ["time", 0x54494d45n, "TIME", 1],
    ["ipi", 0x735049n, "sPI", 1],
    ["rfence", 0x52464e43n, "RFNC", 7],
    ["hsm", 0x48534dn, "HSM", 4],
    ["srst", 0x53525354n, "SRST", 1],
    ["pmu", 0x504d55n, "PMU", 9],
    ["dbcn", 0x4442434en, "DBCN", 3],
    ["susp", 0x53555350n, "SUSP", 1],
    ["cppc", 0x43505043n, "CPPC", 4],
    ["nacl", 0x4e41434cn, "NACL", 5],
    ["sta", 0x535441n, "STA", 1],
    ["sse", 0x535345n, "SSE", 10],
    ["fwft", 0x46574654n, "FWFT", 2],
    ["dbtr", 0x44425452n, "DBTR", 8],
    ["mpxy", 0x4d505859n, "MPXY", 8],
  ];

  it.each(extensions)("%s has EID %s and FIDs 0..n-1", (group, eid, name, functions) => {
    if (name !== null) expect(ascii(name)).toBe(eid);
    const calls = abi.calls.filter((c) => c.group === group);
    expect(calls).toHaveLength(functions);
    const fids = calls.map((c) => on(c.name, "riscv64").selector["a6"]!).sort((a, b) => Number(a - b));
    expect(fids).toEqual(Array.from({ length: functions }, (_, i) => BigInt(i)));
    for (const c of calls) {
      expect(on(c.name, "riscv64").selector["a7"], c.name).toBe(eid);
      expect(on(c.name, "riscv32").selector["a7"], c.name).toBe(eid);
      expect(c.lifecycle.since, c.name).toMatch(/^\d+\.\d+$/);
    }
  });

  it("pins individual EIDs and FIDs", () => {
    expect(on("sbi_system_reset", "riscv64").selector).toEqual({ a7: 0x53525354n, a6: 0n });
    expect(on("sbi_set_timer", "riscv64").selector).toEqual({ a7: 0x54494d45n, a6: 0n });
    expect(on("sbi_debug_console_write", "riscv64").selector).toEqual({ a7: 0x4442434en, a6: 0n });
    expect(on("sbi_debug_console_write_byte", "riscv64").selector).toEqual({ a7: 0x4442434en, a6: 2n });
    expect(on("sbi_hart_suspend", "riscv64").selector).toEqual({ a7: 0x48534dn, a6: 3n });
    expect(on("sbi_remote_hfence_vvma", "riscv64").selector).toEqual({ a7: 0x52464e43n, a6: 6n });
    expect(on("sbi_pmu_event_get_info", "riscv64").selector).toEqual({ a7: 0x504d55n, a6: 8n });
    expect(on("sbi_sse_hart_mask", "riscv64").selector).toEqual({ a7: 0x535345n, a6: 9n });
  });

  it("records the SBI version that introduced each function", () => {
    expect(call("sbi_get_spec_version").lifecycle.since).toBe("0.2");
    expect(call("sbi_hart_suspend").lifecycle.since).toBe("0.3");
    expect(call("sbi_system_reset").lifecycle.since).toBe("0.3");
    expect(call("sbi_pmu_counter_fw_read_hi").lifecycle.since).toBe("2.0");
    expect(call("sbi_debug_console_write").lifecycle.since).toBe("2.0");
    expect(call("sbi_pmu_event_get_info").lifecycle.since).toBe("3.0");
    expect(call("sbi_mpxy_get_shmem_size").lifecycle.since).toBe("3.0");
  });
});

describe("riscv-sbi: errors, ranges, magic, privilege", () => {
  it("has the v3.0 error table, stored as-is", () => {
    expect(abi.errors.sign).toBe("as-is");
    expect(abi.errors.success).toBe("SBI_SUCCESS");
    const byName = new Map(abi.errors.codes.map((e) => [e.name, e.value]));
    const expected: [string, bigint][] = [
      ["SBI_SUCCESS", 0n], ["SBI_ERR_FAILED", -1n], ["SBI_ERR_NOT_SUPPORTED", -2n], ["SBI_ERR_INVALID_PARAM", -3n],
      ["SBI_ERR_DENIED", -4n], ["SBI_ERR_INVALID_ADDRESS", -5n], ["SBI_ERR_ALREADY_AVAILABLE", -6n],
      ["SBI_ERR_ALREADY_STARTED", -7n], ["SBI_ERR_ALREADY_STOPPED", -8n], ["SBI_ERR_NO_SHMEM", -9n],
      ["SBI_ERR_INVALID_STATE", -10n], ["SBI_ERR_BAD_RANGE", -11n], ["SBI_ERR_TIMEOUT", -12n], ["SBI_ERR_IO", -13n],
      ["SBI_ERR_DENIED_LOCKED", -14n],
    ];
    expect(new Map(expected)).toEqual(byName);
    const notSupported = abi.errors.codes.find((e) => e.name === "SBI_ERR_NOT_SUPPORTED")!;
    expect(notSupported.register).toBe(0xfffffffffffffffen);
    expect(abi.errors.roles).toEqual({
      notSupported: "SBI_ERR_NOT_SUPPORTED",
      failed: "SBI_ERR_FAILED",
      invalidAddress: "SBI_ERR_INVALID_ADDRESS",
      denied: "SBI_ERR_DENIED",
    });
  });

  it("reserves the legacy, experimental, vendor and firmware EID spaces", () => {
    const ranges = abi.ranges.map((r) => [r.name, r.use, r.from, r.to]);
    expect(ranges).toEqual(expect.arrayContaining([
      ["legacy", "legacy", 0x00n, 0x08n],
      ["legacy_reserved", "reserved", 0x09n, 0x0fn],
      ["experimental", "experimental", 0x08000000n, 0x08ffffffn],
      ["vendor", "vendor", 0x09000000n, 0x09ffffffn],
      ["firmware", "firmware", 0x0a000000n, 0x0affffffn],
    ]));
    // No standard (non-legacy) call sits inside a vendor, experimental or firmware range.
    for (const c of abi.calls.filter((x) => x.group !== "legacy")) {
      const eid = on(c.name, "riscv64").selector["a7"]!;
      for (const r of abi.ranges) expect(eid >= r.from && eid <= r.to, `${c.name} in ${r.name}`).toBe(false);
    }
  });

  it("lists the SBI implementation IDs as sbi_get_impl_id results", () => {
    const impl = abi.magic.filter((m) => m.location === "sbi_get_impl_id result");
    expect(impl.find((m) => m.name === "SBI_IMPL_ID_OPENSBI")!.value).toBe(1n);
    expect(impl.find((m) => m.name === "SBI_IMPL_ID_BBL")!.value).toBe(0n);
    expect(impl.find((m) => m.name === "SBI_IMPL_ID_KVM")!.value).toBe(3n);
    expect(impl.map((m) => m.value).sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i)));
  });

  it("is called from supervisor mode; a U-mode ecall goes to the kernel", () => {
    expect(abi.privilege.allowed).toContain("kernel");
    expect(abi.privilege.allowed).not.toContain("user");
    expect(abi.privilege.otherwise).toEqual({ kind: "reflect", to: "kernel" });
  });

  it("names every identity uniquely and cites a source for every call", () => {
    const ids = abi.calls.map((c) => {
      const s = on(c.name, "riscv64").selector;
      return `${s["a7"]}/${s["a6"] ?? "-"}`;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(abi.calls).toHaveLength(81);
    for (const c of abi.calls) expect(c.cite.length, c.name).toBeGreaterThan(0);
  });
});

// Re-pin to riscv-sbi-doc 8a545effe9b5 (after "The SBI v3.0 is ratified now", c33ad9f): each expected
// value below is read from that commit's chapter (C signature in the "=== Function: ... (FID #n)"
// heading block, then the function's error table), not from the YAML.
describe("riscv-sbi: layouts pinned to riscv-sbi-doc 8a545eff", () => {
  const SBI_DOC = "8a545effe9b50484ff897d9815d7d9015cdef203";
  const names = (n: string) => call(n).args.map((a) => `${a.name}:${a.type}`);
  const regs = (n: string) => on(n, "riscv64").argRegs;

  it("cites every specification chapter at that commit", () => {
    const chapters = abi.sources.filter((s) => s.repo === "riscv-non-isa/riscv-sbi-doc");
    expect(chapters.length).toBeGreaterThanOrEqual(20);
    for (const s of chapters) expect(s.commit, s.key).toBe(SBI_DOC);
  });

  it("ext-sse.adoc: sbi_sse_read_attrs(uint32_t event_id, uint32_t base_attr_id, uint32_t attr_count, unsigned long output_phys_lo, unsigned long output_phys_hi), FID #0", () => {
    expect(on("sbi_sse_read_attrs", "riscv64").id).toMatchObject({ eid: ascii("SSE"), fid: 0n });
    expect(names("sbi_sse_read_attrs")).toEqual(["event_id:u32", "base_attr_id:u32", "attr_count:u32", "output_phys_lo:ulong", "output_phys_hi:ulong"]);
    expect(regs("sbi_sse_read_attrs")).toEqual({ event_id: ["a0"], base_attr_id: ["a1"], attr_count: ["a2"], output_phys_lo: ["a3"], output_phys_hi: ["a4"] });
  });

  it("ext-sse.adoc: sbi_sse_write_attrs errors now include SBI_ERR_DENIED (read-only) and SBI_ERR_INVALID_STATE", () => {
    expect(call("sbi_sse_write_attrs").errors).toEqual(expect.arrayContaining(["SBI_ERR_DENIED", "SBI_ERR_INVALID_STATE", "SBI_ERR_BAD_RANGE", "SBI_ERR_INVALID_ADDRESS"]));
    // read_attrs did not gain them: its table is NOT_SUPPORTED, INVALID_PARAM, BAD_RANGE, INVALID_ADDRESS, FAILED.
    expect(call("sbi_sse_read_attrs").errors).not.toContain("SBI_ERR_DENIED");
  });

  it("ext-nested-acceleration.adoc: sbi_nacl_set_shmem(lo, hi, flags), FID #1, may fail with SBI_ERR_FAILED", () => {
    expect(on("sbi_nacl_set_shmem", "riscv64").id).toMatchObject({ fid: 1n });
    expect(regs("sbi_nacl_set_shmem")).toEqual({ shmem_phys_lo: ["a0"], shmem_phys_hi: ["a1"], flags: ["a2"] });
    expect(call("sbi_nacl_set_shmem").errors).toEqual(["SBI_ERR_INVALID_PARAM", "SBI_ERR_INVALID_ADDRESS", "SBI_ERR_FAILED"]);
    expect(names("sbi_nacl_sync_sret")).toEqual([]);
    expect(on("sbi_nacl_sync_sret", "riscv64").id).toMatchObject({ fid: 4n });
  });

  it("ext-firmware-features.adoc: sbi_fwft_set(uint32_t feature, unsigned long value, unsigned long flags) returns SBI_ERR_DENIED_LOCKED for a locked feature", () => {
    expect(on("sbi_fwft_set", "riscv64").id).toMatchObject({ eid: ascii("FWFT"), fid: 0n });
    expect(names("sbi_fwft_set")).toEqual(["feature:u32", "value:ulong", "flags:ulong"]);
    expect(call("sbi_fwft_set").errors).toContain("SBI_ERR_DENIED_LOCKED");
    expect(abi.notes.join(" ")).not.toContain("was not confirmed");
  });

  it("ext-hsm.adoc: sbi_hart_suspend(uint32_t suspend_type, unsigned long resume_addr, unsigned long opaque), FID #3", () => {
    expect(on("sbi_hart_suspend", "riscv64").id).toMatchObject({ eid: ascii("HSM"), fid: 3n });
    expect(call("sbi_hart_suspend").args.map((a) => a.name)).toEqual(["suspend_type", "resume_addr", "opaque"]);
    expect(call("sbi_hart_suspend").args[0]!.type).toBe("u32");
  });

  it("ext-debug-triggers.adoc: uninstall/enable/disable take (trig_idx_base, trig_idx_mask) in a0, a1 (FIDs 5-7)", () => {
    for (const [n, fid] of [["sbi_debug_uninstall_triggers", 5n], ["sbi_debug_enable_triggers", 6n], ["sbi_debug_disable_triggers", 7n]] as const) {
      expect(on(n, "riscv64").id).toMatchObject({ eid: ascii("DBTR"), fid });
      expect(regs(n)).toEqual({ trig_idx_base: ["a0"], trig_idx_mask: ["a1"] });
    }
  });

  it("ext-mpxy.adoc: read/write attributes take three uint32_t (channel, base attribute, count); get_shmem_size takes none", () => {
    expect(on("sbi_mpxy_read_attributes", "riscv64").id).toMatchObject({ eid: ascii("MPXY"), fid: 3n });
    expect(call("sbi_mpxy_read_attributes").args.map((a) => a.type)).toEqual(["u32", "u32", "u32"]);
    expect(on("sbi_mpxy_write_attributes", "riscv64").id).toMatchObject({ fid: 4n });
    expect(call("sbi_mpxy_get_shmem_size").args).toEqual([]);
    expect(on("sbi_mpxy_get_notification_events", "riscv64").id).toMatchObject({ fid: 7n });
  });

  it("ext-pmu.adoc: sbi_pmu_counter_config_matching passes uint64_t event_data as a pair on riscv32 only", () => {
    expect(on("sbi_pmu_counter_config_matching", "riscv64").argRegs).toEqual({ counter_idx_base: ["a0"], counter_idx_mask: ["a1"], config_flags: ["a2"], event_idx: ["a3"], event_data: ["a4"] });
    expect(on("sbi_pmu_event_get_info", "riscv64").id).toMatchObject({ eid: 0x504d55n, fid: 8n });
  });
});

// Kingxukai/linux 0291023e arch/riscv/include/asm/sbi.h: SBI_EXT_NACL = 0x4E41434C (FIDs 0x0-0x4),
// SBI_EXT_FWFT = 0x46574654, SBI_EXT_FWFT_SET 0x0 / GET 0x1, SBI_EXT_PMU_COUNTER_FW_READ_HI (6),
// SBI_EXT_PMU_SNAPSHOT_SET_SHMEM (7), SBI_ERR_NO_SHMEM -9 .. SBI_ERR_DENIED_LOCKED -14.
describe("riscv-sbi: agrees with the newest Linux sbi.h read (linux-sbi-next)", () => {
  it("NACL, FWFT, PMU 6-7 and errors -9..-14 as that header defines them", () => {
    expect(abi.sources.find((s) => s.key === "linux-sbi-next")).toMatchObject({ repo: "Kingxukai/linux", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f" });
    const nacl = ["sbi_nacl_probe_feature", "sbi_nacl_set_shmem", "sbi_nacl_sync_csr", "sbi_nacl_sync_hfence", "sbi_nacl_sync_sret"];
    nacl.forEach((n, fid) => expect(on(n, "riscv64").id, n).toEqual({ eid: 0x4e41434cn, fid: BigInt(fid) }));
    expect(on("sbi_fwft_set", "riscv64").id).toEqual({ eid: 0x46574654n, fid: 0n });
    expect(on("sbi_fwft_get", "riscv64").id).toEqual({ eid: 0x46574654n, fid: 1n });
    expect(on("sbi_pmu_counter_fw_read_hi", "riscv64").id).toEqual({ eid: 0x504d55n, fid: 6n });
    expect(on("sbi_pmu_snapshot_set_shmem", "riscv64").id).toEqual({ eid: 0x504d55n, fid: 7n });
    const err = (n: string) => abi.errors.codes.find((c) => c.name === n)?.value;
    expect(["SBI_ERR_NO_SHMEM", "SBI_ERR_INVALID_STATE", "SBI_ERR_BAD_RANGE", "SBI_ERR_TIMEOUT", "SBI_ERR_IO", "SBI_ERR_DENIED_LOCKED"].map(err))
      .toEqual([-9n, -10n, -11n, -12n, -13n, -14n]);
    for (const n of [...nacl, "sbi_fwft_set", "sbi_fwft_get"]) expect(call(n).cite, n).toContain("linux-sbi-next");
  });
});
