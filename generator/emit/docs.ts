// The docs emitter: a Markdown page per ABI (docs/<id>.md) and a static site (site/): an index, a
// page per ABI with the same content as its Markdown, a cross-ABI comparison page, a client-side
// search over every call and SVG pictures of the register conventions. Views are built in
// docs/view*.ts and docs/site.ts; templates live in generator/templates/docs/, except the per-call
// section, which is written by docs/call-section.ts.
// Every link is relative and nothing is fetched, so the site works from file:// and any static host.
import type { Abi, Model } from "../model.js";
import { abiPage, compareRows, indexRows, searchIndexJs } from "./docs/site.js";
import { abiSvgs } from "./docs/svg.js";
import { templates } from "./docs/templates.js";
import { abiView } from "./docs/view.js";
import { htmlCallSection, mdCallSection } from "./docs/call-section.js";
import { pageWithCalls } from "./docs/page-stream.js";
import { chunkedFile } from "./chunked.js";
import { emitterFromParts } from "./parts.js";
import { DEFAULT_EMIT_OPTIONS, type Emitter, type GeneratedFile } from "./types.js";

/** docs/<id>.md, site/<id>.html and the ABI's pictures. */
function abiDocs(abi: Abi): GeneratedFile[] {
  const t = templates();
  // The two pages are rendered when the pipeline writes each (emit/chunked.ts), one at a time, and
  // their call sections one call at a time (docs/page-stream.ts): at 10k calls they are 30 MB of text.
  const files: GeneratedFile[] = [
    chunkedFile(`docs/${abi.id}.md`, [abi.file], () => pageWithCalls(abi, (calls) => t.page("md/abi")(abiView(abi, calls)), mdCallSection)),
    chunkedFile(`site/${abiPage(abi.id)}`, [abi.file], () => pageWithCalls(abi,
      (calls) => t.page("html/abi")({ pageTitle: `${abi.title} (hcgen)`, abi: abiView(abi, calls), markdown: `../docs/${abi.id}.md` }), htmlCallSection)),
  ];
  for (const svg of abiSvgs(abi)) files.push({ path: `site/${svg.path}`, content: t.page("svg/picture")(svg.view), sources: [abi.file] });
  return files;
}

/** The site's cross-ABI pages, its search index and its static assets. */
function siteDocs(model: Model): GeneratedFile[] {
  const t = templates();
  const all = model.abis.map((a) => a.file);
  const callCount = model.abis.reduce((n, a) => n + a.calls.length, 0);
  return [
    { path: "site/index.html", content: t.page("html/index")({ pageTitle: "Hypercall ABIs (hcgen)", rows: indexRows(model), abiCount: model.abis.length, callCount }), sources: all },
    { path: "site/compare.html", content: t.page("html/compare")({ pageTitle: "Hypercall conventions compared (hcgen)", rows: compareRows(model) }), sources: all },
    { path: "site/search-index.js", content: searchIndexJs(model), sources: all },
    // Static assets depend on no spec, but every generated file names its inputs in its header.
    { path: "site/search.js", content: t.asset("static/search.js"), sources: all },
    { path: "site/style.css", content: t.asset("static/style.css"), sources: all },
  ];
}

export const docsEmitter: Emitter = emitterFromParts("docs", { abi: abiDocs, shared: siteDocs });

export function emitDocs(model: Model): GeneratedFile[] {
  return docsEmitter.emit(model, DEFAULT_EMIT_OPTIONS).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
