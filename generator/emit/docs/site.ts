// Cross-ABI views of the static site: the index, the comparison table ("how do I make a hypercall
// on X") and the client-side search index.
import type { Abi, Model, SelectorSource, Trap } from "../../model.js";
import { bits, bytesText } from "./format.js";
import { jsValue } from "./text.js";
import { callAnchor, selectorText } from "./view-calls.js";

export interface IndexRow { readonly id: string; readonly href: string; readonly md: string; readonly title: string; readonly version: string; readonly arches: string; readonly calls: number; readonly knownLayouts: number }
export interface CompareRow {
  readonly abi: string; readonly href: string; readonly arch: string; readonly traps: string;
  readonly selector: string; readonly args: string; readonly returns: string; readonly errors: string; readonly privilege: string;
}

export const abiPage = (id: string): string => `${id}.html`;
export const abiMarkdown = (id: string): string => `../docs/${id}.md`;

export function indexRows(model: Model): IndexRow[] {
  return model.abis.map((a) => ({
    id: a.id, href: abiPage(a.id), md: abiMarkdown(a.id), title: a.title, version: a.version,
    arches: a.arches.map((x) => x.arch).join(", "), calls: a.calls.length, knownLayouts: a.calls.filter((c) => c.layout === "known").length,
  }));
}

function errorConvention(abi: Abi): string {
  const e = abi.errors;
  const success = e.success ?? "no success code";
  return `${e.sign === "negated" ? "status = -code" : "status = code"}; success ${success}; ${e.codes.length} code${e.codes.length === 1 ? "" : "s"}`;
}

function trapSummary(t: Trap): string {
  const attrs = [t.vendor, t.conduit, t.via === "page" ? "hypercall page" : null].filter((a) => a !== null);
  return `${t.mnemonic} [${bytesText(t.bytes)}]${attrs.length > 0 ? ` (${attrs.join(", ")})` : ""}`;
}

/** "a7 = eid" for a whole-register field, "x0[31] fast, x0[15:0] function" for a layout (constants left out). */
function selectorSummary(s: SelectorSource): string {
  const p0 = s.parts[0];
  if (s.parts.length === 1 && p0 && p0.kind === "field" && p0.lo === 0) return `${s.source} = ${p0.field}`;
  return [...s.parts].sort((a, b) => b.lo - a.lo).flatMap((p) =>
    p.kind === "const" ? [] : [`${s.source}[${bits(p.hi, p.lo)}] ${p.kind === "field" ? p.field : `arg ${p.arg}`}`]).join(", ");
}

export function compareRows(model: Model): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const abi of model.abis) {
    for (const arch of abi.arches) {
      const conv = arch.conventions[0];
      if (!conv) continue;
      const others = arch.conventions.slice(1).map((c) => c.name);
      rows.push({
        abi: abi.id, href: `${abiPage(abi.id)}#arch-${arch.arch}`, arch: arch.arch,
        traps: arch.traps.map(trapSummary).join("; "),
        selector: conv.select.map(selectorSummary).join(", "),
        args: conv.args.join(", ") || "none",
        returns: conv.results.map((r) => `${r.register}${r.bits ? `[${bits(r.bits.hi, r.bits.lo)}]` : ""}${r.status ? " (status)" : ""}`).join(", ") + (others.length > 0 ? `; other conventions: ${others.join(", ")}` : ""),
        errors: errorConvention(abi),
        privilege: arch.privilege.allowed.join(", "),
      });
    }
  }
  return rows;
}

export interface SearchEntry { readonly n: string; readonly a: string; readonly g: string; readonly s: string; readonly d: string; readonly h: string }

/** One entry per call: name, ABI, group, selector values (hex and decimal) per arch, doc, link. */
export function searchEntries(model: Model): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const abi of model.abis) {
    for (const c of abi.calls) {
      const sel = [...new Set(c.arches.map((ca) => selectorText(abi, ca)))].join("; ");
      const doc = c.doc.replace(/\s+/g, " ").trim();
      out.push({ n: c.name, a: abi.id, g: c.group ?? "", s: sel, d: doc.length > 200 ? `${doc.slice(0, 199)}…` : doc, h: `${abiPage(abi.id)}#${callAnchor(c.name)}` });
    }
  }
  return out;
}

/** site/search-index.js: a script, not JSON to fetch (file:// pages may not fetch). */
export function searchIndexJs(model: Model): string {
  const entries = searchEntries(model).map((e) => jsValue(e)).join(",\n");
  return `// The search index of the hcgen docs site, loaded by search.js.\nwindow.HCGEN_SEARCH = [\n${entries}\n];\n`;
}
