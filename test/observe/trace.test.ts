// `hcgen trace` end to end: a tiny riscv64 guest (test/observe/guest/) built with clang + ld.lld runs
// on qemu-system-riscv64 under OpenSBI with its gdbstub waiting (-S); the tracer attaches, and the
// decoded calls must be exactly the ones the guest makes. Skipped (with the reason) when a tool is
// missing, unless HCGEN_REQUIRE_QEMU=1, which turns the skip into a failure.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { FREESTANDING } from "../../generator/conform/tools.js";
import { ROOT } from "../helpers/catalog.js";
import { checkTools, required as requiredFor } from "../helpers/tools.js";

const GUEST = fileURLToPath(new URL("./guest/", import.meta.url));
const required = requiredFor("qemu");
/** The tools a guest of `arch` needs (a missing one is reported once, as the skip reason). */
const toolsFor = (arch: string) => checkTools("qemu", `hcgen trace ${arch} QEMU test`, ["clang", "ld.lld", `qemu-system-${arch}`]);
const tools = { riscv64: toolsFor("riscv64"), aarch64: toolsFor("aarch64") };
const skip = (arch: keyof typeof tools) => tools[arch].skip;

const FLAGS: Record<string, string[]> = {
  riscv64: ["--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany"],
  aarch64: ["--target=aarch64-none-elf", "-mgeneral-regs-only", "-mstrict-align"],
};

function build(arch: string): string {
  const out = mkdtempSync(join(tmpdir(), `hcgen-trace-${arch}-`));
  const src = join(GUEST, arch);
  const flags = [...FLAGS[arch]!, ...FREESTANDING];
  const step = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  step("clang", [...flags, "-c", join(src, "start.S"), "-o", join(out, "start.o")]);
  step("clang", [...flags, "-c", join(src, "guest.c"), "-o", join(out, "guest.o")]);
  step("ld.lld", ["-T", join(src, "link.ld"), "-nostdlib", "-static", join(out, "start.o"), join(out, "guest.o"), "-o", join(out, "guest.elf")]);
  return join(out, "guest.elf");
}

/** Boots `elf` stopped under QEMU's gdbstub, traces it, and waits for QEMU to power off. */
async function traceOnQemu(qemuArgs: string[], elf: string, abi: string, arch: string): Promise<{ lines: string[]; stderr: string; code: number }> {
  const port = await freePort();
  // Hermetic (-nodefaults: no default NIC/VGA whose ROMs .ci/ does not install); the console is not read.
  const qemu = spawn(qemuArgs[0]!, [...qemuArgs.slice(1), "-nodefaults", "-display", "none", "-serial", "null", "-kernel", elf,
    "-gdb", `tcp:127.0.0.1:${port}`, "-S"], { stdio: ["ignore", "ignore", "pipe"] });
  let qemuStderr = "";
  qemu.stderr!.on("data", (b: Buffer) => { qemuStderr += b.toString("latin1"); });
  started.push(qemu);
  const io = captureIo(ROOT);
  const code = await main(["trace", "--gdb", `127.0.0.1:${port}`, "--abi", abi, "--arch", arch, "--elf", elf, "--timeout", "15"], io);
  await new Promise<void>((r) => (qemu.exitCode !== null ? r() : qemu.once("exit", () => r())));
  expect(qemu.exitCode, `QEMU exit status (QEMU stderr: ${qemuStderr.trim()}; trace stderr: ${io.stderr.trim()})`).toBe(0); // the guest's power-off call stopped QEMU
  return { lines: io.stdout.trim().split("\n").map((l) => l.replace(/^0x[0-9a-f]+: /, "")), stderr: io.stderr, code };
}

/** A port that was free a moment ago (QEMU binds it; the tracer retries until it listens). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

const started: ChildProcess[] = [];
afterAll(() => { for (const p of started) if (p.exitCode === null && p.pid) process.kill(p.pid, "SIGKILL"); });

describe("hcgen trace on QEMU", () => {
  it.skipIf(!required)("has the tools it needs (HCGEN_REQUIRE_QEMU=1)", () => {
    for (const c of Object.values(tools)) expect(c.missing, c.failure).toEqual([]);
  });

  it.skipIf(skip("riscv64"))("decodes every SBI call the guest makes, with results", async () => {
    const { lines, stderr, code } = await traceOnQemu(["qemu-system-riscv64", "-M", "virt", "-bios", "default"], build("riscv64"), "riscv-sbi", "riscv64");
    expect(stderr, `trace output:\n${lines.join("\n")}`).toMatch(/hcgen trace: 8 calls/);
    expect(code).toBe(0);
    expect(lines).toEqual([
      "sbi_get_spec_version() [riscv-sbi riscv64 eid=0x10 fid=0x0]",
      expect.stringMatching(/^-> SBI_SUCCESS value=0x[0-9a-f]+$/),
      "sbi_probe_extension(extension_id=0x53525354) [riscv-sbi riscv64 eid=0x10 fid=0x3]",
      "-> SBI_SUCCESS value=1",
      "sbi_probe_extension(extension_id=0x12345678) [riscv-sbi riscv64 eid=0x10 fid=0x3]",
      "-> SBI_SUCCESS value=0",
      "sbi_legacy_console_putchar(ch=111) [riscv-sbi riscv64 eid=0x1]",
      "-> SBI_SUCCESS",
      "sbi_legacy_console_putchar(ch=107) [riscv-sbi riscv64 eid=0x1]",
      "-> SBI_SUCCESS",
      "sbi_legacy_console_putchar(ch=10) [riscv-sbi riscv64 eid=0x1]",
      "-> SBI_SUCCESS",
      "unknown hypercall a7=0xbadca11 a6=0x0 [riscv-sbi riscv64]",
      "-> SBI_ERR_NOT_SUPPORTED",
      "sbi_system_reset(reset_type=0, reset_reason=0) [riscv-sbi riscv64 eid=0x53525354 fid=0x0]",
      expect.stringMatching(/^sbi_system_reset did not return \(guest exited( \(status 0\))?\)$/),
      // QEMU's gdbstub sends W00 before closing, or under load just closes: both are the guest exiting.
      expect.stringMatching(/^guest exited( \(status 0\))?$/),
    ]);
  }, 60_000);

  it.skipIf(skip("aarch64"))("decodes PSCI calls over hvc on aarch64", async () => {
    const { lines, stderr, code } = await traceOnQemu(["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a57"], build("aarch64"), "arm-smccc", "aarch64");
    expect(stderr, `trace output:\n${lines.join("\n")}`).toMatch(/hcgen trace: 4 calls/);
    expect(code).toBe(0);
    expect(lines).toEqual([
      "PSCI_0_2_FN_PSCI_VERSION() [arm-smccc aarch64 fast=0x1 smc64=0x0 owner=0x4 function=0x0]",
      expect.stringMatching(/^-> version=0x[0-9a-f]+$/),
      "PSCI_1_0_FN_PSCI_FEATURES(psci_func_id=0x84000008) [arm-smccc aarch64 fast=0x1 smc64=0x0 owner=0x4 function=0xa]",
      "-> features=0",
      "unknown hypercall x0=0x8400abcd [arm-smccc aarch64]",
      expect.stringMatching(/^-> [A-Z]+_RET_NOT_SUPPORTED$/),
      "PSCI_0_2_FN_SYSTEM_OFF() [arm-smccc aarch64 fast=0x1 smc64=0x0 owner=0x4 function=0x8]",
      expect.stringMatching(/^PSCI_0_2_FN_SYSTEM_OFF did not return \(guest exited( \(status 0\))?\)$/),
      // QEMU's gdbstub sends W00 before closing, or under load just closes: both are the guest exiting.
      expect.stringMatching(/^guest exited( \(status 0\))?$/),
    ]);
  }, 60_000);
});

describe("hcgen trace usage", () => {
  it("usage errors exit 2 without a stack", async () => {
    for (const args of [["trace"], ["trace", "--gdb", "127.0.0.1:1"], ["trace", "--gdb", "x", "--abi", "riscv-sbi", "--arch", "riscv64"],
      ["trace", "--gdb", "127.0.0.1:1", "--abi", "riscv-sbi", "--arch", "ppc64", "--scan", "0:4"],
      ["trace", "--gdb", "127.0.0.1:1", "--abi", "riscv-sbi", "--arch", "riscv64"]]) {
      const io = captureIo(ROOT);
      expect(await main(args, io)).toBe(2);
      expect(io.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("an unreachable gdbstub is an error (exit 1), not a hang", async () => {
    const port = await freePort();
    const io = captureIo(ROOT);
    expect(await main(["trace", "--gdb", `127.0.0.1:${port}`, "--abi", "riscv-sbi", "--arch", "riscv64", "--scan", "0x80200000:16", "--timeout", "0.5"], io)).toBe(1);
    expect(io.stderr).toMatch(/cannot connect to 127\.0\.0\.1/);
  });
});
