// Issue 13.4, scale: a spec with very many calls is refused right after parsing with a positioned
// HC003 (MAX_CALLS per file), before the schema, model and emitters whose memory grows per call.
// Exercised through the loader, not a full generate, to stay fast.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { countCallsFast } from "../../generator/count-calls.js";
import { loadSpecBytes, MAX_CALLS } from "../../generator/load.js";
import { FIXTURES } from "../helpers/catalog.js";

const BASE = readFileSync(join(FIXTURES, "invalid", "HC140-error-too-wide.yaml"), "utf8")
  .replace(/^# expect:.*\n/, "").replace("0x10000000000000000", "-2").replace(/^calls:\n.*\n/m, "");
const call = (i: number) => `  - {name: c${i}, id: {eid: ${i >> 8}, fid: ${i & 255}}}`;

/** BASE with `grouped` calls in one group, then `top` top-level calls; returns the text and where call k starts. */
function spec(grouped: number, top: number): { text: string; lineOf: (k: number) => number } {
  const head = BASE.split("\n").length - 1; // lines before the additions
  const g = grouped > 0 ? ["groups:", "  - name: g", "    id: 0", "    calls:", ...Array.from({ length: grouped }, (_, i) => `  ${call(i)}`)] : [];
  const t = ["calls:", ...Array.from({ length: top }, (_, i) => call(grouped + i))];
  const text = BASE + [...g, ...t].join("\n") + "\n";
  // call k (1-based) in document order: group calls first, then top-level ones
  const lineOf = (k: number) => (k <= grouped ? head + 4 + k : head + g.length + 1 + (k - grouped));
  return { text, lineOf };
}
const diags = (text: string) => loadSpecBytes(Buffer.from(text), "big.yaml").diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`);

describe(`at most ${MAX_CALLS} calls per spec file`, () => {
  it("the limit itself loads", () => {
    expect(diags(spec(0, MAX_CALLS).text)).toEqual([]);
  });
  it("one call more is HC003 at that call", () => {
    const s = spec(0, MAX_CALLS + 1);
    expect(diags(s.text)).toEqual([`HC003 ${s.lineOf(MAX_CALLS + 1)}:5 the spec has ${MAX_CALLS + 1} calls; hcgen reads at most ${MAX_CALLS} per spec file (this is call ${MAX_CALLS + 1})`]);
  });
  it("calls in groups count too", () => {
    const s = spec(MAX_CALLS / 2, MAX_CALLS / 2 + 3);
    const d = diags(s.text);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(new RegExp(`^HC003 ${s.lineOf(MAX_CALLS + 1)}:5 the spec has ${MAX_CALLS + 3} calls`));
  });
});

describe("calls counted from the text before parsing (count-calls.ts)", () => {
  /** The count of the parsed document, as load.ts's post-parse check sees it. */
  const parsedCount = (text: string): number => {
    const v = parseDocument(text).toJS() as { calls?: unknown[]; groups?: { calls?: unknown[] }[] };
    return (v.calls?.length ?? 0) + (v.groups ?? []).reduce((n, g) => n + (g.calls?.length ?? 0), 0);
  };
  it("agrees with the parsed document on block layouts, and gives the item's position", () => {
    const texts = [
      spec(0, 30).text,
      spec(12, 7).text,
      "hcgen: 1\n# a comment\ncalls:\n\n  # between\n  - name: a\n    id: 1\n    description: |\n      - not a call\n      - nor this\n  - {name: b}\r\n  -   name: c\nother: [1, 2]\n",
      "groups:\n  - name: g\n    id: 0\n    calls:\n    - {name: a}\n    - {name: b}\n    notes: [x]\n  - name: h\n    notes:\n      - x\n    calls:\n      - {name: c}\ncalls:\n  - {name: d}\n",
    ];
    for (const t of texts) {
      const c = countCallsFast(t, 2);
      expect(c, t).not.toBeNull();
      expect(c!.total, t).toBe(parsedCount(t));
    }
    const c = countCallsFast(texts[2]!, 2)!;
    expect(c.past).toEqual({ line: 12, col: 7 }); // the third call's node, after "-   "
  });
  it("answers null (the parser decides) for any layout it does not read", () => {
    for (const t of ["calls: [{name: a}, {name: b}]\n", "calls:\n- {name: a}\n", "calls: &c\n  - {name: a}\n", "---\ncalls:\n  - a\n",
      "calls:\n  -\n    name: a\n", "groups:\n  - calls:\n      - a\n", "calls:\n  - *x\n", "\"calls\":\n  - a\n", "calls:\n\t- a\n"]) {
      expect(countCallsFast(t, 0), JSON.stringify(t)).toBeNull();
    }
  });
  it("a layout it does not read still gets HC003 from the parsed document", () => {
    const flow = BASE + `calls: [${Array.from({ length: MAX_CALLS + 1 }, (_, i) => `{name: c${i}, id: {eid: ${i >> 8}, fid: ${i & 255}}}`).join(", ")}]\n`;
    expect(countCallsFast(flow, MAX_CALLS)).toBeNull();
    const d = diags(flow);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(new RegExp(`^HC003 \\d+:\\d+ the spec has ${MAX_CALLS + 1} calls`));
  });
  it("a spec over the limit and well over the precount size is refused with the same HC003 as after parsing", () => {
    const s = spec(MAX_CALLS / 2, MAX_CALLS * 3);
    expect(s.text.length).toBeGreaterThan(1024 * 1024);
    expect(diags(s.text)).toEqual([`HC003 ${s.lineOf(MAX_CALLS + 1)}:5 the spec has ${MAX_CALLS * 3.5} calls; hcgen reads at most ${MAX_CALLS} per spec file (this is call ${MAX_CALLS + 1})`]);
  });
});
