// Every generated header (catalog + demo fixture) compiles for every target its ABI names, with
// -ffreestanding -nostdlib -Wall -Wextra -Werror -O2, in a TU that calls every stub; x86 headers
// also with the host gcc. Targets this clang cannot build for (LoongArch on clang 14) are reported.
import { describe, expect, it } from "vitest";
import { cEmitter } from "../../generator/emit/c.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import type { Abi, ArchName } from "../../generator/model.js";
import { clangSupports, compile, missing, REQUIRE, tools, writeHeader } from "./toolchain.js";
import { callAllTu } from "./tu.js";
import { loadAll } from "./model.js";

const model = loadAll();
const files = new Map(cEmitter.emit(model, DEFAULT_EMIT_OPTIONS).map((f) => [f.path, f]));
const header = (abi: Abi): string => writeHeader(`h/${abi.id}/hc.h`, files.get(`c/${abi.id.replace(/-/g, "_")}.h`)!.content);

/** Build options worth compiling on their own: they switch the instruction a stub issues. */
function variants(abi: Abi, arch: ArchName): string[][] {
  const a = abi.arches.find((x) => x.arch === arch)!;
  const p = `hc_${abi.id.replace(/-/g, "_")}`;
  const out: string[][] = [[]];
  if (a.traps.some((t) => t.vendor === "amd")) out.push(["HC_X86_AMD"]);
  if (a.traps.some((t) => t.conduit === "smc")) out.push([`${p}_CONDUIT_SMC`]);
  if (a.traps.some((t) => t.conduit === "hvc") && a.traps.some((t) => t.conduit === "smc")) out.push([`${p}_CONDUIT_HVC`]);
  const plain = a.traps.filter((t) => !t.vendor && !t.conduit && !t.operand);
  if (plain.length > 1) for (const t of plain) out.push([`${p}_USE_TRAP_${t.name.toUpperCase()}`]);
  return out;
}

describe.skipIf(missing !== null && !REQUIRE)("generated C headers compile", () => {
  it("has the toolchain", () => expect(missing).toBeNull());
  const skipped: string[] = [];
  for (const abi of model.abis) {
    for (const a of abi.arches) {
      const supported = clangSupports(a.arch);
      if (!supported) skipped.push(`${abi.id}/${a.arch}`);
      for (const defs of variants(abi, a.arch)) {
        it.skipIf(!supported)(`${abi.id} on ${a.arch}${defs.length ? ` with ${defs.join(" ")}` : ""} (clang)`, () => {
          const r = compile(`${abi.id}-${a.arch}-${defs.join("-") || "default"}`, callAllTu(abi, a.arch, header(abi)), a.arch, { defines: defs });
          expect(r.stderr).toBe("");
          expect(r.ok).toBe(true);
        });
      }
      if (a.arch === "x86_64") {
        it.skipIf(!tools.gcc)(`${abi.id} on x86_64 (host gcc)`, () => {
          for (const defs of variants(abi, a.arch)) {
            const r = compile(`${abi.id}-gcc-${defs.join("-") || "default"}`, callAllTu(abi, a.arch, header(abi)), a.arch, { gcc: true, defines: defs });
            expect(r.stderr).toBe("");
            expect(r.ok).toBe(true);
          }
        });
      }
    }
  }
  it("reports the targets this clang cannot build", () => {
    if (skipped.length) console.warn(`[hcgen C tests] clang ${tools.clang} has no backend for: ${skipped.join(", ")} (compile not checked)`);
    // Only LoongArch may be missing (clang < 16); anything else is a broken toolchain.
    expect(skipped.filter((s) => !s.endsWith("/loongarch64"))).toEqual([]);
  });
  it("a conflicting conduit choice is a compile error, not a silent default", () => {
    const abi = model.abis.find((x) => x.id === "arm-smccc");
    if (!abi) return;
    const r = compile("conduit-conflict", callAllTu(abi, "aarch64", header(abi)), "aarch64", { defines: ["hc_arm_smccc_CONDUIT_SMC", "hc_arm_smccc_CONDUIT_HVC"] });
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain("define only one of hc_arm_smccc_CONDUIT_SMC and hc_arm_smccc_CONDUIT_HVC");
  });
});
