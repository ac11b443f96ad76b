// Loads and compiles the docs templates (generator/templates/docs/). Two Handlebars environments:
// Markdown (noEscape; the md* helpers escape) and HTML/SVG (Handlebars' default escaping). Both
// strict, so a template naming a field the view does not have throws instead of printing nothing.
// Templates are read once per process: they are part of hcgen, not of its input, so emit() stays a
// function of the model.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { HTML_HELPER_NAMES, MD_HELPERS, MD_HELPER_NAMES, htmlHelpers } from "./helpers.js";

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

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]).sort();
}

const known = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, true]));

function environment(kind: "md" | "html"): typeof Handlebars {
  const hb = Handlebars.create();
  if (kind === "md") hb.registerHelper(MD_HELPERS);
  else hb.registerHelper(htmlHelpers(hb));
  return hb;
}

let cached: Templates | null = null;

export function templates(): Templates {
  if (cached) return cached;
  const md = environment("md");
  const html = environment("html");
  const pages = new Map<string, Render>();
  const assets = new Map<string, string>();
  for (const file of walk(TEMPLATE_DIR)) {
    const name = relative(TEMPLATE_DIR, file).split(sep).join("/");
    const text = readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
    if (!name.endsWith(".hbs")) { assets.set(name, text); continue; }
    const id = name.slice(0, -4);
    const isMd = id.startsWith("md/");
    const env = isMd ? md : html;
    const opts = { strict: true, knownHelpersOnly: true, noEscape: isMd, preventIndent: true,
      knownHelpers: known(isMd ? MD_HELPER_NAMES : HTML_HELPER_NAMES) };
    // Files under a "partials" folder are partials ({{> md/partials/call}}); the rest are pages.
    if (id.includes("/partials/")) env.registerPartial(id, env.compile(text, opts));
    else pages.set(id, env.compile(text, opts));
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
