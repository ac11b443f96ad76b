// cString, commentLines and docText skip their replace chains when the text has nothing to replace.
// The chains written out in full are the reference: for any text, plain or full of the characters
// they escape, the fast path must give the same result.
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTools } from "../helpers/tools.js";
import { blockComment, commentLines, cString, inlineComment } from "../../generator/emit/c-text.js";
import { docText } from "../../generator/emit/ts-values.js";

function refCString(s: string): string {
  const body = s
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t")
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/\?/g, "\\?");
  return `"${body}"`;
}

function refCommentLines(text: string): string[] {
  const clean = text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, " ")
    .replace(/\t/g, "  ")
    .replace(/\*\//g, "* /")
    .replace(/\/\*/g, "/ *")
    .replace(/\?\?/g, "? ?");
  return clean.split("\n").map((l) => l.trimEnd());
}

const refDocText = (s: string): string => s.replace(/\*\//g, "*\\/").replace(/\r\n?/g, "\n").trim();

// Mostly the characters the chains treat specially, so texts with one or two of them are common.
const special = fc.constantFrom("\r", "\n", "\t", "\u0000", "\u001f", "\u007f", "\u2028", "\u2029", "*", "/", "?", "\\", '"', " ", "é", "\u{1f600}");
const text = fc.array(fc.oneof(special, fc.string({ maxLength: 4 }), fc.string({ unit: "binary", maxLength: 3 })), { maxLength: 24 }).map((p) => p.join(""));

describe("C and TS comment/string text fast paths", () => {
  it("cString is the full replace chain for any text", () => {
    fc.assert(fc.property(text, (s) => { expect(cString(s)).toBe(refCString(s)); }), { numRuns: 3000 });
  });

  it("commentLines is the full replace chain for any text", () => {
    fc.assert(fc.property(text, (s) => { expect(commentLines(s)).toEqual(refCommentLines(s)); }), { numRuns: 3000 });
  });

  it("docText is the full replace chain for any text", () => {
    fc.assert(fc.property(text, (s) => { expect(docText(s)).toBe(refDocText(s)); }), { numRuns: 3000 });
  });

  it("escapes what needs escaping and keeps plain text as is", () => {
    expect(cString("hvc #0")).toBe('"hvc #0"');
    expect(cString('a"b\\c?\n\t\u00e9')).toBe('"a\\"b\\\\c\\?\\n\\t\\?"');
    expect(commentLines("x */ y /* z ?? w\\")).toEqual(["x * / y / * z ? ? w\\"]);
    expect(blockComment("plain text")).toEqual(["/* plain text */"]);
    expect(inlineComment("a\r\nb\tc")).toBe("/* a b c */");
    expect(docText("  a */ b\r\n ")).toBe("a *\\/ b");
  });
});

// commentLines keeps a trailing backslash: in a block comment that splice joins only comment text.
const clang = checkTools("clang", "the trailing-backslash comment compile test", ["clang"]);
describe("a comment line that ends with a backslash", () => {
  it.skipIf(clang.missing.length > 0 && !clang.required)("compiles under -Wall -Wextra -Wcomment -Werror, and the code after the comment is kept", () => {
    const lines = [
      ...blockComment("first line ends in a backslash \\\nsecond line too \\\nlast \\"),
      inlineComment("one line \\"),
      "int after_the_comments = 1;",
      "_Static_assert(sizeof(after_the_comments) > 0, \"the declaration survived the comments\");",
    ];
    expect(lines.filter((l) => l.endsWith("\\")).length).toBeGreaterThan(1);
    const r = spawnSync("clang", ["-std=c11", "-Wall", "-Wextra", "-Wcomment", "-Werror", "-fsyntax-only", "-x", "c", "-"], { input: lines.join("\n") + "\n", encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});
