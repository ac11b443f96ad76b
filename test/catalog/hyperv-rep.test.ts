// Pins the Hyper-V rep, variable-header and fast calls of spec/hyperv.yaml to their sources:
// Linux's hv_do_rep_hypercall / hv_do_fast_hypercall8/16 callers (torvalds/linux
// drivers/hv/mshv_root_hv_call.c 19c515c, drivers/hv/mshv_common.c 0ebac01, arch/x86/hyperv/mmu.c 0cfa80d, drivers/hv/hv_proc.c 0222eb3,
// arch/x86/hyperv/nested.c 0b11904, arch/x86/hyperv/irqdomain.c 0271e72, arch/x86/hyperv/hv_apic.c 0a3173a)
// and KVM's kvm_hv_hypercall (gregkh/linux arch/x86/kvm/hyperv.c 0d60e99), then round-trips rep calls
// through the generated stubs and the runtime: the control word carries rep_count/rep_start/var_header_size
// and reps_completed comes back from rax bits 43:32.
import { describe, expect, it } from "vitest";
import { Machine } from "../../runtime/index.js";
import { generate } from "../runtime/generated.js";
import { call, loadAbi, on } from "../helpers/catalog.js";

const hv = loadAbi("hyperv");
const x64 = (name: string) => on(call(hv, name), "x86_64");
const argNames = (name: string) => x64(name).args.map((a) => a.name);

// hv_do_rep_hypercall(code, rep_count != 0, ...) callers, by file.
const REP = [
  "HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST", // mmu.c: (…, gva_n, 0, flush, NULL)
  "HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST_EX", // mmu.c: (…, gva_n, nr_bank, flush, NULL)
  "HVCALL_DEPOSIT_MEMORY", // hv_proc.c: (…, page_count, 0, input_page, NULL)
  "HVCALL_WITHDRAW_MEMORY", // mshv_root_hv_call.c: (…, min(remaining, HV_WITHDRAW_BATCH_SIZE), 0, …)
  "HVCALL_MAP_GPA_PAGES", // mshv_root_hv_call.c: (…, rep_count, 0, input_page, NULL)
  "HVCALL_UNMAP_GPA_PAGES",
  "HVCALL_GET_GPA_PAGES_ACCESS_STATES",
  "HVCALL_ACQUIRE_SPARSE_SPA_PAGE_HOST_ACCESS", // hv_call_modify_spa_host_access (code, rep_count, 0, …)
  "HVCALL_RELEASE_SPARSE_SPA_PAGE_HOST_ACCESS",
  "HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST", // nested.c: (…, gpa_n, 0, flush, NULL)
  "HVCALL_GET_VP_REGISTERS", // mshv_common.c: (…, rep_count, 0, input_page, output_page)
  "HVCALL_SET_VP_REGISTERS", // mshv_common.c: (…, rep_count, 0, input_page, NULL)
];
// Callers that pass a variable header size (hv_do_rep_hypercall's varhead_size, or << HV_HYPERCALL_VARHEAD_OFFSET).
const VAR_HEADER = [
  "HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST_EX",
  "HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE_EX", // mmu.c: (…, 0, nr_bank, flush, NULL)
  "HVCALL_SEND_IPI_EX", // hv_apic.c: (HVCALL_SEND_IPI_EX, 0, nr_bank, ipi_arg, NULL)
  "HVCALL_MAP_DEVICE_INTERRUPT", // irqdomain.c: (…, 0, var_size = nr_bank + 1, input, output)
  "HVCALL_GET_VP_STATE", // control = HVCALL_GET_VP_STATE | (page_count << HV_HYPERCALL_VARHEAD_OFFSET)
  "HVCALL_SET_VP_STATE",
];
// kvm_hv_hypercall: `if (unlikely(hc.rep ...)) ret = HV_STATUS_INVALID_HYPERCALL_INPUT`.
const KVM_REJECTS_REP = [
  "HVCALL_NOTIFY_LONG_SPIN_WAIT",
  "HVCALL_SIGNAL_EVENT",
  "HVCALL_POST_MESSAGE",
  "HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE",
  "HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE_EX",
  "HVCALL_SEND_IPI",
  "HVCALL_SEND_IPI_EX",
];

describe("hyperv rep and variable-header calls", () => {
  it.each(REP)("%s is a rep call: rep_count/rep_start in control bits, reps_completed in rax 43:32", (name) => {
    const a = x64(name);
    expect(argNames(name)).toEqual(expect.arrayContaining(["input", "output", "rep_count", "rep_start"]));
    expect(a.argRegs.rep_count).toEqual([]); // carried in the selector, not in a register
    expect(a.argRegs.rep_start).toEqual([]);
    expect(a.argRegs.input).toEqual(["rdx"]);
    expect(a.argRegs.output).toEqual(["r8"]);
    expect(a.results.find((r) => r.name === "reps_completed")).toEqual({ name: "reps_completed", register: "rax", status: false, bits: { hi: 43, lo: 32 } });
    expect(call(hv, name).results.map((r) => r.name)).toEqual(["reps_completed"]);
    expect(a.selector.rcx! >> 16n).toBe(0n); // identity bits only: the rep fields are filled per call
  });

  it.each(VAR_HEADER)("%s takes var_header_size (control bits 26:17)", (name) => {
    expect(argNames(name)).toContain("var_header_size");
    expect(x64(name).argRegs.var_header_size).toEqual([]);
  });

  it.each(KVM_REJECTS_REP)("%s has no rep_count (KVM answers a rep with INVALID_HYPERCALL_INPUT)", (name) => {
    expect(argNames(name)).not.toContain("rep_count");
    expect(call(hv, name).results).toEqual([]);
  });

  it("only the cited calls are rep or variable-header calls", () => {
    const withArg = (arg: string) => hv.calls.filter((c) => c.args.some((a) => a.name === arg)).map((c) => c.name).sort();
    expect(withArg("rep_count")).toEqual([...REP].sort());
    expect(withArg("rep_start")).toEqual([...REP].sort());
    expect(withArg("var_header_size")).toEqual([...VAR_HEADER].sort());
  });

  it("fast calls Linux issues with hv_do_fast_hypercall8/16 set bit 16 and pass inputs in rdx, r8", () => {
    const fast8 = ["HVCALL_INITIALIZE_PARTITION", "HVCALL_FINALIZE_PARTITION", "HVCALL_DELETE_PARTITION", "HVCALL_CLEAR_VIRTUAL_INTERRUPT", "HVCALL_NOTIFY_PORT_RING_EMPTY", "HVCALL_SIGNAL_EVENT"];
    const fast16 = ["HVCALL_DELETE_VP", "HVCALL_DELETE_PORT", "HVCALL_DISCONNECT_PORT", "HVCALL_SEND_IPI"];
    for (const n of [...fast8, ...fast16]) {
      const a = x64(n);
      expect(a.convention, n).toBe("fast");
      expect(a.selector.rcx! & (1n << 16n), n).toBe(1n << 16n);
      expect(Object.values(a.argRegs), n).toEqual(fast8.includes(n) ? [["rdx"]] : [["rdx"], ["r8"]]);
    }
    expect(x64("HVCALL_INITIALIZE_PARTITION").selector.rcx).toBe(0x41n | (1n << 16n));
    expect(x64("HVCALL_DELETE_VP").selector.rcx).toBe(0x4fn | (1n << 16n));
    expect(x64("HVCALL_SEND_IPI").argRegs).toEqual({ vector: ["rdx"], cpu_mask: ["r8"] });
  });

  it("linux-next's calls: numbers from hvgdk_mini.h 66b1405, input blocks in mainline hvhdk_mini.h 4136288", () => {
    const next = { HVCALL_SET_SYSTEM_PROPERTY: 0x6fn, HVCALL_ENTER_SLEEP_STATE: 0x84n, HVCALL_NOTIFY_PARTITION_EVENT: 0x87n, HVCALL_DISABLE_HYP_EX: 0x10fn, HVCALL_MAP_STATS_PAGE2: 0x131n };
    for (const [n, code] of Object.entries(next)) {
      expect(x64(n).selector.rcx, n).toBe(code);
      expect(call(hv, n).cite, n).toEqual(["hvgdk-mini-next", "hvhdk-mini"]);
      expect(argNames(n), n).toEqual(["input", "output"]);
    }
    expect(hv.sources.find((x) => x.key === "hvhdk-mini")).toMatchObject({ repo: "torvalds/linux", path: "include/hyperv/hvhdk_mini.h", commit: "41362886881f6af28fdf416be662c02968c37d81" });
  });

  it("rep calls keep the memory convention (KVM reads the XMM fast form only, which hcgen does not model)", () => {
    for (const n of REP) expect(x64(n).convention, n).toBe("default");
  });
});

describe("hyperv rep calls through the generated stubs and runtime", async () => {
  const gen = (await generate("hyperv-rep", { hcgen: 1, abis: [hv] })).get("hyperv")!;

  function run(name: string, args: Record<string, unknown>, reply: Record<string, unknown>) {
    const machine = new Machine({ abis: [gen.table] });
    const vcpu = machine.createVcpu("x86_64", { mode: "kernel", vendor: "intel" });
    vcpu.pc = 0x40000;
    const seen: { args: unknown; rcx: bigint }[] = [];
    machine.registerHypercall(gen.table, name, (a: unknown) => { seen.push({ args: a, rcx: vcpu.reg("rcx") }); return reply; });
    const got = gen.stubs.x86_64![name]!(vcpu, args);
    return { got, seen, rax: vcpu.reg("rax") };
  }

  it("FLUSH_VIRTUAL_ADDRESS_LIST_EX: var header, rep count and start land in rcx; reps_completed returns", () => {
    const args = { input: 0x1000n, output: 0n, var_header_size: 3, rep_count: 0x123, rep_start: 0x45 };
    const { got, seen, rax } = run("HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST_EX", args, { reps_completed: 0x123 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.rcx).toBe(0x14n | (3n << 17n) | (0x123n << 32n) | (0x45n << 48n));
    expect(seen[0]!.args).toEqual(args);
    expect(rax).toBe(0x123n << 32n); // HV_STATUS_SUCCESS in 15:0, reps completed in 43:32
    expect(got.status).toBe("HV_STATUS_SUCCESS");
    expect(got.results).toEqual({ reps_completed: 0x123 });
  });

  it("MAP_GPA_PAGES: the full 12-bit rep fields survive both ways", () => {
    const args = { input: 0x2000n, output: 0n, rep_count: 0xfff, rep_start: 0xffe };
    const { got, seen } = run("HVCALL_MAP_GPA_PAGES", args, { reps_completed: 0xffe });
    expect(seen[0]!.rcx).toBe(0x4bn | (0xfffn << 32n) | (0xffen << 48n));
    expect(seen[0]!.args).toEqual(args);
    expect(got.results).toEqual({ reps_completed: 0xffe });
  });

  it("the runtime decodes rep fields from a raw control word, not only from its own stubs", () => {
    const entry = gen.table.calls.HVCALL_DEPOSIT_MEMORY.arches.x86_64!;
    const at = gen.table.arches.x86_64!;
    const regs = new BigUint64Array(at.registers.length);
    const slot = (r: string) => at.registers.indexOf(r);
    regs[slot("rcx")] = 0x48n | (7n << 32n) | (2n << 48n);
    regs[slot("rdx")] = 0x3000n;
    expect(entry.decode(regs)).toEqual({ input: 0x3000n, output: 0n, rep_count: 7, rep_start: 2 });
  });
});

// HC152 on the real catalog: drop rep_start from one rep call of spec/hyperv.yaml (a copy in a temp
// dir) and the spec no longer validates, with the error at that call's args.
describe("hyperv: the rep set is checked (HC152)", () => {
  it("the catalog validates, and a copy with HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST's rep_start removed does not", async () => {
    const { readFileSync, writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { loadModel } = await import("../../generator/api.js");
    const { SPEC_DIR } = await import("../helpers/catalog.js");
    const text = readFileSync(join(SPEC_DIR, "hyperv.yaml"), "utf8");
    const line = '      - {"name": "rep_start", "type": "u16", "doc": "rep start index (control bits 59:48)"}\n';
    const at = text.indexOf(line, text.indexOf("  - name: HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST\n"));
    expect(at).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "hcgen-hc152-"));
    const file = join(dir, "hyperv.yaml");
    writeFileSync(file, text.slice(0, at) + text.slice(at + line.length));
    expect(loadModel([join(SPEC_DIR, "hyperv.yaml")]).diagnostics.filter((d) => d.code === "HC152")).toEqual([]);
    const ds = loadModel([file]).diagnostics.filter((d) => d.severity === "error");
    expect(ds.map((d) => [d.code, d.path])).toEqual([["HC152", expect.stringMatching(/^calls\[\d+\]\.args$/)]]);
    expect(ds[0]!.message).toContain("'HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST' is a rep call");
    expect(ds[0]!.message).toContain("argument 'rep_start'");
  });
});

// gregkh/linux arch/x86/kvm/hyperv.c (kvm-hyperv) is_xmm_fast_hypercall: case FLUSH_VIRTUAL_ADDRESS_LIST,
// FLUSH_VIRTUAL_ADDRESS_SPACE, FLUSH_VIRTUAL_ADDRESS_LIST_EX, FLUSH_VIRTUAL_ADDRESS_SPACE_EX, SEND_IPI_EX.
describe("hyperv: XMM fast input is recorded where KVM accepts it, and only there", () => {
  const XMM = ["HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE", "HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST", "HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE_EX", "HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST_EX", "HVCALL_SEND_IPI_EX"];
  it("the five is_xmm_fast_hypercall calls say so; no other call does", () => {
    const marked = hv.calls.filter((c) => c.doc.includes("XMM fast input")).map((c) => c.name).sort();
    expect(marked).toEqual([...XMM].sort());
    for (const n of XMM) expect(call(hv, n).cite).toContain("kvm-hyperv");
    expect(hv.notes.join(" ")).toContain("is_xmm_fast_hypercall");
  });
});
