// The fast YAML path (generator/fast-yaml.ts) against the yaml library: on every spec, fixture and
// example in the repository, and on generated documents, it either declines (null) or gives the
// value doc.toJS() gives, the same line starts and, for every node, the offset the yaml library
// records (so locate() reports the same line and column either way).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { parseFast, type PosNode } from "../../generator/fast-yaml.js";
import { parseSpecText } from "../../generator/load.js";

const root = join(import.meta.dirname, "..", "..");

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** The yaml library's offsets in the shape of a PosNode tree. */
function slowPositions(node: unknown): unknown {
  if (isMap(node)) {
    return { start: node.range![0], pairs: node.items.map((p) => [String((p.key as { value: unknown }).value),
      (p.key as Node).range![0], ((p.value as Node | null)?.range ?? (p.key as Node).range)![0], slowPositions(p.value)]) };
  }
  if (isSeq(node)) return { start: node.range![0], items: node.items.map((n) => slowPositions(n)) };
  if (isScalar(node)) return node.range![0];
  throw new Error(`unexpected node ${String(node)}`);
}

function fastPositions(n: PosNode): unknown {
  if (typeof n === "number") return n;
  if ("pairs" in n) return { start: n.start, pairs: [...n.pairs].map(([k, p]) => [k, p.keyStart, p.valueStart, fastPositions(p.value)]) };
  return { start: n.start, items: n.items.map(fastPositions) };
}

// Generated documents: nested mappings and sequences written in block or flow style, with scalars
// that are near the edges of the core schema, written plain, quoted or as block scalars.
const SCALARS = ["a", "a b", "1", "-1", "+5", "010", "0o17", "0x1F", "0x1p3", "1.5", "1e3", ".inf", ".NaN", "~", "null", "Null", "true", "False",
  "yes", "a: b", "a:b", "a #b", "a#b", "#c", "- x", "-x", "[x]", "{x}", "x, y", "it's", 'say "hi"', "\\u202e", "\\ud800", "back\\slash", " lead", "trail ", "", "__proto__", "<<", "é", "日本"];
const KEYS = ["name", "doc", "calls", "a b", "true", "null", "1", "0x1", "__proto__", "<<", "a.b", "x-y", "@k", "k:", "name"];
const COMMON = ["a", "a b", "1", "-1", "0x1F", "it's", "a:b", "a#b", "é", "x.y"];
const scalarArb = fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COMMON) }, { weight: 1, arbitrary: fc.constantFrom(...SCALARS) }),
  fc.constantFrom("plain", "single", "double"))
  .map(([v, style]) => style === "plain" ? v : style === "single" ? `'${v.replace(/'/g, "''")}'` : `"${v.replace(/"/g, '\\"')}"`);
const keyArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("name", "doc", "a.b", "x-y", "k1", "k2", "k3", '"q k"') }, { weight: 1, arbitrary: fc.constantFrom(...KEYS) });
type Tree = string | { map: [string, Tree][] } | { seq: Tree[] } | { block: [string, string[]] };
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof({ depthSize: "small", withCrossShrink: true },
    scalarArb,
    fc.record({ block: fc.tuple(fc.constantFrom("|", "|-", "|+", ">", ">-", ">+", "|2"), fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("text", "", "x y") }, fc.constantFrom("  more", "a: b", "# c", " ")), { minLength: 1, maxLength: 4 })) }),
    fc.record({ map: fc.array(fc.tuple(keyArb, tie("t")), { maxLength: 4 }) }),
    fc.record({ seq: fc.array(tie("t"), { maxLength: 4 }) })),
})).t;

function flow(t: Tree): string {
  if (typeof t === "string") return t;
  if ("block" in t) return '"b"';
  if ("map" in t) return `{${t.map.map(([k, v]) => `${k}: ${flow(v)}`).join(", ")}}`;
  return `[${t.seq.map(flow).join(", ")}]`;
}

/** Block layout at `indent`, as the value after `key:` or `- ` (`inline`: on the same line). */
function block(t: Tree, indent: number, flowStyle: boolean[], n: { i: number }): string {
  const pad = " ".repeat(indent);
  const useFlow = flowStyle[n.i++ % flowStyle.length]!;
  if (typeof t === "string") return ` ${t}\n`;
  if ("block" in t) return ` ${t.block[0]}\n${t.block[1].map((l) => (l === "" ? "" : pad + "  " + l)).join("\n")}\n`;
  if (useFlow || (("map" in t ? t.map.length : t.seq.length) === 0)) return ` ${flow(t)}\n`;
  if ("map" in t) return `\n${t.map.map(([k, v]) => `${pad}  ${k}:${block(v, indent + 2, flowStyle, n)}`).join("")}`;
  return `\n${t.seq.map((v) => `${pad}  -${block(v, indent + 2, flowStyle, n)}`).join("")}`;
}

const docArb = fc.tuple(fc.array(fc.tuple(keyArb, treeArb), { minLength: 1, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom("", "# comment\n", "\n") }, fc.constantFrom("---\n", "%YAML 1.1\n---\n")))
  .map(([pairs, flowStyle, head]) => head + pairs.map(([k, v]) => `${k}:${block(v, 0, flowStyle, { i: 0 })}`).join(""));

/** Asserts fast == slow when the fast path answers; returns whether it answered. */
function agree(text: string): boolean {
  const fast = parseFast(text);
  if (fast === null) return false;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, intAsBigInt: true, uniqueKeys: true, prettyErrors: false, strict: true });
  expect(doc.errors).toEqual([]);
  expect(doc.warnings).toEqual([]);
  expect(fast.value).toStrictEqual(doc.toJS());
  expect(fast.lineStarts).toEqual(lines.lineStarts);
  expect(fastPositions(fast.root)).toEqual(slowPositions(doc.contents));
  // and the whole load accepts it without a diagnostic
  expect(parseSpecText(text, "x.yaml").diagnostics).toEqual([]);
  return true;
}

describe("fast YAML path", () => {
  const files = yamlFiles(root).filter((f) => !f.includes(`${join("dist", "")}`));
  it("finds the repository's YAML", () => { expect(files.length).toBeGreaterThan(40); });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))("agrees with the yaml library on %s", (_, f) => {
    agree(readFileSync(f, "utf8"));
  });

  // Real specs with one edit (a line dropped, doubled, re-indented, or a character inserted): the
  // fast path must agree or decline, never read something else.
  const catalogTexts = readdirSync(join(root, "spec")).filter((n) => n.endsWith(".yaml")).map((n) => readFileSync(join(root, "spec", n), "utf8"));
  const INSERTS = [" ", "  ", "\n", "-", ":", ": ", "#", " #", "'", '"', "[", "]", "{", "}", ",", "|", ">", "&a ", "*a", "!t ", "? ", "%", "---\n", "\t", "1.5", "0x", "\\", "__proto__", "\u202e", "~"];
  it("agrees or declines on edited catalog specs", () => {
    let answered = 0;
    fc.assert(fc.property(fc.nat(catalogTexts.length - 1), fc.nat(), fc.nat(3), fc.constantFrom(...INSERTS), (which, where, kind, ins) => {
      const text = catalogTexts[which]!;
      const lines = text.split("\n");
      const at = where % lines.length;
      if (kind === 0) lines.splice(at, 1);
      else if (kind === 1) lines.splice(at, 0, lines[at]!);
      else if (kind === 2) lines[at] = ` ${lines[at]}`;
      let edited = lines.join("\n");
      if (kind === 3) { const c = where % text.length; edited = text.slice(0, c) + ins + text.slice(c); }
      if (agree(edited)) answered++;
    }), { numRuns: 150 });
    expect(answered).toBeGreaterThan(10); // the edits are not all declined
  });

  it("agrees or declines on generated documents", () => {
    let answered = 0;
    fc.assert(fc.property(docArb, (text) => { if (agree(text)) answered++; }), { numRuns: 400 });
    expect(answered).toBeGreaterThan(40); // the generator reaches the fast path, not only its refusals
  });

  it("takes every catalog spec (else the catalog would get no faster)", () => {
    const catalog = readdirSync(join(root, "spec")).filter((n) => n.endsWith(".yaml"));
    expect(catalog.length).toBeGreaterThan(5);
    for (const n of catalog) expect([n, parseFast(readFileSync(join(root, "spec", n), "utf8")) !== null]).toEqual([n, true]);
  });
});
