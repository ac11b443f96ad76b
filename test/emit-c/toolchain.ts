// Host toolchain for the C tests: clang (every target), llvm-objdump, llvm-mc and the host gcc.
// Missing tools make the tests skip with a message, unless HCGEN_REQUIRE_CLANG=1 (CI), where they fail.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARCHES } from "../../generator/arches.js";
import type { ArchName } from "../../generator/model.js";
import { checkTools, which } from "../helpers/tools.js";

const check = checkTools("clang", "the C toolchain tests (test/emit-c)", ["clang", "llvm-objdump", "llvm-mc"]);
export const REQUIRE = check.required;

export const tools = {
  clang: which("clang"),
  objdump: which("llvm-objdump"),
  mc: which("llvm-mc"),
  gcc: which("gcc"),
};

/** Why the clang-based tests cannot run, or null (the skip warning was printed by checkTools). */
export const missing: string | null = check.missing.length > 0 ? check.failure : null;

/** Extra flags per arch: Arm traps are A32 encodings, so no Thumb. */
export const ARCH_FLAGS: Partial<Record<ArchName, string[]>> = { arm: ["-marm"] };

export const COMMON_FLAGS = ["-ffreestanding", "-nostdlib", "-Wall", "-Wextra", "-Werror", "-O2", "-c"];

const support = new Map<ArchName, boolean>();
/** Whether this clang can compile for the arch (clang 14 has no LoongArch backend). */
export function clangSupports(arch: ArchName): boolean {
  if (!tools.clang) return false;
  let ok = support.get(arch);
  if (ok === undefined) {
    const r = spawnSync(tools.clang, [`--target=${ARCHES.get(arch)!.clangTarget}`, "-ffreestanding", "-x", "c", "-c", "-o", "/dev/null", "-"],
      { input: "int x;\n", encoding: "utf8" });
    ok = r.status === 0;
    support.set(arch, ok);
  }
  return ok;
}

let dir: string | null = null;
export function workDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), "hcgen-c-"));
  return dir;
}

export interface CompileResult { readonly ok: boolean; readonly stderr: string; readonly object: string }

/** Compiles a TU; `compiler` is clang (with the arch's target) or the host gcc. */
export function compile(name: string, source: string, arch: ArchName, opts: { gcc?: boolean; defines?: string[]; extra?: string[] } = {}): CompileResult {
  const d = workDir();
  const src = join(d, `${name}.c`);
  const object = join(d, `${name}.o`);
  writeFileSync(src, source);
  const flags = [...COMMON_FLAGS, ...(ARCH_FLAGS[arch] ?? []), ...(opts.defines ?? []).map((x) => `-D${x}`), ...(opts.extra ?? []), src, "-o", object];
  const args = opts.gcc ? flags : [`--target=${ARCHES.get(arch)!.clangTarget}`, ...flags];
  const r = spawnSync(opts.gcc ? tools.gcc! : tools.clang!, args, { encoding: "utf8" });
  return { ok: r.status === 0, stderr: `${r.stderr}${r.error ? String(r.error) : ""}`, object };
}

export function writeHeader(path: string, content: string): string {
  const full = join(workDir(), path);
  execFileSync("mkdir", ["-p", join(full, "..")]);
  writeFileSync(full, content);
  return full;
}

export interface Insn { readonly addr: number; readonly bytes: number[]; readonly text: string }

/** Every instruction of the object's .text, in order (llvm-objdump -d). */
export function disassemble(object: string, arch: ArchName): Insn[] {
  const extra = arch === "arm" ? ["--triple=armv7a-none-eabi"] : [];
  const out = execFileSync(tools.objdump!, ["-d", ...extra, object], { encoding: "utf8" });
  const insns: Insn[] = [];
  for (const line of out.split("\n")) {
    // "   4: 48 b8 ff ... ff \tmovabsq\t$-1, %rax": the bytes end at the first tab.
    const m = /^\s*([0-9a-f]+):\s((?:\s*[0-9a-f]{2})+)\s*\t(.*)$/.exec(line);
    if (!m) continue;
    insns.push({ addr: parseInt(m[1]!, 16), bytes: m[2]!.trim().split(/\s+/).map((b) => parseInt(b, 16)), text: m[3]!.replace(/\s+/g, " ").trim() });
  }
  return insns;
}
