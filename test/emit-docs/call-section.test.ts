// The per-call docs sections and call table rows are typed functions (generator/emit/docs/call-section.ts)
// that replaced Handlebars markup: two partials and the pages' `{{#each callTable}}` loops. Those are
// kept as fixtures and rendered here with the docs helpers and compile options; for any call view or
// rows, hostile text included, both must write the same bytes.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { htmlCallSection, htmlCallTable, mdCallSection, mdCallTable } from "../../generator/emit/docs/call-section.js";
import { HTML_HELPER_NAMES, MD_HELPERS, MD_HELPER_NAMES, htmlHelpers } from "../../generator/emit/docs/helpers.js";
import type { HB } from "../../generator/emit/docs/hb-runtime.js";
import type { CallRow, CallView } from "../../generator/emit/docs/view-calls.js";

const Handlebars = createRequire(import.meta.url)("handlebars") as HB;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/docs-call-partials/${name}`, import.meta.url), "utf8");
const known = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, true]));

function partial<V>(kind: "md" | "html", name = "call"): (view: V) => string {
  const hb = Handlebars.create();
  hb.registerHelper(kind === "md" ? MD_HELPERS : htmlHelpers(hb));
  return hb.compile(fixture(`${kind}-${name}.hbs`), {
    strict: true, knownHelpersOnly: true, noEscape: kind === "md", preventIndent: true,
    knownHelpers: known(kind === "md" ? MD_HELPER_NAMES : HTML_HELPER_NAMES),
  });
}

// Text that exercises every escape: markup, Markdown table and code-span characters, line ends, controls.
const text = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", "<", ">", "&", "\"", "'", "`", "=", "|", "\\", "*", "_", "\n", "\r", "\t", "\u0001", "é", "—"), maxLength: 12 });
const perArch = fc.record({ arches: fc.oneof(fc.constant(""), text), text });
const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 3 });
const argView = fc.record({ name: text, type: text, doc: text, regs: list(perArch) });
const callView: fc.Arbitrary<CallView> = fc.record({
  name: text, anchor: text, group: fc.oneof(fc.constant(""), text), doc: fc.oneof(fc.constant(""), text),
  arches: text, selector: list(perArch), via: list(perArch), args: list(argView), results: list(argView),
  unknownLayout: fc.oneof(fc.constant(null), list(perArch)),
  errors: list(fc.record({ name: text, anchor: text, value: text })),
  gates: fc.oneof(fc.constant(""), text), callers: fc.oneof(fc.constant(""), text), lifecycle: list(text),
  cite: list(fc.record({ key: text, anchor: text })),
});

const callRow: fc.Arbitrary<CallRow> = fc.record({
  name: text, anchor: text, group: fc.oneof(fc.constant(""), text), summary: fc.oneof(fc.constant(""), text),
  identity: list(perArch), selector: list(perArch), layout: fc.constantFrom("known", "unknown"), status: fc.oneof(fc.constant(""), text),
});

describe("docs call sections", () => {
  const md = partial<CallView>("md"), html = partial<CallView>("html");

  it("write what the Markdown partial wrote, for any call", () => {
    fc.assert(fc.property(callView, (v) => { expect(mdCallSection(v)).toBe(md(v)); }), { numRuns: 400 });
  });

  it("write what the HTML partial wrote, for any call", () => {
    fc.assert(fc.property(callView, (v) => { expect(htmlCallSection(v)).toBe(html(v)); }), { numRuns: 400 });
  });

  it("escape markup in every HTML value", () => {
    const v: CallView = {
      name: "<b>", anchor: "a\"b", group: "", doc: "", arches: "x&y", selector: [{ arches: "", text: "<s>" }], via: [],
      args: [], results: [], unknownLayout: null, errors: [], gates: "", callers: "", lifecycle: [], cite: [],
    };
    const out = htmlCallSection(v);
    expect(out).toContain('id="a&quot;b"');
    expect(out).toContain("<code>&lt;b&gt;</code>");
    expect(out).toContain("Arches: x&amp;y");
    expect(out).toContain("<li>Group: none</li>");
    expect(out).not.toContain("<s>");
  });
});

describe("docs call table rows", () => {
  const md = partial<readonly CallRow[]>("md", "call-table"), html = partial<readonly CallRow[]>("html", "call-table");
  const rows = fc.array(callRow, { maxLength: 4 });

  it("write what the Markdown loop wrote, for any rows", () => {
    fc.assert(fc.property(rows, (r) => { expect(mdCallTable(r)).toBe(md(r)); }), { numRuns: 300 });
  });

  it("write what the HTML loop wrote, for any rows", () => {
    fc.assert(fc.property(rows, (r) => { expect(htmlCallTable(r)).toBe(html(r)); }), { numRuns: 300 });
  });

  it("escape markup in every HTML cell and keep Markdown cells one line", () => {
    const row: CallRow = { name: "<b>", anchor: "a\"b", group: "x&y", summary: "s|t", identity: [{ arches: "<a>", text: "f1" }], selector: [], layout: "known", status: "" };
    const out = htmlCallTable([row]);
    expect(out).toContain('href="#a&quot;b"');
    expect(out).toContain("<code>&lt;b&gt;</code>");
    expect(out).toContain("<td>x&amp;y</td>");
    expect(out).toContain("<div>&lt;a&gt;: <code>f1</code></div>");
    expect(mdCallTable([{ ...row, summary: "one\ntwo|three" }]).split("\n")).toHaveLength(2);
  });
});
