// A small, bounded unified diff for `hcgen check` reports: enough to see which lines are stale,
// never the whole of a 2 MB model.json. Common leading and trailing lines are trimmed first, so the
// quadratic line matching only ever runs on the (usually tiny) region that changed.

const CONTEXT = 2;
const MAX_MATCH_CELLS = 4_000_000;

type Op = { readonly t: " " | "-" | "+"; readonly line: string; readonly a: number; readonly b: number };

/** Edit script for a[lo..] vs b[lo..] (LCS), or delete-all-then-insert-all when too large. */
function middleOps(a: readonly string[], b: readonly string[], aOff: number, bOff: number): Op[] {
  const n = a.length, m = b.length;
  const ops: Op[] = [];
  if (n * m > MAX_MATCH_CELLS) {
    a.forEach((line, i) => ops.push({ t: "-", line, a: aOff + i, b: bOff }));
    b.forEach((line, j) => ops.push({ t: "+", line, a: aOff + n, b: bOff + j }));
    return ops;
  }
  // lcs[i][j] = LCS length of a[i..], b[j..], stored flat.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
        : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ t: " ", line: a[i]!, a: aOff + i, b: bOff + j }); i++; j++; }
    // Deletions before insertions, as diff(1) prints them.
    else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) { ops.push({ t: "-", line: a[i]!, a: aOff + i, b: bOff + j }); i++; }
    else { ops.push({ t: "+", line: b[j]!, a: aOff + i, b: bOff + j }); j++; }
  }
  return ops;
}

export interface DiffExcerpt {
  /** Unified-diff lines ("@@ -12,3 +12,4 @@", " ctx", "-old", "+new"), at most `maxLines`. */
  readonly lines: readonly string[];
  /** Changed lines not shown because of the bound. */
  readonly omitted: number;
  /** 1-based line (in `expected`) of the first difference. */
  readonly firstLine: number;
}

/** Diff from `actual` (on disk) to `expected` (what generate would write). */
export function diffExcerpt(actual: string, expected: string, maxLines = 24): DiffExcerpt {
  const a = actual.split("\n"), b = expected.split("\n");
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ctxBefore = Math.max(0, pre - CONTEXT);
  const ops: Op[] = [];
  for (let k = ctxBefore; k < pre; k++) ops.push({ t: " ", line: a[k]!, a: k, b: k });
  ops.push(...middleOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf), pre, pre));
  for (let k = 0; k < Math.min(CONTEXT, suf); k++) {
    const ai = a.length - suf + k, bi = b.length - suf + k;
    ops.push({ t: " ", line: a[ai]!, a: ai, b: bi });
  }
  // Group into hunks: runs of changes with at most 2*CONTEXT unchanged lines between them.
  const hunks: Op[][] = [];
  let cur: Op[] = [];
  let quiet = 0;
  for (const op of ops) {
    if (op.t === " ") {
      quiet++;
      if (quiet > 2 * CONTEXT && cur.some((o) => o.t !== " ")) {
        hunks.push(trimContext(cur)); cur = []; quiet = 1;
      }
    } else quiet = 0;
    cur.push(op);
  }
  if (cur.some((o) => o.t !== " ")) hunks.push(trimContext(cur));

  const lines: string[] = [];
  let omitted = 0;
  for (const h of hunks) {
    const aLen = h.filter((o) => o.t !== "+").length, bLen = h.filter((o) => o.t !== "-").length;
    const head = `@@ -${h[0]!.a + 1},${aLen} +${h[0]!.b + 1},${bLen} @@`;
    for (const l of [head, ...h.map((o) => `${o.t}${o.line.length > 160 ? o.line.slice(0, 157) + "..." : o.line}`)]) {
      if (lines.length < maxLines) lines.push(l);
      else if (!l.startsWith("@@") && !l.startsWith(" ")) omitted++;
    }
  }
  return { lines, omitted, firstLine: pre + 1 };
}

/** Keeps at most CONTEXT unchanged lines before the first and after the last change. */
function trimContext(ops: readonly Op[]): Op[] {
  const first = ops.findIndex((o) => o.t !== " ");
  let last = ops.length - 1;
  while (last > 0 && ops[last]!.t === " ") last--;
  return ops.slice(Math.max(0, first - CONTEXT), Math.min(ops.length, last + CONTEXT + 1));
}
