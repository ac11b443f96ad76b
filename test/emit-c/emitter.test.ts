// The C emitter without a compiler: file layout, determinism, the API names of the contract, the
// demo golden, and hostile spec text (test/fixtures/injection/) that must stay inside comments.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { cEmitter } from "../../generator/emit/c.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { FIXTURES, ROOT } from "../helpers/catalog.js";
import { loadAll } from "./model.js";
import { clangSupports, compile, missing, REQUIRE, writeHeader } from "./toolchain.js";
import { callAllTu } from "./tu.js";

const GOLDEN = join(ROOT, "test/golden/c/demo.h");
const emitAll = () => cEmitter.emit(loadAll(), DEFAULT_EMIT_OPTIONS);

/** The header with comments and string literals removed: what the compiler sees as code. */
function codeOnly(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"/g, " ");
}

describe("C emitter", () => {
  it("writes c/<abi_id with underscores>.h per ABI, sourced from its spec, LF only, no generated banner", () => {
    const model = loadAll();
    const files = emitAll();
    expect(files.map((f) => f.path)).toEqual(model.abis.map((a) => `c/${a.id.replace(/-/g, "_")}.h`));
    for (const [i, f] of files.entries()) {
      expect(f.sources).toEqual([model.abis[i]!.file]);
      expect(f.content).not.toMatch(/\r|Code generated/);
      expect(f.content.endsWith("\n")).toBe(true);
      expect(f.content).not.toMatch(/[ \t]+$/m);
    }
  });

  it("is deterministic", () => {
    expect(emitAll()).toEqual(emitAll());
  });

  it("matches the reviewed golden for the demo fixture (HCGEN_UPDATE_GOLDEN=1 rewrites it)", () => {
    const demo = emitAll().find((f) => f.path === "c/demo.h")!;
    if (process.env.HCGEN_UPDATE_GOLDEN === "1") {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, demo.content);
    }
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: run with HCGEN_UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(demo.content).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("follows the C API contract (names that conformance guests use)", () => {
    const demo = emitAll().find((f) => f.path === "c/demo.h")!.content;
    for (const line of [
      "#define hc_demo_DEMO_ENOSYS (-1000LL)",
      "#define hc_demo_DEMO_BIG_CONSTANT_ID 0xfffffffe8000ffffULL",
      "#define hc_demo_DEMO_SIGNATURE 0x44454d4f44454d4fULL",
      "struct hc_demo_ret {",
      "static inline struct hc_demo_ret hc_demo_demo_echo(uint64_t value)",
      "static inline struct hc_demo_ret hc_demo_demo_console_write(unsigned long addr, uint64_t len)",
      "#define hc_demo_ARCH \"riscv32\"",
    ]) expect(demo).toContain(line);
    const smccc = emitAll().find((f) => f.path === "c/arm_smccc.h")?.content;
    if (smccc) {
      expect(smccc).toContain("#define hc_arm_smccc_PSCI_0_2_FN_SYSTEM_OFF_ID 0x84000008ULL");
      expect(smccc).toMatch(/#if defined\(hc_arm_smccc_CONDUIT_SMC\)/);
    }
    const sbi = emitAll().find((f) => f.path === "c/riscv_sbi.h")?.content;
    if (sbi) expect(sbi).toContain("#define hc_riscv_sbi_SBI_GET_SPEC_VERSION_ID 0x10ULL");
  });

  it("shares identical arch blocks (same words, same registers) instead of repeating them", () => {
    const papr = emitAll().find((f) => f.path === "c/papr.h");
    if (papr) expect(papr.content).toMatch(/#if \(defined\(__powerpc64__\)[^\n]*\) \|\| \(defined\(__powerpc64__\)/);
  });
});

describe("hostile spec text stays in comments", () => {
  const r = loadModel([join(FIXTURES, "injection")], { cwd: ROOT });
  it("the injection fixtures validate", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
  const files = cEmitter.emit(r.model, DEFAULT_EMIT_OPTIONS);
  it("no injected token reaches the code", () => {
    const f = files.find((x) => x.path === "c/c_injection.h")!;
    const code = codeOnly(f.content);
    expect(code).not.toMatch(/injected_title|#error (version|description|source|note|mnemonic|errdoc|inside|loc|call|arg|result|reason)|\$\{|\{\{|`/);
    expect(f.content).not.toMatch(/\?\?\//);
  });
  describe.skipIf(missing !== null && !REQUIRE)("with clang", () => {
    for (const abi of r.model.abis) {
      for (const a of abi.arches) {
        it.skipIf(!clangSupports(a.arch))(`${abi.id} compiles cleanly on ${a.arch}`, () => {
          const f = files.find((x) => x.sources.includes(abi.file))!;
          const h = writeHeader(`inj/${f.path}`, f.content);
          for (const std of [[], ["-std=c11"]]) {
            const res = compile(`inj-${abi.id}-${a.arch}`, callAllTu(abi, a.arch, h), a.arch, { defines: [], extra: std });
            expect(res.stderr).toBe("");
          }
        });
      }
    }
  });
});
