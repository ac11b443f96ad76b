// Every generated host dispatcher (c/<abi>_dispatch.h, catalog + demo fixture) compiles with
// -ffreestanding -nostdlib -Wall -Wextra -Werror -O2 for every clang target its ABI's guest header
// builds for, and with the host gcc, in a TU that instantiates every per-arch function (a host
// dispatcher is portable: the riscv64 one must build inside riscv64 firmware and on an x86 emulator).
import { describe, expect, it } from "vitest";
import { cEmitter } from "../../generator/emit/c.js";
import { cDispatchEmitter } from "../../generator/emit/c-dispatch.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import type { Abi, ArchName } from "../../generator/model.js";
import { cDispatchHeaderPath, cPrefix } from "../../generator/names.js";
import { loadAll } from "./model.js";
import { clangSupports, compile, missing, REQUIRE, tools, writeHeader } from "./toolchain.js";

const model = loadAll();
const files = [...cEmitter.emit(model, DEFAULT_EMIT_OPTIONS), ...cDispatchEmitter.emit(model, DEFAULT_EMIT_OPTIONS)];

function headerDir(abi: Abi): string {
  for (const f of files) writeHeader(`d/${f.path}`, f.content);
  return writeHeader(`d/${cDispatchHeaderPath(abi.id)}`, files.find((f) => f.path === cDispatchHeaderPath(abi.id))!.content);
}

/** A TU that calls every per-arch entry point of the header (so each is compiled, not just parsed). */
function useAllTu(abi: Abi, header: string): string {
  const p = cPrefix(abi.id);
  const lines = [`#include "${header}"`, `static const struct ${p}_handlers hc_none;`, `int hc_use_all(void *regs, unsigned mode);`,
    `int hc_use_all(void *regs, unsigned mode)`, `{`, `  int x = 0;`, `  uint64_t op = 0;`, `  (void)op;`];
  for (const a of abi.arches) {
    const r = `(struct ${p}_${a.arch}_regs *)regs`;
    lines.push(`  x += (int)${p}_dispatch_${a.arch}(${r}, &hc_none, 0);`, `  x += ${p}_has_handler(&hc_none, ${p}_call_of_${a.arch}(${r}));`, `  x += ${p}_mode_allowed_${a.arch}(mode) ? (int)${p}_deny_${a.arch}(${r}) : 0;`);
    for (const t of a.traps) if (t.magic.length && abi.magic.some((m) => t.magic.includes(m.name) && m.register)) lines.push(`  x += ${p}_magic_ok_${t.name.toLowerCase()}_${a.arch}(${r});`);
    if (a.traps.some((t) => t.operand && t.insn !== null && t.bytes.length === 4)) lines.push(`  x += ${p}_trap_operand_${a.arch}((uint32_t)mode, &op);`);
  }
  lines.push(`  x += ${p}_call_name(x) != NULL;`, `  return x;`, `}`, ``);
  return lines.join("\n");
}

describe.skipIf(missing !== null && !REQUIRE)("generated C host dispatchers compile", () => {
  it("has the toolchain", () => expect(missing).toBeNull());
  for (const abi of model.abis) {
    const targets = new Set<ArchName>(abi.arches.map((a) => a.arch));
    for (const arch of targets) {
      it.skipIf(!clangSupports(arch))(`${abi.id}_dispatch.h for ${arch} (clang)`, () => {
        const r = compile(`dispatch-${abi.id}-${arch}`, useAllTu(abi, headerDir(abi)), arch);
        expect(r.stderr).toBe("");
        expect(r.ok).toBe(true);
      });
    }
    it.skipIf(!tools.gcc)(`${abi.id}_dispatch.h on the host (gcc, -std=c11)`, () => {
      const r = compile(`dispatch-${abi.id}-gcc`, useAllTu(abi, headerDir(abi)), "x86_64", { gcc: true, extra: ["-std=c11"] });
      expect(r.stderr).toBe("");
      expect(r.ok).toBe(true);
    });
  }
  it("a renumbered register file is caught by the header's own _Static_assert", () => {
    const abi = model.abis.find((a) => a.id === "riscv-sbi")!;
    const text = files.find((f) => f.path === cDispatchHeaderPath(abi.id))!.content.replace("  uint64_t a0;\n  uint64_t a1;", "  uint64_t a1;\n  uint64_t a0;");
    const h = writeHeader("d-broken/c/riscv_sbi_dispatch.h", text);
    writeHeader("d-broken/c/riscv_sbi.h", files.find((f) => f.path === "c/riscv_sbi.h")!.content);
    const r = compile("dispatch-broken", `#include "${h}"\n`, "riscv64");
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain("a0 is register 10");
  });
});
