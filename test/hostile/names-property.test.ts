// Issue 13.2, property: arbitrary (hostile) call names, argument names, error names and doc strings
// are either refused with a positioned diagnostic, or come out escaped in every output language:
// generated TS parses, C has no preprocessor line or comment end from user text, HTML carries no
// raw `<`/`&` from it, Markdown tables keep their column count, JSON round-trips the text.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { prepare, selectEmitters } from "../../generator/pipeline/run.js";
import { FIXTURES } from "../helpers/catalog.js";
import { checkTools } from "../helpers/tools.js";
import { readFileSync } from "node:fs";

const BASE = readFileSync(join(FIXTURES, "invalid", "HC140-error-too-wide.yaml"), "utf8")
  .replace(/^# expect:.*\n/, "").replace("0x10000000000000000", "-2");
const dir = mkdtempSync(join(tmpdir(), "hcgen-prop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const emitters = selectEmitters(undefined);

// Strings an attacker would reach for, mixed with arbitrary ones.
const hostile = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.constantFrom("a*/#define PWNED 1/*", "x\n#define PWNED 1", "<img src=x onerror=alert(1)>", "a|b|c", "`${x}`", "x\\", "\"); alert(1); //",
    "-->", "&amp;&", "]]>", "a\r\nb", "\\u0000", "name_ok", "__proto__", "constructor", "*/", "<!--", "</script>", "||", "\\|"),
  fc.array(fc.constantFrom("<", "&", "|", "*", "/", "\n", "`", "$", "{", "}", "\\", "\"", "'", "#", "a", "_", "-", "1", " "), { maxLength: 16 }).map((a) => a.join("")),
);
const callNames = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/) }, { weight: 1, arbitrary: hostile });
const errNames = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/) }, { weight: 1, arbitrary: hostile });
const q = (s: string) => JSON.stringify(s); // a YAML double-quoted scalar accepts JSON escapes

let n = 0;
const RUNS = 150;
function generate(callName: string, argName: string, errName: string, doc: string) {
  const text = BASE
    .replace("- { name: one, id: { eid: 1, fid: 0 } }", () => `- { name: ${q(callName)}, id: { eid: 1, fid: 0 }, doc: ${q(doc)}, args: [ { name: ${q(argName)}, type: u64, doc: ${q(doc)} } ] }`)
    .replace("- { name: NOT_SUPPORTED, value: -2 }", () => `- { name: NOT_SUPPORTED, value: -2 }\n    - { name: ${q(errName)}, value: -3, doc: ${q(doc)} }`);
  const sub = join(dir, `r${n++}`);
  mkdirSync(sub);
  const file = join(sub, "p.yaml"); // one name, so output paths match the baseline's
  writeFileSync(file, text);
  return prepare({ inputs: [file], cwd: sub, emitters, options: { runtimeImport: "../../runtime/index.js" } });
}

/**
 * Tags per HTML file (`<td` 12, `</td` 12, ...). Docs are Markdown, so paragraphs, code spans and
 * emphasis may add tags of MARKDOWN_TAGS; any other tag that is not in the baseline is user text
 * that became markup.
 */
function tagCounts(html: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of html.matchAll(/<\/?[A-Za-z!?][\w-]*/g)) counts.set(m[0].toLowerCase(), (counts.get(m[0].toLowerCase()) ?? 0) + 1);
  return counts;
}
const MARKDOWN_TAGS = new Set(["p", "code", "em", "strong", "br", "pre", "ul", "ol", "li", "blockquote", "hr", "del", "h1", "h2", "h3", "h4", "h5", "h6"]);
function newMarkup(html: string, base: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [tag, count] of tagCounts(html)) {
    const name = tag.replace(/^<\/?/, "");
    if (count !== base.get(tag) && !MARKDOWN_TAGS.has(name)) out.push(`${tag} ${count} (baseline ${base.get(tag) ?? 0})`);
  }
  return out;
}
/** An `&` that does not start a character reference: raw user text. */
const LONE_AMP = /&(?!(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);)/;

/** Unescaped `|` per row of each Markdown table (a run of lines starting with `|`). */
function tableShapesOk(md: string): boolean {
  const pipes = (l: string) => (l.replace(/\\\\/g, "").match(/(?<!\\)\|/g) ?? []).length;
  let width = -1;
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) { width = -1; continue; }
    if (width === -1) width = pipes(line);
    else if (pipes(line) !== width) return false;
  }
  return true;
}

/** C text with comments and string/char literals removed (non-nesting comments, as C has). */
function cCode(c: string): string {
  return c.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, " ");
}

describe("hostile names and docs: refused with a position, or escaped in every output", () => {
  it("holds for arbitrary inputs", () => {
    const base = generate("a", "b", "ERR", "plain");
    expect(base.ok, base.diagnostics.map((d) => d.message).join("; ")).toBe(true);
    const baseTags = new Map(base.files.filter((f) => f.path.endsWith(".html")).map((f) => [f.path, tagCounts(f.content)]));
    expect(baseTags.size).toBeGreaterThan(0);
    let generated = 0, refused = 0;
    fc.assert(fc.property(callNames, callNames, errNames, hostile, (callName, argName, errName, doc) => {
      const p = generate(callName, argName, errName, doc);
      if (!p.ok) {
        refused++;
        if (process.env.HCGEN_PROP_DEBUG) console.log(JSON.stringify([callName, argName, errName, doc]), p.diagnostics.map((d) => `${d.code} ${d.message}`));
        for (const d of p.diagnostics) {
          expect(d.line, d.message).toBeGreaterThanOrEqual(1);
          expect(d.code).toMatch(/^HC\d{3}$/);
        }
        return;
      }
      generated++;
      for (const f of p.files) {
        if (f.path.endsWith(".ts")) {
          const out = ts.transpileModule(f.content, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
          expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")) ?? [], f.path).toEqual([]);
        } else if (f.path.endsWith(".h") || f.path.endsWith(".c")) {
          const code = cCode(f.content);
          expect(code.includes("PWNED"), `${f.path}: user text outside a comment or string`).toBe(false);
          for (const line of code.split("\n")) {
            if (line.trimStart().startsWith("#")) expect(line, f.path).toMatch(/^\s*#\s*(define|include|if|ifdef|ifndef|elif|else|endif|pragma|error|undef)\b/);
          }
        } else if (f.path.endsWith(".html")) {
          expect(newMarkup(f.content, baseTags.get(f.path)!), `${f.path}: user text became markup`).toEqual([]);
          expect(LONE_AMP.exec(f.content)?.index ?? -1, `${f.path}: an unescaped &`).toBe(-1);
        } else if (f.path.endsWith(".md")) {
          expect(tableShapesOk(f.content), `${f.path}: a table row changed its column count`).toBe(true);
        } else if (f.path.endsWith(".json")) {
          const json = JSON.stringify(JSON.parse(f.content));
          if (f.path.endsWith("model.json") && doc !== "") expect(json.includes(JSON.stringify(doc).slice(1, -1)), `${f.path} keeps the doc`).toBe(true);
        }
      }
    }), { numRuns: RUNS, seed: 1313 });
    console.log(`[hostile] names property: ${generated} generated, ${refused} refused`);
    expect(generated + refused).toBe(RUNS);
    expect(generated, "most runs must reach the emitters").toBeGreaterThan(RUNS / 4);
  }, 300_000);
  it("the checks catch what they look for (so the property can fail)", () => {
    const base = tagCounts("<p><td>x</td></p>");
    expect(newMarkup("<p><td>x<img src=x onerror=alert(1)></td></p>", base)).toEqual(["<img 1 (baseline 0)"]);
    expect(newMarkup("<p><td>x</td></p><p><code>y</code></p>", base)).toEqual([]);
    expect(LONE_AMP.test("a &amp; b &#60; &#x3D;")).toBe(false);
    expect(LONE_AMP.test("a & b")).toBe(true);
    expect(tableShapesOk("| a | b |\n| --- | --- |\n| x \\| y | z |")).toBe(true);
    expect(tableShapesOk("| a | b |\n| --- | --- |\n| x | y | z |")).toBe(false);
    expect(cCode("/* a */ #define X /* b */\n\"*/ #x\"").includes("#define")).toBe(true);
    expect(cCode("/* x\n#define PWNED 1 */").includes("PWNED")).toBe(false);
  });
  const clangTools = checkTools("clang", "the C-hostile docs clang test", ["clang"]);
  const clang = clangTools.missing.length === 0;
  const requireClang = clangTools.required;
  it.skipIf(!clang && !requireClang)("C-hostile docs: clang compiles the headers and no injected macro is defined" + (clang ? "" : " (skipped: clang is not installed)"), () => {
    expect(clangTools.missing, clangTools.failure).toEqual([]);
    let compiled = 0;
    for (const doc of ["a*/\n#define PWNED 1\n/*", "x\\\n#define PWNED 1", "*/ #define PWNED 1 /*", "// \\\n#define PWNED 1"]) {
      const p = generate("a", "b", "ERR", doc);
      if (!p.ok) { for (const d of p.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1); continue; }
      const out = mkdtempSync(join(tmpdir(), "hcgen-prop-c-"));
      try {
        for (const f of p.files) { mkdirSync(dirname(join(out, f.path)), { recursive: true }); writeFileSync(join(out, f.path), f.content); }
        for (const h of p.files.filter((f) => f.path.endsWith(".h"))) {
          const tu = join(out, "tu.c");
          writeFileSync(tu, `#include "${h.path}"\n#if defined(PWNED)\n#error doc text became a macro\n#endif\n`);
          const r = spawnSync("clang", ["--target=riscv64-unknown-elf", "-ffreestanding", "-fsyntax-only", "-Wall", "-Werror", "-I", out, tu], { encoding: "utf8" });
          expect(r.status, `${h.path} with doc ${q(doc)}: ${r.stderr}`).toBe(0);
          compiled++;
        }
      } finally { rmSync(out, { recursive: true, force: true }); }
    }
    expect(compiled, "some hostile docs must reach the C emitter").toBeGreaterThan(0);
    console.log(`[hostile] clang: ${compiled} headers compiled`);
  });
});
