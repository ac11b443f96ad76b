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
import { ROOT } from "../helpers/catalog.js";

const GUEST = fileURLToPath(new URL("./guest/", import.meta.url));
const TOOLS = ["clang", "ld.lld", "qemu-system-riscv64"];
const missing = TOOLS.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const required = process.env.HCGEN_REQUIRE_QEMU === "1";
if (missing.length > 0 && !required) console.warn(`skipping hcgen trace QEMU test: ${missing.join(", ")} not installed (set HCGEN_REQUIRE_QEMU=1 to fail instead)`);

function build(out: string): string {
  const flags = ["--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany",
    "-ffreestanding", "-fno-builtin", "-nostdlib", "-fno-pic", "-O2", "-Wall", "-Wextra", "-Werror"];
  const step = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  step("clang", [...flags, "-c", join(GUEST, "start.S"), "-o", join(out, "start.o")]);
  step("clang", [...flags, "-c", join(GUEST, "guest.c"), "-o", join(out, "guest.o")]);
  step("ld.lld", ["-T", join(GUEST, "link.ld"), "-nostdlib", "-static", join(out, "start.o"), join(out, "guest.o"), "-o", join(out, "guest.elf")]);
  return join(out, "guest.elf");
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

describe.skipIf(missing.length > 0 && !required)("hcgen trace on QEMU", () => {
  it("has the tools it needs", () => {
    expect(missing, `HCGEN_REQUIRE_QEMU=1 but missing: ${missing.join(", ")}`).toEqual([]);
  });

  it("decodes every SBI call the guest makes, with results", async () => {
    const elf = build(mkdtempSync(join(tmpdir(), "hcgen-trace-")));
    const port = await freePort();
    const qemu = spawn("qemu-system-riscv64", ["-M", "virt", "-nographic", "-bios", "default", "-kernel", elf,
      "-gdb", `tcp:127.0.0.1:${port}`, "-S", "-monitor", "none", "-serial", "null"], { stdio: "ignore" });
    started.push(qemu);
    const io = captureIo(ROOT);
    const code = await main(["trace", "--gdb", `127.0.0.1:${port}`, "--abi", "riscv-sbi", "--arch", "riscv64", "--elf", elf, "--timeout", "15"], io);
    expect(io.stderr).toMatch(/hcgen trace: 8 calls/);
    expect(code).toBe(0);
    const lines = io.stdout.trim().split("\n").map((l) => l.replace(/^0x[0-9a-f]+: /, ""));
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
      "sbi_system_reset did not return (guest exited)",
      "guest exited",
    ]);
    await new Promise<void>((r) => (qemu.exitCode !== null ? r() : qemu.once("exit", () => r())));
    expect(qemu.exitCode).toBe(0); // the guest's SRST shutdown powered QEMU off
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
