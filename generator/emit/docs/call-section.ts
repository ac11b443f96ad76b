// The per-call parts of an ABI page, Markdown and HTML, as typed string functions registered as
// Handlebars partials (templates.ts): each call's section (md/partials/call, html/partials/call)
// and the call table's rows (md/partials/call-table, html/partials/call-table). The page templates
// (generator/templates/docs/{md,html}/abi.hbs) still lay out the page and include them with
// `{{> …}}`. They were .hbs markup; at one call per section or row they were most of the docs
// emitter's time (Handlebars' per-value lookups, helper wrappers and block frames), and were
// replaced by these functions writing the same bytes. Every value goes through the same escaping
// as before: the md* helpers for Markdown, Handlebars' escapeExpression for HTML.
import type { ArgView, CallRow, CallView, PerArch } from "./view-calls.js";
import { HandlebarsRuntime } from "./hb-runtime.js";
import { htmlBlock, htmlInline, mdBlock, mdCell, mdCellCode, mdCode, mdInline } from "./text.js";

/** Handlebars' {{#if}}: false for "", null, 0 and an empty list. */
const present = (v: string | number | readonly unknown[] | null): boolean => (Array.isArray(v) ? v.length > 0 : !!v);
/** Handlebars' {{value}} in an HTML template. */
const esc = (s: string): string => HandlebarsRuntime.Utils.escapeExpression(s);

/** `{{#each xs}}…{{#unless @last}}sep{{/unless}}{{/each}}` */
function each<T>(xs: readonly T[], item: (x: T) => string, sep = ""): string {
  let out = "";
  for (let i = 0; i < xs.length; i++) out += item(xs[i]!) + (i < xs.length - 1 ? sep : "");
  return out;
}

const mdPerArch = (text: (s: string) => string) => (p: PerArch): string =>
  ` ${present(p.arches) ? `${mdInline(p.arches)}: ` : ""}${text(p.text)}`;

const mdRegs = (p: PerArch): string => `${present(p.arches) ? `${mdCell(p.arches)}: ` : ""}${mdCellCode(p.text)}`;
const mdRow = (a: ArgView): string => `| ${mdCellCode(a.name)} | ${mdCellCode(a.type)} | ${each(a.regs, mdRegs, "<br>")} | ${mdCell(a.doc)} |\n`;

/** The call table's Markdown rows, one per call ({{> md/partials/call-table callTable}} in md/abi.hbs). */
export function mdCallTable(rows: readonly CallRow[]): string {
  let out = "";
  for (const r of rows) {
    out += `| [${mdCellCode(r.name)}](#${r.anchor}) | ${mdCell(r.summary)} | ${mdCell(r.group)} | ${each(r.identity, mdRegs, "<br>")}`
      + ` | ${each(r.selector, mdRegs, "<br>")} | ${mdCell(r.layout)} | ${mdCell(r.status)} |\n`;
  }
  return out;
}

/** A call's Markdown section ({{> md/partials/call}} in md/abi.hbs). */
export function mdCallSection(c: CallView): string {
  let out = `<a id="${c.anchor}"></a>\n### ${mdInline(c.name)}\n\n`;
  if (present(c.doc)) out += `${mdBlock(c.doc)}\n\n`;
  out += `- Group: ${present(c.group) ? mdInline(c.group) : "none"}\n`;
  out += `- Arches: ${mdInline(c.arches)}\n`;
  out += `- Selector:${each(c.selector, mdPerArch(mdCode), ";")}\n`;
  out += `- Trap:${each(c.via, mdPerArch(mdInline), ";")}\n`;
  if (present(c.lifecycle.length)) out += `- Lifecycle:${each(c.lifecycle, (l) => ` ${mdInline(l)}`, ";")}\n`;
  if (present(c.gates)) out += `- Gates: ${mdCode(c.gates)}\n`;
  if (present(c.callers)) out += `- Callers: ${mdCode(c.callers)}\n`;
  if (present(c.errors.length)) out += `- Errors:${each(c.errors, (e) => ` [${mdCode(e.name)}](#${e.anchor}) (${e.value})`, ",")}\n`;
  if (present(c.cite.length)) out += `- Sources:${each(c.cite, (s) => ` [${mdInline(s.key)}](#${s.anchor})`)}\n`;
  out += "\n";
  if (c.unknownLayout !== null && present(c.unknownLayout)) {
    out += "**Layout unknown**: no cited source shows which registers this call reads or writes. The stubs pass the raw argument registers and return the raw result registers:"
      + `${each(c.unknownLayout, mdPerArch(mdCode), ";")}.\n`;
  } else {
    out += present(c.args.length) ? `| Argument | Type | Registers | Meaning |\n| --- | --- | --- | --- |\n${each(c.args, mdRow)}` : "No arguments.\n";
    out += "\n";
    out += present(c.results.length) ? `| Result | Type | Registers | Meaning |\n| --- | --- | --- | --- |\n${each(c.results, mdRow)}` : "No result values besides the status.\n";
  }
  return `${out}\n`;
}

const htmlPerArch = (code: boolean) => (p: PerArch): string =>
  ` <span>${present(p.arches) ? `${esc(p.arches)}: ` : ""}${code ? `<code>${esc(p.text)}</code>` : esc(p.text)}</span>`;

const htmlRegs = (p: PerArch): string => `<div>${present(p.arches) ? `${esc(p.arches)}: ` : ""}<code>${esc(p.text)}</code></div>`;
const htmlRow = (a: ArgView): string =>
  `<tr><td><code>${esc(a.name)}</code></td><td><code>${esc(a.type)}</code></td><td>${each(a.regs, htmlRegs)}</td><td>${htmlInline(a.doc)}</td></tr>\n`;

function htmlTable(head: string, rows: readonly ArgView[]): string {
  return `<table>\n<thead><tr><th>${head}</th><th>Type</th><th>Registers</th><th>Meaning</th></tr></thead>\n<tbody>\n${each(rows, htmlRow)}</tbody>\n</table>\n`;
}

/** The call table's HTML rows, one per call ({{> html/partials/call-table abi.callTable}} in html/abi.hbs). */
export function htmlCallTable(rows: readonly CallRow[]): string {
  let out = "";
  for (const r of rows) {
    out += `<tr><td><a href="#${esc(r.anchor)}"><code>${esc(r.name)}</code></a></td><td>${htmlInline(r.summary)}</td><td>${esc(r.group)}</td>`
      + `<td>${each(r.identity, htmlRegs)}</td><td>${each(r.selector, htmlRegs)}</td><td>${esc(r.layout)}</td><td>${esc(r.status)}</td></tr>\n`;
  }
  return out;
}

/** A call's HTML section ({{> html/partials/call}} in html/abi.hbs). */
export function htmlCallSection(c: CallView): string {
  let out = `<section class="call" id="${esc(c.anchor)}">\n<h3><code>${esc(c.name)}</code></h3>\n${htmlBlock(c.doc)}\n<ul class="facts">\n`;
  out += `<li>Group: ${present(c.group) ? esc(c.group) : "none"}</li>\n`;
  out += `<li>Arches: ${esc(c.arches)}</li>\n`;
  out += `<li>Selector:${each(c.selector, htmlPerArch(true))}</li>\n`;
  out += `<li>Trap:${each(c.via, htmlPerArch(false))}</li>\n`;
  if (present(c.lifecycle.length)) out += `<li>Lifecycle:${each(c.lifecycle, (l) => ` <span>${esc(l)}</span>`)}</li>\n`;
  if (present(c.gates)) out += `<li>Gates: <code>${esc(c.gates)}</code></li>\n`;
  if (present(c.callers)) out += `<li>Callers: <code>${esc(c.callers)}</code></li>\n`;
  if (present(c.errors.length)) out += `<li>Errors:${each(c.errors, (e) => ` <a href="#${esc(e.anchor)}"><code>${esc(e.name)}</code></a> (${esc(e.value)})`)}</li>\n`;
  if (present(c.cite.length)) out += `<li>Sources:${each(c.cite, (s) => ` <a href="#${esc(s.anchor)}">${esc(s.key)}</a>`)}</li>\n`;
  out += "</ul>\n";
  if (c.unknownLayout !== null && present(c.unknownLayout)) {
    out += "<p class=\"unknown-layout\"><strong>Layout unknown</strong>: no cited source shows which registers this call reads or writes. The stubs pass the raw argument registers and return the raw result registers:"
      + `${each(c.unknownLayout, htmlPerArch(true))}.</p>\n`;
  } else {
    out += present(c.args.length) ? htmlTable("Argument", c.args) : "<p>No arguments.</p>\n";
    out += present(c.results.length) ? htmlTable("Result", c.results) : "<p>No result values besides the status.</p>\n";
  }
  return `${out}</section>\n`;
}
