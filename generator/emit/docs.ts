// The docs emitter: a Markdown page per ABI (docs/<id>.md) and a static site (site/): an index, a
// page per ABI with the same content as its Markdown, a cross-ABI comparison page, a client-side
// search over every call and SVG pictures of the register conventions. Views are built in
// docs/view*.ts and docs/site.ts; templates live in generator/templates/docs/.
// Every link is relative and nothing is fetched, so the site works from file:// and any static host.
import type { Model } from "../model.js";
import { abiPage, compareRows, indexRows, searchIndexJs } from "./docs/site.js";
import { abiSvgs } from "./docs/svg.js";
import { templates } from "./docs/templates.js";
import { abiView } from "./docs/view.js";
import type { Emitter, GeneratedFile } from "./types.js";

export function emitDocs(model: Model): GeneratedFile[] {
  const t = templates();
  const all = model.abis.map((a) => a.file);
  const files: GeneratedFile[] = [];
  const add = (path: string, content: string, sources: readonly string[]) => files.push({ path, content, sources });
  for (const abi of model.abis) {
    const view = abiView(abi);
    add(`docs/${abi.id}.md`, t.page("md/abi")(view), [abi.file]);
    add(`site/${abiPage(abi.id)}`, t.page("html/abi")({ pageTitle: `${abi.title} (hcgen)`, abi: view, markdown: `../docs/${abi.id}.md` }), [abi.file]);
    for (const svg of abiSvgs(abi)) add(`site/${svg.path}`, t.page("svg/picture")(svg.view), [abi.file]);
  }
  const callCount = model.abis.reduce((n, a) => n + a.calls.length, 0);
  add("site/index.html", t.page("html/index")({ pageTitle: "Hypercall ABIs (hcgen)", rows: indexRows(model), abiCount: model.abis.length, callCount }), all);
  add("site/compare.html", t.page("html/compare")({ pageTitle: "Hypercall conventions compared (hcgen)", rows: compareRows(model) }), all);
  add("site/search-index.js", searchIndexJs(model), all);
  // Static assets depend on no spec, but every generated file names its inputs in its header.
  add("site/search.js", t.asset("static/search.js"), all);
  add("site/style.css", t.asset("static/style.css"), all);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const docsEmitter: Emitter = {
  kind: "docs",
  emit: (model) => emitDocs(model),
};
