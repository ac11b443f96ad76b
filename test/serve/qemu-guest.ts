// Builds the serve test guest (test/serve/guest/guest.c + test/observe/guest/<arch>/start.S, link.ld)
// from the generated C stubs, boots it stopped under QEMU's gdbstub (hermetic: -nodefaults, explicit
// serial) and runs `hcgen serve` on it in-process. Shared by test/serve/qemu-serve.test.ts and
// bench/serve.ts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { MACHINES } from "../../generator/conform/machines.js";
import { FREESTANDING, which } from "../../generator/conform/tools.js";

/** The repository root (this file also runs compiled, from build/test/serve/, for bench/serve.ts). */
export const ROOT = ((): string => {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    const pkg = join(d, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "hcgen") return `${d}/`;
  }
  throw new Error("cannot find the hcgen repository root");
})();
export type GuestArch = "riscv64" | "aarch64";

/** -nodefaults drops QEMU's default devices; the console is not read (the guest prints through pvdemo). */
const HERMETIC_QUIET = ["-nodefaults", "-display", "none", "-serial", "null"];
export const QEMU: Record<GuestArch, string[]> = {
  riscv64: ["qemu-system-riscv64", "-M", "virt", ...HERMETIC_QUIET, "-bios", "default"],
  aarch64: ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a57", ...HERMETIC_QUIET],
};
const FLAGS: Record<GuestArch, string[]> = {
  riscv64: [...MACHINES["riscv64-virt"]!.cflags],   // the flags `hcgen conform` builds its riscv64 guests with
  aarch64: ["--target=aarch64-none-elf", "-mgeneral-regs-only", "-mstrict-align", "-Dhc_arm_smccc_CONDUIT_HVC"],
};

/** The tools a guest of `arch` needs: to build it and to run it. */
export function toolsOf(arch: GuestArch): string[] {
  return ["clang", "ld.lld", QEMU[arch][0]!];
}
export function missingTools(arch: GuestArch): string[] {
  return toolsOf(arch).filter((t) => !which(t));
}

export function buildGuest(arch: GuestArch, defines: readonly string[] = []): string {
  const out = mkdtempSync(join(tmpdir(), `hcgen-serve-${arch}-`));
  const start = join(ROOT, "test/observe/guest", arch);
  const flags = [...FLAGS[arch], ...defines, ...FREESTANDING,
    "-I", join(ROOT, "examples/pvdemo/generated/c"), "-I", join(ROOT, "generated/c")];
  const step = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  step("clang", [...flags, "-c", join(start, "start.S"), "-o", join(out, "start.o")]);
  step("clang", [...flags, "-c", join(ROOT, "test/serve/guest/guest.c"), "-o", join(out, "guest.o")]);
  step("ld.lld", ["-T", join(start, "link.ld"), "-nostdlib", "-static", join(out, "start.o"), join(out, "guest.o"), "-o", join(out, "guest.elf")]);
  return join(out, "guest.elf");
}

/** examples/pvdemo/handlers.ts compiled to examples/pvdemo/build/handlers.js (Node 20 imports only JS). */
export function compileHandlers(): string {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "examples/pvdemo")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tsc -p examples/pvdemo failed (npm run build first: it imports hcgen/runtime from dist/): ${r.stdout}${r.stderr}`);
  return join(ROOT, "examples/pvdemo/build/handlers.js");
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

export interface Served { code: number; stdout: string; stderr: string; qemuExit: number | null; qemuStderr: string; ms: number }

/** Boots `elf` under QEMU -S, serves it with `handlers` until it powers off. */
export async function serveOnQemu(arch: GuestArch, elf: string, handlers: string, extra: readonly string[] = []): Promise<Served> {
  const port = await freePort();
  const qemu = spawn(QEMU[arch][0]!, [...QEMU[arch].slice(1), "-kernel", elf, "-gdb", `tcp:127.0.0.1:${port}`, "-S"], { stdio: ["ignore", "ignore", "pipe"] });
  let qemuStderr = "";
  qemu.stderr!.on("data", (b: Buffer) => { qemuStderr += b.toString("latin1"); });
  const exited = new Promise<void>((r) => qemu.once("exit", () => r()));
  const io = captureIo(ROOT);
  const t0 = Date.now();
  try {
    const code = await main(["serve", "--gdb", `127.0.0.1:${port}`, "--handlers", handlers, "--elf", elf, "--timeout", "30", ...extra], io);
    const ms = Date.now() - t0;
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    return { code, stdout: io.stdout, stderr: io.stderr, qemuExit: qemu.exitCode, qemuStderr, ms };
  } finally {
    if (qemu.exitCode === null && qemu.pid) qemu.kill("SIGKILL");
  }
}
