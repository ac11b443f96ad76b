// `hcgen serve` on real QEMU: a bare-metal guest built from the generated C stubs calls the fictional
// pvdemo ABI, which neither OpenSBI nor QEMU's PSCI knows; examples/pvdemo/handlers.ts answers through
// the gdbstub (reading and writing guest buffers), serves one catalog call with a value the firmware
// would not give, leaves the rest to the firmware, and the guest prints PASS through a served call
// before powering off. Skipped (with the reason) without clang/lld/QEMU, unless HCGEN_REQUIRE_QEMU=1.
import { describe, expect, it } from "vitest";
import { checkTools, required as requiredFor } from "../helpers/tools.js";
import { buildGuest, compileHandlers, serveOnQemu, toolsOf, type GuestArch } from "./qemu-guest.js";

const required = requiredFor("qemu");
const tools = { riscv64: checkTools("qemu", "hcgen serve riscv64 QEMU test", toolsOf("riscv64")), aarch64: checkTools("qemu", "hcgen serve aarch64 QEMU test", toolsOf("aarch64")) };
const skip = (arch: GuestArch) => tools[arch].skip;

let handlers: string | null = null;
const handlersJs = () => (handlers ??= compileHandlers());

describe("hcgen serve on QEMU", () => {
  it.skipIf(!required)("has the tools it needs (HCGEN_REQUIRE_QEMU=1)", () => {
    for (const c of Object.values(tools)) expect(c.missing, c.failure).toEqual([]);
  });

  it.skipIf(skip("riscv64"))("serves pvdemo and sbi_get_spec_version to a riscv64 guest under OpenSBI", async () => {
    const r = await serveOnQemu("riscv64", buildGuest("riscv64"), handlersJs());
    const log = `serve stderr:\n${r.stderr}\nQEMU stderr: ${r.qemuStderr}`;
    expect(r.stdout, log).toBe("hello from the guest\nPASS\n");
    expect(r.code, log).toBe(0);
    expect(r.qemuExit, log).toBe(0);                                    // powered off by OpenSBI's SRST
    const lines = r.stderr.split("\n").map((l) => l.replace(/ <[\d.]+ms>$/, ""));
    expect(lines).toContain("[riscv64] pvdemo.pvdemo_get_features() = PVDEMO_OK {features=0x3}");
    expect(lines).toContain("[riscv64] pvdemo.pvdemo_get_host_name(addr=0x" + lines.find((l) => l.includes("get_host_name"))!.match(/addr=0x([0-9a-f]+)/)![1] + ", len=0x40) = PVDEMO_OK {written=0x11}");
    expect(lines).toContain("[riscv64] riscv-sbi.sbi_get_spec_version() = SBI_SUCCESS {value=0x700005e}");
    expect(r.stderr).toMatch(/left to the firmware \(riscv-sbi\.sbi_probe_extension: no-handler\)/);
    expect(r.stderr).toMatch(/left to the firmware \(riscv-sbi\.sbi_system_reset: no-handler\)/);
    expect(r.stderr).toMatch(/6 calls served, 2 left to the firmware; guest exited/);
  }, 120_000);

  it.skipIf(skip("riscv64"))("--abi pvdemo: the SBI call it has a handler for is left to OpenSBI, whose answer fails the guest's check 5", async () => {
    const r = await serveOnQemu("riscv64", buildGuest("riscv64"), handlersJs(), ["--abi", "pvdemo"]);
    const log = `serve stderr:\n${r.stderr}\nQEMU stderr: ${r.qemuStderr}`;
    expect(r.stdout, log).toBe("hello from the guest\nFAIL 5\n");     // OpenSBI's spec version, not the served 0x700005e
    expect(r.code, log).toBe(0);
    expect(r.qemuExit, log).toBe(0);
    expect(r.stderr).not.toMatch(/riscv-sbi\.sbi_get_spec_version\(\) = /);
    expect(r.stderr).toMatch(/5 calls served, 3 left to the firmware; guest exited/);
  }, 120_000);

  it.skipIf(skip("aarch64"))("serves pvdemo and PSCI_VERSION to an aarch64 guest under QEMU's PSCI", async () => {
    const r = await serveOnQemu("aarch64", buildGuest("aarch64"), handlersJs());
    const log = `serve stderr:\n${r.stderr}\nQEMU stderr: ${r.qemuStderr}`;
    expect(r.stdout, log).toBe("hello from the guest\nPASS\n");
    expect(r.code, log).toBe(0);
    expect(r.qemuExit, log).toBe(0);                                    // powered off by QEMU's PSCI SYSTEM_OFF
    const lines = r.stderr.split("\n").map((l) => l.replace(/ <[\d.]+ms>$/, ""));
    expect(lines).toContain("[aarch64] pvdemo.pvdemo_get_features() = PVDEMO_OK {features=0x3}");
    expect(lines, log).toContain("[aarch64] arm-smccc.PSCI_0_2_FN_PSCI_VERSION() = SMCCC_RET_SUCCESS {version=6488071}");
    expect(r.stderr).toMatch(/left to the firmware \(arm-smccc\.PSCI_1_0_FN_PSCI_FEATURES: no-handler\)/);
    expect(r.stderr).toMatch(/6 calls served, 2 left to the firmware; guest exited/);
  }, 120_000);
});
