// Guest stubs never write guest memory (#12): the trap bytes are fetched from the stub's own code,
// so a guest buffer at stubBase (0x1000) survives a stub call byte for byte, for one-instruction
// traps (ecall, vmcall), both vendors' instructions, and calls forwarded to an outer machine.
import { describe, expect, it } from "vitest";
import { Machine } from "../../runtime/index.js";
import { kvmX86Abi, kvmX86Stubs, riscvSbiAbi, riscvSbiStubs } from "../../generated/ts/index.js";

/** 4096 bytes that no trap encoding matches at any offset (no 0x73, 0x0f, 0x01 bytes). */
function pattern(): Uint8Array {
  return Uint8Array.from({ length: 4096 }, (_, i) => 0x80 + (i % 0x70));
}

describe("stubs leave guest memory alone", () => {
  it("a guest buffer at 0x1000 survives a riscv64 stub call, and the handler reads it unchanged", () => {
    const m = new Machine({ abis: [riscvSbiAbi] });
    const cpu = m.createVcpu("riscv64");
    expect(cpu.stubBase).toBe(0x1000);
    const buf = pattern();
    cpu.mem.write(0x1000, buf);
    let seen: Uint8Array | null = null;
    m.registerHypercall(riscvSbiAbi, "sbi_debug_console_write", (args, vcpu) => {
      seen = vcpu.mem.read(args.base_addr_lo, Number(args.num_bytes));
      return { value: args.num_bytes };
    });
    const r = riscvSbiStubs.riscv64.sbi_debug_console_write(cpu, { num_bytes: 16n, base_addr_lo: 0x1000n, base_addr_hi: 0n });
    expect(r.status).toBe("SBI_SUCCESS");
    expect(r.results.value).toBe(16n);
    expect(seen).toEqual(buf.subarray(0, 16));
    expect(cpu.mem.read(0x1000, 4096)).toEqual(buf);
    expect(cpu.stubCode).toBeNull();
  });

  it("allocates no guest page at all, and restores pc", () => {
    const m = new Machine({ abis: [riscvSbiAbi] });
    const cpu = m.createVcpu("riscv64");
    cpu.pc = 0x4242;
    m.registerHypercall(riscvSbiAbi, "sbi_debug_console_write", (args) => ({ value: args.num_bytes }));
    riscvSbiStubs.riscv64.sbi_debug_console_write(cpu, { num_bytes: 1n, base_addr_lo: 0n, base_addr_hi: 0n });
    expect(m.mem.allocatedPages).toBe(0);
    expect(cpu.pc).toBe(0x4242);
  });

  it("works with a machine smaller than stubBase (the trap is not in guest memory)", () => {
    const m = new Machine({ abis: [riscvSbiAbi], memorySize: 0x800 });
    const cpu = m.createVcpu("riscv64");
    m.registerHypercall(riscvSbiAbi, "sbi_debug_console_write", (args) => ({ value: args.num_bytes }));
    expect(riscvSbiStubs.riscv64.sbi_debug_console_write(cpu, { num_bytes: 3n, base_addr_lo: 0n, base_addr_hi: 0n }).results.value).toBe(3n);
  });

  it("x86_64 vmcall and vmmcall stubs, forwarded to an outer machine, leave 0x1000 unchanged", () => {
    const outer = new Machine({ abis: [kvmX86Abi] });
    const inner = new Machine({ abis: [kvmX86Abi], outer });
    let calls = 0;
    outer.registerHypercall(kvmX86Abi, "KVM_HC_VAPIC_POLL_IRQ", () => { calls++; return {}; });
    for (const vendor of ["intel", "amd"] as const) {
      const cpu = inner.createVcpu("x86_64", { vendor });
      const buf = pattern();
      cpu.mem.write(0x1000, buf);
      expect(kvmX86Stubs.x86_64.KVM_HC_VAPIC_POLL_IRQ(cpu).raw).toBe(0n);
      expect(cpu.mem.read(0x1000, 4096)).toEqual(buf);
    }
    expect(calls).toBe(2);
  });

  it("a trap the guest itself placed at 0x1000 still runs from guest memory when no stub is running", () => {
    const m = new Machine({ abis: [riscvSbiAbi] });
    const cpu = m.createVcpu("riscv64");
    m.registerHypercall(riscvSbiAbi, "sbi_debug_console_write", (args) => ({ value: args.num_bytes + 1n }));
    cpu.mem.write(0x1000, [0x73, 0, 0, 0]);          // ecall
    cpu.pc = 0x1000;
    cpu.setReg("a7", 0x4442434en); cpu.setReg("a6", 0n); cpu.setReg("a0", 5n);
    expect(cpu.step()).toMatchObject({ kind: "returned", by: "handler", call: "sbi_debug_console_write" });
    expect(cpu.reg("a1")).toBe(6n);
    expect(cpu.pc).toBe(0x1004);
  });
});
