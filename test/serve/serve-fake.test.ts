// serveGdb against a scripted gdbstub (no QEMU): served calls write their results and move pc past
// the trap, handlers read and write guest memory through m/M, a refused address is the ABI's
// invalid-address answer, a call no handler serves is stepped over into the firmware, and a broken
// link (malformed packet, killed QEMU, silence) is an RspError, never a hang or an uncaught error.
import { afterEach, describe, expect, it } from "vitest";
import { RspError } from "../../generator/observe/rsp.js";
import { serveGdb } from "../../generator/serve/serve.js";
import { Machine, registerHandlers } from "../../runtime/index.js";
import handlers, { FEATURES, HOST_NAME, SERVED_SBI_VERSION } from "../../examples/pvdemo/handlers.js";
import { pvdemoAbi } from "../../examples/pvdemo/generated/ts/index.js";
import { A, ECALL, FakeGdbstub, type FakeOptions } from "./fake-gdbstub.js";

const CODE = 0x80200000, DATA = 0x80300000;
const fakes: FakeGdbstub[] = [];
afterEach(() => { for (const f of fakes.splice(0)) f.close(); });

async function start(o: Partial<FakeOptions> & Pick<FakeOptions, "program">): Promise<{ fake: FakeGdbstub; port: number }> {
  const data = new Uint8Array(256);
  data.set(new TextEncoder().encode("hello"), 0);
  const fake = await FakeGdbstub.start({ mapped: [{ start: CODE, bytes: new Uint8Array([...ECALL, 0x13, 0, 0, 0, ...ECALL]) }, { start: DATA, bytes: data }], ...o });
  fakes.push(fake);
  return { fake, port: fake.port };
}

function host(extra?: (m: Machine) => void) {
  let out = "";
  const logged: string[] = [];
  const sets = handlers({ write: (s) => { out += s; } });
  const m = new Machine({ abis: sets.map((s) => s.abi), log: (msg) => logged.push(msg) });
  registerHandlers(m, sets);
  extra?.(m);
  const lines: string[] = [];
  m.tracer = (e) => lines.push(`${e.abi}.${e.call} = ${e.status}`);
  return { m, lines, logged, out: () => out };
}

const code = [{ start: BigInt(CODE), size: 12, name: ".text" }];
const opts = (port: number) => ({ host: "127.0.0.1", port, arch: "riscv64" as const, code, connectTimeoutMs: 2000, packetTimeoutMs: 1000, runTimeoutMs: 2000 });

describe("serveGdb against a scripted riscv64 gdbstub", () => {
  it("serves pvdemo calls, reads and writes guest memory, and leaves unserved calls to the firmware", async () => {
    const { fake, port } = await start({
      program: [
        { pc: BigInt(CODE), regs: { [A(7)]: 1n } },                                               // get_features
        { pc: BigInt(CODE + 8), regs: { [A(7)]: 2n, [A(0)]: BigInt(DATA), [A(1)]: 5n } },       // console_write("hello")
        { pc: BigInt(CODE), regs: { [A(7)]: 4n, [A(0)]: BigInt(DATA + 0x40), [A(1)]: 32n } },   // get_host_name
        { pc: BigInt(CODE), regs: { [A(7)]: 2n, [A(0)]: 0x1000n, [A(1)]: 4n } },                // unmapped buffer
        { pc: BigInt(CODE), regs: { [A(7)]: 0x10n, [A(6)]: 3n, [A(0)]: 0x53525354n } },         // sbi_probe_extension: firmware
        { pc: BigInt(CODE + 8), regs: { [A(7)]: 0x10n, [A(6)]: 0n } },                          // sbi_get_spec_version: served
        "exit",
      ],
    });
    const h = host();
    const r = await serveGdb(h.m, opts(port));
    const st = await fake.state();
    expect(r).toEqual({ served: 5, firmware: 1, end: "guest exited (status 0)", exitCode: 0 });
    expect([...st.breakpoints].sort()).toEqual([BigInt(CODE), BigInt(CODE + 8)]);
    const after = st.atContinue.slice(1); // registers each stop left behind
    expect([after[0]![32], after[0]![A(0)], after[0]![A(1)]]).toEqual([BigInt(CODE + 4), 0n, FEATURES]);
    expect([after[1]![32], after[1]![A(0)], after[1]![A(1)]]).toEqual([BigInt(CODE + 12), 0n, 5n]);
    expect(h.out()).toBe("hello");
    expect(after[2]![A(1)]).toBe(BigInt(HOST_NAME.length));
    expect(new TextDecoder().decode(Uint8Array.from({ length: HOST_NAME.length }, (_, i) => st.byte(DATA + 0x40 + i)!))).toBe(HOST_NAME);
    expect(BigInt.asIntN(64, after[3]![A(0)]!)).toBe(-14n);                     // PVDEMO_EFAULT
    // The probe ran in the firmware: breakpoint lifted, one step, breakpoint back, continue; no register written.
    const probe = st.log.indexOf("s");
    expect(st.log.slice(probe - 1, probe + 3)).toEqual([`z0,${CODE.toString(16)},4`, "s", `Z0,${CODE.toString(16)},4`, "c"]);
    expect(after[5]![A(1)]).toBe(SERVED_SBI_VERSION);
    expect(h.lines).toEqual([
      "pvdemo.pvdemo_get_features = PVDEMO_OK", "pvdemo.pvdemo_console_write = PVDEMO_OK", "pvdemo.pvdemo_get_host_name = PVDEMO_OK",
      "pvdemo.pvdemo_console_write = PVDEMO_EFAULT", "riscv-sbi.sbi_get_spec_version = SBI_SUCCESS",
    ]);
  });

  it("abis: only the named ABIs are served; other ABIs' calls run no handler and are left to the firmware", async () => {
    const { fake, port } = await start({
      program: [
        { pc: BigInt(CODE), regs: { [A(7)]: 0x10n, [A(6)]: 0n } },      // sbi_get_spec_version: has a handler, not served
        { pc: BigInt(CODE + 8), regs: { [A(7)]: 1n } },                  // pvdemo_get_features: served
        "exit",
      ],
    });
    const h = host();
    const r = await serveGdb(h.m, { ...opts(port), abis: ["pvdemo"] });
    const st = await fake.state();
    expect(r).toEqual({ served: 1, firmware: 1, end: "guest exited (status 0)", exitCode: 0 });
    // The SBI call was stepped over untouched (no G packet before the step): the firmware answers it.
    const step = st.log.indexOf("s");
    expect(st.log.slice(step - 1, step + 3)).toEqual([`z0,${CODE.toString(16)},4`, "s", `Z0,${CODE.toString(16)},4`, "c"]);
    expect(st.log.slice(0, step).some((p) => p.startsWith("G"))).toBe(false);
    expect(st.atContinue[2]![A(1)]).toBe(FEATURES);
    expect(h.lines).toEqual(["pvdemo.pvdemo_get_features = PVDEMO_OK"]);   // the SBI handler never ran
  });

  it("abis: an id the machine does not have, or none at all, is refused before connecting", async () => {
    await expect(serveGdb(host().m, { ...opts(1), abis: ["pvdemoo"] })).rejects.toThrow("abis: 'pvdemoo' is not one of this machine's ABIs (pvdemo, riscv-sbi, arm-smccc)");
    await expect(serveGdb(host().m, { ...opts(1), abis: [] })).rejects.toThrow("abis: name at least one of this machine's ABIs (pvdemo, riscv-sbi, arm-smccc)");
  });

  it("a handler that throws gets the ABI's failed answer, is logged, and the guest goes on", async () => {
    const { fake, port } = await start({ program: [{ pc: BigInt(CODE), regs: { [A(7)]: 3n, [A(0)]: 1n } }, { pc: BigInt(CODE), regs: { [A(7)]: 1n } }, "exit"] });
    const h = host((m) => { const abi = m.abis.find((a) => a.id === "pvdemo") as typeof pvdemoAbi;
      m.unregisterHypercall(abi, "pvdemo_report_crash"); m.registerHypercall(abi, "pvdemo_report_crash", () => { throw new Error("boom"); }); });
    const r = await serveGdb(h.m, { ...opts(port), abis: ["pvdemo", "riscv-sbi"] });   // a subset: served by a machine of those ABIs
    const st = await fake.state();
    expect(r.served).toBe(2);
    expect(BigInt.asIntN(64, st.atContinue[1]![A(0)]!)).toBe(-5n);          // PVDEMO_EIO
    expect(st.atContinue[1]![32]).toBe(BigInt(CODE + 4));
    expect(h.logged.join("\n")).toMatch(/pvdemo_report_crash threw/);
    expect(st.atContinue[2]![A(1)]).toBe(FEATURES);
  });

  it("a killed QEMU (the link closes while the guest runs) ends the session as an exit", async () => {
    const { port } = await start({ program: [{ pc: BigInt(CODE), regs: { [A(7)]: 1n } }, "close"] });
    const r = await serveGdb(host().m, opts(port));
    expect(r).toMatchObject({ served: 1, end: "guest exited" });
  });

  it("a malformed register reply is an RspError", async () => {
    const { port } = await start({ program: [{ pc: BigInt(CODE) }], hostile: [{ prefix: "g", reply: "$0*\x05#5f" }] });
    await expect(serveGdb(host().m, opts(port))).rejects.toThrow(/run-length/);
  });

  it("a gdbstub that goes silent mid-stop is a timeout, not a hang", async () => {
    const { port } = await start({ program: [{ pc: BigInt(CODE), regs: { [A(7)]: 1n } }], hostile: [{ prefix: "G", reply: "" }] });
    const t0 = Date.now();
    await expect(serveGdb(host().m, opts(port))).rejects.toThrow(RspError);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("refuses arches without a register map", async () => {
    await expect(serveGdb(host().m, { ...opts(1), arch: "x86_64" })).rejects.toThrow(/no gdb register map for x86_64/);
  });
});
