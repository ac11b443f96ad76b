// A convention with a `preserves:` list: every register it omits (except those inline asm can never
// clobber: stack, frame, thread, TOC) is clobbered, and the header still compiles for real targets.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { ARCHES } from "../../generator/arches.js";
import { cEmitter } from "../../generator/emit/c.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { FIXTURES } from "../helpers/catalog.js";
import { checkTools } from "../helpers/tools.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-preserves-"));
const spec = join(dir, "demo.yaml");
writeFileSync(spec, readFileSync(join(FIXTURES, "valid", "demo.yaml"), "utf8")
  .replace("    clobbers: [r0, r12, ctr, xer, cr0]\n", "    clobbers: [r0, r12, ctr, xer, cr0]\n    preserves: [r14, r15]\n")
  .replace("      - { name: value, register: a1 }\n  riscv32:", "      - { name: value, register: a1 }\n    preserves: [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11]\n  riscv32:"));
const model = loadModel([spec]);
const header = () => cEmitter.emit(model.model, DEFAULT_EMIT_OPTIONS)[0]!.content;
const clangTools = checkTools("clang", "the preserves clang test", ["clang"]);
const clang = clangTools.missing.length === 0;
const require = clangTools.required;

it("the spec with preserves lists validates", () => {
  expect(model.diagnostics).toEqual([]);
});

it("clobbers every omitted register except the ones inline asm cannot give up", () => {
  const h = header();
  const ppc = h.slice(h.indexOf("defined(__powerpc64__)"));
  const stub = ppc.slice(ppc.indexOf("hc_demo_demo_version(void)"), ppc.indexOf("return _hc_ret;", ppc.indexOf("hc_demo_demo_version(void)")));
  const clobbers = /: ("r0".*"memory")\);/.exec(stub)![1]!;
  for (const r of ["r5", "r16", "r31", "ctr"]) expect(clobbers).toContain(`"${r}"`);
  for (const r of ["r14", "r15", ...ARCHES.get("ppc64")!.asmReserved]) expect(clobbers).not.toContain(`"${r}"`);
  expect(stub).toContain('"+r"(_hc_r11)'); // the selector register is not preserved: it is an in-out operand
});

it.skipIf(!clang && !require)("compiles with clang for ppc64, riscv64 and riscv32" + (clang ? "" : " (skipped: clang is not installed)"), () => {
  expect(clangTools.missing, clangTools.failure).toEqual([]);
  const h = join(dir, "demo.h");
  writeFileSync(h, header());
  const tu = join(dir, "tu.c");
  writeFileSync(tu, `#include "demo.h"\nunsigned long f(void) { return hc_demo_demo_version().value; }\n`);
  for (const target of ["powerpc64-unknown-linux-gnu", "riscv64-unknown-elf", "riscv32-unknown-elf"]) {
    const r = spawnSync("clang", [`--target=${target}`, "-ffreestanding", "-nostdlib", "-Wall", "-Wextra", "-Werror", "-O2", "-c", tu, "-o", join(dir, `${target}.o`)], { encoding: "utf8" });
    expect(r.status, `${target}: ${r.stderr}`).toBe(0);
  }
});
