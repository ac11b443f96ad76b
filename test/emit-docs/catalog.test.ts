// Structure of the docs for the whole catalog: every call of every ABI is on its pages and in the
// search index, every arch has its convention table, every relative link resolves to an emitted
// file (and anchor), every Markdown table row has its header's width, every SVG is well-formed
// XML, also after the pipeline adds its header.
import { describe, expect, it } from "vitest";
import { docsEmitter } from "../../generator/emit/docs.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { render } from "../../generator/pipeline/render.js";
import { loadCatalog, ROOT } from "../helpers/catalog.js";
import { content, emitMap, htmlIds, htmlLinks, mdLinks, mdTables, searchIndex, xmlProblems } from "./helpers.js";

const catalog = loadCatalog();
const model = catalog.model;
const files = emitMap(model);

/** Resolves a relative link from a file's directory (POSIX paths inside the output directory). */
function resolve(from: string, link: string): { path: string; hash: string } {
  const [target = "", hash = ""] = link.split("#");
  if (target === "") return { path: from, hash };
  const parts = from.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop(); else if (seg !== ".") parts.push(seg);
  }
  return { path: parts.join("/"), hash };
}

describe("docs for the catalog", () => {
  it("loads the catalog", () => {
    expect(catalog.ok).toBe(true);
    expect(model.abis.length).toBeGreaterThanOrEqual(10);
  });

  it("has a Markdown and an HTML page per ABI, and the site pages", () => {
    for (const abi of model.abis) {
      expect(files.has(`docs/${abi.id}.md`), abi.id).toBe(true);
      expect(files.has(`site/${abi.id}.html`), abi.id).toBe(true);
    }
    for (const p of ["site/index.html", "site/compare.html", "site/search-index.js", "site/search.js", "site/style.css"]) expect(files.has(p), p).toBe(true);
  });

  it("puts every call of every ABI in its Markdown, its HTML page and the search index", () => {
    const index = searchIndex(content(files, "site/search-index.js"));
    expect(index).toHaveLength(model.abis.reduce((n, a) => n + a.calls.length, 0));
    for (const abi of model.abis) {
      const md = content(files, `docs/${abi.id}.md`);
      const html = content(files, `site/${abi.id}.html`);
      const ids = htmlIds(html);
      for (const c of abi.calls) {
        expect(md, `${abi.id} ${c.name}`).toContain(`<a id="call-${c.name}"></a>\n### ${c.name}\n`);
        expect(md, `${abi.id} ${c.name} in the call table`).toContain(`| [\`${c.name}\`](#call-${c.name}) |`);
        expect(ids.has(`call-${c.name}`), `${abi.id} ${c.name}`).toBe(true);
        const e = index.find((x) => x.a === abi.id && x.n === c.name);
        expect(e, `${abi.id} ${c.name} in the search index`).toBeDefined();
        expect(e!.h).toBe(`${abi.id}.html#call-${c.name}`);
      }
    }
  });

  it("shows every call's selector values in hex and decimal", () => {
    const abi = model.abis.find((a) => a.id === "riscv-sbi")!;
    const md = content(files, "docs/riscv-sbi.md");
    const call = abi.calls.find((c) => c.name === "sbi_get_spec_version")!;
    const sel = call.arches[0]!.selector;
    expect(md).toContain(`a7 = 0x${sel.a7!.toString(16)} (${sel.a7!.toString()}), a6 = 0x0 (0)`);
  });

  it("has a convention table for every arch and convention, in both formats", () => {
    for (const abi of model.abis) {
      const md = content(files, `docs/${abi.id}.md`);
      const ids = htmlIds(content(files, `site/${abi.id}.html`));
      for (const arch of abi.arches) {
        expect(md, `${abi.id} ${arch.arch}`).toContain(`<a id="arch-${arch.arch}"></a>\n### ${arch.arch}\n`);
        expect(ids.has(`arch-${arch.arch}`), `${abi.id} ${arch.arch}`).toBe(true);
        for (const conv of arch.conventions) {
          const anchor = `conv-${arch.arch}-${conv.name}`;
          const at = md.indexOf(`<a id="${anchor}"></a>`);
          expect(at, `${abi.id} ${anchor}`).toBeGreaterThan(0);
          const section = md.slice(at, at + 4000);
          expect(section).toContain(`| arguments | ${conv.args.length > 0 ? `\`${conv.args.join(", ")}\`` : "`none`"} |`);
          for (const s of conv.select) expect(section).toContain(`| selector \`${s.source}\` |`);
          expect(ids.has(anchor), `${abi.id} ${anchor}`).toBe(true);
        }
      }
    }
  });

  it("keeps every Markdown table row as wide as its header", () => {
    for (const abi of model.abis) {
      const tables = mdTables(content(files, `docs/${abi.id}.md`));
      expect(tables.length).toBeGreaterThan(5);
      for (const t of tables) for (const r of t.rows) expect(r.width, `${abi.id}: ${r.line}`).toBe(t.width);
    }
  });

  it("resolves every relative link and anchor to an emitted file", () => {
    let checked = 0;
    for (const [path, f] of files) {
      const links = path.endsWith(".html") ? htmlLinks(f.content) : path.endsWith(".md") ? mdLinks(f.content) : [];
      for (const link of links) {
        if (/^https?:\/\//.test(link)) continue;
        expect(link, `${path}: ${link} must be relative`).not.toMatch(/^(\/|[a-z]+:)/i);
        const { path: target, hash } = resolve(path, link);
        expect(files.has(target), `${path} links to ${link} (${target})`).toBe(true);
        if (hash !== "" && target.endsWith(".html")) expect(htmlIds(content(files, target)).has(hash), `${path} -> ${link}`).toBe(true);
        if (hash !== "" && target.endsWith(".md")) expect(content(files, target), `${path} -> ${link}`).toContain(`<a id="${hash}"></a>`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("references nothing outside the site: no external scripts, styles, fonts or fetch()", () => {
    for (const [path, f] of files) {
      if (!path.startsWith("site/")) continue;
      expect(f.content, path).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//i);
      // Code and styles only: prose on the pages may mention anything.
      if (/\.(js|css)$/.test(path)) expect(f.content, path).not.toMatch(/\bfetch\(|XMLHttpRequest|@import|url\(/);
    }
  });

  it("writes well-formed SVG, with a bit-field picture for bit-layout selectors (SMCCC, ePAPR, Hyper-V)", () => {
    const svgs = [...files.keys()].filter((p) => p.endsWith(".svg"));
    expect(svgs.length).toBeGreaterThan(20);
    for (const p of svgs) expect(xmlProblems(content(files, p)), p).toEqual([]);
    for (const p of ["site/svg/arm-smccc/aarch64-default-x0-bits.svg", "site/svg/kvm-ppc/ppc64-default-r11-bits.svg", "site/svg/hyperv/x86_64-default-rcx-bits.svg"]) {
      expect(files.has(p), p).toBe(true);
    }
    expect(content(files, "site/svg/arm-smccc/aarch64-default-x0-bits.svg")).toContain(">owner</text>");
  });

  it("stays well-formed and doctype-first after the pipeline adds its headers", () => {
    const specBytes = new Map(model.abis.map((a) => [a.file, new TextEncoder().encode(a.file)]));
    const out = render({ model, specBytes, emitters: [docsEmitter], options: DEFAULT_EMIT_OPTIONS, cwd: ROOT });
    for (const f of out) {
      expect(f.content, f.path).toMatch(/Code generated by hcgen/);
      if (f.path.endsWith(".svg")) expect(xmlProblems(f.content), f.path).toEqual([]);
      if (f.path.endsWith(".html")) expect(f.content.startsWith("<!doctype html>\n<!-- Code generated"), f.path).toBe(true);
    }
  });

  it("compares every ABI and arch on one page", () => {
    const compare = content(files, "site/compare.html");
    for (const abi of model.abis) for (const arch of abi.arches) {
      expect(compare, `${abi.id} ${arch.arch}`).toContain(`<tr><td><a href="${abi.id}.html#arch-${arch.arch}">${abi.id}</a></td><td>${arch.arch}</td>`);
    }
    expect(compare).toContain("x0[31] fast, x0[30] smc64, x0[29:24] owner, x0[15:0] function");
  });

  it("lists every ABI with its call count on the index", () => {
    const index = content(files, "site/index.html");
    for (const abi of model.abis) expect(index).toContain(`<td><a href="${abi.id}.html">${abi.id}</a></td>`);
    for (const abi of model.abis) expect(index).toMatch(new RegExp(`${abi.id}\\.html">${abi.id}</a>.*<td class="num">${abi.calls.length}</td>`));
  });
});
