// The external tools of `hcgen conform` and of test/qemu: finding them on PATH, running a build step,
// running QEMU with a timeout. Commands are argv arrays handed to execFile/spawn, never a shell, so
// no plan text or file name is ever parsed as shell syntax.
import { execFile, spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The executable `tool` on PATH, or null. */
export function which(tool: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const p = join(dir, tool);
    // A directory is searchable (X_OK) but not a program: a directory named like the tool is not it.
    try { accessSync(p, constants.X_OK); if (statSync(p).isFile()) return p; } catch { /* next */ }
  }
  return null;
}

/** Runs one build step; returns null on success, else the command line and its output. */
export function exec(cmd: string, args: readonly string[], cwd: string): Promise<string | null> {
  return new Promise((res) => execFile(cmd, args, { cwd, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
    res(err ? `${cmd} ${args.join(" ")}\n${stdout}${stderr}`.trim() : null)));
}

export interface RunResult {
  readonly code: number | null;
  readonly timedOut: boolean;
  /** stdout and stderr interleaved as they arrived (the guest's console is stdout). */
  readonly output: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Runs a machine until it exits or `timeoutMs` passes (then SIGKILL). A QEMU command line must be
 * hermetic (-nodefaults: no default NIC/VGA, whose option ROMs .ci/ does not install); anything else
 * is a bug in the caller, refused before QEMU starts.
 */
export function run(cmd: readonly string[], timeoutMs: number): Promise<RunResult> {
  if (/(^|\/)qemu-system-[^/]*$/.test(cmd[0] ?? "") && !cmd.includes("-nodefaults")) {
    return Promise.reject(new Error(`internal error: QEMU started without -nodefaults: ${cmd.join(" ")}`));
  }
  return new Promise((res) => {
    const t0 = performance.now();
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (b: Buffer) => { output += b.toString("latin1"); });
    child.stderr.on("data", (b: Buffer) => { const s = b.toString("latin1"); output += s; stderr += s; });
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutMs);
    child.on("error", (e) => { output += `\nspawn: ${e.message}`; stderr += `spawn: ${e.message}\n`; });
    child.on("close", (code) => {
      clearTimeout(timer);
      res({ code, timedOut, output: output.replace(/\r\n/g, "\n"), stderr: stderr.trim(), seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** Flags every freestanding guest and firmware is built with. */
export const FREESTANDING = ["-ffreestanding", "-fno-builtin", "-nostdlib", "-fno-pic", "-O2", "-Wall", "-Wextra", "-Werror"] as const;
