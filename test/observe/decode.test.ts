// `hcgen decode` on real log formats: ftrace kvm_hypercall / kvm_hv_hypercall / kvm_exit lines in the
// TP_printk formats of arch/x86/kvm/trace.h, QEMU `info registers` blocks, name=value dumps, JSON lines.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { decodeCall, decodeResult, formatDecoded, formatValue } from "../../generator/observe/decode.js";
import { parseLog, parseNumber } from "../../generator/observe/logs.js";
import { loadAbi, ROOT } from "../helpers/catalog.js";

const SAMPLES = fileURLToPath(new URL("./samples/", import.meta.url));
const run = async (...args: string[]) => { const io = captureIo(ROOT); const code = await main(args, io); return { code, ...io }; };
const lines = (s: string) => s.trim().split("\n").map((l) => l.replace(/^[^:]+:\d+: /, ""));

describe("hcgen decode", () => {
  it("decodes ftrace kvm_hypercall / kvm_hv_hypercall / kvm_exit lines", async () => {
    const r = await run("decode", `${SAMPLES}kvm-ftrace.txt`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      "exit VMCALL rip 0xffffffff8108a2c1 (hypercall exit)",
      "KVM_HC_KICK_CPU(flags=0, apicid=3) [kvm-x86 x86_64 number=0x5]",
      "exit VMCALL rip 0xffffffff8108a2c1 (hypercall exit)",
      "unknown hypercall nr=0x4d2 [kvm-x86 x86_64]",
      "KVM_HC_MAP_GPA_RANGE(gpa=0x100000, npages=0x10, attrs=0x10) [kvm-x86 x86_64 number=0xc]",
      "exit EPT_VIOLATION rip 0xffffffff81000000",
      "HVCALL_NOTIFY_LONG_SPIN_WAIT(input=0x1000, output=0x2000) [hyperv x86_64 code=0x8]",
    ]);
    expect(r.stdout.split("\n")[1]).toMatch(/kvm-ftrace\.txt:14: /);
  });

  it("decodes QEMU info registers blocks (x10/a0 names)", async () => {
    const r = await run("decode", `${SAMPLES}qemu-riscv-info-registers.txt`);
    expect(lines(r.stdout)).toEqual([
      "sbi_probe_extension(extension_id=0x53525354) [riscv-sbi riscv64 eid=0x10 fid=0x3]",
      "unknown hypercall a7=0xbadca11 a6=0x0 [riscv-sbi riscv64]",
    ]);
  });

  it("decodes JSON lines with results and name=value dumps with --abi", async () => {
    const io = captureIo(ROOT);
    const json = [
      '{"abi":"riscv-sbi","arch":"riscv64","regs":{"a7":"0x10","a6":"0x0"},"after":{"a0":"0","a1":"0x1000000"}}',
      '{"regs":{"a7":"0x10","a6":"0x3","a0":"0x12345678"},"after":{"a0":"0","a1":"0"}}',
      '{"regs":{"a7":"0x53525354","a6":0,"a0":0,"a1":0},"after":{"a0":"-2"}}',
      "not a hypercall line",
      "rax=0xb rbx=0x2 rcx=0x0 rdx=0x0 rsi=0x0",
    ].join("\n");
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const p = join(mkdtempSync(join(tmpdir(), "hcgen-decode-")), "log.jsonl");
    writeFileSync(p, json);
    const code = await main(["decode", "--abi", "riscv-sbi", p], io);
    expect(lines(io.stdout)).toEqual([
      "sbi_get_spec_version() [riscv-sbi riscv64 eid=0x10 fid=0x0] -> SBI_SUCCESS value=0x1000000",
      "sbi_probe_extension(extension_id=0x12345678) [riscv-sbi riscv64 eid=0x10 fid=0x3] -> SBI_SUCCESS value=0",
      "sbi_system_reset(reset_type=0, reset_reason=0) [riscv-sbi riscv64 eid=0x53525354 fid=0x0] -> SBI_ERR_NOT_SUPPORTED",
    ]);
    expect(io.stderr).toMatch(/log\.jsonl:5: ABI 'riscv-sbi' has no arch x86_64/);
    expect(code).toBe(1);
    const x = captureIo(ROOT);
    writeFileSync(p, "rax=0xb rbx=0x2 rcx=0x0 rdx=0x0 rsi=0x0\n");
    expect(await main(["decode", "--abi", "kvm-x86", p], x)).toBe(0);
    expect(lines(x.stdout)).toEqual(["KVM_HC_SCHED_YIELD(dest_apicid=2) [kvm-x86 x86_64 number=0xb]"]);
    const amb = captureIo(ROOT);
    writeFileSync(p, "rax=0xa rbx=0x2 rcx=0x0 rdx=0x0 rsi=0x0\n");
    expect(await main(["decode", p], amb)).toBe(1);
    expect(amb.stderr).toMatch(/ambiguous: kvm-x86 KVM_HC_SEND_IPI, xen update_descriptor; pass --abi/);
  });

  it("usage errors exit 2", async () => {
    expect((await run("decode", "--abi", "nope", "x")).code).toBe(2);
    const r = await run("decode", "/no/such/file");
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("decoder", () => {
  it("prefers the most specific selector (SBI default over legacy) and never guesses", () => {
    const abi = loadAbi("riscv-sbi");
    const arch = abi.arches.find((a) => a.arch === "riscv64")!;
    const legacy = decodeCall(abi, arch, new Map([["a7", 1n], ["a6", 0x77n], ["a0", 0x41n]]));
    expect(formatDecoded(legacy)).toBe("sbi_legacy_console_putchar(ch=65) [riscv-sbi riscv64 eid=0x1]");
    expect(decodeCall(abi, arch, new Map([["a7", 0x10n], ["a6", 0x99n]])).call).toBeNull();
    const d = decodeCall(abi, arch, new Map([["a7", 0x10n], ["a6", 3n], ["a0", 0x10n]]));
    expect(decodeResult(d, new Map([["a0", (1n << 64n) - 3n], ["a1", 0n]])).status).toBe("SBI_ERR_INVALID_PARAM");
  });

  it("reads register pairs on 32-bit arches and status bits (Hyper-V)", () => {
    const sbi = loadAbi("riscv-sbi");
    const rv32 = sbi.arches.find((a) => a.arch === "riscv32")!;
    const t = decodeCall(sbi, rv32, new Map([["a7", 0x54494d45n], ["a6", 0n], ["a0", 0x89abcdefn], ["a1", 0x01234567n]]));
    expect(formatDecoded(t)).toBe("sbi_set_timer(stime_value=0x123456789abcdef) [riscv-sbi riscv32 eid=0x54494d45 fid=0x0]");
    const hv = loadAbi("hyperv");
    const x86 = hv.arches.find((a) => a.arch === "x86_64")!;
    const d = decodeCall(hv, x86, new Map([["rcx", 0x8n], ["rdx", 0n], ["r8", 0n]]));
    expect(decodeResult(d, new Map([["rax", 0x0000_0000_0000_0002n]])).status).toMatch(/^HV_STATUS_INVALID_HYPERCALL_CODE$/);
  });

  it("parses numbers and formats values by type", () => {
    expect(parseNumber("0000000000000010")).toBe(16n);
    expect(parseNumber("0x10")).toBe(16n);
    expect(parseNumber("12")).toBe(12n);
    expect(parseNumber("-2")).toBe(-2n);
    expect(formatValue("i32", 0xfffffffen, 64).text).toBe("-2");
    expect(formatValue("gpa", 0x1000n, 64).text).toBe("0x1000");
    expect(parseLog("rax=1\n").length).toBe(0); // one register is not a dump
  });
});
