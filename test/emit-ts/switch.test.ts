// generator/emit/ts-switch.ts: the selector switch split into dense runs (V8 jump tables) must still
// send every key to its own case and every other number to none, for any set of keys; and the layout
// it picks is the one expected for spaced keys (PAPR-like multiples of 4) and for sparse ones.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { switchLines } from "../../generator/emit/ts-switch.js";

/** The switch as a function of x: the index of the case taken, or -1. (Test code: evaluating it here is fine.) */
function compile(keys: readonly number[]): { fn: (x: number) => number; text: string } {
  const cases = keys.map((key, i) => ({ key, body: (p: string) => [`${p}return ${i};`] }));
  const text = switchLines("x", cases, "  ", "sel").join("\n");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return { fn: new Function("x", `${text}\n  return -1;`) as (x: number) => number, text };
}

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });

describe("switchLines", () => {
  it("takes the case of every key and no case for other numbers (random key sets)", () => {
    const keySets = fc.oneof(
      fc.uniqueArray(u32, { maxLength: 40 }),
      // spaced and clustered keys: what makes dense runs
      fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 0xffff }), fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 6, maxLength: 120 }))
        .map(([shift, base, ks]) => [...new Set(ks.map((k) => (base + k) * 2 ** shift))].filter((k) => k <= 0xffff_ffff)),
    );
    fc.assert(fc.property(keySets, fc.array(u32, { maxLength: 20 }), (keys, probes) => {
      const { fn } = compile(keys);
      keys.forEach((k, i) => expect(fn(k)).toBe(i));
      for (const p of probes) expect(fn(p)).toBe(keys.indexOf(p));
      for (const k of keys) for (const d of [-1, 1, 2]) if (k + d >= 0 && k + d <= 0xffff_ffff) expect(fn(k + d)).toBe(keys.indexOf(k + d));
    }), { numRuns: 300 });
  });

  it("multiples of 4 become one switch over key / 4 behind an alignment and range test", () => {
    const keys = Array.from({ length: 20 }, (_, i) => 4 + 4 * i);
    const { text } = compile([...keys, 0xf001]);
    expect(text).toContain("if ((x & 0x3) === 0 && x >= 0x4 && x <= 0x50) {   // sel: 20 cases, a jump table");
    expect(text).toContain("switch (x >>> 2) {");
    expect(text).toContain("case 0x1:   // 0x4");
    expect(text).toMatch(/} else \{\n\s+switch \(x\) \{   \/\/ sel\n\s+case 0xf001:/);
  });

  it("keys V8 tables as they are, few keys or sparse keys stay one plain switch", () => {
    for (const keys of [[0, 1, 2, 3, 4, 5, 6, 7, 8], [3, 0x10, 0x54494d45], [0x10, 0x735049, 0x54494d45, 0x48534d, 0x504d55, 0x52464e43, 0x4442434e]]) {
      const { text } = compile(keys);
      expect(text.split("\n")[0]).toBe("  switch (x) {   // sel");
      expect(text).not.toContain("jump table");
    }
  });
});
