// printLit decides "one line?" from a character budget instead of printing every element first.
// The rule written the plain way (print everything, then measure) is the reference: for any value,
// lengths around the 100-character limit and multi-line code included, both must print the same text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Code, code, printLit, type Lit } from "../../generator/emit/ts-literal.js";
import { big, litKey, str } from "../../generator/emit/ts-values.js";

function reference(v: Lit, indent = ""): string {
  if (v instanceof Code) return v.text;
  if (v === null) return "null";
  if (typeof v === "string") return str(v);
  if (typeof v === "bigint") return big(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const inner = indent + "  ";
  const fits = (items: string[], brackets: number) =>
    items.every((i) => !i.includes("\n")) && brackets + 2 * (items.length - 1) + items.reduce((n, i) => n + i.length, 0) <= 100;
  if (Array.isArray(v)) {
    const items = (v as readonly Lit[]).map((x) => reference(x, inner));
    if (items.length === 0) return "[]";
    const primitives = (v as readonly Lit[]).every((x) => x === null || typeof x !== "object");
    return primitives || fits(items, 2) ? `[${items.join(", ")}]` : `[\n${inner}${items.join(`,\n${inner}`)},\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, Lit>).map(([k, x]) => `${litKey(k)}: ${reference(x, inner)}`);
  if (entries.length === 0) return "{}";
  return fits(entries, 4) ? `{ ${entries.join(", ")} }` : `{\n${inner}${entries.join(`,\n${inner}`)},\n${indent}}`;
}

// Strings of every length up to past the limit, so containers land on both sides of 100 characters.
const leaf: fc.Arbitrary<Lit> = fc.oneof(
  fc.string({ maxLength: 60 }), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }),
  fc.string({ maxLength: 40 }).map((s) => code(s)), fc.constantFrom(code("(r) => {\n  x;\n}"), code("a\nb")),
);
const key = fc.oneof(fc.constantFrom("name", "__proto__", "a-b", "0", "x y"), fc.string({ maxLength: 8 }));
const { lit } = fc.letrec<{ lit: Lit }>((tie) => ({
  lit: fc.oneof({ depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("lit"), { maxLength: 6 }),
    fc.array(leaf, { maxLength: 30 }),
    fc.array(fc.tuple(key, tie("lit")), { maxLength: 6 }).map((kv) => Object.fromEntries(kv) as Lit),
  ),
}));

describe("printLit", () => {
  it("lays out any value as the plain rule does", () => {
    fc.assert(fc.property(lit, (v) => { expect(printLit(v)).toBe(reference(v)); }), { numRuns: 1000 });
  });

  it("counts an empty container that ends a line (fast-check seed 1547709149)", () => {
    // { "     ": [...], "x y": [false], "":   , name: [] } is 101 characters: the `[]` is the overflow.
    const v: Lit = { name: { name: { "     ": [1000000000, null, false, [null], 1152921504606846976n], "x y": [false], "": code("  "), name: [] } } };
    expect(printLit(v)).toBe(reference(v));
    expect(printLit({ a: { k: "x".repeat(88), e: {} } })).toBe(reference({ a: { k: "x".repeat(88), e: {} } }));
  });

  it("puts a container on one line up to exactly 100 characters", () => {
    const at = (n: number): Lit => [{ k: "x".repeat(n - 11) }];   // [{ k: "xx…" }] is n characters
    expect(printLit(at(100))).toBe(`[{ k: "${"x".repeat(89)}" }]`);
    expect(printLit(at(101))).toContain("\n");
  });
});
