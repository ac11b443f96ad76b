// Loads the docs templates (generator/templates/docs/). Two Handlebars environments: Markdown
// (noEscape; the md* helpers escape) and HTML/SVG (Handlebars' default escaping). Both strict, so a
// template naming a field the view does not have throws instead of printing nothing.
// Templates are read once per process: they are part of hcgen, not of its input, so emit() stays a
// function of the model.
//
// Compiling them costs about a quarter of a catalog run, so `npm run build` precompiles them
// (scripts/build-templates.mjs) into dist/generator/emit/docs/templates-compiled.cjs, stamped with a
// hash of every template file and the Handlebars version. A start then loads only the Handlebars
// runtime. When that file is missing (sources run by vitest) or was built from other templates, they
// are compiled here with the same options: both paths produce the same template functions.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { HandlebarsRuntime, loadHandlebarsCompiler, type HB } from "./hb-runtime.js";
import { htmlCallSection, htmlCallTable, mdCallSection, mdCallTable } from "./call-section.js";
import { markerText } from "./page-stream.js";
import type { CallRow, CallView } from "./view-calls.js";
import { HTML_HELPER_NAMES, MD_HELPERS, MD_HELPER_NAMES, htmlHelpers } from "./helpers.js";

const require = createRequire(import.meta.url);

/** generator/templates/docs/, found from generator/emit/docs/ (sources) or dist/generator/emit/docs/. */
export const TEMPLATE_DIR = [new URL("../../templates/docs/", import.meta.url), new URL("../../../../generator/templates/docs/", import.meta.url)]
  .map((u) => fileURLToPath(u)).find((p) => existsSync(p)) ?? fileURLToPath(new URL("../../templates/docs/", import.meta.url));

export type Render = (view: unknown) => string;

export interface Templates {
  /** Compiled page templates by name relative to TEMPLATE_DIR without ".hbs" ("md/abi", "html/index"). */
  readonly page: (name: string) => Render;
  /** Static files copied as they are (site/style.css, site/search.js), by name. */
  readonly asset: (name: string) => string;
}

/** The precompiled templates, next to this module once built. */
export const PRECOMPILED_URL = new URL("./templates-compiled.cjs", import.meta.url);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]).sort();
}

const known = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, true]));

interface TemplateSource { readonly name: string; readonly text: string }

/** Every file under TEMPLATE_DIR, by POSIX name, LF line ends. */
function readSources(): TemplateSource[] {
  return walk(TEMPLATE_DIR).map((file) => ({
    name: relative(TEMPLATE_DIR, file).split(sep).join("/"),
    text: readFileSync(file, "utf8").replace(/\r\n?/g, "\n"),
  }));
}

/** What a precompiled file must have been built from to be used: the templates and the compiler. */
function sourcesHash(sources: readonly TemplateSource[], version: string): string {
  const h = createHash("sha256").update(`handlebars ${version}\0`);
  for (const s of sources) h.update(`${s.name}\0${s.text}\0`);
  return h.digest("hex");
}

const isMdTemplate = (id: string) => id.startsWith("md/");

function compileOptions(id: string) {
  const md = isMdTemplate(id);
  return { strict: true, knownHelpersOnly: true, noEscape: md, preventIndent: true,
    knownHelpers: known(md ? MD_HELPER_NAMES : HTML_HELPER_NAMES) };
}

function environment(base: HB, kind: "md" | "html"): HB {
  const hb = base.create();
  if (kind === "md") hb.registerHelper(MD_HELPERS);
  else hb.registerHelper(htmlHelpers(hb));
  return hb;
}

interface Precompiled { readonly hash: string; readonly templates: Readonly<Record<string, object>> }

/** The build's precompiled template specs, or null when absent or built from other sources. */
function precompiled(hash: string): Precompiled | null {
  if (!existsSync(PRECOMPILED_URL)) return null;
  const pre = require(fileURLToPath(PRECOMPILED_URL)) as Partial<Precompiled>;
  return pre.hash === hash && pre.templates ? (pre as Precompiled) : null;
}

let cached: Templates | null = null;

export function templates(): Templates {
  if (cached) return cached;
  const sources = readSources();
  const pre = precompiled(sourcesHash(sources, HandlebarsRuntime.VERSION));
  const base = pre ? HandlebarsRuntime : loadHandlebarsCompiler();
  const md = environment(base, "md");
  const html = environment(base, "html");
  // The per-call sections and call table rows are typed functions (call-section.ts says why), under the partial names the pages include.
  // A marker call (page-stream.ts) writes its marker, where the page's sections are streamed in.
  md.registerPartial("md/partials/call", ((c: CallView) => markerText(c) ?? mdCallSection(c)) as never);
  html.registerPartial("html/partials/call", ((c: CallView) => markerText(c) ?? htmlCallSection(c)) as never);
  md.registerPartial("md/partials/call-table", ((rows: readonly CallRow[]) => mdCallTable(rows)) as never);
  html.registerPartial("html/partials/call-table", ((rows: readonly CallRow[]) => htmlCallTable(rows)) as never);
  const pages = new Map<string, Render>();
  const assets = new Map<string, string>();
  for (const { name, text } of sources) {
    if (!name.endsWith(".hbs")) { assets.set(name, text); continue; }
    const id = name.slice(0, -4);
    const env = isMdTemplate(id) ? md : html;
    const spec = pre?.templates[id];
    const fn: Render = spec ? env.template(spec as never) : env.compile(text, compileOptions(id));
    // Files under a "partials" folder are partials ({{> md/partials/arch}}); the rest are pages.
    if (id.includes("/partials/")) env.registerPartial(id, fn as never);
    else pages.set(id, fn);
  }
  cached = {
    page(name) {
      const p = pages.get(name);
      if (!p) throw new Error(`docs template '${name}' not found in ${TEMPLATE_DIR}`);
      return (view) => p(view);
    },
    asset(name) {
      const a = assets.get(name);
      if (a === undefined) throw new Error(`docs asset '${name}' not found in ${TEMPLATE_DIR}`);
      return a;
    },
  };
  return cached;
}

/** Build step: writes every template precompiled (Handlebars.precompile, same options) to `out`. */
export function writePrecompiledTemplates(out: URL = PRECOMPILED_URL): void {
  const hb = loadHandlebarsCompiler();
  const sources = readSources();
  const entries = sources.filter((s) => s.name.endsWith(".hbs")).map((s) => {
    const id = s.name.slice(0, -4);
    return `  ${JSON.stringify(id)}: ${String(hb.precompile(s.text, compileOptions(id)))},`;
  });
  writeFileSync(out, `// Generated by npm run build from generator/templates/docs/ (Handlebars.precompile). DO NOT EDIT.
"use strict";
module.exports.hash = ${JSON.stringify(sourcesHash(sources, hb.VERSION))};
module.exports.templates = {
${entries.join("\n")}
};
`);
}
