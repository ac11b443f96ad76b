// ts-print.ts prints each declaration straight to text; the writer it replaced (kept as a fixture)
// is the reference: for any list of statements, docs with blank lines, types that span lines,
// empty interfaces and raw statements ending in braces or newlines included, both print the same text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printModule, type PropertySig, type Statement } from "../../generator/emit/ts-print.js";
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
});
