// Generated TS compiles under strict settings (demo, catalog, injection fixtures), and a table that
// disagrees with its interfaces does not.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../helpers/catalog.js";
import { typeCheck } from "./compile.js";
import { catalogModel, demoModel, emitTo, loadOk } from "./emit-helpers.js";

describe("tsc --strict on generated code", () => {
  it("demo compiles", () => {
    const { dir } = emitTo("compile-demo", demoModel());
    expect(typeCheck(join(dir, "ts"))).toEqual([]);
  });

  // The catalog is ~40k lines of generated code: give the compiler time on a loaded machine.
  it("every catalog ABI that validates compiles", { timeout: 300_000 }, () => {
    const model = catalogModel();
    expect(model.abis.length).toBeGreaterThan(0);
    const { dir } = emitTo("compile-catalog", model);
    expect(typeCheck(join(dir, "ts"))).toEqual([]);
  });

  it("a table whose codec disagrees with the call's interfaces fails to compile", () => {
    const { dir } = emitTo("compile-broken", demoModel());
    const file = join(dir, "ts", "demo.ts");
    const text = readFileSync(file, "utf8");
    const wrongType = text.replace("decode: (r) => ({ value: r[10]! })", "decode: (r) => ({ value: Number(r[10]!) })");
    expect(wrongType).not.toBe(text);
    expect(typeCheck(join(dir, "ts"), { [file]: wrongType }).join("\n")).toMatch(/not assignable/);
    const missingCall = text.replace(/\n {4}demo_big_constant: \{[\s\S]*?\n {4}\},\n/, "\n");
    expect(missingCall).not.toBe(text);
    expect(typeCheck(join(dir, "ts"), { [file]: missingCall }).join("\n")).toMatch(/demo_big_constant/);
  });
});

describe("spec text cannot break out of generated strings or comments", () => {
  const model = loadOk([join(FIXTURES, "injection")]);
  it("injection fixtures compile", () => {
    expect(model.abis.map((a) => a.id)).toContain("ts-injection");
    const { dir } = emitTo("compile-injection", model);
    expect(typeCheck(join(dir, "ts"))).toEqual([]);
  });
  it("strings survive verbatim and nothing runs on import", async () => {
    const { dir } = emitTo("import-injection", model);
    const mod = await import(pathToFileURL(join(dir, "ts", "ts-injection.ts")).href);
    const abi = model.abis.find((a) => a.id === "ts-injection")!;
    const table = mod.tsInjectionAbi;
    expect(table.title).toBe(abi.title);
    expect(table.version).toBe(abi.version);
    expect(table.calls.inj_call.doc).toBe(abi.calls[0]!.doc);
    expect(table.arches.riscv64.traps[0].mnemonic).toBe(abi.arches[0]!.traps[0]!.mnemonic);
    expect(table.privilege.otherwise).toEqual(abi.privilege.otherwise);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    expect(mod.pwned).toBeUndefined();
  });
});
