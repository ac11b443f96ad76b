// The same handler module `hcgen serve` answers real guests with (examples/pvdemo/handlers.ts), used
// unchanged in the emulator: no QEMU, the generated TypeScript guest stubs make the calls.
import { describe, expect, it } from "vitest";
import { Machine, registerHandlers, type Vcpu } from "../../runtime/index.js";
import handlers, { FEATURES, HOST_NAME, SERVED_PSCI_VERSION, SERVED_SBI_VERSION } from "../../examples/pvdemo/handlers.js";
import { pvdemoStubs } from "../../examples/pvdemo/generated/ts/index.js";
import { armSmcccStubs, riscvSbiStubs } from "../../generated/ts/index.js";

function emulator() {
  let out = "";
  const sets = handlers({ write: (s) => { out += s; } });
  const m = new Machine({ abis: sets.map((s) => s.abi) });
  registerHandlers(m, sets);
  return { m, out: () => out };
}

describe("examples/pvdemo/handlers.ts in the emulator", () => {
  for (const arch of ["riscv64", "aarch64"] as const) {
    it(`answers the pvdemo guest on ${arch}, reading and writing guest buffers`, () => {
      const { m, out } = emulator();
      const cpu = m.createVcpu(arch) as Vcpu;
      const hc = pvdemoStubs[arch];
      expect(hc.pvdemo_get_features(cpu).results.features).toBe(FEATURES);
      cpu.mem.write(0x8000, new TextEncoder().encode("hello\n"));
      expect(hc.pvdemo_console_write(cpu, { addr: 0x8000n, len: 6n })).toMatchObject({ status: "PVDEMO_OK", results: { written: 6n } });
      const name = hc.pvdemo_get_host_name(cpu, { addr: 0x9000n, len: 64n });
      expect(name).toMatchObject({ status: "PVDEMO_OK", results: { written: BigInt(HOST_NAME.length) } });
      expect(new TextDecoder().decode(cpu.mem.read(0x9000, HOST_NAME.length))).toBe(HOST_NAME);
      expect(hc.pvdemo_console_write(cpu, { addr: 0x8000n, len: 5000n }).status).toBe("PVDEMO_EINVAL");
      expect(hc.pvdemo_console_write(cpu, { addr: 1n << 40n, len: 4n }).status).toBe("PVDEMO_EFAULT");
      expect(out()).toBe("hello\n");
    });
  }

  it("serves the catalog calls with the values the QEMU guests check", () => {
    const { m } = emulator();
    expect(riscvSbiStubs.riscv64.sbi_get_spec_version(m.createVcpu("riscv64")).results.value).toBe(SERVED_SBI_VERSION);
    expect(armSmcccStubs.aarch64.PSCI_0_2_FN_PSCI_VERSION(m.createVcpu("aarch64")).results.version).toBe(SERVED_PSCI_VERSION);
  });
});
