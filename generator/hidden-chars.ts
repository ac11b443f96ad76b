// Trojan Source (CVE-2021-42574) and friends: bidi controls, zero-width and other invisible
// characters in spec text reach C and TypeScript comments and strings, where they make code read
// differently from how it compiles (gcc's -Wbidi-chars rejects such a header under -Werror). Spec
// text has no use for them, so they are refused (HC130) at the exact position with the code point
// named, whether they are typed raw (also in YAML comments, which reviewers read) or written as
// escapes in a quoted string ("\u202e"), and in the spec's file name, which reaches every header.
import type { Document, LineCounter } from "yaml";
import { yaml } from "./yaml-lib.js";
import type { Diagnostic } from "./diagnostics.js";

/** C0/C1 controls except tab, LF, CR; format characters (bidi, zero-width, tags); line/paragraph separators; Hangul fillers. */
export const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/gu;

/** In a file name even tab, LF and CR are refused: a name is one line of every header. */
const NAME_HIDDEN = new RegExp(`[\\t\\n\\r]|${HIDDEN.source}`, "gu");

const NAMES: Readonly<Record<number, string>> = {
  0x202a: "LEFT-TO-RIGHT EMBEDDING", 0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE", 0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
  0x200b: "ZERO WIDTH SPACE", 0x200c: "ZERO WIDTH NON-JOINER", 0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK", 0x200f: "RIGHT-TO-LEFT MARK", 0x061c: "ARABIC LETTER MARK",
  0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR", 0xfeff: "ZERO WIDTH NO-BREAK SPACE (BOM)",
  0x00ad: "SOFT HYPHEN", 0x2060: "WORD JOINER", 0x0000: "NUL", 0x0009: "TAB", 0x000a: "LINE FEED", 0x000d: "CARRIAGE RETURN", 0x001b: "ESCAPE", 0x007f: "DELETE",
};

/** "U+202E (RIGHT-TO-LEFT OVERRIDE)" */
export function codePointName(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = NAMES[cp] ?? (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? "a control character" : "an invisible character");
  return `${hex} (${name})`;
}

/** The first hidden character of `s`, or null. */
export function firstHidden(s: string, re: RegExp = HIDDEN): { index: number; cp: number } | null {
  re.lastIndex = 0;
  const m = re.exec(s);
  return m ? { index: m.index, cp: m[0].codePointAt(0)! } : null;
}

const HINT = "spec text may not hold bidi controls or invisible characters (Trojan Source): delete it, or write what it stands for in words";

function diag(file: string, line: number, col: number, message: string, path = ""): Diagnostic {
  return { file, line, col, severity: "error", code: "HC130", message, path, hint: HINT };
}

/** Hidden characters typed raw anywhere in the text (values, keys, comments), one diagnostic per line. */
export function rawHidden(text: string, file: string, lines: LineCounter | null): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lastLine = -1;
  for (const m of text.matchAll(HIDDEN)) {
    const pos = lines ? lines.linePos(m.index) : linePos(text, m.index);
    if (pos.line === lastLine) continue;
    lastLine = pos.line;
    out.push(diag(file, pos.line, pos.col, `${codePointName(m[0].codePointAt(0)!)} in the spec text`));
  }
  return out;
}

/** Hidden characters that only appear once escapes are decoded ("\u202e" in a double-quoted string). */
export function escapedHidden(doc: Document.Parsed, text: string, file: string, lines: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  yaml().visit(doc, {
    Scalar(_, node) {
      if (!yaml().isScalar(node) || typeof node.value !== "string" || !node.range) return;
      const hit = firstHidden(node.value);
      if (!hit) return;
      if (firstHidden(text.slice(node.range[0], node.range[1]))) return; // typed raw: reported by rawHidden
      const pos = lines.linePos(node.range[0]);
      out.push(diag(file, pos.line, pos.col, `${codePointName(hit.cp)} (written as an escape) in the string at character ${hit.index + 1}`));
    },
  });
  return out;
}

/** A spec file name (as displayed: it goes into every generated file's header) holding a hidden character. */
export function fileNameHidden(file: string): Diagnostic[] {
  const hit = firstHidden(file, NAME_HIDDEN);
  return hit ? [diag(file.replace(NAME_HIDDEN, "?"), 1, 1, `the file name contains ${codePointName(hit.cp)} at character ${hit.index + 1}; rename the file`)] : [];
}

function linePos(text: string, offset: number): { line: number; col: number } {
  let line = 1, start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) { line++; start = i + 1; }
  return { line, col: offset - start + 1 };
}
