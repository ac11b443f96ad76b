// ts-print.ts prints each declaration straight to text; the writer it replaced (kept as a fixture)
// is the reference: for any list of statements, docs with blank lines, types that span lines,
// empty interfaces and raw statements ending in braces or newlines included, both print the same text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printModule, printPieces, type PropertySig, type RawPieces, type Statement } from "../../generator/emit/ts-print.js";
import { printModule as reference } from "../fixtures/ts-print/writer.js";

const word = fc.constantFrom("a", "Foo", "x_1", "readonly", "", " ");
const text = fc.array(fc.constantFrom("a", "b c", " ", "\n", "\n\n", "*", "{", "}", ";", "  x"), { maxLength: 6 }).map((p) => p.join(""));
const doc = fc.oneof(fc.constant(null), text);
const names = fc.array(fc.constantFrom("A", "B", "type C"), { maxLength: 3 });
const prop: fc.Arbitrary<PropertySig> = fc.record({ name: word, type: text, readonly: fc.boolean(), optional: fc.boolean(), doc });
const statement: fc.Arbitrary<Statement> = fc.oneof(
  text,
  fc.record({ kind: fc.constant("import" as const), typeOnly: fc.boolean(), names, from: fc.constantFrom("./a.js", "x\"y", "") }),
  fc.record({ kind: fc.constant("export" as const), names, from: fc.constantFrom("./a.js", "") }),
  fc.record({ kind: fc.constant("type" as const), name: word, exported: fc.boolean(), type: text, doc }),
  fc.record({ kind: fc.constant("interface" as const), name: word, exported: fc.boolean(), doc, properties: fc.array(prop, { maxLength: 3 }) }),
);

describe("printModule", () => {
  it("prints any statements as the writer it replaced did", () => {
    fc.assert(fc.property(fc.array(statement, { maxLength: 6 }), (s) => { expect(printModule(s)).toBe(reference(s)); }), { numRuns: 2000 });
  });

  it("reads the end of the text right across CR and CRLF in raw statements", () => {
    const crText = fc.array(fc.constantFrom("a", "}", " ", "\n", "\r", "\r\n", "\n\r\n"), { maxLength: 6 }).map((p) => p.join(""));
    const withCr = fc.oneof(statement, crText);
    fc.assert(fc.property(fc.array(withCr, { maxLength: 6 }), (s) => { expect(printModule(s)).toBe(reference(s)); }), { numRuns: 2000 });
  });
});

// The stubs and table modules hand their large object literal over as a raw statement in pieces
// (printPieces), which must print exactly as that statement made whole would.
describe("printPieces", () => {
  /** A raw statement cut at the given points (other statements as they are). */
  const cut = (s: Statement, at: readonly number[]): Statement | RawPieces => {
    if (typeof s !== "string") return s;
    const points = [...new Set(at.map((p) => p % (s.length + 1)))].sort((a, b) => a - b);
    const pieces: string[] = [];
    let from = 0;
    for (const p of points) { pieces.push(s.slice(from, p)); from = p; }
    pieces.push(s.slice(from));
    return { kind: "pieces", pieces };
  };
  it("prints raw statements given as pieces as their join, whatever the cuts", () => {
    const cutStatement = fc.tuple(statement, fc.array(fc.nat(40), { maxLength: 4 }));
    fc.assert(fc.property(fc.array(cutStatement, { maxLength: 6 }), (xs) => {
      const whole = xs.map(([s]) => s);
      const text = [...printPieces(xs.map(([s, at]) => cut(s, at)))].join("");
      expect(text).toBe(printModule(whole));
      expect(text).toBe(reference(whole));
    }), { numRuns: 2000 });
  });
});
