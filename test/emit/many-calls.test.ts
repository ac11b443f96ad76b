// An ABI with many calls on one arch: every emitter runs without a RangeError. Emitters once appended
// their lines with push(...lines), which passes every line as an argument and overflows the stack
// past ~100k lines (the C host dispatcher of a 10k-call ABI has more). See generator/emit/lines.ts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { EMITTERS } from "../../generator/emit/index.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { append } from "../../generator/emit/lines.js";

const CALLS = 10_000;   // the most one spec file may hold (HC003)

function spec(n: number): string {
  const calls: string[] = [];
  for (let i = 0; i < n; i++) calls.push(`  - { name: many_${i}, id: { service: ${i >> 8}, function: ${i & 0xff} }, args: [{ name: x, type: u64 }], results: [{ name: value, type: ulong }] }`);
  return `hcgen: 1
id: many
title: Many calls
version: "1.0"
sources:
  t: { document: hcgen test, section: test/emit/many-calls.test.ts }
arches:
  riscv64:
    traps:
      - { name: ecall, mnemonic: ecall, insn: 0x00000073 }
    select: { a7: service, a6: function }
    args: [a0, a1, a2, a3, a4, a5]
    results:
      - { name: status, register: a0, status: true }
      - { name: value, register: a1 }
errors:
  sign: negated
  success: M_OK
  roles: { not_supported: M_ENOSYS, failed: M_EIO }
  codes:
    - { name: M_OK, value: 0 }
    - { name: M_ENOSYS, value: 38 }
    - { name: M_EIO, value: 5 }
calls:
${calls.join("\n")}
`;
}

describe("an ABI with many calls", () => {
  it("append() keeps order and takes lines and lists of lines", () => {
    expect(append(["a"], "b", ["c", "d"], [], "e")).toEqual(["a", "b", "c", "d", "e"]);
    const big = Array.from({ length: 300_000 }, (_, i) => String(i));
    expect(append([], big).length).toBe(300_000);
  });

  it(`every emitter handles ${CALLS} calls on one arch`, () => {
    const dir = mkdtempSync(join(tmpdir(), "hcgen-many-"));
    writeFileSync(join(dir, "many.yaml"), spec(CALLS));
    const r = loadModel([join(dir, "many.yaml")], { cwd: dir });
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    const abi = r.model!.abis[0]!;
    expect(abi.calls.length).toBe(CALLS);
    for (const e of EMITTERS) {
      const files = e.emit(r.model!, DEFAULT_EMIT_OPTIONS);
      expect(files.length, e.kind).toBeGreaterThan(0);
    }
  }, 120_000);
});
