// Shared checks for the docs tests: emit for a fixture or the catalog, split Markdown tables,
// check XML well-formedness and find links. Deliberately small parsers: they must be strict enough
// to fail on a broken page, not full HTML/Markdown implementations.
import { join } from "node:path";
import { loadModel } from "../../generator/api.js";
import { emitDocs } from "../../generator/emit/docs.js";
import type { GeneratedFile } from "../../generator/emit/types.js";
import type { Model } from "../../generator/model.js";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import { FIXTURES, ROOT } from "../helpers/catalog.js";

export function loadFixture(rel: string): Model {
  const r = loadModel([join(FIXTURES, rel)], { cwd: ROOT });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.model;
}

export function emitMap(model: Model): Map<string, GeneratedFile> {
  return new Map(emitDocs(model).map((f) => [f.path, f]));
}

export function content(files: Map<string, GeneratedFile>, path: string): string {
  const f = files.get(path);
  if (!f) throw new Error(`not emitted: ${path} (have ${[...files.keys()].join(", ")})`);
  return f.content;
}

/** Cells of a GFM table row: split on pipes not escaped by a backslash (as GFM does before inline parsing). */
export function rowCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  const cells: string[] = [];
  let cur = "";
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === "\\" && i + 1 < inner.length) { cur += c + inner[i + 1]; i++; continue; }
    if (c === "|") { cells.push(cur); cur = ""; continue; }
    cur += c;
  }
  cells.push(cur);
  return cells;
}

/** Every Markdown table as its header width and its rows' widths; a table ends at the first non-| line. */
export function mdTables(md: string): { header: string; width: number; rows: { line: string; width: number }[] }[] {
  const lines = md.split("\n");
  const out: { header: string; width: number; rows: { line: string; width: number }[] }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.startsWith("|") || !/^\|( --- \|)+$/.test(lines[i + 1]!)) continue;
    const t = { header: lines[i]!, width: rowCells(lines[i]!).length, rows: [] as { line: string; width: number }[] };
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith("|"); j++) t.rows.push({ line: lines[j]!, width: rowCells(lines[j]!).length });
    out.push(t);
    i = j;
  }
  return out;
}

/**
 * XML well-formedness: one root, every tag closed in order, attributes quoted, no raw `<` or bare
 * `&` in text. Enough for the SVGs hcgen writes (no DTD, no CDATA).
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  const re = /<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const tok = m[0];
    if (tok.startsWith("<!--")) { if (tok.slice(4, -3).includes("--")) problems.push("'--' inside a comment"); continue; }
    if (tok === "<") { problems.push(`raw '<' at ${m.index}: ${body.slice(m.index, m.index + 40)}`); continue; }
    if (tok.startsWith("&")) { problems.push(`bare '&' at ${m.index}`); continue; }
    const [, close, name, , self] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
    } else if (!self) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** href/src values of an HTML page. */
export function htmlLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
}

/** id attributes of an HTML page. */
export function htmlIds(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
}

/** Markdown link targets ([x](target) and ![x](target), <target> form unwrapped). */
export function mdLinks(md: string): string[] {
  return [...md.matchAll(/\]\((<[^>]*>|[^)\s]*)\)/g)].map((m) => m[1]!.replace(/^<|>$/g, ""));
}

/** Unescapes the entities Handlebars writes, for comparing HTML text with model text. */
export function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, "`").replace(/&#x3D;/g, "=").replace(/&amp;/g, "&");
}

/** Evaluates site/search-index.js in a sandbox-ish function and returns window.HCGEN_SEARCH. */
export function searchIndex(js: string): { n: string; a: string; g: string; s: string; d: string; h: string }[] {
  const window: { HCGEN_SEARCH?: unknown } = {};
  new Function("window", js)(window);
  return window.HCGEN_SEARCH as { n: string; a: string; g: string; s: string; d: string; h: string }[];
}
