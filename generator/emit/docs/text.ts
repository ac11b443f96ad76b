// Escaping of spec text for the two output formats. Spec text (titles, descriptions, docs, notes)
// is Markdown-ish prose written by spec authors; the docs keep its `code spans` and paragraphs
// but nothing else may reach the output raw: no HTML, no table-breaking pipes or newlines, no way
// to close a code span early. Every function here is total (any string in, safe text out).
import { HandlebarsRuntime } from "./hb-runtime.js";

export type Piece = { readonly code: boolean; readonly text: string };

/**
 * Splits text into prose and code spans the way CommonMark pairs backticks: a run of n backticks
 * opens a span that the next run of exactly n backticks closes; an unmatched run is literal text.
 */
export function splitCode(text: string): Piece[] {
  // Prose is sliced out between code spans, not built a character at a time (the docs emitter
  // calls this for every description, summary and note: it was a hot spot of a cold run).
  const out: Piece[] = [];
  let proseFrom = 0;
  let i = text.indexOf("`");
  while (i >= 0) {
    let n = 1;
    while (text.charCodeAt(i + n) === BACKTICK) n++;
    const close = findRun(text, i + n, n);
    if (close < 0) { i = text.indexOf("`", i + n); continue; } // an unmatched run stays literal prose
    if (i > proseFrom) out.push({ code: false, text: text.slice(proseFrom, i) });
    out.push({ code: true, text: text.slice(i + n, close) });
    proseFrom = close + n;
    i = text.indexOf("`", proseFrom);
  }
  if (proseFrom < text.length) out.push({ code: false, text: text.slice(proseFrom) });
  return out;
}

const BACKTICK = 0x60;

function findRun(text: string, from: number, n: number): number {
  for (let i = text.indexOf("`", from); i >= 0; i = text.indexOf("`", i)) {
    let m = 1;
    while (text.charCodeAt(i + m) === BACKTICK) m++;
    if (m === n) return i;
    i += m;
  }
  return -1;
}

// The helpers below run for every value of every docs page (tens of thousands of calls per run), and
// nearly every value is plain text: each step first tests whether it has anything to do.
const NEEDS_NORMALIZING = /[\u0000-\u0008\u000b-\u001f\u007f]/;   // a CR or another control but tab and LF
const normalize = (s: string): string => (NEEDS_NORMALIZING.test(s)
  ? s.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ")
  : s);
const oneLine = (s: string): string => (s.includes("\n") ? s.replace(/\n/g, " ") : s);

/** A Markdown code span that no content can close early: the fence is longer than any backtick run. */
export function mdCode(text: string): string {
  const t = oneLine(normalize(text));
  if (t === "") return "";
  const longest = t.includes("`") ? Math.max(...t.match(/`+/g)!.map((r) => r.length)) : 0;
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") || (t.startsWith(" ") && t.endsWith(" ")) ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

const entities = (s: string): string => (/[&<>]/.test(s) ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : s);

/**
 * Code inside a table cell. GFM splits a row on `|` not preceded by a backslash escape *before*
 * inline parsing, and inside a code span `\\|` would still split it; so code holding `|` or `\\`
 * is written as <code> with numeric entities instead of a backtick span.
 */
function cellCode(text: string): string {
  const t = oneLine(normalize(text));
  if (!/[|\\]/.test(t)) return mdCode(t);
  return `<code>${entities(t).replace(/\|/g, "&#124;").replace(/\\/g, "&#92;").replace(/`/g, "&#96;")}</code>`;
}

/** Prose with raw HTML neutralized outside code spans (GitHub would render `<img onerror=...>`). */
function mdProse(text: string, inCell: boolean): string {
  return splitCode(normalize(text)).map((p) => {
    if (p.code) return inCell ? cellCode(p.text) : mdCode(p.text);
    // Backslashes are doubled first so that the escapes added here cannot be undone by the text:
    // `\\|` is always an escaped pipe, and an unpaired backtick cannot pair with one of ours.
    const e = entities(p.text);
    const t = /[\\`]/.test(e) ? e.replace(/\\/g, "\\\\").replace(/`/g, "\\`") : e;
    return inCell && /[|\n]/.test(t) ? t.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, "<br>") : t;
  }).join("");
}

/** A Markdown paragraph block (descriptions, docs): newlines kept, HTML neutralized. */
export function mdBlock(text: string): string {
  return mdProse(text.trim(), false);
}

/** One line of Markdown (headings, list items): newlines folded. */
export function mdInline(text: string): string {
  const t = text.trim();
  return mdProse(t.includes("\n") ? t.replace(/\s*\n\s*/g, " ") : t, false);
}

/** A Markdown table cell of prose: pipes escaped, line breaks as <br> (a newline would end the row). */
export function mdCell(text: string): string {
  return mdProse(text.trim(), true);
}

/** A literal value (register, number, name) in a table cell. */
export function mdCellCode(text: string): string {
  return cellCode(text);
}

const esc = (s: string): string => HandlebarsRuntime.Utils.escapeExpression(s);

/** HTML for prose: escaped text, `code` spans as <code>, blank lines as paragraph breaks. */
export function htmlBlock(text: string): string {
  return normalize(text.trim()).split(/\n[ \t]*\n/).map((para) => `<p>${htmlInline(para)}</p>`).join("\n");
}

export function htmlInline(text: string): string {
  return splitCode(normalize(text)).map((p) => (p.code ? `<code>${esc(p.text)}</code>` : esc(p.text))).join("");
}

/** A value for a JavaScript file: JSON with `<` escaped so no `</script>` or `<!--` can appear. */
export function jsValue(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, "\\u003c").replace(/>/g, "\\u003e")
    .replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** An id/anchor fragment from an identifier-ish string (spec names are identifiers already). */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}
