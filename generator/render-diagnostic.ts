// A diagnostic as a compiler prints it: the `file:line:col: error HCnnn: ...` line of
// formatDiagnostic, then the spec line and a caret under the column (spanning the token there),
// then the hint. Colour (ANSI SGR) only when asked; the excerpt never prints a control, bidi or
// invisible character of the spec (Trojan Source): those show as \u{...}.
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { formatDiagnostic, type Diagnostic } from "./diagnostics.js";

export interface RenderOptions {
  readonly color: boolean;
  /** The spec's lines, or undefined when the file cannot be read (then no excerpt). */
  readonly lines: (file: string) => readonly string[] | undefined;
}

const MAX_SOURCE = 8 * 1024 * 1024;   // bytes: larger files get no excerpt
const MAX_EXCERPT = 120;   // characters of the spec line shown around the column
const SGR = { bold: "\x1b[1m", red: "\x1b[1;31m", yellow: "\x1b[1;33m", cyan: "\x1b[36m", green: "\x1b[32m", dim: "\x1b[2m", reset: "\x1b[0m" };

/** A visible form of one character (controls, bidi, zero-width and non-ASCII spaces escaped). */
function visible(ch: string): string {
  if (ch === "\t") return " ";
  return /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufffd]/u.test(ch)
    ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch;
}

/** Length (in characters of the source line, from `start`) of the YAML token there; at least 1. */
function tokenLength(line: string, start: number): number {
  const c = line[start];
  if (c === undefined) return 1;
  if (c === '"' || c === "'") {
    for (let i = start + 1; i < line.length; i++) {
      if (line[i] === "\\" && c === '"') { i++; continue; }
      if (line[i] === c) return i - start + 1;
    }
    return line.length - start;
  }
  if ("{}[],#&*!|>-".includes(c)) return 1;
  const cp = String.fromCodePoint(line.codePointAt(start)!);
  if (visible(cp) !== cp) return cp.length;   // a hidden character (HC130): underline it alone
  let i = start;
  while (i < line.length && !/[\s,:{}[\]#"']/.test(line[i]!) && visible(line[i]!) === line[i]) i++;
  return Math.max(1, i - start);
}

/** The excerpt lines for `d` (spec line, caret line), or [] when there is nothing to show. */
export function excerpt(d: Diagnostic, lines: readonly string[] | undefined, color = false): string[] {
  const src = lines?.[d.line - 1];
  if (src === undefined || d.line < 1 || d.col < 1) return [];
  // Columns count UTF-16 units (the YAML parser's offsets); the excerpt walks code points.
  const chars = [...src], cu = Math.min(d.col - 1, src.length), at = [...src.slice(0, cu)].length;
  const len = [...src.slice(cu, cu + tokenLength(src, cu))].length || 1;
  const from = Math.max(0, Math.min(at - 40, chars.length - MAX_EXCERPT)), to = Math.min(chars.length, from + MAX_EXCERPT);
  let text = from > 0 ? "..." : "", pad = text.length, width = 0;
  for (let i = from; i < to; i++) {
    const v = visible(chars[i]!);
    if (i < at) pad += v.length;
    else if (i < at + len) width += v.length;
    text += v;
  }
  if (to < chars.length) text += "...";
  const no = String(d.line), gutter = " ".repeat(no.length);
  const paint = (s: string, c: string) => (color ? `${c}${s}${SGR.reset}` : s);
  return [`${paint(`  ${no} |`, SGR.dim)} ${text}`, `${paint(`  ${gutter} |`, SGR.dim)} ${" ".repeat(pad)}${paint("^".repeat(Math.max(1, width)), d.severity === "error" ? SGR.red : SGR.yellow)}`];
}

/** The whole diagnostic: head line, excerpt, hint. Without colour and excerpt it is formatDiagnostic. */
export function renderDiagnostic(d: Diagnostic, o: RenderOptions): string {
  const [head, ...rest] = formatDiagnostic(d).split("\n");
  const shown = o.color
    ? head!.replace(/^(.*?: )(error|warning)( HC\d+:)/, (_, where: string, sev: string, code: string) =>
      `${SGR.bold}${where}${SGR.reset}${sev === "error" ? SGR.red : SGR.yellow}${sev}${code}${SGR.reset}`)
    : head!;
  const hint = rest.map((h) => (o.color ? h.replace(/^(\s*)hint:/, `$1${SGR.cyan}hint:${SGR.reset}`) : h));
  return [shown, ...excerpt(d, o.lines(d.file), o.color), ...hint].join("\n");
}

/** Reads each spec once per run (relative to `cwd`), for the excerpts; unreadable files show none. */
export function sourceLines(cwd: string): (file: string) => readonly string[] | undefined {
  const cache = new Map<string, readonly string[] | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      let lines: readonly string[] | undefined;
      try {
        const p = resolve(cwd, file);
        // A file too large to be a spec (HC003) is not read again just to quote one line.
        lines = (statSync(p).size <= MAX_SOURCE ? readFileSync(p, "utf8") : "").split("\n").map((l) => l.replace(/\r$/, ""));
      } catch { lines = undefined; }
      cache.set(file, lines);
    }
    return cache.get(file);
  };
}
