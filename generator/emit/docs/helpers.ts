// Every Handlebars helper the docs templates may use, in one place. Markdown templates are compiled
// with noEscape, so each value must pass through one of the md* helpers below; HTML templates
// escape {{value}} by default and use the html* helpers only for prose (which escape first and
// then add <code>/<p>). Templates never use triple-stash.
import type { HB } from "./hb-runtime.js";
import { htmlBlock, htmlInline, mdBlock, mdCell, mdCellCode, mdCode, mdInline } from "./text.js";

const str = (v: unknown, name: string): string => {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  // Catches a template passing an object or a missing value (strict mode only guards lookups).
  throw new Error(`docs helper '${name}' needs a string, got ${v === null ? "null" : typeof v}`);
};

export const MD_HELPERS: Readonly<Record<string, (v: unknown) => string>> = {
  mdBlock: (v) => mdBlock(str(v, "mdBlock")),
  mdInline: (v) => mdInline(str(v, "mdInline")),
  mdCell: (v) => mdCell(str(v, "mdCell")),
  mdCellCode: (v) => mdCellCode(str(v, "mdCellCode")),
  mdCode: (v) => mdCode(str(v, "mdCode")),
};

export function htmlHelpers(hb: HB): Readonly<Record<string, (v: unknown) => unknown>> {
  return {
    htmlBlock: (v) => new hb.SafeString(htmlBlock(str(v, "htmlBlock"))),
    htmlInline: (v) => new hb.SafeString(htmlInline(str(v, "htmlInline"))),
  };
}

/** Helper names per environment, for `knownHelpers` (a typo in a template fails at compile time). */
export const MD_HELPER_NAMES = Object.keys(MD_HELPERS);
export const HTML_HELPER_NAMES = ["htmlBlock", "htmlInline"];
