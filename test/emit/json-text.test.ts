// jsonText writes one value of the JSON export straight at its depth (issue 16). Its text must be
// byte for byte what the export wrote before: JSON.stringify with the bigint/bytes replacer, every
// newline re-indented to the depth, which for plain data is JSON.stringify(jsonable(v), null, 2).
// Random values cover what JSON.stringify treats specially: escapes, lone surrogates, -0, NaN,
// big exponents, bigints past 2^64, bytes, left-out members, empty containers at every level.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exportModel, exportPieces, jsonable } from "../../generator/export.js";
import { jsonReplacer, jsonText } from "../../generator/json-text.js";

/** The export's text for a value before jsonText: JSON.stringify with the replacer, re-indented. */
function oldWay(v: unknown, depth: number): string | undefined {
  const text = JSON.stringify(v, jsonReplacer, 2) as string | undefined;
  return text === undefined || depth === 0 ? text : text.replace(/\n/g, `\n${" ".repeat(2 * depth)}`);
}

// The documented meaning: bigint and bytes converted first (export.ts jsonable), then JSON.stringify without a replacer.
function viaJsonable(v: unknown, depth: number): string | undefined {
  const text = JSON.stringify(jsonable(v), null, 2) as string | undefined;
  return text === undefined || depth === 0 ? text : text.replace(/\n/g, `\n${" ".repeat(2 * depth)}`);
}

// Characters JSON.stringify escapes or might be expected to: quotes, backslash, controls, DEL,
// U+2028/2029 (not escaped), lone and paired surrogates, a non-BMP character, plain ASCII and Latin-1.
const tricky = ['"', "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "\u007f", "\u2028", "\u2029",
  "\ud800", "\udfff", "\udbff", "\ud83d\ude00", "\u{1f600}", "a", "Z", " ", "é", "—", "/", "<"];
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...tricky), maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);
// Own "__proto__" keys are left to a case of their own: jsonable()'s copy would set a prototype instead.
const key = fc.oneof(text, fc.constantFrom("0", "1", "10", "-1", "nr", "name", "toString")).filter((k) => k !== "__proto__");
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 1e21, 1e-7, 5e-324, 2 ** 53, -(2 ** 63)));
const bigint = fc.oneof(fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), fc.constantFrom(0n, -1n, (1n << 64n) - 1n, 1n << 64n, -(1n << 64n) - 1n));
const leftOut = fc.constantFrom(undefined, () => 1, Symbol("s"));
const leaf = fc.oneof(text, number, bigint, fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 6 }), leftOut);

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("tree"), { maxLength: 5 }),
    fc.dictionary(key, tie("tree"), { maxKeys: 5 })),
}));
const depth = fc.integer({ min: 0, max: 7 });

describe("jsonText", () => {
  it("random values at several depths: the same text as the replacer + re-indent and as JSON.stringify(jsonable(v))", () => {
    fc.assert(fc.property(tree, depth, (v, d) => {
      const got = jsonText(v, d);
      expect(got).toBe(oldWay(v, d));
      expect(got).toBe(viaJsonable(v, d));
    }), { numRuns: 600 });
  });

  it("the cases by name: escapes, numbers JSON writes as null or in exponent form, bigints past 2^64, bytes", () => {
    const v = {
      s: '"q" \\ \n \u0000 \u2028 \ud800 x \udc00 \u{1f600}', n: [-0, NaN, Infinity, 1e21, 1e-7, 0.1],
      b: [-(1n << 70n), (1n << 64n) + 1n, 0n], bytes: new Uint8Array([0, 15, 255]), none: new Uint8Array(),
      gone: undefined, f: () => 1, inArray: [undefined, () => 1, Symbol("s")], e: [[], {}, [[{}]]],
    };
    for (let d = 0; d < 6; d++) {
      expect(jsonText(v, d)).toBe(oldWay(v, d));
      expect(jsonText(v, d)).toBe(viaJsonable(v, d));
    }
    expect(jsonText(v, 1)).toContain('"s": "\\"q\\" \\\\ \\n \\u0000 \u2028 \\ud800 x \\udc00 \u{1f600}"');
    expect(jsonText(v, 0)).toContain('"n": [\n    0,\n    null,\n    null,\n    1e+21,\n    1e-7,\n    0.1\n  ]');
    expect(jsonText(v, 0)).toContain('"-0x400000000000000000"');
    expect(jsonText(v, 0)).toContain('"bytes": "00 0f ff"');
  });

  it("left-out values: undefined at the top, null in an array, no key in an object", () => {
    expect(jsonText(undefined, 3)).toBeUndefined();
    expect(jsonText(Symbol("s"), 0)).toBeUndefined();
    expect(jsonText([undefined], 0)).toBe("[\n  null\n]");
    expect(jsonText({ a: undefined }, 2)).toBe("{}");
  });

  it("values that are not plain data (toJSON, a Date, boxed primitives, a Map, a class) are written as JSON.stringify writes them", () => {
    class Point { constructor(readonly x: number, readonly y: bigint) {} }
    const v = {
      when: new Date(Date.UTC(2020, 1, 2)), boxed: [Object(5), Object("s"), Object(true)],
      map: new Map([[1, 2]]), point: new Point(1, 2n), custom: { toJSON: () => ({ x: 1n, y: [] }) },
      hidden: { toJSON: () => undefined }, inList: [{ toJSON: () => undefined }],
    };
    for (let d = 0; d < 4; d++) expect(jsonText(v, d)).toBe(oldWay(v, d));
    expect(jsonText(v, 0)).not.toContain('"hidden"');
    expect(jsonText(v, 0)).toContain('"when": "2020-02-02T00:00:00.000Z"');
  });

  it("an own __proto__ key and a null-prototype object are written like any key and object", () => {
    const v = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as unknown;
    const bare = Object.assign(Object.create(null) as object, { z: 1, a: [] });
    for (let d = 0; d < 3; d++) {
      expect(jsonText(v, d)).toBe(oldWay(v, d));
      expect(jsonText(bare, d)).toBe(oldWay(bare, d));
    }
  });

  it("an object with more keys than the key cache holds", () => {
    const v = { many: Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`k${i}"`, i])) };
    expect(jsonText(v, 3)).toBe(oldWay(v, 3));
    expect(jsonText(v, 3)).toBe(oldWay(v, 3)); // again, past the cap with the cache full
  });
});

describe("exportPieces over random ABI-shaped values", () => {
  it("the joined pieces equal JSON.stringify of the export, whatever sits at the streamed levels", () => {
    const abi = fc.dictionary(key, tree, { maxKeys: 6 });
    fc.assert(fc.property(fc.array(abi, { maxLength: 3 }), (abis) => {
      const model = { hcgen: 1, abis } as never;
      expect([...exportPieces(abis as never)].join("")).toBe(JSON.stringify(exportModel(model), null, 2) + "\n");
    }), { numRuns: 300 });
  });
});
