// Issue 2: the model export of a reviewed fixture matches its golden; values above 2^53 stay exact.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../generator/api.js";
import { main } from "../generator/cli.js";
import { captureIo } from "../generator/commands/io.js";
import { exportJson } from "../generator/export.js";
import { FIXTURES, ROOT } from "./helpers/catalog.js";

const demoPath = join(FIXTURES, "valid", "demo.yaml");
const demo = () => loadModel([demoPath], { cwd: ROOT });

describe("model", () => {
  it("the demo fixture validates cleanly", () => {
    expect(demo().diagnostics).toEqual([]);
  });
  it("export matches the reviewed golden (test/golden/demo.model.json)", () => {
    const golden = readFileSync(join(ROOT, "test", "golden", "demo.model.json"), "utf8");
    expect(exportJson(demo().model)).toBe(golden);
  });
  it("hcgen model --json prints the same export", async () => {
    const io = captureIo(ROOT);
    expect(await main(["model", "--json", "test/fixtures/valid/demo.yaml"], io)).toBe(0);
    expect(io.stdout).toBe(exportJson(demo().model));
  });
  it("is frozen (immutable) and sorted", () => {
    const m = demo().model;
    expect(Object.isFrozen(m.abis[0]!.calls)).toBe(true);
    expect(() => { (m.abis[0]!.calls as unknown as unknown[]).push(1); }).toThrow();
    const arches = m.abis[0]!.arches.map((a) => a.arch);
    expect(arches).toEqual([...arches].sort());
  });
});

describe("64-bit exactness", () => {
  it("a selector above 2^53 is exact in the model and in the JSON export", () => {
    const call = demo().model.abis[0]!.calls.find((c) => c.name === "demo_big_constant")!;
    const rax = call.arches[0]!.selector.rax!;
    expect(rax).toBe(0xfffffffe8000ffffn);
    expect(rax > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const json = JSON.parse(exportJson(demo().model)) as { abis: { calls: { name: string; arches: { selector: Record<string, string> }[] }[] }[] };
    const exported = json.abis[0]!.calls.find((c) => c.name === "demo_big_constant")!.arches[0]!.selector.rax!;
    expect(exported).toBe("0xfffffffe8000ffff");
    expect(BigInt(exported)).toBe(rax); // the round trip through JSON loses nothing
    // A JavaScript number could not have held it:
    expect(BigInt(Number(rax))).not.toBe(rax);
  });
  it("negated error values keep all 64 bits in the register form", () => {
    const enosys = demo().model.abis[0]!.errors.codes.find((e) => e.name === "DEMO_ENOSYS")!;
    expect(enosys.value).toBe(1000n);
    expect(enosys.register).toBe(0xfffffffffffffc18n);
  });
  it("register pairs on a 32-bit arch follow pair_order", () => {
    const echo = demo().model.abis[0]!.calls.find((c) => c.name === "demo_echo")!;
    expect(echo.arches.find((a) => a.arch === "riscv32")!.argRegs.value).toEqual(["a0", "a1"]);
    expect(echo.arches.find((a) => a.arch === "riscv64")!.argRegs.value).toEqual(["a0"]);
  });
  it("ASCII ids pack big-endian (TIME = 0x54494D45)", () => {
    const t = demo().model.abis[0]!.calls.find((c) => c.name === "demo_set_timer")!;
    expect(t.arches[0]!.selector.a7).toBe(0x54494d45n);
  });
  it("trap bytes follow the arch's byte order", () => {
    const abi = demo().model.abis[0]!;
    const ppc = abi.arches.find((a) => a.arch === "ppc64")!;
    expect(Array.from(ppc.traps[0]!.bytes)).toEqual([0x44, 0x00, 0x00, 0x22]);
    const magic = ppc.traps[1]!;
    expect(magic.sequence.map((s) => s.trap)).toEqual([false, false, true]);
    expect(magic.magic).toEqual(["DEMO_MAGIC_R0"]);
  });
});
