// examples/pvdemo: its committed output is what hcgen generates, and its emulator runs the guest
// stubs end to end. The emulator imports "hcgen/runtime" (the package's own export, resolved to
// dist/ by Node's self-reference), so it needs `npm run build`, which `npm ci` runs.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { check } from "../../generator/index.js";

const DIR = fileURLToPath(new URL("../../examples/pvdemo/", import.meta.url));

describe("examples/pvdemo", () => {
  it("has generated/ up to date with its spec (regenerate: npx hcgen generate --config examples/pvdemo/hcgen.config.yaml)", () => {
    const r = check({ cwd: DIR });
    expect(r.diagnostics).toEqual([]);
    expect(r.report).toBe("");
    expect(r.upToDate).toBe(true);
  });

  it("runs the guest on both arches through the runtime and traces every call", async () => {
    const { runDemo } = await import("../../examples/pvdemo/emulator.js");
    const r = runDemo();
    expect(r.console).toBe("hello from x86_64\nhello from riscv64\n");
    expect(r.crashes).toEqual([
      { arch: "x86_64", reason: 1, pc: 0xffffffff80001234n },
      { arch: "riscv64", reason: 1, pc: 0xffffffff80001234n },
    ]);
    expect(r.trace).toHaveLength(10);
    expect(r.trace[0]).toBe("[x86_64] pvdemo.pvdemo_get_features() = PVDEMO_OK {features=0x3}");
    expect(r.trace[2]).toBe("[x86_64] pvdemo.pvdemo_console_write(addr=0x8000, len=0x1388) = PVDEMO_EINVAL");
    expect(r.trace[8]).toMatch(/^\[riscv64\] pvdemo\.pvdemo_get_features\(\) = PVDEMO_EPERM \(denied\)/);
  });
});
