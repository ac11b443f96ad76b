// A cheap count of a spec's calls from its text, before the YAML parser runs (issue #13 leftover):
// a 4 MiB spec took ~22 s and 750 MB to parse and compose before load.ts's HC003 check ("at most
// MAX_CALLS calls per spec file") could refuse it. This scan reads lines only, and only the common
// block layout:
//
//   calls:                 groups:
//     - {name: a, ...}       - name: g
//     - name: b                calls:
//       ...                      - {name: c, ...}
//
// It never decides anything it cannot see for certain: on any other top-level shape (flow
// collections, anchors, tags, document markers, an item whose node starts on the next line) it
// answers null and the full parse decides as before. When it answers, it gives what the parsed
// document would: the total and the position of the first call past the limit (the item's node,
// after "- "), so the HC003 it produces is the one tooManyCalls() reports after the parse.

export interface CallCount {
  readonly total: number;
  /** 1-based line and column of call number `limit + 1`, or null when total <= limit. */
  readonly past: { readonly line: number; readonly col: number } | null;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+#.*)?[ \t]*$/; // `key:` opening a block node
const NESTED_KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)/;

/** Counts `calls` and `groups[].calls` items in block layout; null when the layout is anything else. */
export function countCallsFast(text: string, limit: number): CallCount | null {
  let total = 0;
  let past: CallCount["past"] = null;
  // What the lines being read belong to: a top-level `calls` or `groups` sequence (with its item
  // indentation once known), a group's `calls` sequence, or anything else (skipped).
  let top: "calls" | "groups" | "other" | null = null;
  let seqIndent = -1;            // indentation of the `- ` of the current calls sequence
  let groupIndent = -1;          // indentation of the `- ` of groups' items
  let groupKeyIndent = -1;       // indentation of a group item's keys
  let inGroupCalls = false;
  let lineNo = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNo++;
    const raw = text.slice(start, end);
    start = end + 1;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const rest = line.slice(indent);
    if (rest === "" || rest.startsWith("#")) continue;
    if (rest.startsWith("\t")) return null; // tabs in indentation: leave it to the parser
    if (indent === 0) {
      if (rest.startsWith("---") || rest.startsWith("...") || rest.startsWith("%")) return null;
      if (rest.startsWith("- ") || rest === "-") {
        // a block sequence at column 0 under the top-level key (YAML allows `calls:\n- a`)
        if (top === "calls" || top === "groups") return null;
        if (top === "other") continue;
        return null;
      }
      const m = KEY.exec(rest);
      if (m) { top = m[1] === "calls" ? "calls" : m[1] === "groups" ? "groups" : "other"; seqIndent = groupIndent = groupKeyIndent = -1; inGroupCalls = false; continue; }
      // `key: value` on one line: fine unless it is one of ours (a flow sequence of calls)
      const k = NESTED_KEY.exec(rest);
      if (!k) return null;
      if (k[1] === "calls" || k[1] === "groups") return null;
      top = "other";
      continue;
    }
    if (top === null) return null;
    if (top === "other") continue;
    const item = rest === "-" || rest.startsWith("- ");
    if (top === "calls") {
      if (seqIndent < 0) { if (!item) return null; seqIndent = indent; }
      if (indent < seqIndent) return null;
      if (indent === seqIndent) {
        if (!item) return null;
        if (!count(indent, rest)) return null;
      }
      continue;
    }
    // top === "groups"
    if (groupIndent < 0) { if (!item) return null; groupIndent = indent; }
    if (indent < groupIndent) return null;
    if (indent === groupIndent) {
      if (!item) return null;
      inGroupCalls = false;
      const after = rest.slice(1).replace(/^ +/, "");
      groupKeyIndent = indent + (rest.length - after.length);
      const k = NESTED_KEY.exec(after);
      if (!k) return null;
      if (k[1] === "calls") return null; // `- calls:` as a group's first key: rare, leave it to the parser
      continue;
    }
    if (indent === groupKeyIndent && item && inGroupCalls && (seqIndent < 0 || seqIndent === indent)) {
      // `calls:` then `- ...` at the key's own indentation (YAML allows it in a block mapping)
      seqIndent = indent;
      if (!count(indent, rest)) return null;
      continue;
    }
    if (indent === groupKeyIndent) {
      const k = NESTED_KEY.exec(rest);
      if (!k) return null;
      inGroupCalls = k[1] === "calls";
      if (inGroupCalls) { if (!KEY.test(rest)) return null; seqIndent = -1; }
      continue;
    }
    if (indent < groupKeyIndent) return null;
    if (!inGroupCalls) continue;
    if (seqIndent < 0) { if (!item) return null; seqIndent = indent; }
    if (indent < seqIndent) return null;
    if (indent === seqIndent) {
      if (!item) return null;
      if (!count(indent, rest)) return null;
    }
  }
  return { total, past };

  /** One call item: its node starts after `- ` on the same line (else the layout is not ours). */
  function count(indent: number, rest: string): boolean {
    const after = rest.slice(1).replace(/^ +/, "");
    if (after === "" || after.startsWith("#") || /^[&!*|>]/.test(after)) return false;
    total++;
    if (total === limit + 1) past = { line: lineNo, col: indent + (rest.length - after.length) + 1 };
    return true;
  }
}
